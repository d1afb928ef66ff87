"""Tables rebuilt from text, whatever form the copy left them in.

A table copied off a web page loses its grid: rows lack the cells a merge showed only once
(`2. 制定… | 市法制局牵头… |` under a three-column header), or every cell stands on a line
of its own, with `|` marks or blank lines between. The header fixes the width; the cells
after it are grouped into rows and each is placed in its column by what it is (a 序号,
a units text, a deadline, a numbered heading, text), so the structure stage sees one kind
of table whatever the form.
"""
from __future__ import annotations

import re
from functools import lru_cache

from ..cjk_text import SENTENCE_END
from ..fragments import numbering
from ..fragments.deadlines import looks_like_deadline
from ..fragments.titles import title_ending
from ..fragments.headers import exact_role, map_header, role_of
from ..fragments.units import looks_like_units
from ..layout import Cell, Layout, Paragraph, Row, Table

_SEQ = re.compile(r"\d{1,4}")
_SCORE = re.compile(r"[（(]?\d+\.\d+[)）]?|[（(]\d+[)）]?")
_PIPES = re.compile(r"^[\s|｜]+|[\s|｜]+$")
ATTACHMENT_ROLES = ("units", "lead", "cooperate", "deadline")
_MEASURE_STYLES = ("arabic", "paren_arabic", "circled")


@lru_cache(maxsize=4096)
def cell_kind(text: str) -> str:
    """seq | number | heading | deadline | units | text | empty: what a cell holds, read
    alone (a table's rows are placed by it, so each cell is asked several times)."""
    t = text.strip()
    if not t:
        return "empty"
    if _SEQ.fullmatch(t):
        return "seq"
    if _SCORE.fullmatch(t):
        return "number"  # 0.75, (0.5: a score beside an indicator, not a cell of the plan
    e = numbering.leading(t)
    if e and e.kind in ("section", "task"):
        return "heading"
    if looks_like_deadline(t):
        return "deadline"
    if looks_like_units(t):
        return "units"
    return "text"


def align(cells: list[str], roles: dict[int, str], width: int) -> list[str] | None:
    """Cells of a row that lacks some (merged cells shown once) placed in their columns:
    attachments by kind, numbered headings in the heading columns from the left, other text
    in the text columns from the right (the measure is the last text of a row). None when
    the row is one heading of its own (a section row)."""
    out = [""] * width
    kinds = [(cell_kind(c), c) for c in cells if c.strip()]
    heading_cols = [c for c in sorted(roles) if roles[c] in ("section", "task")]
    first_attachment = min((c for c in roles if roles[c] in ATTACHMENT_ROLES), default=width)
    text_cols = [c for c in range(first_attachment) if roles.get(c) not in ("seq",) + ATTACHMENT_ROLES]
    headings = [c for k, c in kinds if k == "heading"]
    texts = [c for k, c in kinds if k == "text"]
    if len(kinds) == 1 and headings and not heading_cols:
        return None
    for col, text in zip(heading_cols, headings):
        out[col] = text
    free = [c for c in text_cols if not out[c]]
    if headings and not heading_cols:
        texts = headings + texts
    for col, text in zip(free[::-1], texts[::-1]):
        out[col] = text
    units_cols = [c for c in sorted(roles) if roles[c] in ("units", "lead", "cooperate")]
    for kind, text in kinds:
        if kind == "seq":
            cols = [c for c in roles if roles[c] == "seq"]
        elif kind == "deadline":
            cols = [c for c in roles if roles[c] == "deadline"]
        elif kind == "units":
            cols = [c for c in units_cols if not out[c]][:1]
        else:
            continue
        if cols and not out[cols[0]]:
            out[cols[0]] = text
    return out


def align_loose_rows(table: Table, header_row: int, roles: dict[int, str]) -> None:
    """A text table whose rows lack cells: each short row re-placed by content."""
    width = len(table.rows[header_row].cells)
    for row in table.rows[header_row + 1:]:
        if len(row.cells) >= width or not any(c.text.strip() for c in row.cells) or (
                len(row.cells) == 1 and row.cells[0].colspan > 1):
            continue  # full, empty, or a heading row spanning the width
        placed = align([c.text for c in row.cells], roles, width)
        if placed is None:
            text = next(c.text for c in row.cells if c.text.strip())
            row.cells = [Cell(text, colspan=width, bold=row.cells[0].bold)]
        else:
            row.cells = [Cell(t) for t in placed]


# ---------------------------------------------------------------- one cell per line

@lru_cache(maxsize=None)
def _stop_line() -> re.Pattern:
    """附件2, or a plan's title with its year: where a table copied one cell per line has ended."""
    return re.compile(f"^(?:附件\\s*\\d*\\s*[:：]?\\s*$|[^。；;，,]*\\d{{4}}年[^。；;，,]*(?:{title_ending()})$)")


def _cell_text(line: str) -> str:
    return _PIPES.sub("", line).strip()


def _header_run(lines: list[str], i: int) -> tuple[int, list[str]] | None:
    """(index after, header words) when a run of header words starts at line i."""
    words, j = [], i
    while j < len(lines):
        text = _cell_text(lines[j])
        if not text:
            j += 1
            continue
        # a header word: a known one, or one built on a root word that is no units text
        # or deadline itself (市直各单位 and 按要求 are cells, not headers)
        role = role_of(text)
        if not (exact_role(text) or (role and role != "other" and len(text) <= 8 and cell_kind(text) == "text")):
            break
        words.append(text)
        j += 1
    if len(words) < 2 or not map_header(words):
        return None
    return j, words


def _segment(cells: list[str], unit_columns: int, text_columns: int, seq_numbers: bool) -> list[list[str]]:
    """Cells into rows: a row ends at its units or deadline; a 序号 opens a row; a second
    numbered measure opens a new one; a numbered heading is a row of its own."""
    rows: list[list[tuple[str, str]]] = []
    current: list[tuple[str, str]] = []
    for text in cells:
        kind = cell_kind(text)
        if kind == "number" or (kind == "seq" and not seq_numbers):
            continue  # scores beside indicators
        kinds = [k for k, _ in current]
        if kind == "units" and kinds[-1:] == ["units"] and kinds.count("units") >= unit_columns:
            current[-1] = ("units", current[-1][1] + "\n" + text)  # a cell's second line
            continue
        attached = any(k in ("units", "deadline") for k in kinds)
        new = bool(current) and (
            (kind == "seq" and any(k != "seq" for k in kinds))
            or (kind in ("text", "heading") and attached)
            # a numbered heading is a row of its own, or follows the 序号 of its row
            or (kind == "heading" and any(k != "seq" for k in kinds))
            or ("heading" in kinds and "seq" not in kinds)
            # a numbered measure is the last text of its row
            or (kind == "text" and any(k == "text" and numbering.leading(t, _MEASURE_STYLES) for k, t in current))
            or (kind == "units" and kinds.count("units") >= unit_columns)
        )
        if new:
            rows.append([t for _, t in current])
            current = []
        current.append((kind, text))
    if current:
        rows.append([t for _, t in current])
    # more texts than text columns: a measure cut by a page break (检查结 | 果及处理信息),
    # or measures before it whose units were merged
    out: list[list[str]] = []
    for row in rows:
        texts = [t for t in row if cell_kind(t) == "text"]
        if len(texts) > max(text_columns, 1) >= 2 and len(texts[-2]) > 15 and not SENTENCE_END.search(texts[-2]):
            i = row.index(texts[-2])
            row = row[:i] + [texts[-2] + texts[-1]] + row[i + 2:]
            texts = texts[:-2] + [texts[-2] + texts[-1]]
        for extra in texts[: max(0, len(texts) - max(text_columns, 1))]:
            out.append([extra])
            row = [t for t in row if t is not extra]
        out.append(row)
    return out


def _table_from_cells(header: list[str], cells: list[str]) -> Table:
    roles = map_header(header) or {}
    first_attachment = min((c for c in roles if roles[c] in ATTACHMENT_ROLES), default=len(header))
    text_columns = sum(1 for c in range(first_attachment) if roles.get(c) not in ("seq",) + ATTACHMENT_ROLES)
    seq_numbers = _numbers_in_order([c for c in cells if _SEQ.fullmatch(c.strip())])
    rows = _segment(cells, sum(1 for r in roles.values() if r in ("units", "lead", "cooperate")), text_columns,
                    seq_numbers)
    if "seq" not in roles.values() and seq_numbers:
        # 序号 values under a header that names no 序号 column: a column of their own, first
        header = ["序号"] + header
        roles = {c + 1: r for c, r in roles.items()} | {0: "seq"}
    width = len(header)
    matrix = [align(row, roles, width) for row in rows]  # None: a heading row of its own
    spans = _spans_up(matrix, roles)
    table = Table([Row([Cell(h) for h in header])])
    for r, placed in enumerate(matrix):
        if placed is None:
            table.rows.append(Row([Cell(rows[r][0], colspan=width)]))
            continue
        cells = []
        for c, text in enumerate(placed):
            if spans.get((r, c)) == 0:
                continue  # under a merged cell shown on an earlier row
            cells.append(Cell(text, rowspan=spans.get((r, c), 1)))
        table.rows.append(Row(cells))
    return table


def _numbers_in_order(numbers: list[str]) -> bool:
    """Bare numbers that count rows (1 2 3 5 6) rather than scores (23 3 2 23)."""
    values = [int(n) for n in numbers]
    if not values:
        return False
    rising = sum(1 for a, b in zip(values, values[1:]) if b > a)
    return rising * 10 >= (len(values) - 1) * 7


def _spans_up(matrix: list[list[str] | None], roles: dict[int, str]) -> dict[tuple[int, int], int]:
    """A units or deadline cell written after several measures (a merged cell copied from a
    web page after the last row it covers) covers the rows since the last such cell of its
    column under the same heading: it becomes a merged cell on the first of them. (r, c) ->
    rowspan, 0 for a slot covered from above."""
    attachment_cols = [c for c in roles if roles[c] in ATTACHMENT_ROLES]
    heading_cols = [c for c in roles if roles[c] in ("section", "task")]
    measure_cols = [c for c in roles if roles[c] == "measure"]
    spans: dict[tuple[int, int], int] = {}
    waiting: dict[int, list[int]] = {c: [] for c in attachment_cols}  # rows still without it
    for r, placed in enumerate(matrix):
        if placed is None or any(placed[c] for c in heading_cols):
            waiting = {c: [] for c in attachment_cols}
        if placed is None or not any(placed[c] for c in measure_cols):
            continue  # a heading's row: units below it are not its own
        for c in attachment_cols:
            if not placed[c]:
                waiting[c].append(r)
                continue
            if waiting[c]:
                top = waiting[c][0]
                matrix[top][c] = placed[c]
                spans[(top, c)] = r - top + 1
                for k in range(top + 1, r + 1):
                    spans[(k, c)] = 0
            waiting[c] = []
    return spans


def rebuild_cell_lines(layout: Layout) -> Layout:
    """Paragraphs that are a table flattened one cell per line, after a header written one
    word per line, become a Table in their place."""
    blocks = layout.blocks
    out: list = []
    i = 0
    while i < len(blocks):
        block = blocks[i]
        if not isinstance(block, Paragraph):
            out.append(block)
            i += 1
            continue
        lines = []
        j = i
        while j < len(blocks) and isinstance(blocks[j], Paragraph):
            lines.append(blocks[j].text)
            j += 1
        found = None
        for k in range(len(lines)):
            found = _header_run(lines, k)
            if found:
                break
        if not found:
            out.extend(blocks[i:j])
            i = j
            continue
        after, header = found
        start = i + k
        out.extend(blocks[i:start])
        cells, m = [], after
        while m < len(lines):
            if _header_run(lines, m) or _is_end(lines[m]):
                break
            if text := _cell_text(lines[m]):
                cells.append(text)
            m += 1
        out.append(_table_from_cells(header, cells))
        i = i + m
    return Layout(out, layout.pages)


def _is_end(line: str) -> bool:
    from . import is_end_matter

    text = _cell_text(line)
    return is_end_matter(text) or bool(_stop_line().match(text))
