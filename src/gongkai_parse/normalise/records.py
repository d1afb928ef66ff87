"""Raw records from the structure stage -> contract records: numbering split off,
units and deadlines read through the grammars."""
from __future__ import annotations

from ..cjk_text import collapse_whitespace, remove_cjk_spaces
from ..model import Record, Unit
from ..structure import RawRecord
from ..structure.numbering import strip_leading
from .deadlines import resolve_deadline
from .units import split_units


def _units(raw: RawRecord) -> tuple[str | None, list[Unit]]:
    units = [Unit(name=u.name, role=u.role) for u in split_units(raw.units)]
    # Separate 牵头单位 / 配合单位 columns say the role themselves.
    units += [Unit(name=u.name, role="lead") for u in split_units(raw.lead)]
    units += [Unit(name=u.name, role="cooperate") for u in split_units(raw.cooperate)]
    written = [collapse_whitespace(x).replace("\n", " ") for x in (raw.units, raw.lead, raw.cooperate) if x]
    return ("；".join(written) or None), units


def build_records(raws: list[RawRecord], plan_year: int | None) -> list[Record]:
    records = []
    for seq, raw in enumerate(raws, 1):
        section = None
        if raw.section is not None:
            _, section = strip_leading(raw.section.text, "section")
        task_no, task = (None, None)
        if raw.task is not None:
            task_no, task = strip_leading(raw.task.text, "task")
        units_raw, units = _units(raw)
        deadline_raw = collapse_whitespace(raw.deadline).replace("\n", " ") if raw.deadline else None
        deadline = resolve_deadline(deadline_raw, plan_year)
        records.append(Record(
            seq=seq,
            section=section or None,
            task=task or None,
            task_no=task_no,
            measure=remove_cjk_spaces(raw.measure),
            measure_no=raw.measure_no,
            units_raw=units_raw,
            units=units,
            deadline_raw=deadline_raw or None,
            deadline=deadline.date,
            deadline_kind=deadline.kind,
            page=raw.page,
        ))
    return records
