"""Whitespace in Chinese text: what a copy, a PDF line break or a web page leaves behind."""
from __future__ import annotations

import re
from functools import lru_cache

_SPACE_RUN = re.compile(r"[ \t\u3000\xa0\u2002\u2003\u2009]+")
# A space next to a CJK character or fullwidth punctuation is layout, not text:
# "2022 年 11 月" is 2022年11月. Spaces between two Latin words stay.
_CJK = r"\u2e80-\u9fff\uf900-\ufaff\u3000-\u303f\uff00-\uffef“”‘’《》、，。；："
_CJK_CHAR = re.compile(rf"[{_CJK}]")
# Whole runs, judged by their neighbours in a callback: the former pattern
# (?<=CJK)\s+|\s+(?=CJK) retried \s+ from every position of a long run not followed by
# CJK, quadratic in the run (20,000 U+2000 spaces took seconds).
_WHITESPACE_RUN = re.compile(r"\s+")


# The end of a sentence or clause: a text that does not end so was cut (a line break, a
# page break) and goes on in the next piece.
SENTENCE_END = re.compile(r"[。；;！!？?]\s*$")


def collapse_whitespace(text: str) -> str:
    """Runs of spaces (including fullwidth and no-break) become one space; ends trimmed."""
    lines = [_SPACE_RUN.sub(" ", line).strip() for line in text.split("\n")]
    return "\n".join(line for line in lines if line)


def remove_cjk_spaces(text: str) -> str:
    """Collapse whitespace and drop it wherever it touches Chinese text."""
    text = collapse_whitespace(text).replace("\n", " ")

    def keep_unless_near_cjk(m: re.Match) -> str:
        before = text[m.start() - 1] if m.start() else ""
        after = text[m.end()] if m.end() < len(text) else ""
        return "" if _CJK_CHAR.match(before) or _CJK_CHAR.match(after) else m.group()

    return _WHITESPACE_RUN.sub(keep_unless_near_cjk, text)


def squeeze(text: str) -> str:
    """All whitespace removed: for comparing labels like 索 引 号 with 索引号."""
    return re.sub(r"\s+", "", text)


@lru_cache(maxsize=1)
def _t2s():
    from opencc import OpenCC

    return OpenCC("t2s")


_FOLD: dict[int, str] = {}  # code point -> simplified character, filled as characters are met


def fold(text: str) -> str:
    """Traditional characters folded to simplified, one for one, for matching only: a notice
    served in traditional characters (牽頭, 責任單位) reads with the same grammars. The
    caller keeps the original text and uses the same offsets in it. Character by character
    (a phrase rule could change the length), each character looked up once."""
    if text.isascii():
        return text
    for ch in set(text):
        if ord(ch) not in _FOLD:
            folded = _t2s().convert(ch) if ord(ch) > 0x2E7F else ch  # only CJK has a simplified form
            _FOLD[ord(ch)] = folded if len(folded) == 1 else ch
    return text.translate(_FOLD)
