"""Plan tables into the outline: header repeated on each page, merged cells, rows broken
across pages, several measures in one cell, section rows, heading columns.

Each row gives the outline its heading cells (section and task columns, left to right;
a row holding one spanning cell) and its measures, which carry the row's units and
deadline cells.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from ..cjk_text import SENTENCE_END, remove_cjk_spaces, squeeze
from ..fragments import numbering
from ..fragments.deadlines import resolve_deadline
from ..fragments.headers import map_header, role_of
from ..layout import Table
from .items import UNIT_FIELDS, join_cell
from .outline import Node, Outline, fill_merged

HEADING_COLUMNS = ("section", "task")


class _Row:
    """One table row seen through the column roles."""

    def __init__(self, cells: list[tuple[int, str, bool, int]], bold: bool, spans_row: bool,
                 page: int | None, after_break: bool, raw: list[str]):
        # (column, text, merged from above, id of the cell giving the text)
        self.cells = cells
        self.bold, self.spans_row, self.page, self.after_break, self.raw = bold, spans_row, page, after_break, raw

    def texts(self, roles: dict[int, str], role: str, *, origin_only: bool = False) -> list[tuple[int, str]]:
        return [(col, text) for col, text, merged, _ in self.cells
                if roles.get(col) == role and text and not (origin_only and merged)]

    def at(self, col: int) -> tuple[str, bool]:
        """(text, merged from above) of the cell in a column."""
        return next(((t, m) for c, t, m, _ in self.cells if c == col), ("", False))

    def get(self, roles: dict[int, str], role: str) -> str:
        return "\n".join(t for _, t in self.texts(roles, role))

    def merged(self, roles: dict[int, str], role: str) -> bool:
        return any(m for col, t, m, _ in self.cells if roles.get(col) == role and t)

    def origin(self, roles: dict[int, str], role: str) -> int | None:
        return next((cid for col, t, _, cid in self.cells if roles.get(col) == role), None)

    def filled(self) -> list[int]:
        return [col for col, text, _, _ in self.cells if text]


@dataclass
class Header:
    """A plan table's header: its rows (one, or two where cells span sub-headers:
    责任单位 over 牵头单位 | 配合单位), the role of each grid column, the names as written."""

    first: int  # index of the first header row
    last: int  # index of the last header row; data starts after it
    roles: dict[int, str]  # grid column -> role
    columns: list[str]  # the column names, finest first
    rows: list[list[str]]  # each header row's cells as written, to know it when repeated


def find_header(table: Table) -> Header | None:
    """The first header of a table, read on the grid (a spanning cell names every column
    it covers), with a second header row where it names the columns a cell above spans."""
    # a header is in the first rows: spread out only those (each table is asked more than
    # once, and a PDF's plan table can run to thousands of rows)
    grid = Table(table.rows[:13]).grid()
    for i, slots in enumerate(grid[:12]):
        texts = [slot.cell.text if slot.down == 0 else "" for slot in slots]
        roles = map_header(texts)
        if not roles:
            continue
        last, names = i, list(texts)
        if i + 1 < len(grid):
            below = [slot.cell.text if slot.is_origin else "" for slot in grid[i + 1]]
            finer = {c: role_of(t) for c, t in enumerate(below) if t.strip()}
            # the cell above spans them, or (a table copied as text, where a span is left
            # as empty cells: 任务分工 then an empty cell) some stand under an empty cell
            spanned = any(s.cell.colspan > 1 and s.down == 0 for s in slots) or any(
                c < len(texts) and not texts[c].strip() for c in finer)
            if spanned and finer and all(finer.values()):
                roles = {**roles, **{c: r for c, r in finer.items() if r}}
                names = [b or t for b, t in zip(below + [""] * len(texts), texts)]
                last = i + 1
        columns = [n for k, n in enumerate(names) if n.strip() and (k == 0 or n != names[k - 1])]
        return Header(i, last, roles, columns, [table.rows[r].texts() for r in range(i, last + 1)])
    return None


def _rows(table: Table, start: int) -> list[_Row]:
    out = []
    grid = table.grid()
    for r in range(start, len(table.rows)):
        slots = grid[r]
        cells, raw = [], []
        for col, slot in enumerate(slots):
            if slot.right:
                continue
            origin_text = slot.cell.text if slot.is_origin else ""
            raw.append(origin_text)
            cells.append((col, slot.cell.text, slot.down > 0, id(slot.cell)))
        shown = [s.cell for s in slots if s.is_origin and s.cell.text]
        bold = bool(shown) and all(c.bold for c in shown)
        spans_row = len(shown) == 1 and shown[0].colspan >= max(2, len(slots) - 1)
        row = table.rows[r]
        out.append(_Row(cells, bold, spans_row, row.page, row.after_break, raw))
    return out


def _is_header_repeat(row: _Row, header: Header) -> bool:
    """A header row again (each page of a PDF or a long Word table repeats it)."""
    cells = [squeeze(t) for t in row.raw if t.strip()]
    for written in header.rows:
        wanted = [squeeze(t) for t in written if t.strip()]
        if cells and cells == wanted[: len(cells)] and len(cells) >= min(2, len(wanted)):
            return True
    return False


def _heading(text: str, key_origin, column: str | None, page: int | None) -> Node:
    e = numbering.leading(text)
    body = text[e.end:] if e else text
    style = e.style if e and e.kind != "measure" else None
    return Node(remove_cjk_spaces(body), e.no if e else None, (key_origin, style), column,
                e.n if e else None, page)


def _is_heading_row(row: _Row, roles: dict[int, str]) -> str | None:
    """The text of a row that is a section or task heading of its own: one cell, bold or
    spanning the width or numbered as a heading, not numbered as a measure."""
    filled = [(col, text, merged) for col, text, merged, _ in row.cells if text]
    if len(filled) != 1 or filled[0][2]:
        return None
    col, text, _ = filled[0]
    e = numbering.leading(text)
    if roles.get(col) in HEADING_COLUMNS and e and e.kind != "measure" and not row.spans_row:
        return None  # a task cell alone on its row: read as the column's heading
    if (row.bold or row.spans_row or (e and e.kind != "measure")) and not (e and e.kind == "measure"):
        return text
    return None


def read_table(outline: Outline, tables: list[Table], header: Header) -> None:
    """Feed a plan table (and the tables continuing it after page breaks) into the outline."""
    roles = header.roles
    rows = _rows(tables[0], header.last + 1)
    for more in tables[1:]:
        more_rows = _rows(more, 0)
        if more_rows:
            more_rows[0].after_break = True
        rows.extend(more_rows)

    measures = [t for r in rows for _, t in r.texts(roles, "measure")]
    numbered = sum(1 for m in measures if numbering.leading(m, ("arabic",))) >= max(1, len(measures) // 2)
    heading_cols = [c for c in sorted(roles) if roles[c] in HEADING_COLUMNS]

    start = len(outline.leaves)
    empty = blank = 0
    broke = False
    last_row: list[Node] = []
    # A merged cell cut by a page break: its text joined across the break, by cell, for the
    # rows below that are still under it.
    joined: dict[int, str] = {}
    for row in rows:
        if _is_header_repeat(row, header):
            broke = True
            continue
        after_break, broke = row.after_break or broke, False
        if not row.filled():
            blank += 1
            continue
        if text := _is_heading_row(row, roles):
            outline.open(_heading(text, "row", None, row.page))
            last_row = []
            continue
        if after_break and last_row and _continues(row, roles, last_row[-1], numbered):
            _continue_row(outline, row, roles, last_row, joined)
            continue
        for col in heading_cols:
            text, merged = row.at(col)
            if text and not merged:
                outline.open(_heading(text, ("col", col), roles[col], row.page))
        measure = row.get(roles, "measure")
        if not measure:
            if any(row.get(roles, f) and not row.merged(roles, f) for f in UNIT_FIELDS):
                empty += 1  # units or a deadline with no measure beside them
            continue
        fields = {}
        for f in UNIT_FIELDS:
            value = row.get(roles, f)
            if row.merged(roles, f) and row.origin(roles, f) in joined:
                value = joined[row.origin(roles, f)]
            if value:
                fields[f] = value
        seq = row.get(roles, "seq").strip()
        last_row = []
        for enum, body in _split_measures(measure):
            if not body:
                continue
            no = enum.no if enum else (seq if re.fullmatch(r"\d{1,4}", seq) else None)
            leaf = outline.add_leaf(Node(remove_cjk_spaces(body), no, None, "measure",
                                         enum.n if enum else None, row.page, fields=dict(fields)))
            last_row.append(leaf)
    fill_merged(outline.leaves[start:])
    if empty:
        outline.warnings.append(f"{empty} rows of the plan table have units or a deadline but no measure text")
    if blank * 2 > len(rows):
        outline.warnings.append(f"{blank} of the plan table's {len(rows)} rows hold no text")


def _split_measures(cell: str):
    """Paragraphs of a cell (<p>, line breaks), each split at consecutive numbers (14. 15.).
    A paragraph without a number continues a numbered one before it, or one cut before the
    end of its sentence (a wrapped line, a <br> inside a sentence)."""
    items: list[list] = []
    for para in cell.split("\n"):
        parts = numbering.split_items(para)
        if parts[0][0] is None and items and (items[-1][0] is not None or not SENTENCE_END.search(items[-1][1])):
            items[-1][1] = f"{items[-1][1]} {parts[0][1]}"
            continue
        items.extend([list(p) for p in parts])
    return [(e, body) for e, body in items]


def _continues(row: _Row, roles, last: Node, numbered: bool) -> bool:
    """Whether the first row on a page is the rest of the row cut at the page end."""
    measure = row.get(roles, "measure")
    if not measure or numbering.leading(measure, ("arabic", "paren_arabic", "circled")):
        return False
    for _, text in row.texts(roles, "task", origin_only=True) + row.texts(roles, "section", origin_only=True):
        e = numbering.leading(text)
        if e and e.kind != "measure":
            return False
    own_cells = any(row.get(roles, f) and not row.merged(roles, f) for f in UNIT_FIELDS)
    cut_mid_sentence = not SENTENCE_END.search(last.text)
    if not own_cells:
        return numbered or cut_mid_sentence
    return cut_mid_sentence and (numbered or _fragments(row, roles, last))


def _fragments(row: _Row, roles, last: Node) -> bool:
    """Cells that are the rest of cut cells: a task without its number where tasks are
    numbered (境信息公开 after （六）推进优化营商环), a deadline cell that reads as no deadline
    (前 after 2022年底)."""
    tasks = row.texts(roles, "task", origin_only=True)
    if tasks and last.parent is not None and last.parent.no:
        return True
    deadline = row.get(roles, "deadline")
    return bool(deadline and last.fields.get("deadline") and resolve_deadline(deadline, 2000).kind is None)


def _continue_row(outline: Outline, row: _Row, roles, last_row: list[Node], joined: dict[int, str]) -> None:
    """The rest of a row cut by a page break: its heading and measure text join the cut
    ones, its units and deadline fragments join theirs (each cell is reported as joined)."""
    heading = last_row[-1].parent
    for role in ("task", "section"):
        for _, text in row.texts(roles, role, origin_only=True):
            node = heading
            while node is not None and node.column != role:
                node = node.parent
            if node is not None and squeeze(text) not in squeeze(node.text):
                node.add_text(text)
    parts = _split_measures(row.get(roles, "measure"))
    last_row[-1].add_text(parts[0][1])
    for f in UNIT_FIELDS:
        if row.get(roles, f) and not row.merged(roles, f):
            for leaf in last_row:
                leaf.fields[f] = join_cell(leaf.fields.get(f), row.get(roles, f))
            joined[row.origin(roles, f)] = last_row[-1].fields[f]
    template = last_row[-1]
    for enum, body in parts[1:]:
        last_row.append(outline.add_leaf(Node(remove_cjk_spaces(body), enum.no if enum else None, None, "measure",
                                              enum.n if enum else None, row.page, fields=dict(template.fields))))
