"""Renderers: one plan -> the bytes of a notice in one layout, and the file name whose suffix
picks the reader. Every rendering starts with the plan's title (which gives the plan year).

Tables are first laid out as a grid (rows of cells with their vertical merges), which the
text, DOCX and HTML renderers then write in their own way."""
from __future__ import annotations

import html
import io
from dataclasses import dataclass, field

from .plans import Measure, Plan

# Header words: one set per `TableOpts.words`.
HEADER_WORDS = [
    {"seq": "序号", "task": "工作任务", "measure": "具体措施", "units": "责任单位", "lead": "牵头单位",
     "coop": "配合单位", "deadline": "完成时限"},
    {"seq": "序号", "task": "重点任务", "measure": "工作内容", "units": "责任部门", "lead": "牵头单位",
     "coop": "协同单位", "deadline": "时限要求"},
    {"seq": "序号", "task": "工作事项", "measure": "具体要求", "units": "责任单位", "lead": "牵头单位",
     "coop": "协办单位", "deadline": "完成时间"},
]

INTRO = "为深入贯彻落实上级关于政务公开工作的部署要求，进一步提升政务公开工作质效，结合本地实际，现将年度重点工作任务分工如下："


@dataclass(frozen=True)
class TableOpts:
    """How a plan becomes a table. The 工作任务 column exists when the plan has tasks, the
    完成时限 column when it has deadlines.

    merge: which cells are merged (shown once, on the first row they cover):
      none   every cell written on every row (the task repeated)
      task   the task cell over its measures
      runs   also runs of equal units / deadline cells within a task
      whole  also units / deadline cells equal over a whole task"""
    seq: bool = False  # a 序号 column counting the measure rows
    split: bool = False  # 牵头单位 + 配合单位 columns instead of one 责任单位 column
    merge: str = "task"
    deadline_first: bool = False  # 完成时限 before the units column(s)
    words: int = 0  # which HEADER_WORDS
    pad_sections: bool = False  # a section row in a text table carries the empty cells after it


# ---------------------------------------------------------------------------------------------
# The grid

@dataclass
class Cell:
    text: str
    span: int = 1  # the rows this cell covers, on its first row
    covered: bool = False  # under a merged cell above: no text of its own


@dataclass
class Row:
    section: str | None = None  # a section row: its text (一、…), spanning the table
    cells: list[Cell] = field(default_factory=list)


def columns(plan: Plan, opts: TableOpts) -> list[str]:
    cols = ["seq"] if opts.seq else []
    if plan.has_tasks:
        cols.append("task")
    cols.append("measure")
    units = ["lead", "coop"] if opts.split else ["units"]
    deadline = ["deadline"] if plan.has_deadlines else []
    return cols + (deadline + units if opts.deadline_first else units + deadline)


def header(plan: Plan, opts: TableOpts) -> list[str]:
    return [HEADER_WORDS[opts.words][c] for c in columns(plan, opts)]


def _runs(values: list[str], how: str) -> list[tuple[int, int]]:
    """(start, length) of the merged cells of one column over one task's rows."""
    if how == "whole":
        return [(0, len(values))] if values[0] and len(set(values)) == 1 else []
    runs, start = [], 0
    for i in range(1, len(values) + 1):
        if i == len(values) or values[i] != values[start]:
            if values[start]:
                runs.append((start, i - start))
            start = i
    return runs


def grid(plan: Plan, opts: TableOpts, *, text_table: bool) -> list[Row]:
    """The table's rows below the header. Merges stay inside one task (or, in a plan without
    tasks, one section). In a text table (text_table) an empty cell under a merge is the only
    sign of it, so the 配合单位 column is never merged there (an empty 配合单位 cell means none)."""
    cols = columns(plan, opts)
    rows: list[Row] = []
    counter = 0
    for s in plan.sections:
        if plan.has_sections:
            rows.append(Row(section=plan.section_label(s)))
        for t in s.tasks:
            group = []
            for m in t.measures:
                counter += 1
                values = {"seq": str(counter), "task": plan.task_label(t) if t.title else "",
                          "measure": plan.measure_label(m), "units": m.units.cell(), "lead": m.units.lead_cell(),
                          "coop": m.units.cooperate_cell(), "deadline": m.deadline.raw if m.deadline else ""}
                group.append([Cell(values[c]) for c in cols])
            for ci, c in enumerate(cols):
                if opts.merge == "none" or c in ("seq", "measure") or (c == "coop" and text_table):
                    continue
                how = "whole" if c == "task" else opts.merge
                if how == "task":
                    continue
                for start, n in _runs([r[ci].text for r in group], how):
                    if n > 1:
                        group[start][ci].span = n
                        for k in range(1, n):
                            group[start + k][ci].covered = True
            rows.extend(Row(cells=g) for g in group)
    return rows


def _text_rows(plan: Plan, opts: TableOpts) -> list[list[str]]:
    """A text table's rows: the header, then each row's cells ('' under a merge); a section
    row is one cell, or a full row when opts.pad_sections."""
    width = len(columns(plan, opts))
    out = [header(plan, opts)]
    for row in grid(plan, opts, text_table=True):
        if row.section is not None:
            out.append([row.section] + ([""] * (width - 1) if opts.pad_sections else []))
        else:
            out.append(["" if c.covered else c.text for c in row.cells])
    return out


def _encode(lines: list[str]) -> bytes:
    return ("\n".join(lines) + "\n").encode("utf-8")


# ---------------------------------------------------------------------------------------------
# 1-3. Text tables

def render_tab(plan: Plan, opts: TableOpts) -> tuple[bytes, str]:
    return _encode([plan.title] + ["\t".join(r) for r in _text_rows(plan, opts)]), "notice.txt"


PIPE_STYLES = {
    # name: (cell separator, before the first cell, after the last cell)
    "spaced_trailing": (" | ", "", " |"),  # a | b | c |
    "spaced_outer": (" | ", "| ", " |"),  # | a | b | c |
    "spaced_bare": (" | ", "", ""),  # a | b | c
    "tight_bare": ("|", "", ""),  # a|b|c
    "tight_trailing": ("|", "", "|"),  # a|b|c|
    "tight_outer": ("|", "|", "|"),  # |a|b|c|
}


def render_pipe(plan: Plan, opts: TableOpts, style: str) -> tuple[bytes, str]:
    sep, before, after = PIPE_STYLES[style]
    return _encode([plan.title] + [before + sep.join(r) + after for r in _text_rows(plan, opts)]), "notice.txt"


def _markdown_table(rows: list[list[str]]) -> list[str]:
    width = len(rows[0])
    line = lambda cells: "| " + " | ".join(cells + [""] * (width - len(cells))) + " |"  # noqa: E731
    return [line(rows[0]), "|" + "|".join(["---"] * width) + "|"] + [line(r) for r in rows[1:]]


def render_markdown(plan: Plan, opts: TableOpts, sections: str = "rows") -> tuple[bytes, str]:
    """sections: "rows" (a section is a table row, its text in the first cell) or "headings"
    (a `## 一、…` heading before each section's own table)."""
    lines = [f"# {plan.title}", ""]
    rows = _text_rows(plan, TableOpts(**{**opts.__dict__, "pad_sections": False}))
    if sections == "rows" or not plan.has_sections:
        return _encode(lines + _markdown_table(rows)), "notice.md"
    head, tables = rows[0], []
    for row in rows[1:]:
        if len(row) == 1:  # a section row (every other row has at least a measure and a units cell)
            tables.append((row[0], [head]))
        else:
            tables[-1][1].append(row)
    for heading, table in tables:
        lines += [f"## {heading}", ""] + _markdown_table(table) + [""]
    return _encode(lines), "notice.md"


# ---------------------------------------------------------------------------------------------
# 4. A web table copied from a browser: one cell per line

FLAT_SEPARATORS = ("plain", "pipe_end", "pipe_line", "blank")
FLAT_MERGES = ("none", "first", "after")


def render_flat(plan: Plan, *, sep: str = "plain", merge: str = "first", seq: bool = False) -> tuple[bytes, str]:
    """Header words one per line, then every cell on its own line.

    sep: plain lines; lines ending in ` |`; cells separated by lone `|` lines; or by blank lines.
    merge: none (every cell written on every row); first (the task cell, and units / deadline
    equal over a whole task, written once on the first row they cover); after (units /
    deadline written after the last measure they cover, the task on its first row)."""
    opts = TableOpts(seq=seq, merge="none" if merge == "none" else "whole")
    cols = columns(plan, opts)
    rows = grid(plan, opts, text_table=False)
    emit: dict[int, list[tuple[float, str]]] = {i: [] for i in range(len(rows))}
    for ri, row in enumerate(rows):
        if row.section is not None:
            emit[ri].append((0, row.section))
            continue
        for ci, cell in enumerate(row.cells):
            if cell.covered:
                continue
            at, order = ri, float(ci)
            if cell.span > 1 and merge == "after" and cols[ci] != "task":
                at = ri + cell.span - 1
            emit[at].append((order, cell.text))
    items = header(plan, opts) + [text for ri in range(len(rows)) for _, text in sorted(emit[ri])]
    if sep == "plain":
        body = items
    elif sep == "pipe_end":
        body = [f"{x} |" for x in items]
    elif sep == "pipe_line":
        body = "\n|\n".join(items).split("\n")
    else:
        body = "\n\n".join(items).split("\n")
    return _encode([plan.title, ""] + body if sep == "blank" else [plan.title] + body), "notice.txt"


# ---------------------------------------------------------------------------------------------
# 5-6. Prose

def _bracket(m: Measure, how: str) -> str:
    """The assignment written at the end of a measure:
    labels: （牵头单位：A；配合单位：B；完成时限：Z）  cell: （A牵头，B配合；完成时限：Z）
    zeren:  （责任单位：A牵头，B配合；完成时限：Z）"""
    u = m.units
    if how == "labels":
        parts = [f"{label}：{'、'.join(names)}" for label, names in
                 (("牵头单位", u.lead), ("配合单位", u.cooperate), ("责任单位", u.responsible)) if names]
    elif how == "cell":
        parts = [u.cell()]
    else:
        parts = [f"责任单位：{u.cell()}"]
    if m.deadline:
        parts.append(f"完成时限：{m.deadline.raw}")
    return "（" + "；".join(parts) + "）"


def _prose_lines(plan: Plan, measure_lines, intro: bool) -> list[str]:
    lines = [plan.title] + ([INTRO] if intro else [])
    for s in plan.sections:
        if plan.has_sections:
            lines.append(plan.section_label(s))
        for t in s.tasks:
            if plan.has_tasks:
                lines.append(plan.task_label(t))
            for m in t.measures:
                lines += measure_lines(m)
    return lines


def render_prose(plan: Plan, *, bracket: str = "labels", intro: bool = False, wrap: int = 0) -> tuple[bytes, str]:
    """一、section / （一）task / 1.measure（责任单位：X；完成时限：Y）. wrap: measure lines
    broken every `wrap` characters, as text copied out of a PDF keeps them."""
    def measure_lines(m: Measure) -> list[str]:
        line = plan.measure_label(m) + _bracket(m, bracket)
        if not wrap:
            return [line]
        return [line[i:i + wrap] for i in range(0, len(line), wrap)]

    return _encode(_prose_lines(plan, measure_lines, intro)), "notice.txt"


def render_labelled(plan: Plan, *, units: str = "roles", intro: bool = False) -> tuple[bytes, str]:
    """A measure line, then 牵头单位：X / 配合单位：Y / 责任单位：Z (units="roles") or one
    责任单位：<the units cell> line (units="cell"), then 完成时限：D."""
    def measure_lines(m: Measure) -> list[str]:
        u = m.units
        if units == "roles":
            out = [f"{label}：{'、'.join(names)}" for label, names in
                   (("牵头单位", u.lead), ("配合单位", u.cooperate), ("责任单位", u.responsible)) if names]
        else:
            out = [f"责任单位：{u.cell()}"]
        if m.deadline:
            out.append(f"完成时限：{m.deadline.raw}")
        return [plan.measure_label(m)] + out

    return _encode(_prose_lines(plan, measure_lines, intro)), "notice.txt"


# ---------------------------------------------------------------------------------------------
# 7. DOCX

def render_docx(plan: Plan, opts: TableOpts) -> tuple[bytes, str]:
    """A Word table: the task cell merged (vMerge) over its measures, equal units / deadline
    cells merged as opts.merge says, section rows one cell spanning the width (gridSpan)."""
    import docx

    d = docx.Document()
    d.add_paragraph(plan.title)
    head = header(plan, opts)
    rows = grid(plan, opts, text_table=False)
    width = len(head)
    table = d.add_table(rows=1 + len(rows), cols=width)
    table.style = "Table Grid"
    grid_cells = [r.cells for r in table.rows]  # before any merge: one cell per grid position
    for cell, text in zip(grid_cells[0], head):
        cell.text = text
    for ri, row in enumerate(rows, start=1):
        if row.section is not None:
            grid_cells[ri][0].text = row.section
            continue
        for ci, cell in enumerate(row.cells):
            if not cell.covered:
                grid_cells[ri][ci].text = cell.text
    for ri, row in enumerate(rows, start=1):
        if row.section is not None:
            if width > 1:
                grid_cells[ri][0].merge(grid_cells[ri][width - 1])
            continue
        for ci, cell in enumerate(row.cells):
            if cell.span > 1:
                grid_cells[ri][ci].merge(grid_cells[ri + cell.span - 1][ci])
    buf = io.BytesIO()
    d.save(buf)
    return buf.getvalue(), "notice.docx"


# ---------------------------------------------------------------------------------------------
# 8. HTML

def render_html(plan: Plan, opts: TableOpts, *, th: bool = True) -> tuple[bytes, str]:
    """A simple page: the table with rowspan for merged cells and colspan for section rows;
    header cells as <th> (th) or <td>."""
    e = html.escape
    tag = "th" if th else "td"
    head = header(plan, opts)
    out = ["<tr>" + "".join(f"<{tag}>{e(w)}</{tag}>" for w in head) + "</tr>"]
    for row in grid(plan, opts, text_table=False):
        if row.section is not None:
            out.append(f'<tr><td colspan="{len(head)}">{e(row.section)}</td></tr>')
            continue
        cells = [f'<td rowspan="{c.span}">{e(c.text)}</td>' if c.span > 1 else f"<td>{e(c.text)}</td>"
                 for c in row.cells if not c.covered]
        out.append("<tr>" + "".join(cells) + "</tr>")
    page = (f'<html><head><meta charset="utf-8"><title>{e(plan.title)}</title></head><body>'
            f'<h1>{e(plan.title)}</h1>\n<table border="1">\n' + "\n".join(out) + "\n</table></body></html>\n")
    return page.encode("utf-8"), "notice.html"
