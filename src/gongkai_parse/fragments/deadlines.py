"""Deadline cells -> the last day still on time and a kind, driven by grammars/deadlines.toml.

    2022年底前 -> 2022-12-31 by_date        2022年9月前 -> 2022-08-31 (before September)
    长期坚持 -> ongoing   每季度 -> recurring   按各自文件规定的时间节点完成 -> as_required
"""
from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass, field
from functools import lru_cache

from .. import grammars
from ..cjk_text import fold


@dataclass(frozen=True)
class Deadline:
    date: dt.date | None = None
    kind: str | None = None  # by_date | ongoing | recurring | as_required
    dates: tuple[dt.date, ...] = field(default=())  # every date in the cell, in order


@dataclass(frozen=True)
class _DateRule:
    name: str
    pattern: re.Pattern
    resolve: str


@lru_cache(maxsize=None)
def _rules():
    g = grammars.load("deadlines")
    patterns = g.get("patterns", {})
    words = {kind: re.compile("|".join([grammars.alternation(ws)] + [f"(?:{p})" for p in patterns.get(kind, [])]))
             for kind, ws in g["words"].items()}
    dates = [_DateRule(r["name"], re.compile(r["pattern"]), r["resolve"]) for r in g["date"]]
    return words, dates, g["numerals"]["digits"]


_CN_NUMERAL_RUN = re.compile(r"[〇○零一二两三四五六七八九十]+(?=\s*[年月日号季])")


def _digits(text: str) -> str:
    """二〇二二年十二月底 -> 2022年12月底 (years digit by digit, months and days by value)."""
    _, _, digits = _rules()

    def convert(m: re.Match) -> str:
        run = m.group(0)
        following = text[m.end():m.end() + 2].lstrip()[:1]
        if following == "季":  # 三季度: a quarter, left for the quarter rule
            return run
        if "十" not in run and len(run) >= 2:  # 二〇二二: digit by digit
            return "".join(str(digits[c]) for c in run if c in digits)
        if "十" in run:
            tens, _, ones = run.partition("十")
            return str((digits.get(tens, 1) if tens else 1) * 10 + (digits.get(ones, 0) if ones else 0))
        return str(digits.get(run, run))

    return _CN_NUMERAL_RUN.sub(convert, text)


_QUARTER = {"1": 1, "2": 2, "3": 3, "4": 4, "一": 1, "二": 2, "三": 3, "四": 4}


def _month_end(year: int, month: int) -> dt.date:
    return dt.date(year, month, calendar.monthrange(year, month)[1])


def _resolve(rule: _DateRule, m: re.Match, year: int) -> dt.date | None:
    g = m.groupdict()
    try:
        if rule.resolve == "day":
            return dt.date(year, int(g["m"]), int(g["d"]))
        if rule.resolve == "ten_days":
            return dt.date(year, int(g["m"]), 10 if g["t"] == "上" else 20)
        if rule.resolve == "month_end":
            return _month_end(year, int(g["m"]))
        if rule.resolve == "before_month":
            month = int(g["m"])
            return dt.date(year - 1, 12, 31) if month == 1 else _month_end(year, month - 1)
        if rule.resolve == "quarter_end":
            return _month_end(year, _QUARTER[g["q"]] * 3)
        if rule.resolve == "half_end":
            return dt.date(year, 6, 30) if g["h"] == "上" else dt.date(year, 12, 31)
        if rule.resolve == "year_end":
            return dt.date(year, 12, 31)
    except (ValueError, KeyError):
        return None  # 2022年13月: not a date
    raise ValueError(f"unknown resolve '{rule.resolve}' in grammars/deadlines.toml")


def _scan(text: str, plan_year: int | None):
    """(date, match) for every date written in text, in order; a missing year is the last
    year written before it in the text, else the plan's year."""
    _, rules, _ = _rules()
    year = plan_year
    pos = 0
    # Each rule's next match start at or after pos (len(text): none), found by the regex
    # engine's own scan: positions where no rule matches are skipped, not tried rule by rule.
    upcoming = [-1] * len(rules)
    while pos < len(text):
        for k, rule in enumerate(rules):
            if upcoming[k] < pos:
                m = rule.pattern.search(text, pos)
                upcoming[k] = m.start() if m else len(text)
        pos = min(upcoming, default=len(text))
        if pos >= len(text):
            break
        best = None
        for rule in rules:
            m = rule.pattern.match(text, pos)
            if m and m.end() > pos and (best is None or m.end() > best[1].end()):
                best = (rule, m)
        if best is None:
            pos += 1
            continue
        rule, m = best
        if m.groupdict().get("y"):
            year = int(m.group("y"))
        if year is not None:
            date = _resolve(rule, m, year)
            if date is not None:
                yield date, m
        pos = m.end()


def find_dates(text: str, plan_year: int | None) -> list[dt.date]:
    """Every date written in text, in order."""
    return [date for date, _ in _scan(_digits(text), plan_year)]


_DEADLINE_MARK = re.compile(r"[前底末]")
_YEARLY_DUTY = re.compile(r"每[年季月周]")


def dates_in_measure(text: str, plan_year: int | None) -> list[dt.date]:
    """Dates a measure sets itself (2022年11月底前建成…): only dates marked as a deadline
    (前, 底, 末), and not yearly duties (每年的1月31日前)."""
    text = _digits(text)
    found = []
    for date, m in _scan(text, plan_year):
        marked = _DEADLINE_MARK.search(m.group(0)) or _DEADLINE_MARK.match(text, m.end())
        if marked and not _YEARLY_DUTY.search(text, max(0, m.start() - 4), m.start()):
            found.append(date)
    return found


_COMPLETION = re.compile(r"整改|完成|办结|落实|报送|销号|上报")


def shared_deadline(text: str) -> str | None:
    """The deadline a closing paragraph sets for every item above it (上述问题务必于4月19日前
    整改完毕 -> 4月19日前), or None: a date marked 前/底 in a sentence that asks for
    completion. Offsets are kept, so the phrase is cut from the text as written."""
    key = _digits(fold(text))
    if len(key) != len(text) or not _COMPLETION.search(key):
        return None
    for _, m in _scan(key, 2000):
        end = m.end() + (1 if _DEADLINE_MARK.match(key, m.end()) else 0)
        if _DEADLINE_MARK.search(key[m.start():end]):
            return text[m.start():end]
    return None


def resolve_deadline(cell: str | None, plan_year: int | None) -> Deadline:
    """The deadline a cell states: the last date wins; kinds per grammars/deadlines.toml."""
    if not cell or not cell.strip():
        return Deadline()
    cell = fold(cell)
    words, _, _ = _rules()
    if words["recurring"].search(cell):
        return Deadline(None, "recurring")
    dates = find_dates(cell, plan_year)
    if dates:
        return Deadline(dates[-1], "by_date", tuple(dates))
    if plan_year is None and find_dates(cell, 2000):
        return Deadline(None, "by_date")  # 4月19日前 with no year anywhere: a date, unknown
    for kind in ("ongoing", "as_required"):
        if words[kind].search(cell):
            return Deadline(None, kind)
    return Deadline()


def looks_like_deadline(text: str, plan_year: int | None = None) -> bool:
    """Whether a short line is a deadline cell (in a table flattened one cell per line).

    A sentence (。, or several clauses) is a measure even when it says 及时 or 持续."""
    if len(text) > 30 or "。" in text.rstrip("。") or len(re.findall(r"[，,]", text)) > 1:
        return False
    if text.endswith("。") and len(text) > 12:
        return False
    found = resolve_deadline(text, plan_year or 2000)
    if found.kind in ("ongoing", "recurring"):
        # a word (及时, 常态化, 每月) makes a deadline of a cell that is little else:
        # 是否及时公开…, 开展河湖“清四乱”常态化规范化 are measures
        words, _, _ = _rules()
        said = sum(len(m.group(0)) for m in words[found.kind].finditer(fold(text)))
        return len(text) - said <= 6
    return found.kind is not None and (found.kind == "by_date" or len(text) <= 16)
