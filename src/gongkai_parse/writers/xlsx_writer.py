"""XLSX: a 台账 (task ledger) a person works in (openpyxl).

Sheets: 任务 — one row per measure with the notice's title and 文号, 完成情况 (a drop-down
list) and 备注 left to fill in, deadlines as Excel dates marked when overdue, the rows to
check highlighted with their reasons in 需核对; 说明 — what the columns, deadline kinds,
roles and 需核对 mean, and where each notice came from with its warnings; 单位 — every
unit's measures with its role; and one sheet per unit when there are at most 60 of them.
Frozen header, wrapped text, widths to read by, printed landscape one page wide.
The same documents give the same bytes on every run (fixed timestamps).
"""
from __future__ import annotations

import io
import re
import zipfile
from datetime import datetime

from .. import __version__
from ..messages import localised
from .ledger import DONE, SHEETS, STATUS, by_unit, header, record_values, role_label, sheet_names

# (field, width, wrap). What a person fills in and prints comes first (through 需核对, the
# print area); then what traces a row to its notice.
TASK_COLUMNS = (
    ("seq", 6, False), ("section", 16, True), ("task", 22, True), ("measure", 50, True), ("units", 22, True),
    ("lead", 14, True), ("cooperate", 14, True), ("deadline", 12, False), ("deadline_kind", 9, False),
    ("status", 11, False), ("note", 16, True), ("review", 24, True),
    ("title", 26, True), ("doc_number", 16, True), ("task_no", 8, False), ("measure_no", 8, False),
    ("deadline_raw", 16, True), ("units_raw", 24, True), ("page", 6, False), ("source", 22, True),
)
UNIT_COLUMNS = (
    ("unit", 16, True), ("role", 6, False), ("seq", 6, False), ("task", 22, True), ("measure", 50, True),
    ("units", 22, True), ("deadline", 12, False), ("deadline_kind", 9, False), ("status", 11, False),
    ("note", 16, True), ("review", 24, True),
    ("title", 26, True), ("doc_number", 16, True), ("issuer", 18, True), ("section", 16, True),
    ("deadline_raw", 16, True), ("source", 22, True),
)
CENTRED = {"seq", "role", "deadline", "deadline_kind", "status", "page", "task_no", "measure_no"}  # short values
PRINTED_THROUGH = "review"  # the last column printed: a page one ledger wide stays legible
LINE_HEIGHT = 15  # points per line of wrapped text, Chinese at 11 pt
MAX_ROW_HEIGHT = 409  # Excel's limit
ABOUT_WIDTH = 100  # the 说明 sheet's text column
MAX_UNIT_SHEETS = 60  # more units than this: only the 单位 sheet, a workbook of tabs no one can find
# Written as the workbook's created/modified time and every zip entry's time, so that the
# same input gives the same bytes on every run, as with the other writers.
FIXED_TIME = datetime(1980, 1, 1)
CREATOR = "gongkai-parse"
REVIEW_FILL = "FFF2CC"  # rows a person must check
OVERDUE_FILL, OVERDUE_FONT = "FFC7CE", "9C0006"
HEADER_FILL = "DDDDDD"

# What XML 1.0 (so a worksheet) cannot hold: control characters (Word's cell mark \x07, NUL)
# and lone surrogates. openpyxl refuses them and the whole workbook would be lost.
_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def _cell(value):
    return _ILLEGAL.sub("", value) if isinstance(value, str) else value


def _display_width(text: str) -> int:
    return sum(2 if ord(c) > 0x2E80 else 1 for c in text)


def _lines(value, width: float) -> int:
    """Lines a value takes wrapped in a column `width` characters wide (a Chinese character
    counts two)."""
    if value is None:
        return 1
    per_line = max(1, int(width) - 1)
    return sum(max(1, -(-_display_width(part) // per_line)) for part in str(value).split("\n"))


def _ledger_sheet(ws, columns, rows: list[dict], lang: str) -> None:
    """Header, rows, widths and wrapping, highlighted rows to check, the 完成情况 drop-down and
    the overdue marking, a filter, a frozen header, and landscape printing one page wide."""
    from openpyxl.formatting.rule import FormulaRule
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    fields = [f for f, _, _ in columns]
    ws.append([header(f, lang) for f in fields])
    for cell in ws[1]:
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor=HEADER_FILL)
        cell.alignment = Alignment(vertical="center", wrap_text=True)
    review_fill = PatternFill("solid", fgColor=REVIEW_FILL)
    wrap, top = Alignment(wrap_text=True, vertical="top"), Alignment(vertical="top")
    centred = Alignment(horizontal="center", vertical="top")
    widths = [max(width, _display_width(header(f, lang)) + 3) for f, width, _ in columns]
    for values in rows:
        ws.append([_cell(values.get(f)) for f in fields])
        marked = bool(values.get("review"))
        # Excel, WPS and LibreOffice do not all fit a row to wrapped text when they open a file:
        # give each row the height its longest wrapped cell needs.
        lines = max([_lines(values.get(f), w) for (f, _, wraps), w in zip(columns, widths) if wraps] or [1])
        ws.row_dimensions[ws.max_row].height = min(MAX_ROW_HEIGHT, LINE_HEIGHT * lines)
        for cell, (f, _, wraps) in zip(ws[ws.max_row], columns):
            cell.alignment = wrap if wraps else centred if f in CENTRED else top
            if f == "deadline":
                cell.number_format = "yyyy-mm-dd"
            if marked:  # a record to review: its whole row highlighted
                cell.fill = review_fill
    for k, width in enumerate(widths, 1):
        ws.column_dimensions[get_column_letter(k)].width = width
    ws.freeze_panes = "A2"
    ws.print_title_rows = "1:1"
    ws.page_setup.orientation = "landscape"
    ws.page_setup.fitToWidth, ws.page_setup.fitToHeight = 1, 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    if not rows:
        return
    last = ws.max_row
    ws.print_area = f"A1:{get_column_letter(fields.index(PRINTED_THROUGH) + 1)}{last}"
    ws.auto_filter.ref = ws.dimensions
    status = get_column_letter(fields.index("status") + 1)
    deadline = get_column_letter(fields.index("deadline") + 1)
    choices = DataValidation(type="list", formula1='"' + ",".join(STATUS[lang]) + '"', allow_blank=True,
                             showErrorMessage=True)
    choices.errorTitle = "完成情况" if lang == "zh" else "status"
    choices.error = ("请从列表中选择：" if lang == "zh" else "Choose from the list: ") + "、".join(STATUS[lang])
    choices.add(f"{status}2:{status}{last}")
    ws.add_data_validation(choices)
    # Overdue: a date deadline before today and not marked done: its deadline cell.
    overdue = FormulaRule(formula=[f'AND(ISNUMBER(${deadline}2),${deadline}2<TODAY(),${status}2<>"{DONE[lang]}")'],
                          fill=PatternFill(start_color=OVERDUE_FILL, end_color=OVERDUE_FILL, fill_type="solid"),
                          font=Font(color=OVERDUE_FONT))
    ws.conditional_formatting.add(f"{deadline}2:{deadline}{last}", overdue)


def _unit_rows(ledgers, lang: str) -> list[dict]:
    rows = []
    for ledger in ledgers:
        for role, doc, record in ledger.entries:
            values = record_values(doc, record, lang)
            values.update(unit=ledger.name, role=role_label(role, lang))
            rows.append(values)
    return rows


# --- 说明 -------------------------------------------------------------------------------------

_COLUMN_MEANINGS = {
    "zh": {
        "title": "方案本身的标题（不是“关于印发……的通知”）",
        "doc_number": "该通知自己的文号（不是它引用的文件的文号）",
        "issuer": "发文机关；通知未写明时用通知标题代替",
        "seq": "措施在通知中的顺序，从 1 起",
        "section": "措施所在的最上一级标题（一、……），去掉编号",
        "task_no": "所属工作任务的编号，按原文",
        "task": "所属的工作任务，去掉编号；通知没有这一级时为空",
        "measure_no": "措施自己的编号，按原文",
        "measure": "措施内容，去掉编号",
        "units": "该措施的全部单位，以“、”分隔",
        "lead": "其中的牵头单位",
        "cooperate": "其中的配合单位",
        "deadline": "按期完成的最后一天（日期）；长期、定期、按要求的时限此处为空",
        "deadline_kind": "完成时限的类型，见下",
        "deadline_raw": "完成时限的原文",
        "status": "由经办人从下拉列表选择：" + "、".join(STATUS["zh"]),
        "note": "留给经办人填写",
        "review": "需要对照原文核对的原因，见下；该行以黄色标出",
        "units_raw": "责任单位的原文",
        "page": "措施所在的页码（PDF）",
        "source": "读取的文件名",
        "unit": "单位名称（同一级别的前缀已补全，如“市”）",
        "role": "该单位在此项措施中的角色，见下",
    },
    "en": {
        "title": "the plan's own title (not that of the covering notice 关于印发……的通知)",
        "doc_number": "the notice's own 文号 (never one it cites)",
        "issuer": "the issuing office; the notice's title where none is written",
        "seq": "the measure's order in the notice, from 1",
        "section": "the top heading above the measure (一、…), its number removed",
        "task_no": "the number of the task the measure belongs to, as written",
        "task": "the task the measure belongs to, its number removed; empty where the notice has no tasks",
        "measure_no": "the measure's own number, as written",
        "measure": "the measure's text, its number removed",
        "units": "every unit of the measure, joined with 、",
        "lead": "the lead units among them",
        "cooperate": "the cooperating units among them",
        "deadline": "the last day on which the measure is on time (a date); empty for ongoing, "
                    "recurring and as-required deadlines",
        "deadline_kind": "the kind of deadline, see below",
        "deadline_raw": "the deadline as written",
        "status": "chosen from a list by the person in charge: " + ", ".join(STATUS["en"]),
        "note": "left for the person in charge",
        "review": "why the row should be checked against the notice, see below; the row is highlighted",
        "units_raw": "the units as written",
        "page": "the page the measure starts on (PDF)",
        "source": "the file read",
        "unit": "the unit's name (a level prefix such as 市 restored where the list shares it)",
        "role": "the unit's role in this measure, see below",
    },
}
_KINDS = {
    "zh": (("按期", "写明了日期或期限，如“2024年底前”“6月30日前”“第三季度”；完成时限为最后一天"),
           ("长期", "长期坚持、持续推进、常态化、全年"),
           ("定期", "每年、每季度、每月……"),
           ("按要求", "按上级要求、按规定的时间节点完成"),
           ("（空）", "通知未写时限")),
    "en": (("by_date", "a date or period is written (2024年底前, 6月30日前, 第三季度); the deadline is its last day"),
           ("ongoing", "长期坚持, 持续推进, 常态化, 全年"),
           ("recurring", "每年…, 每季度, 每月"),
           ("as_required", "按要求, 按规定时间节点完成"),
           ("(empty)", "the notice gives no deadline")),
}
_ROLES = {
    "zh": (("牵头", "写作“××牵头”“牵头单位”“主办”等"),
           ("配合", "写作“××配合”“协办”“参与”，或列在牵头单位之后而未写角色"),
           ("负责", "写作“××负责”“落实”“责任单位”，或未写角色且前面没有牵头单位")),
    "en": (("lead", "written X牵头, 牵头单位, 主办"),
           ("cooperate", "written Y配合, 协办, 参与, or named after a lead unit without a role of its own"),
           ("responsible", "written X负责, 落实, 责任单位, or named with no role word and no lead before it")),
}
_TEXT = {
    "zh": {
        "about": "说明", "intro": "本工作簿由 gongkai-parse {version} 从下列通知读出。标黄的行请对照原文核对；"
                 "完成情况和备注由经办人填写。",
        "columns": "各列含义", "kinds": "时限类型", "roles": "单位角色", "review": "需核对",
        "review_text": "程序对该条措施的某些内容没有把握，列出原因（如“完成时限未能识别”“编号顺序异常”"
                       "“单位名称不完整”）。为空表示各项均已读出。",
        "overdue": "逾期标记", "overdue_text": "完成时限早于今天且完成情况不是“已完成”的，完成时限单元格标红。",
        "sheets": "工作表", "sheets_text": "“任务”为全部措施；“单位”按单位列出各自的措施和角色；{unit_sheets}",
        "unit_sheets_yes": "每个单位另有一张以其名称命名的工作表。",
        "unit_sheets_no": "单位超过 {max} 个，未按单位分表。",
        "notices": "来源通知", "source": "来源文件", "title": "通知标题", "doc_number": "文号", "issuer": "发文机关",
        "date": "成文日期", "records": "措施数", "flagged": "需核对的措施数", "warnings": "解析提示",
        "no_warnings": "无",
        "warnings_text": "通知中未能读成措施的内容（如方案中未读取的文字、没有措施的表格行、编号跳号），"
                         "请对照原文查看。",
    },
    "en": {
        "about": "about", "intro": "Read by gongkai-parse {version} from the notices below. Check the highlighted rows against "
                 "the notice; status and note are for the person in charge.",
        "columns": "columns", "kinds": "deadline kinds", "roles": "roles", "review": "review",
        "review_text": "why the parser is unsure of the record (units text not read, deadline not understood, "
                       "numbering out of order …); empty when every field was read with confidence.",
        "overdue": "overdue", "overdue_text": "a deadline before today whose status is not 'done' is marked red.",
        "sheets": "sheets", "sheets_text": "'tasks' holds every measure; 'units' each unit's measures and role; "
                                           "{unit_sheets}",
        "unit_sheets_yes": "each unit also has a sheet of its own.",
        "unit_sheets_no": "more than {max} units: no sheet per unit.",
        "notices": "notices", "source": "source", "title": "title", "doc_number": "doc_number", "issuer": "issuer",
        "date": "date", "records": "records", "flagged": "records to check", "warnings": "warnings",
        "no_warnings": "none",
        "warnings_text": "what in the notice became no record (text in the plan not read, table rows with no "
                         "measure, numbering gaps): look at the notice there.",
    },
}


def _about_sheet(ws, documents, fields, lang: str, unit_sheets: bool | None) -> None:
    from openpyxl.styles import Alignment, Font

    text = _TEXT[lang]
    bold = Font(bold=True)
    heading = Font(bold=True, size=12)
    rows: list[tuple[str | None, str | None, Font | None]] = [
        (text["about"], text["intro"].format(version=__version__), heading), (None, None, None)]
    if unit_sheets is not None:
        rows.append((text["sheets"], text["sheets_text"].format(
            unit_sheets=(text["unit_sheets_yes"] if unit_sheets else text["unit_sheets_no"]).format(
                max=MAX_UNIT_SHEETS)), bold))
    gap = (None, None, None)  # a blank row before each part
    rows += [gap, (text["columns"], None, heading)]
    rows += [(header(f, lang), _COLUMN_MEANINGS[lang][f], bold) for f in fields]
    rows += [gap, (text["kinds"], None, heading)]
    rows += [(k, v, bold) for k, v in _KINDS[lang]]
    rows += [gap, (text["roles"], None, heading)]
    rows += [(k, v, bold) for k, v in _ROLES[lang]]
    rows += [gap, (text["review"], text["review_text"], heading)]
    rows.append((text["overdue"], text["overdue_text"], heading))
    rows.append((text["warnings"], text["warnings_text"], heading))
    rows += [gap, (text["notices"], None, heading)]
    for doc in documents:
        meta = doc.metadata
        rows.append((None, None, None))
        for key, value in (("source", doc.source), ("title", meta.title), ("doc_number", meta.doc_number),
                           ("issuer", meta.issuer), ("date", meta.date.isoformat() if meta.date else None),
                           ("records", str(len(doc.tasks))), ("flagged", str(sum(1 for r in doc.tasks if r.review)))):
            rows.append((text[key], value, bold))
        for k, warning in enumerate(doc.warnings or [text["no_warnings"]]):
            rows.append((text["warnings"] if k == 0 else None, localised(warning, lang), bold))
    wrap = Alignment(wrap_text=True, vertical="top")
    for label, value, font in rows:
        ws.append([_cell(label), _cell(value)])
        for cell in ws[ws.max_row]:
            cell.alignment = wrap
        if value is not None:
            ws.row_dimensions[ws.max_row].height = min(MAX_ROW_HEIGHT, LINE_HEIGHT * _lines(value, ABOUT_WIDTH))
        if font is not None:
            ws[ws.max_row][0].font = font
    ws.column_dimensions["A"].width = 20
    ws.column_dimensions["B"].width = ABOUT_WIDTH
    ws.page_setup.fitToWidth, ws.page_setup.fitToHeight = 1, 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True


# --- workbooks ---------------------------------------------------------------------------------

def render(documents, *, bom: bool = False, lang: str = "zh") -> bytes:
    from openpyxl import Workbook

    names = SHEETS[lang]
    ledgers = by_unit(documents)
    unit_sheets = len(ledgers) <= MAX_UNIT_SHEETS
    wb = Workbook()
    tasks = wb.active
    tasks.title = names["tasks"]
    _ledger_sheet(tasks, TASK_COLUMNS, [record_values(d, r, lang) for d in documents for r in d.tasks], lang)
    _about_sheet(wb.create_sheet(names["about"]), documents, [f for f, _, _ in TASK_COLUMNS] + ["unit", "role", "issuer"],
                 lang, unit_sheets)
    _ledger_sheet(wb.create_sheet(names["units"]), UNIT_COLUMNS, _unit_rows(ledgers, lang), lang)
    if unit_sheets:
        for ledger, name in zip(ledgers, sheet_names([u.name for u in ledgers], taken=names.values())):
            _ledger_sheet(wb.create_sheet(name), UNIT_COLUMNS, _unit_rows([ledger], lang), lang)
    return _save(wb)


def render_unit(ledger, *, bom: bool = False, lang: str = "zh") -> bytes:
    """One unit's workbook (--split-by unit): its measures and role in each, and 说明."""
    from openpyxl import Workbook

    names = SHEETS[lang]
    wb = Workbook()
    ws = wb.active
    ws.title = sheet_names([ledger.name], taken=[names["about"]])[0]
    _ledger_sheet(ws, UNIT_COLUMNS, _unit_rows([ledger], lang), lang)
    documents = list({id(doc): doc for _, doc, _ in ledger.entries}.values())
    _about_sheet(wb.create_sheet(names["about"]), documents, [f for f, _, _ in UNIT_COLUMNS], lang, None)
    return _save(wb)


def _save(wb) -> bytes:
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
