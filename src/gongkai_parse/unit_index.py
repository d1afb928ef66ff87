"""A unit index across a batch: every unit with the measures it leads, cooperates on or is
responsible for — the view a 台账 (task ledger) starts from.

A unit is keyed by its issuer and its name: 办公室 in two offices' notices is two units.
The issuer is the notice's (metadata.issuer), else its title, else its file name.
"""
from __future__ import annotations

import csv
import io
from collections import Counter
from dataclasses import dataclass, field

from .writers.ledger import header, issuer_of

COLUMNS = ("issuer", "unit", "lead", "cooperate", "responsible", "total", "notices", "sources", "written_as")
_HEADERS_ZH = {"lead": "牵头", "cooperate": "配合", "responsible": "负责", "total": "合计", "notices": "通知数",
               "sources": "来源文件", "written_as": "原文写法"}


@dataclass
class UnitTally:
    roles: Counter = field(default_factory=Counter)
    sources: dict[str, None] = field(default_factory=dict)  # the notices it appears in, in order met
    written: dict[str, None] = field(default_factory=dict)  # names as written, in order met


@dataclass
class UnitIndex:
    units: dict[tuple[str, str], UnitTally] = field(default_factory=dict)

    def add(self, document) -> None:
        issuer = issuer_of(document)
        for record in document.tasks:
            for unit in record.units:
                tally = self.units.setdefault((issuer, unit.canonical or unit.name), UnitTally())
                tally.roles[unit.role] += 1
                tally.sources[document.source] = None
                tally.written[unit.name] = None

    def rows(self) -> list[dict]:
        rows = []
        for (issuer, name), t in self.units.items():
            rows.append({"issuer": issuer, "unit": name, "lead": t.roles["lead"], "cooperate": t.roles["cooperate"],
                         "responsible": t.roles["responsible"], "total": sum(t.roles.values()),
                         "notices": len(t.sources), "sources": "；".join(t.sources),
                         "written_as": "、".join(t.written)})
        return sorted(rows, key=lambda r: (r["issuer"], -r["total"], r["unit"]))

    def render_csv(self, *, bom: bool = True, lang: str = "en") -> bytes:
        out = io.StringIO(newline="")
        writer = csv.writer(out, lineterminator="\r\n")
        writer.writerow([_HEADERS_ZH.get(c) or header(c, lang) if lang == "zh" else c for c in COLUMNS])
        writer.writerows([row[c] for c in COLUMNS] for row in self.rows())
        return ("\ufeff" if bom else "").encode() + out.getvalue().encode("utf-8", "replace")
