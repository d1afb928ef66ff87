"""CSV: one row per record, a header row; units joined with 、 plus lead and cooperate
columns. Excel reads Chinese correctly only with a UTF-8 BOM, which the CLI adds for files.

lang "en" (the default, for scripts): field names as headers and values as in the JSON.
lang "zh": Chinese headers (需核对 for review), roles and deadline kinds in Chinese.
"""
from __future__ import annotations

import csv
import io

from .ledger import header, record_values, role_label

CHUNK = 1000  # records rendered at a time

COLUMNS = ("source", "seq", "section", "task_no", "task", "measure_no", "measure", "units", "lead",
           "cooperate", "units_raw", "deadline_raw", "deadline", "deadline_kind", "page", "review")
# One unit's file (--split-by unit): its role first, then the notice each measure comes from,
# and 完成情况 / 备注 left empty for the unit to fill in.
UNIT_COLUMNS = ("unit", "role", "issuer", "title", "doc_number", "seq", "section", "task", "measure", "units",
                "deadline", "deadline_kind", "deadline_raw", "status", "note", "review", "source")


def _text(value) -> str:
    return "" if value is None else str(value)


def _rows(rows, columns) -> bytes:
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\r\n")
    for values in rows:
        writer.writerow([_text(values.get(c)) for c in columns])
    # errors="replace": a stray lone surrogate (from a damaged input) must not lose the output
    return out.getvalue().encode("utf-8", "replace")


def _head(columns, lang: str, bom: bool) -> bytes:
    return ("\ufeff" if bom else "").encode() + _rows([{c: header(c, lang) for c in columns}], columns)


def _encode(rows, columns, lang: str, bom: bool) -> bytes:
    return _head(columns, lang, bom) + _rows(rows, columns)


# Written in pieces (the header, then each document's rows) so that a batch is written as
# it is parsed; render() is the pieces joined.
def head(*, bom: bool = False, lang: str = "en") -> bytes:
    return _head(COLUMNS, lang, bom)


def lines(doc, *, lang: str = "en"):
    """The document's rows, as bytes, a thousand records at a time."""
    for start in range(0, len(doc.tasks), CHUNK):
        yield _rows((record_values(doc, record, lang) for record in doc.tasks[start:start + CHUNK]), COLUMNS)


def render(documents, *, bom: bool = False, lang: str = "en") -> bytes:
    return head(bom=bom, lang=lang) + b"".join(chunk for doc in documents for chunk in lines(doc, lang=lang))


def render_unit(ledger, *, bom: bool = False, lang: str = "en") -> bytes:
    """One unit's measures (a ledger.UnitLedger) with its role in each."""
    rows = []
    for role, doc, record in ledger.entries:
        values = record_values(doc, record, lang)
        values.update(unit=ledger.name, role=role_label(role, lang))
        rows.append(values)
    return _encode(rows, UNIT_COLUMNS, lang, bom)
