"""Spreadsheet notices the tests build with openpyxl: a merged title row, task cells merged
over several rows, a second sheet going on with the plan, a hidden sheet, row and column,
dates and integer-valued numbers; the same workbook as .xls and .ods where LibreOffice
(with Calc) converts it; and bad workbooks."""
from __future__ import annotations

import datetime as dt
import io
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest

openpyxl = pytest.importorskip("openpyxl")
pytest.importorskip("python_calamine")

from gongkai_parse import InputError, parse, parse_bytes  # noqa: E402
from gongkai_parse.layout import Paragraph, Table  # noqa: E402
from gongkai_parse.readers import format_by_content, read_layout  # noqa: E402

TITLE = "XX市2023年政务公开工作要点任务分工"
HEADER = ["序号", "重点任务", "具体措施", "责任单位", "完成时限"]


def build_workbook() -> bytes:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "任务分工"
    ws.append([TITLE])
    ws.merge_cells("A1:E1")
    ws.append(HEADER + ["内部备注"])
    ws.append([1, "一、深化重点领域信息公开", "1.公开年度预算决算。", "市财政局", dt.date(2023, 6, 30), "隐藏列的字"])
    ws.append([2, None, "2.公开重大建设项目信息。", "市发展改革委牵头，市住房城乡建设局配合", "2023年底前"])
    ws.append([3.0, None, "3.隐藏行里的措施。", "市委办", "长期坚持"])
    ws.append([4.0, None, "4.公开财政资金直达信息。", "市财政局", dt.datetime(2023, 9, 30)])
    ws.merge_cells("B3:B6")  # one task over four measures, one of them hidden
    ws.row_dimensions[5].hidden = True
    ws.column_dimensions["F"].hidden = True
    # a second sheet goes on with the plan under the same header
    more = wb.create_sheet("第二部分")
    more.append(HEADER)
    more.append([5, "二、加强政策解读", "5.做好政策解读。", "市司法局", "持续推进"])
    more.append([6, None, "6.回应社会关切。", "市政务服务数据管理局", dt.date(2023, 12, 31)])
    more.append([None, None, "7.加强解读回应。"])  # its other cells merged from above: a table row
    more.merge_cells("B2:B4")
    more.merge_cells("D3:D4")
    more.merge_cells("E3:E4")
    more.append(["公开方式：主动公开"])  # a line below the table: text after it, not a row
    hidden = wb.create_sheet("草稿")
    hidden.append(HEADER)
    hidden.append([9, "三、隐藏工作表", "9.隐藏工作表的措施。", "市审计局", "2023年底前"])
    hidden.sheet_state = "hidden"
    wb.create_sheet("空白")  # no text: no table
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


# What the notice says, written out by hand: (task, measure, units, lead, deadline).
EXPECTED = [
    ("深化重点领域信息公开", "公开年度预算决算。", ["市财政局"], [], "2023-06-30"),
    ("深化重点领域信息公开", "公开重大建设项目信息。", ["市发展改革委", "市住房城乡建设局"], ["市发展改革委"], "2023-12-31"),
    ("深化重点领域信息公开", "公开财政资金直达信息。", ["市财政局"], [], "2023-09-30"),
    ("加强政策解读", "做好政策解读。", ["市司法局"], [], None),
    ("加强政策解读", "回应社会关切。", ["市政务服务数据管理局"], [], "2023-12-31"),
    ("加强政策解读", "加强解读回应。", ["市政务服务数据管理局"], [], "2023-12-31"),
]


def view(document):
    return [(r.task, r.measure, [u.name for u in r.units], [u.name for u in r.units if u.role == "lead"],
             r.deadline.isoformat() if r.deadline else None) for r in document.tasks]


@pytest.fixture(scope="module")
def workbook() -> bytes:
    return build_workbook()


def test_xlsx_records(workbook):
    document = parse_bytes(workbook, "分工.xlsx")
    assert document.format == "sheet"
    assert view(document) == EXPECTED
    assert [r.deadline_kind for r in document.tasks] == ["by_date", "by_date", "by_date", "ongoing", "by_date", "by_date"]
    assert document.metadata.title == TITLE
    assert document.metadata.year == 2023
    assert document.columns == HEADER


def test_xlsx_layout(workbook):
    layout, fmt = read_layout(workbook, "分工.xlsx")
    assert fmt == "sheet"
    # the merged title row comes first as a paragraph, as text before a Word table does
    assert isinstance(layout.blocks[0], Paragraph) and layout.blocks[0].text == TITLE
    tables = [b for b in layout.blocks if isinstance(b, Table)]
    assert len(tables) == 2  # the hidden sheet and the empty one give none
    first = tables[0]
    assert first.rows[0].texts() == HEADER  # the hidden column is left out
    assert first.rows[1].texts() == ["1", "一、深化重点领域信息公开", "1.公开年度预算决算。", "市财政局", "2023年6月30日"]
    assert first.rows[1].cells[1].rowspan == 3  # four rows merged, one of them hidden
    assert first.rows[2].texts() == ["2", "2.公开重大建设项目信息。", "市发展改革委牵头，市住房城乡建设局配合", "2023年底前"]
    assert first.rows[3].texts() == ["4", "4.公开财政资金直达信息。", "市财政局", "2023年9月30日"]
    assert len(first.rows) == 4
    second = tables[1]
    assert second.rows[-1].texts() == ["", "7.加强解读回应。"]  # task, units, deadline merged from above
    assert [c.rowspan for c in second.rows[2].cells] == [1, 1, 2, 2]
    assert isinstance(layout.blocks[-1], Paragraph) and layout.blocks[-1].text == "公开方式：主动公开"


def test_xlsx_named_otherwise_is_read_by_content(workbook):
    assert format_by_content(workbook) == "sheet"
    assert view(parse_bytes(workbook, "stdin", by_content=True)) == EXPECTED


def test_xlsm_suffix(workbook, tmp_path):
    path = tmp_path / "分工.xlsm"
    path.write_bytes(workbook)
    assert view(parse(path)) == EXPECTED


def _calc_convert(data: bytes, fmt: str, tmp_path: Path) -> bytes:
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        pytest.skip("LibreOffice is not installed")
    source = tmp_path / "book.xlsx"
    source.write_bytes(data)
    subprocess.run([soffice, "--headless", f"-env:UserInstallation=file://{tmp_path}/profile",
                    "--convert-to", fmt, "--outdir", str(tmp_path), str(source)],
                   capture_output=True, timeout=180, check=False)
    out = tmp_path / f"book.{fmt}"
    if not out.exists():
        pytest.skip("LibreOffice cannot convert spreadsheets here (no Calc)")
    return out.read_bytes()


def test_ods_records(workbook, tmp_path):
    data = _calc_convert(workbook, "ods", tmp_path)
    assert format_by_content(data) == "sheet"
    document = parse_bytes(data, "分工.ods")
    assert view(document) == EXPECTED  # merges, hidden row and column from content.xml
    assert document.metadata.title == TITLE


def test_xls_records(workbook, tmp_path):
    data = _calc_convert(workbook, "xls", tmp_path)
    assert format_by_content(data) == "sheet"
    document = parse_bytes(data, "分工.xls")
    assert view(document) == EXPECTED  # hidden row and column from xlrd, merges from calamine
    assert "隐藏工作表的措施。" not in [r.measure for r in document.tasks]
    # the same bytes named .et (a WPS sheet, an OLE file like .xls) read alike
    assert view(parse_bytes(data, "分工.et")) == view(document)


def test_numbers_and_dates_as_shown():
    from gongkai_parse.readers.sheets import cell_text

    assert cell_text(3.0) == "3"
    assert cell_text(-12.0) == "-12"
    assert cell_text(1.5) == "1.5"
    assert cell_text(0.1 + 0.2) == "0.3"
    assert cell_text(7) == "7"
    assert cell_text(True) == "TRUE"
    assert cell_text(dt.date(2023, 6, 30)) == "2023年6月30日"
    assert cell_text(dt.datetime(2023, 6, 30, 0, 0)) == "2023年6月30日"
    assert cell_text(dt.datetime(2023, 6, 30, 17, 30)) == "2023年6月30日 17:30"
    assert cell_text("  市财政局\r\n市审计局 ") == "市财政局\n市审计局"


# ---------------------------------------------------------------- bad workbooks

def _error(data: bytes, name: str = "book.xlsx") -> str:
    with pytest.raises(InputError) as e:
        parse_bytes(data, name)
    message = str(e.value)
    assert "\n" not in message and "Traceback" not in message
    return message


def test_corrupt_workbook(workbook):
    assert "corrupt" in _error(workbook[: len(workbook) // 2])


def test_damaged_part(workbook):
    buf = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(workbook)) as src, zipfile.ZipFile(buf, "w") as out:
        for item in src.infolist():
            body = src.read(item)
            if item.filename == "xl/workbook.xml":
                body = body[: len(body) // 2]  # cut mid-tag
            out.writestr(item, body)
    assert "workbook" in _error(buf.getvalue())


def test_empty_workbook():
    wb = openpyxl.Workbook()
    wb.active["A1"] = "   "
    wb.create_sheet("隐藏").append(["只在隐藏工作表里的字"])
    wb["隐藏"].sheet_state = "hidden"
    buf = io.BytesIO()
    wb.save(buf)
    assert "empty workbook" in _error(buf.getvalue())


def test_encrypted_ooxml_workbook():
    # What Excel writes for a password-protected .xlsx: an OLE file holding the
    # EncryptionInfo and EncryptedPackage streams (their names are UTF-16 in its directory).
    data = (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 1000 + "EncryptionInfo".encode("utf-16-le")
            + b"\0" * 100 + "EncryptedPackage".encode("utf-16-le") + b"\0" * 1000)
    assert "password-protected" in _error(data)


def test_word_document_named_xlsx():
    docx = pytest.importorskip("docx")
    d = docx.Document()
    d.add_paragraph("不是表格")
    buf = io.BytesIO()
    d.save(buf)
    # read as what it is (a .docx), since the name says otherwise
    with pytest.raises(InputError):
        parse_bytes(buf.getvalue(), "book.xlsx")  # a one-paragraph letter: no tasks
    layout, fmt = read_layout(buf.getvalue(), "book.xlsx")
    assert fmt == "docx"


def test_own_output_is_not_a_notice(workbook, tmp_path):
    # gongkai-parse's own XLSX (its 任务 sheet has plan-like columns) left in a folder of
    # notices: a later run over the folder must not read it as one
    from gongkai_parse.writers import xlsx_writer

    ours = xlsx_writer.render([parse_bytes(workbook, "分工.xlsx")])
    assert "written by gongkai-parse" in _error(ours)


def test_not_a_workbook():
    assert "not a spreadsheet" in _error(b"just some text, not a workbook at all")


def test_huge_sheet_refused():
    wb = openpyxl.Workbook()
    wb.active["A1"] = "序号"
    wb.active["XFD100000"] = "远处的一格"  # 16,384 columns × 100,000 rows of grid
    buf = io.BytesIO()
    wb.save(buf)
    assert "too large" in _error(buf.getvalue())
