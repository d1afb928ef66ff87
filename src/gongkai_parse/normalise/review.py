"""Review flags: which records a person must check, and what the notice holds that became no
record. Each reason is one a reader would accept on seeing the record; none is about one
notice. The structure and units stages add theirs (numbering out of order, a cell joined
across a page break, units text not read); these look at the finished records.
"""
from __future__ import annotations

import re
from collections import Counter
from functools import lru_cache

from .. import grammars
from ..cjk_text import fold, squeeze
from ..fragments.titles import ends_like_title
from ..fragments.units import read_units
from ..model import Record

_SENTENCE = re.compile(r"[。；;！!？?，,：:]")
# 整改未落实的点位。365bet…: a short sentence with no predicate opening a long text
_OPENING_TITLE = re.compile(r"^(?P<title>[^。，,；;：:、]{2,12})。(?P<rest>.{10,})")
_GROUPS = re.compile(r"\s+|。")


@lru_cache(maxsize=None)
def _header_run() -> re.Pattern:
    exact = grammars.load("headers")["exact"]
    words = grammars.alternation([w for ws in exact.values() for w in ws if len(w) >= 2])
    anchors = grammars.alternation([w for role in ("seq", "units", "lead", "deadline") for w in exact[role] if len(w) >= 2])
    return re.compile(f"(?:{words}){{2,}}(?:{anchors})|(?:{anchors})(?:{words}){{2,}}")


def _header_words_inside(measure: str) -> bool:
    """序号工作内容目标任务责任单位 inside a measure: a run of column headers, one of them a
    序号, units or deadline header: a table whose cell breaks were lost."""
    return bool(_header_run().search(squeeze(fold(measure))))


def _looks_like_heading(measure: str) -> bool:
    """A short text with no sentence in it (no 。 at its end either), a label (字号:), or a
    title (…任务分解表)."""
    text = measure.strip()
    if text.endswith("。") and not ends_like_title().search(text.rstrip("。")):
        return False
    text = text.rstrip("。:：")
    return (len(text) <= 30 and not _SENTENCE.search(text)) or (len(text) <= 80 and bool(ends_like_title().search(text)))


def _grouped_without_roles(record: Record) -> bool:
    """区发改委 区住建委、区财政局: names in groups (a space or 。 between groups, 、 inside
    one) with no role word or label: the labels that told the groups apart may be lost."""
    raw = record.units_raw or ""
    if not raw or any(u.role != "responsible" for u in record.units):
        return False
    groups = [g for g in _GROUPS.split(raw.strip(" 。")) if g.strip("，,、；; ")]
    return len(groups) >= 2 and any(re.search(r"[、，,]", g) for g in groups)


def _opens_with_units(measure: str) -> bool:
    """住建局、市城管委、市委社治委、市发改委,…: four or more units, most with their level, open
    the measure: the units of the row before ran into it."""
    opening = re.split(r"[，,。；;：:]", measure, maxsplit=1)[0]
    if opening.count("、") < 3 or len(opening) > 120:
        return False
    reading = read_units(opening)
    with_level = sum(1 for u in reading.units if u.canonical != u.name or re.match(r"[省市县区镇乡]", u.name))
    return opening.count("、") >= 3 and reading.is_units and with_level * 2 >= len(reading.units)


def review_records(records: list[Record]) -> list[str]:
    """Add each record's reasons for review; return the document's warnings."""
    warnings: list[str] = []
    with_units = sum(1 for r in records if r.units)
    measures = Counter(squeeze(r.measure) for r in records)
    for r in records:
        reasons = r.review
        if _header_words_inside(r.measure):
            reasons.append("column headers inside the measure: a table whose cells ran together")
        if not r.units and _looks_like_heading(r.measure):
            reasons.append("the measure reads like a heading or a title")
        if (m := _OPENING_TITLE.match(r.measure)) and not read_units(m.group("title")).is_units \
                and _looks_like_heading(m.group("title")):
            reasons.append(f"the measure may begin with a heading: {m.group('title')}")
        if _opens_with_units(r.measure):
            reasons.append("the measure begins with a list of units")
        if not r.units and with_units * 2 > len(records):
            reasons.append("no units found where most measures have them")
        if measures[squeeze(r.measure)] > 1:
            reasons.append("the same measure text in several records")
        if _grouped_without_roles(r):
            reasons.append("units written in groups with no roles: a 牵头/配合 label may be lost")
        for u in r.units:
            if not re.search(r"[\u4e00-\u9fff]{2}", u.name):
                reasons.append(f"unit name incomplete: {u.name}")
        r.review = list(dict.fromkeys(reasons))
    if any("table whose cells ran together" in x for r in records for x in r.review):
        warnings.append("the plan may be a table whose cells ran together; records may be missing")
    flagged = sum(1 for r in records if r.review)
    if records and flagged * 2 > len(records):
        warnings.append(f"{flagged} of {len(records)} records need review: the layout may not have been "
                        "read right, and records may be missing")
    return warnings
