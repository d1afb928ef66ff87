"""Spreadsheets (.xlsx .xlsm .xls .ods, WPS .et), read with python-calamine into the common layout.

Each visible sheet with text is one table; merged ranges become spans. Hidden sheets,
rows and columns are left out, as are rows and columns with no text. Cells read as Excel
shows them: 3 for 3.0, a date as 2023年6月30日 (what the deadline grammar reads). Rows above
the sheet's table that hold one text (a merged title row) come first as paragraphs, as the
text before a table does in a Word notice.

Calamine gives values and, for .xlsx and .xls, merged ranges; hidden rows and columns come
from openpyxl (.xlsx/.xlsm), xlrd (.xls/.et) or the ODS content itself (.ods, which also
gives the merges).
"""
from __future__ import annotations

import datetime as dt
import io
import zipfile
from dataclasses import dataclass, field

from ..errors import InputError
from ..layout import Cell, Layout, Paragraph, Row, Table
from ._zip import open_package

FORMAT = "sheet"

# A notice sheet has a few hundred rows and a dozen columns; a stray cell at XFD1048576
# would otherwise make a grid of 17 billion slots.
MAX_SHEET_SLOTS = 2_000_000
_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ENCRYPTED_OOXML = "EncryptionInfo".encode("utf-16-le")  # OLE stream names are UTF-16
_WORD_STREAM = "WordDocument".encode("utf-16-le")


@dataclass
class SheetShape:
    """What calamine does not say about a sheet: merges (where it cannot), hidden rows and columns."""
    merges: list[tuple[int, int, int, int]] | None = None  # (r0, c0, r1, c1), 0-based, inclusive
    hidden_rows: list[tuple[int, int]] = field(default_factory=list)  # [start, end) intervals
    hidden_cols: list[tuple[int, int]] = field(default_factory=list)
    extent: tuple[int, int] = (0, 0)  # rows, columns up to the last cell with content

    def row_hidden(self, r: int) -> bool:
        return any(a <= r < b for a, b in self.hidden_rows)

    def col_hidden(self, c: int) -> bool:
        return any(a <= c < b for a, b in self.hidden_cols)


def read(data: bytes, name: str = "") -> Layout:
    import python_calamine

    kind = _package_kind(data)
    try:
        workbook = python_calamine.CalamineWorkbook.from_filelike(io.BytesIO(data))
    except python_calamine.PasswordError:
        raise InputError("password-protected workbook; remove the password and save again") from None
    except Exception as e:  # calamine raises its own error kinds for each format's damage
        raise InputError(f"corrupt or unreadable workbook ({type(e).__name__}: {_short(e)})") from None
    shapes = _shapes(data, kind)
    blocks: list = []
    for meta in workbook.sheets_metadata:
        if meta.visible != python_calamine.SheetVisibleEnum.Visible or meta.typ != python_calamine.SheetTypeEnum.WorkSheet:
            continue
        shape = shapes.get(meta.name) or SheetShape()
        # checked before calamine loads the sheet: it allocates the whole grid, and a failed
        # allocation aborts the process
        _check_extent(meta.name, *shape.extent)
        try:
            sheet = workbook.get_sheet_by_name(meta.name)
            if sheet.start is None:
                continue  # no cells at all
            _check_extent(meta.name, sheet.height, sheet.width)
            values = sheet.to_python()
            merges = sheet.merged_cell_ranges
        except InputError:
            raise
        except Exception as e:
            raise InputError(f"sheet '{meta.name}' cannot be read ({type(e).__name__}: {_short(e)})") from None
        if shape.merges is None:
            shape.merges = [(r0, c0, r1, c1) for (r0, c0), (r1, c1) in merges or ()]
        blocks.extend(sheet_blocks(values, sheet.start, shape))
    if not blocks:
        raise InputError("empty workbook (no text in any visible sheet)")
    return Layout(blocks=blocks)


def _check_extent(sheet: str, rows: int, cols: int) -> None:
    if rows * cols > MAX_SHEET_SLOTS:
        raise InputError(f"sheet '{sheet}' is too large to be a notice ({rows:,} rows × {cols:,} columns of cells)")


def _short(e: Exception) -> str:
    return " ".join(str(e).split())[:160]


def _package_kind(data: bytes) -> str:
    """xlsx, ods or ole (an .xls/.et workbook); refuses what no spreadsheet reader reads."""
    if data.startswith(_OLE):
        if _ENCRYPTED_OOXML in data:
            raise InputError("password-protected workbook; remove the password and save again")
        if _WORD_STREAM in data:
            raise InputError("a Word 97/WPS document, not a workbook; name it .doc")
        return "ole"
    if not data.startswith(b"PK\x03\x04"):
        raise InputError("not a spreadsheet (neither a ZIP package nor an Excel 97/WPS file)")
    with open_package(data, "workbook") as archive:
        names = set(archive.namelist())
        if "xl/workbook.xml" in names:
            if "docProps/core.xml" in names and _written_by_us(archive.read("docProps/core.xml")):
                raise InputError("a table of records written by gongkai-parse, not a notice")
            return "xlsx"
        if "content.xml" in names and "mimetype" in names:
            return "ods"
        if "word/document.xml" in names:
            raise InputError("a Word document, not a workbook; name it .docx")
    raise InputError("a ZIP archive but not a workbook (no xl/workbook.xml or content.xml)")


def _written_by_us(core: bytes) -> bool:
    from lxml import etree

    from ..writers.xlsx_writer import CREATOR

    try:
        root = etree.fromstring(core, etree.XMLParser(resolve_entities=False, no_network=True))
    except etree.XMLSyntaxError:
        return False
    creator = root.find("{http://purl.org/dc/elements/1.1/}creator")
    return creator is not None and (creator.text or "").strip() == CREATOR


def _shapes(data: bytes, kind: str) -> dict[str, SheetShape]:
    if kind == "xlsx":
        return _xlsx_shapes(data)
    if kind == "ods":
        return _ods_shapes(data)
    return _xls_shapes(data)


def _xlsx_shapes(data: bytes) -> dict[str, SheetShape]:
    """Hidden rows and columns of each sheet, from openpyxl (merges come from calamine)."""
    import openpyxl

    try:
        workbook = openpyxl.load_workbook(io.BytesIO(data), data_only=True)
    except Exception:  # calamine read it: lose only the hidden rows, not the notice
        return {}
    out = {}
    for ws in workbook.worksheets:
        shape = SheetShape(extent=(ws.max_row, ws.max_column))
        shape.hidden_rows = [(r - 1, r) for r, dim in ws.row_dimensions.items() if dim.hidden]
        shape.hidden_cols = [(dim.min - 1, dim.max) for dim in ws.column_dimensions.values()
                             if dim.hidden and dim.min and dim.max]
        out[ws.title] = shape
    workbook.close()
    return out


def _xls_shapes(data: bytes) -> dict[str, SheetShape]:
    """Hidden rows and columns of an Excel 97 / WPS workbook's sheets, from xlrd's reading of
    their row and column records (merges come from calamine)."""
    import xlrd

    try:
        workbook = xlrd.open_workbook(file_contents=data, formatting_info=True, on_demand=True)
    except Exception:  # calamine read it: lose only the hidden rows, not the notice
        return {}
    out = {}
    try:
        for index in range(workbook.nsheets):
            ws = workbook.sheet_by_index(index)
            shape = SheetShape(extent=(ws.nrows, ws.ncols))
            shape.hidden_rows = [(r, r + 1) for r, info in ws.rowinfo_map.items() if info.hidden]
            shape.hidden_cols = [(c, c + 1) for c, info in ws.colinfo_map.items() if info.hidden]
            out[ws.name] = shape
            workbook.unload_sheet(index)
    except Exception:
        return out
    finally:
        workbook.release_resources()
    return out


_TABLE = "urn:oasis:names:tc:opendocument:xmlns:table:1.0"
_T = "{%s}" % _TABLE
_O = "{urn:oasis:names:tc:opendocument:xmlns:office:1.0}"


def _ods_shapes(data: bytes) -> dict[str, SheetShape]:
    """Merges and hidden rows and columns of each sheet, from content.xml. Repeated rows and
    columns (number-*-repeated, a million for the sheet's unused rest) are counted, never expanded."""
    from lxml import etree

    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        try:
            content = archive.read("content.xml")
        except KeyError:
            return {}
    try:
        root = etree.fromstring(content, etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False))
    except etree.XMLSyntaxError as e:
        raise InputError(f"damaged spreadsheet (content.xml: {_short(e)})") from None
    out = {}
    for table in root.iter(f"{_T}table"):
        shape = SheetShape(merges=[])
        col = 0
        for column in table.iter(f"{_T}table-column"):
            n = _repeat(column, "number-columns-repeated")
            if column.get(f"{_T}visibility", "visible") != "visible":
                shape.hidden_cols.append((col, col + n))
            col += n
        r = 0
        for row in table.iter(f"{_T}table-row"):
            n = _repeat(row, "number-rows-repeated")
            if row.get(f"{_T}visibility", "visible") != "visible":
                shape.hidden_rows.append((r, r + n))
            c = 0
            for cell in row:
                if cell.tag not in (f"{_T}table-cell", f"{_T}covered-table-cell"):
                    continue
                if len(cell) or cell.get(f"{_O}value-type"):  # content: the sheet reaches here
                    right = c + _repeat(cell, "number-columns-repeated")
                    shape.extent = (max(shape.extent[0], r + n), max(shape.extent[1], right))
                down = _repeat(cell, "number-rows-spanned")
                across = _repeat(cell, "number-columns-spanned")
                if down > 1 or across > 1:
                    shape.merges.append((r, c, r + down - 1, c + across - 1))
                c += _repeat(cell, "number-columns-repeated")
            r += n
        out[table.get(f"{_T}name")] = shape
    return out


def _repeat(el, attr: str) -> int:
    try:
        return max(int(el.get(f"{_T}{attr}", "1")), 1)
    except ValueError:
        return 1


def cell_text(value) -> str:
    """A cell's value as Excel shows it in a Chinese locale (its number format aside)."""
    if value is None or value == "":
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float):
        if value.is_integer() and abs(value) < 1e15:
            return str(int(value))
        return format(value, ".15g")
    if isinstance(value, dt.datetime):
        day = f"{value.year}年{value.month}月{value.day}日"
        return day if value.time() == dt.time(0) else f"{day} {value:%H:%M}"
    if isinstance(value, dt.date):
        return f"{value.year}年{value.month}月{value.day}日"
    if isinstance(value, dt.time):
        return f"{value:%H:%M}"
    return str(value).replace("\r\n", "\n").replace("\r", "\n").strip()


def sheet_blocks(values: list[list], start: tuple[int, int], shape: SheetShape) -> list:
    """One sheet's rows of values (the used area, from `start`) as [title paragraphs…, table]."""
    top, left = start
    texts = {}
    for i, row in enumerate(values):
        for j, value in enumerate(row):
            text = cell_text(value)
            if text:
                texts[(top + i, left + j)] = text
    height = top + len(values)
    width = left + max((len(row) for row in values), default=0)
    rows = [r for r in range(top, height) if not shape.row_hidden(r)]
    cols = [c for c in range(left, width) if not shape.col_hidden(c)]

    # A merged range shows the text of its top-left cell from its first visible row and column;
    # an empty range is left as separate empty cells (nothing to place).
    anchors: dict[tuple[int, int], tuple[str, int, int]] = {}
    covered: dict[tuple[int, int], int] = {}  # slot -> the row of the merged cell covering it
    for r0, c0, r1, c1 in shape.merges or ():
        text = texts.get((r0, c0), "")
        shown_rows = [r for r in rows if r0 <= r <= r1]
        shown_cols = [c for c in cols if c0 <= c <= c1]
        if not text or not shown_rows or not shown_cols:
            continue
        anchor = (shown_rows[0], shown_cols[0])
        anchors[anchor] = (text, r1, c1)
        covered.update({(r, c): anchor[0] for r in shown_rows for c in shown_cols if (r, c) != anchor})

    def own(r: int, c: int) -> str:
        if (r, c) in covered:
            return ""
        if (r, c) in anchors:
            return anchors[(r, c)][0]
        return texts.get((r, c), "")

    rows = [r for r in rows if any(own(r, c) for c in cols)]
    cols = [c for c in cols if any(own(r, c) for r in rows)]
    table = Table()
    alone: list[bool] = []  # the row holds one text and goes on no merged cell from above
    for r in rows:
        cells = []
        for c in cols:
            if (r, c) in covered:
                continue
            if (r, c) in anchors:
                text, r1, c1 = anchors[(r, c)]
                cells.append(Cell(text, rowspan=sum(1 for x in rows if r <= x <= r1),
                                  colspan=sum(1 for x in cols if c <= x <= c1)))
            else:
                cells.append(Cell(texts.get((r, c), "")))
        table.rows.append(Row(cells))
        shown = [cell for cell in cells if cell.text]
        alone.append(len(shown) == 1 and shown[0].rowspan == 1
                     and not any(covered.get((r, c), r) < r for c in cols))

    # Rows holding one text alone above the table (a merged title row) and below it (公开方式,
    # 印发 lines) are the text around it, as paragraphs before and after a Word table are; a
    # sheet with no row of more is text, not a table.
    first = next((i for i, a in enumerate(alone) if not a), len(alone))
    last = max((i for i, a in enumerate(alone) if not a), default=len(alone) - 1)
    text = lambda row: Paragraph(next(c.text for c in row.cells if c.text))  # noqa: E731
    before = [text(row) for row in table.rows[:first]]
    after = [text(row) for row in table.rows[last + 1:]]
    table.rows = table.rows[first:last + 1]
    return before + ([table] if table.rows else []) + after
