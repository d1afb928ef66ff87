"""Item numbering (一、 （一） 1. （1） ① 一是 第一条 ●) as styles, from grammars/numbering.toml.

A style says how an item is numbered, not how deep it is: the outline nests styles in the
order a notice uses them.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from .. import grammars

_CN_DIGITS = {"零": 0, "〇": 0, "○": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"
_PAREN_DIGITS = "⑴⑵⑶⑷⑸⑹⑺⑻⑼⑽⑾⑿⒀⒁⒂⒃⒄⒅⒆⒇"


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
    style: str  # cn | paren_cn | arabic | paren_arabic | circled | cn_shi | article | bullet
    no: str  # as written: （一）, 14, ①
    n: int  # its value, to see whether items follow in order (0 for a bullet)
    start: int  # offset of the enumerator in the text
    end: int  # offset where the item's own text begins

    @property
    def kind(self) -> str:
        """The level this style usually marks: section, task or measure."""
        return _styles()[self.style][1]


@lru_cache(maxsize=None)
def _styles() -> dict[str, tuple[re.Pattern, str]]:
    g = grammars.load("numbering")
    return {name: (re.compile(s["pattern"]), s["kind"]) for name, s in g["styles"].items()}


@lru_cache(maxsize=None)
def _inline_pattern(style: str) -> re.Pattern:
    body = grammars.load("numbering")["styles"][style]["pattern"]
    boundary = grammars.load("numbering")["inline"]["boundary"]
    return re.compile(boundary + body.lstrip("^").replace(r"\s*", "", 1))


def _enumerator(style: str, m: re.Match) -> Enumerator:
    groups = m.groupdict()
    if groups.get("circled"):
        no, n = groups["circled"], _CIRCLED.index(groups["circled"]) + 1
    elif groups.get("pchar"):
        no, n = groups["pchar"], _PAREN_DIGITS.index(groups["pchar"]) + 1
    elif groups.get("bullet"):
        no, n = groups["bullet"], 0
    else:
        n = cn_to_int(groups["n"])
        # the separator after a bare numeral is punctuation, not the number: 1. -> 1, 一、 -> 一
        no = str(n) if style == "arabic" else re.sub(r"\s+", "", groups["n" if style == "cn" else "no"])
    return Enumerator(style, no, n, m.start("no"), m.end())


def leading(text: str, styles: tuple[str, ...] | None = None) -> Enumerator | None:
    """The enumerator that opens text, if any (of the given styles, else of any)."""
    for style, (pattern, _) in _styles().items():
        if styles is not None and style not in styles:
            continue
        m = pattern.match(text)
        if m:
            return _enumerator(style, m)
    return None


def inline(text: str, style: str, pos: int = 0):
    """Every enumerator of a style standing where an item may begin inside text (the start,
    after whitespace or a sentence end), in order of position."""
    for m in _inline_pattern(style).finditer(text, pos):
        yield _enumerator(style, m)


def split_items(text: str) -> list[tuple[Enumerator | None, str]]:
    """Split a cell where consecutive measures begin (14.… 15.… 16.…).

    Only numbers that follow in order (n, n+1, …) split, and only at the start, after
    whitespace or after the end of a sentence, so 3.5 or a cited 1. inside a sentence
    stay. Text with no opening enumerator is returned whole.
    """
    first = leading(text, tuple(grammars.load("numbering")["order"]["measure"]))
    if first is None:
        return [(None, text.strip())]
    marks = [first]
    for e in inline(text, first.style, first.end):
        if e.n == marks[-1].n + 1:
            marks.append(e)
    items = []
    for i, e in enumerate(marks):
        stop = marks[i + 1].start if i + 1 < len(marks) else len(text)
        items.append((e, text[e.end:stop].strip()))
    return items
