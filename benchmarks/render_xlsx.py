"""Render a folder of Word notices as workbooks, to measure the spreadsheet reader.

    python benchmarks/render_xlsx.py DOCX_DIR OUT_DIR

Each NAME.docx becomes OUT_DIR/NAME.xlsx with one sheet: the paragraphs as one-cell rows
(the title above the table, the covering text), each table cell by cell in its place, merged
cells as merged ranges. Read with python-docx only (not with gongkai-parse's own reader),
so the workbook is an independent rendering of the same notice.
"""
from __future__ import annotations

import sys
from pathlib import Path

import docx
import openpyxl
from docx.table import Table
from docx.text.paragraph import Paragraph


def blocks(document):
    """Paragraphs and tables of the body in order."""
    for child in document.element.body.iterchildren():
        if child.tag.endswith("}p"):
            yield Paragraph(child, document)
        elif child.tag.endswith("}tbl"):
            yield Table(child, document)


def write_table(ws, table: Table, top: int) -> int:
    """The table from row `top` (1-based); returns the next free row. A merged Word cell
    (the same cell at several grid positions) becomes one merged range."""
    grid = [list(row.cells) for row in table.rows]
    seen: dict[int, list[int]] = {}  # id of the cell's XML element -> [r0, c0, r1, c1]
    for r, row in enumerate(grid):
        for c, cell in enumerate(row):
            box = seen.setdefault(id(cell._tc), [r, c, r, c])
            box[2], box[3] = max(box[2], r), max(box[3], c)
            if box[:2] == [r, c]:
                ws.cell(top + r, 1 + c, cell.text)
    for r0, c0, r1, c1 in seen.values():
        if (r1, c1) != (r0, c0):
            ws.merge_cells(start_row=top + r0, start_column=1 + c0, end_row=top + r1, end_column=1 + c1)
    return top + len(grid)


def render(source: Path, target: Path) -> None:
    document = docx.Document(str(source))
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Sheet1"
    row = 1
    for block in blocks(document):
        if isinstance(block, Table):
            row = write_table(ws, block, row)
        elif block.text.strip():
            ws.cell(row, 1, block.text)
            row += 1
    wb.save(target)


def main(argv: list[str]) -> int:
    if len(argv) != 2:
        print(__doc__.strip().splitlines()[2], file=sys.stderr)
        return 2
    source, out = Path(argv[0]), Path(argv[1])
    out.mkdir(parents=True, exist_ok=True)
    for path in sorted(source.glob("*.docx")):
        render(path, out / f"{path.stem}.xlsx")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
