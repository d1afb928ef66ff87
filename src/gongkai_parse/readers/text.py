"""Plain-text notices: tab- or pipe-separated tables, markdown tables, numbered prose.

Text arrives in UTF-8 (with or without BOM), GB18030/GBK or UTF-16, with CRLF or LF, and
often carries fragments of the web page it was copied from (<p>, <b>, &nbsp;).
"""
from __future__ import annotations

import html
import re

from ..cjk_text import collapse_whitespace
from ..errors import InputError
from ..layout import Cell, Layout, Paragraph, Row, Table

FORMAT = "text"

_BOLD_WRAP = re.compile(r"^\s*<(b|strong)\b[^>]*>(.*)</\1>\s*$", re.I | re.S)
_MD_BOLD_WRAP = re.compile(r"^\s*(\*\*|__)(.+)\1\s*$", re.S)
_BREAK_TAG = re.compile(r"<br\s*/?>|</p\s*>|<p\b[^>]*>|</div\s*>|<div\b[^>]*>", re.I)
_ANY_TAG = re.compile(r"</?[a-zA-Z][^<>]*>")
_MD_HEADING = re.compile(r"^\s*#{1,6}\s+")
_MD_RULE = re.compile(r"^\s*([-*_=])(\s*\1){2,}\s*$")
_MD_ALIGN_CELL = re.compile(r"^\s*:?-{3,}:?\s*$")


def decode(data: bytes) -> str:
    """The text of a file, its encoding detected (charset-normalizer), never guessed."""
    if not data.strip():
        raise InputError("empty file")
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="replace")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16", errors="replace")  # a lone surrogate: one character lost, not the file
    if b"\x00" in data[:4096]:
        raise InputError("binary data, not a text file")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is None:
        raise InputError("cannot tell the text encoding (not UTF-8 or GB18030); binary data?")
    return str(best)


def clean_fragment(raw: str) -> tuple[str, bool]:
    """A line or cell with web-page fragments removed, and whether it was bold.

    <p> and <br> become line breaks (several paragraphs in one cell are several measures).
    """
    bold = False
    m = _BOLD_WRAP.match(raw)
    if m and not _ANY_TAG.search(m.group(2).replace("<p>", "").replace("</p>", "")):
        bold, raw = True, m.group(2)
    elif m := _MD_BOLD_WRAP.match(raw):
        bold, raw = True, m.group(2)
    text = _BREAK_TAG.sub("\n", raw)
    text = _ANY_TAG.sub("", text)
    text = html.unescape(text)
    return collapse_whitespace(text), bold


def split_cells(line: str) -> list[str] | None:
    """The cells of a table line (tab, pipe with or without spaces, markdown), or None for
    a line of prose. A line holding one cell (工作任务 |, a web table copied one cell per
    line) is prose: the structure stage rebuilds such tables."""
    if "\t" in line.rstrip():
        return line.rstrip("\n").split("\t")  # tabs place cells: a leading tab is an empty cell
    if "|" in line or "｜" in line:
        stripped = line.strip().replace("｜", "|")
        if stripped.startswith("|"):
            stripped = stripped[1:]
        if stripped.endswith("|"):
            stripped = stripped[:-1]
        cells = stripped.split("|")
    else:
        return None
    if sum(1 for c in cells if c.strip()) < 2 and not all(_MD_ALIGN_CELL.match(c) for c in cells if c.strip()):
        return None
    return cells


def _another_header(table: Table, cells: list[str]) -> bool:
    """A header row unlike the table's own: lines before it belong to another table."""
    from ..fragments.headers import map_header

    return map_header(cells) is not None and [c.strip() for c in cells] != table.rows[0].texts()


def _one_cell(line: str) -> str:
    """工作任务 | -> 工作任务: the marks left around a cell copied on its own line."""
    return re.sub(r"^[\s|｜]+|[\s|｜]+$", "", line.replace("\t", " "))


def read(data: bytes, name: str = "") -> Layout:
    text = decode(data).replace("\r\n", "\n").replace("\r", "\n")
    if sum(1 for ch in text[:20000] if ch < " " and ch not in "\t\n\f") > 20:
        raise InputError("binary data, not a text file")
    layout = Layout()
    table: Table | None = None
    # Lines without cells met inside a table (一、… between rows, a markdown heading): rows
    # of their own, spanning the width, if the table goes on after them.
    held: list[Paragraph] = []
    after_break = False

    def release() -> None:
        layout.blocks.extend(held)
        held.clear()

    for line in text.split("\n"):
        if "\f" in line:  # pdftotext's page break: the line itself is kept
            after_break = True
            line = line.replace("\f", "")
        if not line.strip():
            after_break = True  # a blank line is where a page ended when text was copied
            continue
        cells = split_cells(line)
        if cells is None:
            if _MD_RULE.match(line):
                after_break = True
                continue
            heading = bool(_MD_HEADING.match(line))
            content, bold = clean_fragment(_one_cell(_MD_HEADING.sub("", line)))
            if content:
                paragraph = Paragraph(content, bold=bold or heading, after_break=after_break)
                if table is not None and len(held) < 3:
                    held.append(paragraph)
                else:
                    table = None
                    release()
                    layout.blocks.append(paragraph)
            after_break = False
            continue
        if all(_MD_ALIGN_CELL.match(c) for c in cells if c.strip()) and any(c.strip() for c in cells):
            continue  # markdown |---|---| line
        cleaned = [clean_fragment(c) for c in cells]
        if not any(t for t, _ in cleaned):
            after_break = True
            continue
        if table is not None and held and _another_header(table, [t for t, _ in cleaned]):
            table = None  # another table begins (附件2, its title, then its own header)
            release()
        if table is None:
            table = Table(loose=True)
            layout.blocks.append(table)
        for paragraph in held:
            table.rows.append(Row([Cell(paragraph.text, colspan=max(len(table.rows[0].cells), 2), bold=paragraph.bold)]))
        held.clear()
        table.rows.append(Row([Cell(t, bold=b) for t, b in cleaned], after_break=after_break and bool(table.rows)))
        after_break = False
    release()
    return layout
