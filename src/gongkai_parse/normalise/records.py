"""Raw records from the structure stage -> contract records: numbering split off,
units and deadlines read through the grammars."""
from __future__ import annotations

from functools import lru_cache

from ..cjk_text import collapse_whitespace, remove_cjk_spaces
from ..model import Record, Unit
from ..structure import RawRecord
from ..fragments.deadlines import dates_in_measure, resolve_deadline
from ..fragments.units import read_units


@lru_cache(maxsize=4096)
def _unit(name: str, role: str, canonical: str) -> Unit:
    return Unit(name=name, role=role, canonical=canonical)  # frozen, so one instance serves every record


def _units(raw: RawRecord) -> tuple[str | None, list[Unit], list[str]]:
    """The units of a record's cells, and why they may be wrong. A 牵头单位 / 配合单位 column
    gives the role where the cell writes no role words of its own."""
    units: list[Unit] = []
    doubts: list[str] = []
    # the lead first, as a row reads: 牵头单位, then 责任单位, then 配合单位
    for cell, column in ((raw.lead, "lead"), (raw.units, None), (raw.cooperate, "cooperate")):
        reading = read_units(cell, column)
        units += [_unit(u.name, u.role, u.canonical) for u in reading.units]
        doubts += [f"units text not read: {x}" for x in reading.leftovers]
        unknown = [u.name for u in reading.units if not u.headed]
        if unknown and not reading.mostly_units:
            doubts.append(f"not a known kind of unit: {'、'.join(unknown)}")
    written = [collapse_whitespace(x).replace("\n", " ") for x in (raw.lead, raw.units, raw.cooperate) if x]
    return ("；".join(written) or None), units, doubts


def build_records(raws: list[RawRecord], plan_year: int | None, *, has_deadline_column: bool = True,
                  deadline_from_measure: bool = False) -> list[Record]:
    """Contract records. With deadline_from_measure, a notice with no deadline column takes
    each measure's own last date (2022年11月底前建成…) as its deadline, marked
    deadline_source "measure"; by default such a deadline stays null, as the contract says."""
    records = []
    for seq, raw in enumerate(raws, 1):
        section, task, task_no = raw.section, raw.task, raw.task_no
        units_raw, units, review = _units(raw)
        review = list(raw.review) + review
        deadline_raw = collapse_whitespace(raw.deadline).replace("\n", " ") if raw.deadline else None
        deadline = resolve_deadline(deadline_raw, plan_year)
        measure = remove_cjk_spaces(raw.measure)
        in_measure = dates_in_measure(measure, plan_year)
        date, kind, source = deadline.date, deadline.kind, ("column" if deadline.kind else None)
        if deadline_from_measure and not has_deadline_column and in_measure and kind is None:
            date, kind, source = in_measure[-1], "by_date", "measure"
        if deadline_raw and kind is None:
            review.append(f"deadline not understood: {deadline_raw}")
        records.append(Record(
            seq=seq,
            section=section or None,
            task=task or None,
            task_no=task_no,
            measure=measure,
            measure_no=raw.measure_no,
            units_raw=units_raw,
            units=units,
            deadline_raw=deadline_raw or None,
            deadline=date,
            deadline_kind=kind,
            deadline_source=source,
            deadlines=list(deadline.dates),
            measure_deadlines=in_measure,
            page=raw.page,
            review=review,
        ))
    return records
