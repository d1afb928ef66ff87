"""Enumerators of sections (一、), tasks (（一）) and measures (1.), from grammars/numbering.toml."""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from .. import grammars

LEVELS = ("section", "task", "measure", "measure_alt")
_CN_DIGITS = {"零": 0, "〇": 0, "○": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"


def cn_to_int(numeral: str) -> int:
    """一 -> 1, 十二 -> 12, 二十三 -> 23, 一百零五 -> 105; digits pass through."""
    if numeral.isdigit():
        return int(numeral)
    total, current = 0, 0
    for ch in numeral:
        if ch in _CN_DIGITS:
            current = _CN_DIGITS[ch]
        elif ch == "十":
            total += (current or 1) * 10
            current = 0
        elif ch == "百":
            total += (current or 1) * 100
            current = 0
    return total + current


def cn_digits(text: str) -> str:
    """二〇二二 -> 2022: Chinese numerals read digit by digit (years)."""
    return "".join(str(_CN_DIGITS[c]) if c in _CN_DIGITS else c for c in text)


def int_to_cn(n: int) -> str:
    """1 -> 一, 12 -> 十二, 23 -> 二十三 (Word's chineseCounting list numbers)."""
    digits = "零一二三四五六七八九"
    if n < 10:
        return digits[n]
    if n < 100:
        tens, ones = divmod(n, 10)
        return ("" if tens == 1 else digits[tens]) + "十" + (digits[ones] if ones else "")
    return str(n)


@dataclass(frozen=True)
class Enumerator:
    level: str  # section | task | measure
    no: str  # as written: （一）, 14
    n: int  # its value, to check items follow in order
    start: int  # offset of the enumerator in the text
    end: int  # offset where the item's own text begins


@lru_cache(maxsize=None)
def _pattern(level: str, anchored: bool) -> re.Pattern:
    rules = grammars.load("numbering")
    body = rules[level]
    if anchored:
        return re.compile(body)
    return re.compile(rules["boundary"] + body.lstrip("^").replace(r"\s*", "", 1) if body.startswith(r"^\s*") else body)


def _enumerator(level: str, m: re.Match) -> Enumerator:
    kind = "measure" if level == "measure_alt" else level
    if m.groupdict().get("circled"):
        no, n = m.group("circled"), _CIRCLED.index(m.group("circled")) + 1
    else:
        n = cn_to_int(m.group("n"))
        no = str(n) if kind == "measure" else re.sub(r"\s+", "", m.group("no"))
    return Enumerator(kind, no, n, m.start("no"), m.end())


def _styles(level: str) -> tuple[str, ...]:
    return ("measure", "measure_alt") if level == "measure" else (level,)


def inline(text: str, level: str, pos: int = 0):
    """Every enumerator of `level` standing where an item may begin inside text (the start,
    after whitespace or a sentence end), in order of style, then position."""
    for lv in _styles(level):
        for m in _pattern(lv, False).finditer(text, pos):
            yield _enumerator(lv, m)


def leading(text: str, level: str) -> Enumerator | None:
    """The enumerator of `level` that opens text, if any (measure covers 1. and （1）/①)."""
    for lv in _styles(level):
        m = _pattern(lv, True).match(text)
        if m:
            return _enumerator(lv, m)
    return None


def leading_any(text: str) -> Enumerator | None:
    for level in ("section", "task", "measure"):
        e = leading(text, level)
        if e:
            return e
    return None


def strip_leading(text: str, level: str) -> tuple[str | None, str]:
    """(number as written, the text after it) for an item of `level`."""
    e = leading(text, level)
    if e is None:
        return None, text.strip()
    return e.no, text[e.end:].strip()


def split_items(text: str, level: str) -> list[tuple[Enumerator | None, str]]:
    """Split text where consecutive items of `level` begin (14.… 15.… 16.…).

    Only numbers that follow in order (n, n+1, …) split, and only at the start, after
    whitespace or after the end of a sentence, so 3.5 or a cited 1. inside a sentence
    stay. Text with no opening enumerator is returned whole.
    """
    for lv in _styles(level):
        first = _pattern(lv, True).match(text)
        if not first:
            continue
        marks = [_enumerator(lv, first)]
        for e in inline(text, lv, first.end()):
            if e.n == marks[-1].n + 1:
                marks.append(e)
        items = []
        for i, e in enumerate(marks):
            stop = marks[i + 1].start if i + 1 < len(marks) else len(text)
            items.append((e, text[e.end:stop].strip()))
        return items
    return [(None, text.strip())]
