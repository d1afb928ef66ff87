"""grammars/numbering.toml: how an item's number is told at the start of a line."""
from __future__ import annotations

import pytest

from gongkai_parse.fragments import numbering

CASES = [
    ("一、加强组织领导", "cn", "一", 1),  # the 、 is punctuation, as the . of 12.
    ("（三）推进公开", "paren_cn", "（三）", 3),
    ("12.开展检查", "arabic", "12", 12),
    ("（2）完善制度", "paren_arabic", "（2）", 2),
    ("③做好培训", "circled", "③", 3),
    # points written one per line: 一是 … 二是 …
    ("一是制定责任清单。", "cn_shi", "一是", 1),
    ("十二是，做好总结。", "cn_shi", "十二是", 12),
    # articles of a list of duties
    ("第一条　新建城区第三小学。", "article", "第一条", 1),
    ("第 十二 条 落实资助政策。", "article", "第十二条", 12),
]


@pytest.mark.parametrize("text,style,no,n", CASES, ids=[c[0] for c in CASES])
def test_leading_enumerator(text, style, no, n):
    e = numbering.leading(text)
    assert (e.style, e.no, e.n) == (style, no, n)


def test_point_text_starts_after_its_number():
    text = "二是，开展安全生产巡查。"
    e = numbering.leading(text)
    assert text[e.end:] == "开展安全生产巡查。"


@pytest.mark.parametrize("text", ["一是否公开到位，由县政府办核查。", "第一季度完成排查", "第一批试点单位", "一年来工作成效明显"])
def test_not_an_enumerator(text):
    assert numbering.leading(text) is None
