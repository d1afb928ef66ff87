"""Property tests: whatever text arrives, the structure stage and the grammars either give
records or raise the project's own InputError, never anything else."""
from __future__ import annotations

import pytest

hypothesis = pytest.importorskip("hypothesis")
from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from gongkai_parse import InputError, parse_bytes  # noqa: E402
from gongkai_parse.fragments.deadlines import dates_in_measure, find_dates, resolve_deadline  # noqa: E402
from gongkai_parse.fragments.units import looks_like_units, read_units  # noqa: E402
from gongkai_parse.structure.inline import split_assignments  # noqa: E402
from gongkai_parse.fragments.headers import map_header  # noqa: E402
from gongkai_parse.fragments.numbering import split_items  # noqa: E402

# Characters notices are made of: CJK, digits, the punctuation and enumerators they use.
NOTICE_CHARS = st.sampled_from(list("一二三四五六七八九十年月日底前牵头配合负责局办委科室中心政府单位各市县区、，。；：（）()《》〔〕1234567890.-— \t\n|<>pb/&;"))
notice_text = st.text(NOTICE_CHARS, max_size=300)
cell = st.text(NOTICE_CHARS.filter(lambda c: c not in "\t\n"), max_size=40)
HEADERS = ["工作任务", "具体措施", "责任单位", "完成时限", "序号", "工作要求", "牵头单位", "配合单位", "主要内容"]
SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def parses_or_input_error(data: bytes, name: str) -> None:
    try:
        doc = parse_bytes(data, name)
    except InputError:
        return
    if not doc.tasks:  # a plan table whose rows gave no measure: written empty, and said so
        assert doc.warnings and doc.warnings[0].startswith("no records: the plan table"), doc.warnings
        return
    assert all(r.measure for r in doc.tasks)


@SETTINGS
@given(st.text(max_size=400))
def test_any_text(text):
    parses_or_input_error(text.encode("utf-8", "surrogatepass"), "any.txt")


@SETTINGS
@given(notice_text)
def test_notice_like_text(text):
    parses_or_input_error(text.encode("utf-8"), "notice.txt")


@SETTINGS
@given(st.lists(st.sampled_from(HEADERS), min_size=2, max_size=6, unique=True),
       st.lists(st.lists(cell, min_size=1, max_size=7), max_size=12), st.sampled_from(["\t", " | "]))
def test_table_like_text(header, rows, sep):
    text = sep.join(header) + "\n" + "\n".join(sep.join(r) for r in rows)
    parses_or_input_error(text.encode("utf-8"), "table.txt")


@SETTINGS
@given(st.binary(max_size=300))
def test_any_bytes_as_every_format(data):
    for name in ("x.txt", "x.html", "x.docx", "x.pdf"):
        parses_or_input_error(data, name)


@SETTINGS
@given(notice_text, st.one_of(st.none(), st.integers(1990, 2100)))
def test_grammars_never_raise(text, year):
    read_units(text)
    looks_like_units(text)
    split_assignments(text)
    resolve_deadline(text, year)
    find_dates(text, year)
    dates_in_measure(text, year)
    split_items(text)
    map_header(text.split("\t"))
