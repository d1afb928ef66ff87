"""Units written in brackets beside a measure, where the plan has no units column.

    做好决策公开（责任单位：市司法局；完成时限：2022年底前）   -> units and deadline
    …开业运营。（区商务局主办，相关街道协办）                  -> units with their roles
    …按时办结。（法规科、执法大队）                          -> a bare list: responsible
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from .. import grammars
from ..cjk_text import fold
from ..fragments.deadlines import looks_like_deadline, resolve_deadline
from ..fragments.units import read_units, units_label


@dataclass(frozen=True)
class Assignment:
    """A measure with the units (and deadline) written in brackets at its end."""

    measure: str
    units_raw: str | None
    deadline_raw: str | None


# One level of nested brackets inside: （各县(区)人民政府负责）
_BRACKETED = re.compile(r"[（(\[【]((?:[^（()）\[\]【】]|[（(][^（()）]*[)）])+)[)）\]】]")


@lru_cache(maxsize=None)
def deadline_label() -> re.Pattern:
    g = grammars.load("units")["inline"]
    return re.compile(f"^(?:{grammars.alternation(g['deadline_labels'])})\\s*[:：]\\s*")


_LAST_CLAUSE = re.compile(r"[，,；;]\s*([^，,；;。]+?)\s*。?\s*$")


@lru_cache(maxsize=None)
def _deadline_clause() -> re.Pattern:
    labels = grammars.alternation(grammars.load("units")["inline"]["deadline_labels"])
    # a space also parts clauses: 责任科室：防汛科　完成时限：4月底前
    return re.compile(f"(?:^|[，,；;。]|(?<=\\s))\\s*(?:{labels})\\s*[:：]\\s*")


def _names_units(clause: str) -> bool:
    """Whether a clause names units with a role (各乡镇常态化落实, 各成员单位持续配合), not a
    deadline phrase that merely ends like a unit name (按省统一部署: 署)."""
    reading = read_units(clause)
    return reading.is_units and all(u.name != clause.strip() for u in reading.units)


def split_deadline(text: str) -> tuple[str | None, str | None]:
    """(units text, deadline) of an assignment: a deadline label opens the text or a clause
    of it (责任单位：县司法局，完成时限：2024年6月底前 -> 责任单位：县司法局, 2024年6月底前)."""
    m = _deadline_clause().search(fold(text))
    if m is None:
        # 市财政局牵头，市直各部门配合，2024年底前完成 (or 长期坚持): a last clause that is a
        # date, or a deadline phrase naming no unit
        last = _LAST_CLAUSE.search(text)
        if last and looks_like_deadline(last.group(1)) and (
                resolve_deadline(last.group(1), 2000).kind == "by_date" or not _names_units(last.group(1))):
            return text[: last.start()].strip() or None, last.group(1)
        return text.strip() or None, None
    units = text[: m.start()].strip(" \u3000，,；;。") or None
    return units, text[m.end():].strip(" 。；;，,") or None


def read_assignment(content: str, bare: bool = True) -> tuple[str | None, str | None] | None:
    """(units_raw, deadline_raw) when bracketed text assigns units, else None. bare: a list
    of names with no label or role word counts (（法规科、执法大队） after a measure), which
    it does not inside a sentence (在村（社区）公开栏上墙)."""
    units_text, deadline = split_deadline(content)
    units_parts = [p.strip() for p in re.split(r"[；;]", units_text or "") if p.strip()]
    if units_parts:
        reading = read_units("；".join(units_parts))
        roles = any(u.role != "responsible" for u in reading.units)
        if not (reading.labelled or (reading.is_units and (bare or roles))):
            return None
    if not units_parts and deadline is None:
        return None
    # 责任单位：X alone is the generic label: units_raw is X. Beside a 牵头单位：label the
    # labels carry the roles and stay.
    if len(units_parts) == 1 and (label := units_label(units_parts[0])) and label[0] == "responsible":
        units_parts = [units_parts[0][label[1]:]]
    return ("；".join(units_parts) or None), deadline


def split_assignments(text: str) -> list[Assignment]:
    """Cut text after each bracketed assignment of units: several unnumbered measures of a
    prose paragraph each end with their own. Text with none comes back whole, unassigned."""
    pieces: list[Assignment] = []
    pos = 0
    for m in _BRACKETED.finditer(text):
        # a bare list of names is units after a sentence, at the end of the text
        after_sentence = text[: m.start()].rstrip()[-1:] in "。；;.!！?？" or m.start() == 0
        at_end = not text[m.end():].strip(" 。；;")
        found = read_assignment(m.group(1), bare=after_sentence and at_end)
        if found is None:
            continue
        measure = text[pos:m.start()].strip()
        if measure:
            pieces.append(Assignment(measure, *found))
        pos = m.end()
        while pos < len(text) and text[pos] in "。；; ":
            pos += 1
    rest = text[pos:].strip()
    if rest or not pieces:
        pieces.append(Assignment(rest, None, None))
    return pieces
