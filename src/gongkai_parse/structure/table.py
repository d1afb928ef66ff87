"""Plan tables: header repeated on each page, merged cells, rows broken across pages,
several measures in one cell, section rows and section columns."""
from __future__ import annotations

import re

from ..cjk_text import remove_cjk_spaces, squeeze
from ..layout import Table
from . import numbering
from .headers import map_header
from ..normalise.deadlines import resolve_deadline
from .items import UNIT_FIELDS, Heading, RawRecord, join_cell

_SENTENCE_END = re.compile(r"[。；;！!？?]\s*$")


class _Row:
    """One table row seen through the column roles."""

    def __init__(self, texts: dict[str, str], merged_down: set[str], bold: bool, spans_row: bool,
                 page: int | None, after_break: bool, raw: list[str], origins: dict[str, int]):
        self.texts, self.merged_down, self.bold, self.spans_row = texts, merged_down, bold, spans_row
        self.page, self.after_break, self.raw = page, after_break, raw
        self.origins = origins  # role -> id of the (possibly merged) cell that gives its text

    def get(self, role: str) -> str:
        return self.texts.get(role, "")

    def filled(self) -> list[str]:
        return [r for r, t in self.texts.items() if t]


def find_header(table: Table) -> tuple[int, dict[int, str]] | None:
    """(row index, column roles) of the first header row in a table."""
    for i, row in enumerate(table.rows[:12]):
        roles = map_header(row.texts())
        if roles:
            return i, roles
    return None


def _rows(table: Table, start: int, roles: dict[int, str]) -> list[_Row]:
    out = []
    grid = table.grid()
    for r in range(start, len(table.rows)):
        slots = grid[r]
        texts: dict[str, str] = {}
        merged_down: set[str] = set()
        origins: dict[str, int] = {}
        raw = []
        for col, slot in enumerate(slots):
            role = roles.get(col)
            text = slot.cell.text if slot.is_origin else ""
            raw.append(text)
            if role is None:
                continue
            origins.setdefault(role, id(slot.cell))
            if slot.down > 0 and slot.right == 0:
                merged_down.add(role)
                text = slot.cell.text
            if text:
                texts[role] = f"{texts[role]}\n{text}" if texts.get(role) else text
        shown = [s.cell for s in slots if s.is_origin and s.cell.text]
        bold = bool(shown) and all(c.bold for c in shown)
        spans_row = len(shown) == 1 and shown[0].colspan >= max(2, len(roles) - 1)
        row = table.rows[r]
        out.append(_Row(texts, merged_down, bold, spans_row, row.page, row.after_break, raw, origins))
    return out


def _is_header_repeat(row: _Row, header: list[str]) -> bool:
    cells = [squeeze(t) for t in row.raw if t.strip()]
    wanted = [squeeze(t) for t in header if t.strip()]
    return bool(cells) and cells == wanted[: len(cells)] and len(cells) >= min(2, len(wanted))


def _same_heading(heading: Heading | None, text: str, level: str) -> bool:
    """The same section or task again (a merged cell repeated on a new page): the same
    words, and the same number where both have one; （二） with the words of （一） is new."""
    if heading is None:
        return False
    no_a, a = numbering.strip_leading(heading.text, level)
    no_b, b = numbering.strip_leading(text, level)
    if no_a and no_b and squeeze(no_a) != squeeze(no_b) and numbering.cn_to_int(
            re.sub(r"\D", "", no_a) or _numeral(no_a)) != numbering.cn_to_int(re.sub(r"\D", "", no_b) or _numeral(no_b)):
        return False
    return squeeze(a) == squeeze(b)


def _numeral(no: str) -> str:
    return re.sub(r"[^一二三四五六七八九十百零〇两]", "", no)


def read_plan_table(tables: list[Table], header_row: int, roles: dict[int, str]) -> tuple[list[str], list[RawRecord]]:
    """The records of a plan table (and of tables continuing it after a page break)."""
    header = tables[0].rows[header_row].texts()
    rows = _rows(tables[0], header_row + 1, roles)
    for more in tables[1:]:
        more_rows = _rows(more, 0, roles)
        if more_rows:
            more_rows[0].after_break = True
        rows.extend(more_rows)

    measures = [r.get("measure") for r in rows if r.get("measure")]
    numbered = sum(1 for m in measures if numbering.leading(m, "measure")) >= max(1, len(measures) // 2)

    records: list[RawRecord] = []
    section: Heading | None = None
    task: Heading | None = None
    broke = False
    last_row: list[RawRecord] = []
    # A merged cell cut by a page break: its text joined across the break, by cell, for
    # the rows below that are still under it.
    joined: dict[int, str] = {}
    for row in rows:
        if _is_header_repeat(row, header):
            broke = True
            continue
        for f in UNIT_FIELDS:
            if f in row.merged_down and row.origins.get(f) in joined:
                row.texts[f] = joined[row.origins[f]]
        after_break, broke = row.after_break or broke, False
        filled = row.filled()
        if not filled:
            continue

        if len(filled) == 1 and not row.merged_down:
            only = row.get(filled[0])
            if numbering.leading(only, "task") and filled[0] != "measure":
                task = Heading("task", [only])
                continue
            if (row.bold or row.spans_row or numbering.leading(only, "section")) and not numbering.leading(only, "measure"):
                section, task = Heading("section", [only]), None
                continue

        if after_break and last_row and _continues(row, last_row[-1], numbered):
            _continue_row(row, section, task, last_row, records, joined)
            continue

        text = row.get("section")
        if text and "section" not in row.merged_down and not _same_heading(section, text, "section"):
            section, task = Heading("section", [text]), None
        text = row.get("task")
        if text and "task" not in row.merged_down and not _same_heading(task, text, "task"):
            task = Heading("task", [text])

        measure = row.get("measure")
        if not measure:
            continue
        last_row = []
        for enum, body in _split_measures(measure):
            if not body:
                continue
            no = enum.no if enum else None
            if no is None and row.get("seq") and row.get("seq").strip().isdigit():
                no = row.get("seq").strip()
            rec = RawRecord(section, task, remove_cjk_spaces(body), no, page=row.page,
                            **{f: row.get(f) or None for f in UNIT_FIELDS})
            records.append(rec)
            last_row.append(rec)
    _fill_merged(records)
    return header, records


def _split_measures(cell: str):
    """Paragraphs of a cell (<p>, line breaks), each split at consecutive numbers (14. 15.).
    A paragraph without a number continues a numbered one before it (a wrapped line)."""
    items: list[list] = []
    for para in cell.split("\n"):
        parts = numbering.split_items(para, "measure")
        if parts[0][0] is None and items and items[-1][0] is not None:
            items[-1][1] = f"{items[-1][1]} {parts[0][1]}"
            continue
        items.extend([list(p) for p in parts])
    return [(e, body) for e, body in items]


def _continues(row: _Row, last: RawRecord, numbered: bool) -> bool:
    """Whether the first row on a page is the rest of the row cut at the page end."""
    measure = row.get("measure")
    if not measure or numbering.leading(measure, "measure"):
        return False
    if numbering.leading(row.get("task"), "task") or numbering.leading(row.get("section"), "section"):
        return False
    own_cells = any(row.get(f) and f not in row.merged_down for f in UNIT_FIELDS)
    cut_mid_sentence = not _SENTENCE_END.search(last.measure)
    if not own_cells:
        return numbered or cut_mid_sentence
    return cut_mid_sentence and (numbered or _fragments(row, last))


def _fragments(row: _Row, last: RawRecord) -> bool:
    """Cells that are the rest of cut cells: a task without its number where tasks are
    numbered (境信息公开 after （六）推进优化营商环), a deadline cell that reads as no deadline
    (前 after 2022年底)."""
    task = row.get("task")
    if task and "task" not in row.merged_down and last.task is not None and numbering.leading(last.task.text, "task"):
        return True
    deadline = row.get("deadline")
    return bool(deadline and last.deadline and resolve_deadline(deadline, 2000).kind is None)


def _continue_row(row: _Row, section, task, last_row: list[RawRecord], records: list[RawRecord],
                  joined: dict[int, str]) -> None:
    if section is not None and row.get("section") and not _same_heading(section, row.get("section"), "section"):
        section.add(row.get("section"))
    if task is not None and row.get("task") and not _same_heading(task, row.get("task"), "task"):
        task.add(row.get("task"))
    parts = _split_measures(row.get("measure"))
    last_row[-1].append_measure(parts[0][1])
    for f in UNIT_FIELDS:
        if row.get(f) and f not in row.merged_down:
            for rec in last_row:
                setattr(rec, f, join_cell(getattr(rec, f), row.get(f)))
            joined[row.origins[f]] = getattr(last_row[-1], f)
    template = last_row[-1]
    for enum, body in parts[1:]:
        rec = RawRecord(template.section, template.task, remove_cjk_spaces(body), enum.no if enum else None,
                        page=row.page,
                        **{f: getattr(template, f) for f in UNIT_FIELDS})
        records.append(rec)
        last_row.append(rec)


def _fill_merged(records: list[RawRecord]) -> None:
    """An empty units or deadline cell under a merged cell: within a task, take the value
    above (Word and PDF show a merged cell on its first row), or for rows before any
    value, the value below (web copies show it after the last row it covers)."""
    start = 0
    while start < len(records):
        end = start
        while end < len(records) and records[end].task is records[start].task and records[end].section is records[start].section:
            end += 1
        group = records[start:end]
        for f in ("units", "lead", "deadline"):  # an empty 配合单位 cell usually means none
            values = [getattr(r, f) for r in group]
            if all(values) or not any(values):
                continue
            previous = None
            for r in group:
                if getattr(r, f):
                    previous = getattr(r, f)
                elif previous:
                    setattr(r, f, previous)
            following = None
            for r in reversed(group):
                if getattr(r, f):
                    following = getattr(r, f)
                elif following:
                    setattr(r, f, following)
        start = end
