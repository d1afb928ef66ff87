"""XLSX: a worksheet a person can work in (openpyxl).

Sheet 任务: one row per measure, frozen header, wrapped text, sensible widths, deadlines as
Excel dates, a filter on every column; the rows to check highlighted, their reasons in 需核对. Sheet 单位: for each unit, the measures it leads,
cooperates on or is responsible for, with their deadlines: where a 台账 starts.
"""
from __future__ import annotations

import io
import re
import zipfile
from datetime import datetime

from . import flat_record

ROLE_NAMES = {"lead": "牵头", "cooperate": "配合", "responsible": "负责"}
ROLE_ORDER = {"lead": 0, "responsible": 1, "cooperate": 2}

# (header, field, width, wrap)
RECORD_COLUMNS = (
    ("来源", "source", 22, False), ("序号", "seq", 6, False), ("工作要求", "section", 22, True),
    ("任务编号", "task_no", 8, False), ("工作任务", "task", 28, True), ("措施编号", "measure_no", 8, False),
    ("具体措施", "measure", 60, True), ("责任单位", "units", 28, True), ("牵头单位", "lead", 18, True),
    ("配合单位", "cooperate", 18, True), ("责任单位（原文）", "units_raw", 28, True),
    ("完成时限（原文）", "deadline_raw", 16, True), ("完成时限", "deadline", 12, False),
    ("时限类型", "deadline_kind", 11, False), ("页码", "page", 6, False), ("需核对", "review", 30, True),
)
# Written as the workbook's created/modified time and every zip entry's time, so that the
# same input gives the same bytes on every run, as with the other writers.
FIXED_TIME = datetime(1980, 1, 1)
REVIEW_FILL = "FFF2CC"  # rows a person must check
UNIT_COLUMNS = (("单位", 24, True), ("角色", 6, False), ("来源", 22, False), ("序号", 6, False),
                ("工作任务", 28, True), ("具体措施", 60, True), ("完成时限", 12, False), ("完成时限（原文）", 16, True))


# What XML 1.0 (so a worksheet) cannot hold: control characters (Word's cell mark \x07, NUL)
# and lone surrogates. openpyxl refuses them and the whole workbook would be lost.
_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def _cell(value):
    return _ILLEGAL.sub("", value) if isinstance(value, str) else value


def _sheet(ws, headers, widths, wraps, rows, date_columns, marked=()):
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    ws.append(headers)
    for cell in ws[1]:
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="DDDDDD")
        cell.alignment = Alignment(vertical="center", wrap_text=True)
    for row in rows:
        ws.append([_cell(v) for v in row])
    for k, (width, wrap) in enumerate(zip(widths, wraps), 1):
        letter = get_column_letter(k)
        ws.column_dimensions[letter].width = width
        if wrap or k in date_columns:
            for (cell,) in ws.iter_rows(min_row=2, min_col=k, max_col=k):
                if wrap:
                    cell.alignment = Alignment(wrap_text=True, vertical="top")
                if k in date_columns:
                    cell.number_format = "yyyy-mm-dd"
    for r in marked:  # a record to review: its whole row highlighted
        for cell in ws[r + 2]:
            cell.fill = PatternFill("solid", fgColor=REVIEW_FILL)
    ws.freeze_panes = "A2"
    if ws.max_row > 1:
        ws.auto_filter.ref = ws.dimensions


CREATOR = "gongkai-parse"


def render(documents, *, bom: bool = False) -> bytes:
    from openpyxl import Workbook

    wb = Workbook()
    records = wb.active
    records.title = "任务"
    rows = []
    marked = []
    unit_rows = []
    for doc in documents:
        for rec in doc.tasks:
            values = flat_record(doc, rec)
            if rec.review:
                marked.append(len(rows))
            rows.append([values.get(f) for _, f, _, _ in RECORD_COLUMNS])
            for unit in rec.units:
                unit_rows.append((unit.canonical or unit.name, ROLE_ORDER[unit.role], ROLE_NAMES[unit.role],
                                  doc.source, rec.seq, rec.task, rec.measure, rec.deadline, rec.deadline_raw))
    date_col = [f for _, f, _, _ in RECORD_COLUMNS].index("deadline") + 1
    _sheet(records, [h for h, _, _, _ in RECORD_COLUMNS], [w for _, _, w, _ in RECORD_COLUMNS],
           [x for _, _, _, x in RECORD_COLUMNS], rows, {date_col}, marked)
    units = wb.create_sheet("单位")
    unit_rows.sort(key=lambda r: (r[0], r[1], r[3], r[4]))
    _sheet(units, [h for h, _, _ in UNIT_COLUMNS], [w for _, w, _ in UNIT_COLUMNS], [x for _, _, x in UNIT_COLUMNS],
           [(u, role, src, seq, task, measure, date, raw) for u, _, role, src, seq, task, measure, date, raw in unit_rows],
           {7})
    buf = io.BytesIO()
    wb.save(buf)  # sets the modified time to now
    return _pinned(buf.getvalue(), wb)


def _pinned(data: bytes, wb) -> bytes:
    """The saved workbook with no clock in it: the core properties' created/modified times and
    the zip entries' times fixed (FIXED_TIME), entries kept in openpyxl's order."""
    from openpyxl.xml.functions import tostring

    wb.properties.created = wb.properties.modified = FIXED_TIME
    wb.properties.creator = CREATOR  # so a later run over the folder knows its own output
    core = tostring(wb.properties.to_tree())
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            content = core if info.filename == "docProps/core.xml" else src.read(info)
            entry = zipfile.ZipInfo(info.filename, date_time=FIXED_TIME.timetuple()[:6])
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = info.external_attr
            dst.writestr(entry, content)
    return out.getvalue()
