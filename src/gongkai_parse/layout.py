"""The common layout every reader produces and the structure stage reads.

A document is a sequence of blocks in reading order: paragraphs and tables. Table cells
carry their spans (a merged cell appears once, at its top-left position) and every block
and row carries the page it starts on where the format has pages.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from .errors import InputError

# Spans beyond these are damage or an attack, not layout: Word allows 63 columns, and a
# notice table has a few hundred rows. A few kB of HTML with rowspan=colspan=1000 on every
# cell would otherwise expand to gigabytes of grid.
MAX_COLSPAN = 100
MAX_ROWSPAN = 1000
# Spreading merged cells may multiply the cells written at most MAX_SPREAD times once the
# grid is past MAX_GRID_SLOTS: a long table (100,000 rows written out) is read, a few cells
# with huge spans are refused. Real merges (a task over ten rows) spread far less.
MAX_GRID_SLOTS = 500_000  # a thousand times a large notice table
MAX_SPREAD = 20


@dataclass(slots=True)
class Cell:
    text: str
    rowspan: int = 1
    colspan: int = 1
    bold: bool = False


@dataclass(slots=True)
class Row:
    cells: list[Cell]
    page: int | None = None
    # First row after a page break (or a repeated header): where a row cut by the
    # page boundary continues.
    after_break: bool = False

    def texts(self) -> list[str]:
        return [c.text for c in self.cells]


@dataclass
class Table:
    rows: list[Row] = field(default_factory=list)
    # Cells not aligned to columns (a table copied as text, merged cells left out of a row):
    # the structure stage places them by what they hold.
    loose: bool = False

    def grid(self) -> list[list["GridSlot"]]:
        """The rows as a dense grid of slots, spans expanded.

        A cell spanning several rows or columns fills every slot it covers; each slot
        knows its offset inside the span, so a caller keeps a merged cell's text once
        (the origin slot) and knows which slots are merged from above.
        """
        out: list[list[GridSlot]] = []
        pending: dict[tuple[int, int], GridSlot] = {}
        slots = written = 0
        for r, row in enumerate(self.rows):
            line: list[GridSlot] = []
            col = 0
            cells = iter(row.cells)
            while True:
                while (r, col) in pending:
                    line.append(pending.pop((r, col)))
                    col += 1
                cell = next(cells, None)
                if cell is None:
                    break
                # a span stops at the table's last row (as in a browser) and at MAX_COLSPAN
                width = min(max(cell.colspan, 1), MAX_COLSPAN)
                height = min(max(cell.rowspan, 1), len(self.rows) - r)
                slots += width * height
                written += 1
                if slots > MAX_GRID_SLOTS and slots > MAX_SPREAD * written:
                    raise InputError(f"a table too large to read (over {MAX_GRID_SLOTS:,} cells once its merged "
                                     "cells are spread out)")
                for dc in range(width):
                    line.append(GridSlot(cell, 0, dc))
                    for dr in range(1, height):
                        pending[(r + dr, col + dc)] = GridSlot(cell, dr, dc)
                col += width
            out.append(line)
        return out


@dataclass(frozen=True, slots=True)
class GridSlot:
    cell: Cell
    down: int  # rows below the merged cell's first row (0 on its first row)
    right: int  # columns right of its first column

    @property
    def is_origin(self) -> bool:
        return self.down == 0 and self.right == 0


@dataclass
class Paragraph:
    text: str
    page: int | None = None
    bold: bool = False
    after_break: bool = False
    # (offset, page) where a new page begins inside the text: a paragraph run on across
    # a page break (PDF), so an item inside it knows the page it starts on.
    page_starts: tuple[tuple[int, int], ...] = ()


class TextLine(str):
    """A line of text that knows the page of each of its offsets."""

    pages: tuple[tuple[int, int], ...]

    def __new__(cls, text: str, pages: tuple[tuple[int, int], ...] = ()):
        line = super().__new__(cls, text)
        line.pages = pages
        return line

    def page_at(self, offset: int) -> int | None:
        page = None
        for start, number in self.pages:
            if start > offset:
                break
            page = number
        return page


Block = Paragraph | Table


@dataclass
class Layout:
    blocks: list[Block] = field(default_factory=list)
    pages: int | None = None
    # What the file says about itself beside its text (an OFD's DocInfo): "title", "created"
    # (an ISO date); metadata takes them only where the text gives none.
    info: dict[str, str] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)  # about the input as read, for the Document
    # (page, text, the characters it was unsure of or "") that OCR read with low confidence:
    # the records holding the text get a review reason.
    uncertain: list[tuple[int | None, str, str]] = field(default_factory=list)

    def replace_lone_surrogates(self) -> None:
        """Make every text valid Unicode. A font's ToUnicode map (or a damaged file) can give
        a lone UTF-16 surrogate (U+D800–U+DFFF), which no UTF-8 writer and no pydantic model
        accepts: each becomes U+FFFD (one for one, so offsets into the text hold), and a
        warning says so."""
        replaced = 0
        for block in self.blocks:
            items = [c for row in block.rows for c in row.cells] if isinstance(block, Table) else [block]
            for item in items:
                item.text, n = _SURROGATE.subn("\ufffd", item.text)
                replaced += n
        if replaced:
            self.warnings.append(f"{replaced} character(s) of the input are not valid Unicode (lone surrogates) "
                                 "and were replaced with U+FFFD")


_SURROGATE = re.compile("[\ud800-\udfff]")

