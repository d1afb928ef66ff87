"""A web table flattened to one cell per line (text copied from a browser).

    工作任务 / 具体措施 / 责任单位 / 完成时限      <- header words, each on a line
    (一)推进…                                   <- task
    1.依托…  2.市直…                            <- measures
    市政府办公室、市司法局 / 2022年底前           <- units and deadline after the measures they cover

A units/deadline block covers the measures since the previous block. A measure with no
block of its own before the next task (or the end) shares the block just before it.
"""
from __future__ import annotations

from ..cjk_text import remove_cjk_spaces
from ..layout import TextLine
from ..normalise.deadlines import looks_like_deadline
from ..fragments.units import looks_like_units
from . import numbering
from .headers import role_of
from .items import Heading, RawRecord


def find_flat_header(lines: list[str]) -> tuple[int, list[str]] | None:
    """(index after the header, header words) of a run of header-word lines."""
    i = 0
    while i < len(lines):
        j = i
        while j < len(lines) and role_of(lines[j]):
            j += 1
        roles = [role_of(x) for x in lines[i:j]]
        if j - i >= 2 and ("measure" in roles or "task" in roles) and len(set(roles)) == len(roles):
            return j, lines[i:j]
        i = j + 1 if j > i else i + 1
    return None


def read_flat_table(lines: list[TextLine], header: list[str], is_end) -> list[RawRecord]:
    roles = [role_of(h) for h in header]
    has_units = any(r in ("units", "lead", "cooperate") for r in roles)
    has_deadline = "deadline" in roles
    numbered = sum(1 for x in lines if numbering.leading(x, "measure")) >= 2

    records: list[RawRecord] = []
    section: Heading | None = None
    task: Heading | None = None
    pending: list[RawRecord] = []  # measures waiting for their units/deadline block
    block_open = False  # a block has started since the last measure
    last_block: dict[str, str | None] = {}

    def close_pending() -> None:
        # measures left without a block of their own share the block before them
        for rec in pending:
            if rec.units is None and rec.deadline is None:
                rec.units, rec.deadline = last_block.get("units"), last_block.get("deadline")
        pending.clear()

    def give(field: str, value: str) -> None:
        nonlocal block_open
        if not block_open:
            last_block.clear()
            block_open = True
        last_block[field] = value
        for rec in pending:
            setattr(rec, field, value)

    for line in lines:
        if is_end(line):
            break
        if role_of(line) and line.strip() in header:
            continue  # the header again, after a page break
        if numbering.leading(line, "section"):
            close_pending()
            section, task = Heading("section", [line]), None
            continue
        if numbering.leading(line, "task"):
            close_pending()
            task = Heading("task", [line])
            continue
        if numbering.leading(line, "measure"):
            if block_open:
                pending.clear()
                block_open = False
            for enum, body in numbering.split_items(line, "measure"):
                rec = RawRecord(section, task, remove_cjk_spaces(body), enum.no if enum else None,
                                page=line.page_at(enum.start if enum else 0))
                records.append(rec)
                pending.append(rec)
            continue
        if has_deadline and looks_like_deadline(line):
            give("deadline", line)
            continue
        if has_units and looks_like_units(line):
            give("units", line)
            continue
        if records and not block_open and (numbered or not pending):
            records[-1].append_measure(line)  # a measure's text wrapped onto a new line
            continue
        if block_open:
            pending.clear()
            block_open = False
        rec = RawRecord(section, task, remove_cjk_spaces(line), page=line.page_at(0))
        records.append(rec)
        pending.append(rec)
    close_pending()
    return records
