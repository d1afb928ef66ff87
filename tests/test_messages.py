"""Review reasons and warnings in Chinese (the --lang zh ledgers)."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from gongkai_parse.messages import in_chinese, localised, templates

SOURCE = Path(__file__).resolve().parents[1] / "src" / "gongkai_parse"


@pytest.mark.parametrize("english, chinese", [
    ("deadline not understood: 视情况而定", "完成时限未能识别：视情况而定"),
    ("numbering out of order: （三） after （五）", "编号顺序异常：（三） 在 （五） 之后"),
    ("unit name incomplete: 市发展", "单位名称不完整：市发展"),
    ("12 of 20 records need review: the layout may not have been read right, and records may be missing",
     "20 条记录中有 12 条需核对：版式可能未读对，也可能漏了记录"),
    ("no records: the plan table (序号、具体措施、责任单位) gave no measures", "无记录：任务表（序号、具体措施、责任单位）中没有读出措施"),
    ("the same measure text in several records", "多条记录的具体措施相同"),
    ("OCR read this text with low confidence: “江府办函〔2022]7号” (unsure of “]”)、“法规科”",
     "OCR 识别这段文字把握不大：“江府办函〔2022]7号”（存疑的字：“]”）、“法规科”"),
    ("OCR read this text with low confidence: “润城中心” (unsure of “城”、“中”)",
     "OCR 识别这段文字把握不大：“润城中心”（存疑的字：“城”、“中”）"),
])
def test_reasons_and_warnings_read_in_chinese_with_their_details_kept(english, chinese):
    assert in_chinese(english) == chinese
    assert localised(english, "zh") == chinese and localised(english, "en") == english


def test_a_text_no_entry_knows_stays_as_it_is():
    assert in_chinese("a reader's note added later") == "a reader's note added later"
    # a known reason with something after it is not another reason cut short
    assert in_chinese("the same measure text in several records, and more") == "the same measure text in several records, and more"


def _written_by_the_parser() -> list[str]:
    """The reasons and warnings the code writes: string literals appended to a record's review,
    a reasons/doubts list or a warnings list, f-string fields as {…}."""
    found = []
    call = re.compile(r"(?:review|reasons|doubts|warnings)\s*(?:\.append\(|\.insert\(0,\s*|\+=\s*\[)\s*f?\"([^\"]+)\"")
    for path in SOURCE.rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        found += [(path.name, m.group(1)) for m in call.finditer(text)]
    return found


def test_every_reason_and_warning_the_parser_writes_has_its_chinese():
    written = _written_by_the_parser()
    assert len(written) >= 15  # the search finds them (it would pass vacuously on none)
    for name, literal in written:
        # the literal's longest fixed piece (between its fields) is part of some entry's English
        longest = max(re.split(r"\{[^}]*\}", literal), key=len).strip()
        assert len(longest) >= 8 and any(longest in t for t in templates()), \
            f"{name}: {literal!r} has no Chinese in messages.py"
