"""CSV: one row per record, a header row; units joined with 、 plus lead and cooperate
columns. Excel reads Chinese correctly only with a UTF-8 BOM, which the CLI adds for files."""
from __future__ import annotations

import csv
import io

from . import flat_record

COLUMNS = ("source", "seq", "section", "task_no", "task", "measure_no", "measure", "units", "lead",
           "cooperate", "units_raw", "deadline_raw", "deadline", "deadline_kind", "page", "review")


def _row(doc, record) -> dict:
    values = flat_record(doc, record)
    return {k: ("" if values.get(k) is None else str(values[k])) for k in COLUMNS}


def render(documents, *, bom: bool = False) -> bytes:
    out = io.StringIO(newline="")
    writer = csv.DictWriter(out, fieldnames=COLUMNS, lineterminator="\r\n")
    writer.writeheader()
    for doc in documents:
        for record in doc.tasks:
            writer.writerow(_row(doc, record))
    # errors="replace": a stray lone surrogate (from a damaged input) must not lose the output
    return ("\ufeff" if bom else "").encode() + out.getvalue().encode("utf-8", "replace")
