"""A unit index across a batch: every unit with the measures it leads, cooperates on or is
responsible for — the view a 台账 (task ledger) starts from."""
from __future__ import annotations

import csv
import io
from collections import Counter
from dataclasses import dataclass, field

COLUMNS = ("unit", "lead", "cooperate", "responsible", "total", "notices", "written_as")


@dataclass
class UnitTally:
    roles: Counter = field(default_factory=Counter)
    notices: set[str] = field(default_factory=set)
    written: dict[str, None] = field(default_factory=dict)  # names as written, in order met


@dataclass
class UnitIndex:
    units: dict[str, UnitTally] = field(default_factory=dict)

    def add(self, document) -> None:
        for record in document.tasks:
            for unit in record.units:
                tally = self.units.setdefault(unit.canonical or unit.name, UnitTally())
                tally.roles[unit.role] += 1
                tally.notices.add(document.source)
                tally.written[unit.name] = None

    def rows(self) -> list[dict]:
        rows = []
        for name, t in self.units.items():
            rows.append({"unit": name, "lead": t.roles["lead"], "cooperate": t.roles["cooperate"],
                         "responsible": t.roles["responsible"], "total": sum(t.roles.values()),
                         "notices": len(t.notices), "written_as": "、".join(t.written)})
        return sorted(rows, key=lambda r: (-r["total"], r["unit"]))

    def render_csv(self, *, bom: bool = True) -> bytes:
        out = io.StringIO(newline="")
        writer = csv.DictWriter(out, fieldnames=COLUMNS, lineterminator="\r\n")
        writer.writeheader()
        writer.writerows(self.rows())
        return ("\ufeff" if bom else "").encode() + out.getvalue().encode("utf-8")
