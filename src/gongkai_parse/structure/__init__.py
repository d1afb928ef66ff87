"""The structure stage: find the plan in a document's layout and cut it into raw records.

Tried in order: tables with a recognisable header; a table flattened one cell per line;
numbered prose.
"""
from __future__ import annotations

import re
from functools import lru_cache

from .. import grammars
from ..layout import Layout, Paragraph, Table, TextLine
from .flat import find_flat_header, read_flat_table
from .inline import attach_inline_units
from .items import Heading, Plan, RawRecord
from .prose import read_prose
from .table import find_header, read_plan_table

__all__ = ["find_plan", "Plan", "RawRecord", "Heading", "document_lines", "is_end_matter"]


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


def _block_lines(block) -> list[TextLine]:
    """The lines of a block, each knowing its pages."""
    out: list[TextLine] = []
    if isinstance(block, Paragraph):
        whole = TextLine(block.text, ((0, block.page),) + block.page_starts if block.page is not None else ())
        offset = 0
        for line in block.text.split("\n"):
            if line.strip():
                page = whole.page_at(offset)
                inside = tuple((o - offset, p) for o, p in whole.pages if offset < o < offset + len(line))
                out.append(TextLine(line, (((0, page),) if page is not None else ()) + inside))
            offset += len(line) + 1
        return out
    for row in block.rows:
        for cell in row.cells:
            for line in cell.text.split("\n"):
                if line.strip():
                    out.append(TextLine(line, ((0, row.page),) if row.page is not None else ()))
    return out


def document_lines(layout: Layout) -> list[TextLine]:
    """Every line of text in reading order (table cells one by one)."""
    return [line for block in layout.blocks for line in _block_lines(block)]


def find_plan(layout: Layout) -> Plan:
    plan = _find_plan(layout)
    plan.records = attach_inline_units(plan.records)
    return plan


def _find_plan(layout: Layout) -> Plan:
    blocks = layout.blocks
    for i, block in enumerate(blocks):
        if isinstance(block, Table) and (found := find_header(block)):
            return _table_plan(blocks, i, *found)
    lines = document_lines(layout)
    flat = find_flat_header(lines)
    if flat:
        start, header = flat
        records = read_flat_table(lines[start:], header, is_end_matter)
        if records:
            return Plan("flat", header, records, _front_texts(blocks, lines[: start - len(header)]))
    records, start = read_prose(lines, is_end_matter)
    return Plan("prose", [], records, _front_texts(blocks, lines[:start]))


def _front_texts(blocks, front_lines: list[str]) -> list[str]:
    """The paragraphs holding the given leading lines, whole where a paragraph fits in."""
    out: list[str] = []
    remaining = len(front_lines)
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


def _table_plan(blocks, first: int, header_row: int, roles: dict[int, str]) -> Plan:
    """Every plan table from `first` on. A table continuing the one before it (one per PDF
    page, or a Word table split at a page break), with its header repeated or without a
    header but of the same width, is read with it, so a task or a row cut by the page
    break goes on."""
    records: list[RawRecord] = []
    columns: list[str] = []
    group: list[Table] = [blocks[first]]
    group_header, group_roles = header_row, roles

    def flush() -> None:
        nonlocal columns
        header, recs = read_plan_table(group, group_header, group_roles)
        if not columns:
            columns = [h for h in header if h.strip()]
        records.extend(recs)

    width = len(blocks[first].rows[header_row].cells)
    for block in blocks[first + 1:]:
        if not isinstance(block, Table):
            continue
        found = find_header(block)
        if found and found[1] == group_roles and found[0] == 0:
            group.append(block)  # the next page's table, its header repeated: one plan table
        elif found:
            flush()
            group = [block]
            group_header, group_roles = found
            width = len(block.rows[group_header].cells)
        elif block.rows and len(block.rows[0].cells) == width:
            group.append(block)
    flush()
    front = [text for b in blocks[:first] for text in _block_texts(b)]
    front += [c.text for row in blocks[first].rows[:header_row] for c in row.cells if c.text.strip()]
    return Plan("table", columns, records, front)
