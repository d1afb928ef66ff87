"""CSV: one row per record, a header row; units joined with 、 plus lead and cooperate
columns. Excel reads Chinese correctly only with a UTF-8 BOM, which the CLI adds for files."""
from __future__ import annotations

import csv
import io

COLUMNS = ("source", "seq", "section", "task_no", "task", "measure_no", "measure", "units", "lead",
           "cooperate", "units_raw", "deadline_raw", "deadline", "deadline_kind", "page")


def _row(doc, record) -> dict:
    names = lambda role=None: "、".join(u.name for u in record.units if role is None or u.role == role)  # noqa: E731
    values = record.model_dump(mode="json")
    values.update(source=doc.source, units=names(), lead=names("lead"), cooperate=names("cooperate"))
    return {k: ("" if values.get(k) is None else values[k]) for k in COLUMNS}


def render(documents, *, bom: bool = False) -> bytes:
    out = io.StringIO(newline="")
    writer = csv.DictWriter(out, fieldnames=COLUMNS, lineterminator="\r\n")
    writer.writeheader()
    for doc in documents:
        for record in doc.tasks:
            writer.writerow(_row(doc, record))
    return ("\ufeff" if bom else "").encode() + out.getvalue().encode("utf-8")
