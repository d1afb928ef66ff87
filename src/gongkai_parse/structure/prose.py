"""Plans written as numbered prose, with no table: 一、 sections, （一） tasks, 1. measures.

    一、深化重点领域信息公开
    （一）推进商务规划主动公开。主动公开临沂商务发展规划…     <- task title, then its measure
    （二）…  1.…  2.…                                          <- or a task with numbered measures

Items may each have a line, or share one long line (text copied off a web page).
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from ..cjk_text import remove_cjk_spaces
from ..layout import TextLine
from . import numbering
from .items import Heading, RawRecord

_LEVELS = ("section", "task", "measure")
_TITLE_END = re.compile(r"[。；;]")


@dataclass
class _Item:
    level: str | None  # None: plain text continuing the item before it
    no: str | None
    n: int
    text: str
    line: TextLine  # the line it was cut from, which knows its pages
    start: int = 0  # where its text begins in that line

    def page_at(self, offset: int = 0) -> int | None:
        return self.line.page_at(self.start + offset)


def _split_line(line: TextLine, expected: dict[str, int]) -> list[_Item]:
    """Cut a line where items begin, accepting only enumerators that follow in order."""
    last = expected  # updated in place: numbering runs on across lines
    cuts = sorted(((e.start, e.end, e) for level in _LEVELS for e in numbering.inline(line, level)),
                  key=lambda c: c[0])
    items: list[_Item] = []
    pos = 0
    accepted: list[tuple[int, int, numbering.Enumerator]] = []
    for start, end, e in cuts:
        if accepted and start < accepted[-1][1]:
            continue
        if not _in_order(e, last):
            continue
        accepted.append((start, end, e))
        _advance(e, last)
    for k, (start, end, e) in enumerate(accepted):
        if start > pos and line[pos:start].strip():
            items.append(_Item(None, None, 0, line[pos:start].strip(), line, pos))
        stop = accepted[k + 1][0] if k + 1 < len(accepted) else len(line)
        items.append(_Item(e.level, e.no, e.n, line[end:stop].strip(), line, end))
        pos = stop
    if pos < len(line) and line[pos:].strip() and not accepted:
        items.append(_Item(None, None, 0, line[pos:].strip(), line, pos))
    return items


def _in_order(e: numbering.Enumerator, last: dict[str, int]) -> bool:
    if e.level == "section":
        return e.n == last["section"] + 1
    if e.level == "task":
        return e.n == last["task"] + 1 or (e.n == 1 and last["section"] > 0)
    return e.n == last["measure"] + 1 or e.n == 1


def _advance(e: numbering.Enumerator, last: dict[str, int]) -> None:
    last[e.level] = e.n
    if e.level == "section":
        last["task"] = 0  # （一） starts again in each section


def read_prose(lines: list[TextLine], is_end) -> tuple[list[RawRecord], int]:
    """The records of a prose plan, and the index of the line where the plan starts."""
    expected = {"section": 0, "task": 0, "measure": 0}
    items: list[tuple[int, _Item]] = []
    for index, line in enumerate(lines):
        if is_end(line) and any(it.level in ("section", "task") for _, it in items):
            break
        for item in _split_line(line, expected):
            items.append((index, item))
    start = next((k for k, (_, it) in enumerate(items) if it.level in ("section", "task")), None)
    if start is None:
        return [], len(lines)
    records: list[RawRecord] = []
    section: Heading | None = None
    task: Heading | None = None
    task_title: str | None = None  # the open task, until it has a measure
    task_page: int | None = None
    last: RawRecord | None = None

    def add(text: str, no: str | None, page: int | None) -> RawRecord:
        rec = RawRecord(section, task, remove_cjk_spaces(text), no, page=page)
        records.append(rec)
        return rec

    def close_task() -> None:
        # a task with no measure of its own is its own measure
        if task_title is not None:
            add(task_title, None, task_page)

    for _, item in items[start:]:
        if item.level == "section":
            close_task()
            section, task, task_title, last = Heading("section", [item.text]), None, None, None
        elif item.level == "task":
            close_task()
            title, body, body_at = _title_and_body(item.text)
            task, task_title, task_page, last = Heading("task", [item.no + title]), title, item.page_at(), None
            # 具体要求如下： introduces the numbered measures; other text after the title is one
            if body and not body.endswith(("：", ":")):
                last, task_title = add(body, None, item.page_at(body_at)), None
        elif item.level == "measure":
            last, task_title = add(item.text, item.no, item.page_at()), None
        elif last is not None:
            last.append_measure(item.text)
        elif task is not None:
            last, task_title = add(item.text, None, item.page_at()), None
    close_task()
    return records, items[start][0]


def _title_and_body(text: str) -> tuple[str, str, int]:
    """（一）推进商务规划主动公开。主动公开… -> the title sentence, the rest, and where the rest begins."""
    m = _TITLE_END.search(text)
    if not m:
        return text.strip(), "", len(text)
    return text[: m.start()].strip(), text[m.end():].strip(), m.end()
