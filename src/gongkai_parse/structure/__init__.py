"""The structure stage: find the plan in a document's layout and cut it into raw records.

Tables copied as text are rebuilt first (cells.py), so every plan reaches one of two
readings: the plan tables, or the prose. Both feed the same outline (outline.py), and the
reading that places more measures with units or deadlines wins.
"""
from __future__ import annotations

import re
from functools import lru_cache

from .. import grammars
from ..fragments import numbering
from ..layout import Layout, Paragraph, Table, TextLine
from .cells import align_loose_rows, rebuild_cell_lines
from .items import Plan, RawRecord
from .outline import Node, Outline, records_of
from .prose import read_prose
from .table import Header, find_header, read_table

__all__ = ["find_plan", "Plan", "RawRecord", "document_lines", "is_end_matter"]


@lru_cache(maxsize=None)
def _end_matter() -> re.Pattern:
    return re.compile("|".join(f"(?:{p})" for p in grammars.load("metadata")["notice"]["end_matter"]))


def is_end_matter(line: str) -> bool:
    """公开方式：主动公开, 抄送：…, …印发: lines after a plan that are not part of it."""
    return bool(_end_matter().search(line.strip()))


def _block_texts(block) -> list[str]:
    """A paragraph whole (a title broken over lines stays one text), or a table's cells."""
    if isinstance(block, Paragraph):
        return [block.text] if block.text.strip() else []
    return [c.text for row in block.rows for c in row.cells if c.text.strip()]


def _paragraph_lines(block: Paragraph) -> list[TextLine]:
    """The lines of a paragraph, each knowing its pages."""
    out: list[TextLine] = []
    whole = TextLine(block.text, ((0, block.page),) + block.page_starts if block.page is not None else ())
    offset = 0
    for line in block.text.split("\n"):
        if line.strip():
            page = whole.page_at(offset)
            inside = tuple((o - offset, p) for o, p in whole.pages if offset < o < offset + len(line))
            out.append(TextLine(line, (((0, page),) if page is not None else ()) + inside))
        offset += len(line) + 1
    return out


def _block_lines(block) -> list[TextLine]:
    if isinstance(block, Paragraph):
        return _paragraph_lines(block)
    return [TextLine(line, ((0, row.page),) if row.page is not None else ())
            for row in block.rows for cell in row.cells for line in cell.text.split("\n") if line.strip()]


def document_lines(layout: Layout) -> list[TextLine]:
    """Every line of text in reading order (table cells one by one)."""
    return [line for block in layout.blocks for line in _block_lines(block)]


def find_plan(layout: Layout) -> Plan:
    layout = rebuild_cell_lines(layout)
    table = _table_reading(layout)
    readings = [r for r in (table, _prose_reading(layout)) if r is not None]
    if not readings:
        return Plan("none", [], [], _front_texts(layout.blocks, len(document_lines(layout))))
    best = max(readings, key=_explained)
    if table is not None and best is not table:
        best.warnings.append(f"a table with the plan's columns ({'、'.join(table.columns[:4])}) gave "
                             f"{len(table.records)} measures; the text around it was read instead")
        for record in best.records:
            if not (record.units or record.lead or record.cooperate):
                record.review.append("text beside a plan table that gave no measures: not surely a measure")
    return best


def _explained(plan: Plan) -> tuple[int, int, int]:
    """How much of the notice a reading explains: measures with units or a deadline, then
    measures; a table before prose when equal."""
    assigned = sum(1 for r in plan.records if r.units or r.lead or r.cooperate or r.deadline)
    return assigned, len(plan.records), plan.kind == "table"


def _front_texts(blocks, front_lines: int) -> list[str]:
    """The paragraphs holding the given number of leading lines, whole where one fits in."""
    out: list[str] = []
    remaining = front_lines
    for block in blocks:
        if remaining <= 0:
            break
        lines = _block_lines(block)
        if len(lines) <= remaining:
            out.extend(_block_texts(block))
        else:
            out.extend(lines[:remaining])
        remaining -= len(lines)
    return out


# ---------------------------------------------------------------- reading the plan tables

def _table_reading(layout: Layout) -> Plan | None:
    """Every plan table, and the tables continuing one after a page break (one per PDF page,
    or a Word table split at a page break, with its header repeated or without a header but
    of the same width), read into one outline."""
    blocks = layout.blocks
    first = next((i for i, b in enumerate(blocks) if isinstance(b, Table) and find_header(b)), None)
    if first is None:
        return None
    outline = Outline()
    groups: list[tuple[int, list[Table], Header]] = []
    for i in range(first, len(blocks)):
        block = blocks[i]
        if not isinstance(block, Table):
            continue
        found = find_header(block)
        if groups and found and found.first == 0 and found.roles == groups[-1][2].roles:
            groups[-1][1].append(block)  # the next page's table, its header repeated
        elif found:
            groups.append((i, [block], found))
        elif groups and block.rows and len(block.rows[0].cells) == len(groups[-1][1][0].rows[groups[-1][2].last].cells):
            groups[-1][1].append(block)
    for index, tables, header in groups:
        if tables[0].loose:
            for t in tables:
                align_loose_rows(t, header.last if t is tables[0] else -1, header.roles)
        outline.stack = []
        _headings_before(outline, blocks, index)
        for row in tables[0].rows[:header.first]:  # a title row above the header
            for cell in row.cells:
                _open_heading_paragraph(outline, cell.text)
        read_table(outline, tables, header)
    records = records_of(outline.measures())
    front = [text for b in blocks[:first] for text in _block_texts(b)]
    front += [c.text for row in blocks[first].rows[:groups[0][2].first] for c in row.cells if c.text.strip()]
    return Plan("table", groups[0][2].columns, records, front, outline.warnings)


def _headings_before(outline: Outline, blocks, index: int) -> None:
    """一、专项整治安排表 on one of the three lines before the table: a heading over its rows."""
    for k in range(index - 1, max(index - 4, -1), -1):
        if not isinstance(blocks[k], Paragraph):
            return
        text = blocks[k].text.strip()
        if len(text) <= 40 and not re.search(r"[。；;]", text) and _open_heading_paragraph(outline, text):
            return


def _open_heading_paragraph(outline: Outline, text: str) -> bool:
    """Open a heading numbered as a section or task (一、 （一）); whether the text was one."""
    e = numbering.leading(text)
    if e is None or e.kind not in ("section", "task"):
        return False
    outline.open(Node(text[e.end:].strip(), e.no, ("row", e.style), None, e.n))
    return True


# ---------------------------------------------------------------- reading prose

def _prose_reading(layout: Layout) -> Plan | None:
    """The paragraphs, and tables that are no plan table (a page's layout table, a text
    line that a stray | made a table), read as lines."""
    blocks = [b for b in layout.blocks if isinstance(b, Paragraph) or not find_header(b)]
    lines = [line for b in blocks for line in _block_lines(b)]
    outline = Outline()
    found = read_prose(outline, lines, is_end_matter)
    if found is None:
        return None
    start, unplaced = found
    records = records_of(outline.measures())
    warnings = outline.warnings + [f"text in the plan not read as a measure: {t[:40]}" for t in unplaced]
    return Plan("prose", [], records, _front_texts(blocks, start), warnings)
