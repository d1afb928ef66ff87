"""Whitespace in Chinese text: what a copy, a PDF line break or a web page leaves behind."""
from __future__ import annotations

import re

_SPACE_RUN = re.compile(r"[ \t\u3000\xa0\u2002\u2003\u2009]+")
# A space next to a CJK character or fullwidth punctuation is layout, not text:
# "2022 年 11 月" is 2022年11月. Spaces between two Latin words stay.
_CJK = r"\u2e80-\u9fff\uf900-\ufaff\u3000-\u303f\uff00-\uffef“”‘’《》、，。；："
_SPACE_NEAR_CJK = re.compile(rf"(?<=[{_CJK}])\s+|\s+(?=[{_CJK}])")


def collapse_whitespace(text: str) -> str:
    """Runs of spaces (including fullwidth and no-break) become one space; ends trimmed."""
    lines = [_SPACE_RUN.sub(" ", line).strip() for line in text.split("\n")]
    return "\n".join(line for line in lines if line)


def remove_cjk_spaces(text: str) -> str:
    """Collapse whitespace and drop it wherever it touches Chinese text."""
    return _SPACE_NEAR_CJK.sub("", collapse_whitespace(text).replace("\n", " "))


def squeeze(text: str) -> str:
    """All whitespace removed: for comparing labels like 索 引 号 with 索引号."""
    return re.sub(r"\s+", "", text)
