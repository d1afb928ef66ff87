"""Web pages (.html) of published notices, parsed with lxml into the common layout.

A government page wraps the notice in navigation, layout tables and a metadata table
(索引号 / 发布机构 / 成文日期 / 文号 …). Text blocks and tables come out in page order;
tables that hold other tables are frames and are read through; rowspan/colspan are kept;
<br> and <p> inside a cell are line breaks.
"""
from __future__ import annotations

import re

from ..cjk_text import collapse_whitespace
from ..errors import InputError
from ..layout import MAX_COLSPAN, MAX_ROWSPAN, Cell, Layout, Paragraph, Row, Table

FORMAT = "html"

_SKIP = {"script", "style", "head", "noscript", "template", "iframe", "object", "svg", "button", "select",
         "input", "textarea", "nav"}
_BLOCK = {"p", "h1", "h2", "h3", "h4", "h5", "h6", "li", "dt", "dd", "pre", "blockquote", "center",
          "caption", "address", "figcaption", "tr", "dl", "ul", "ol", "section", "article", "header",
          "footer", "main", "aside", "div", "form", "fieldset", "hr", "body", "html", "table", "tbody",
          "thead", "tfoot", "td", "th"}
_BOLD = {"b", "strong", "h1", "h2", "h3", "h4", "h5", "h6", "th"}
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([\w-]+)""", re.I)
MAX_DEPTH = 400  # deeper nesting than any real page: read no further (and never recurse unbounded)


def decode(data: bytes) -> str:
    """The page's text: its declared charset, else a detected one."""
    if not data.strip():
        raise InputError("empty file")
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="replace")
    m = _META_CHARSET.search(data[:4096])
    if m:
        declared = m.group(1).decode("ascii", "ignore").lower()
        # gb2312 and gbk pages carry characters beyond their declared set: read as GB18030.
        codec = "gb18030" if declared in ("gb2312", "gbk", "gb18030", "x-gbk") else declared
        try:
            return data.decode(codec)
        except (LookupError, UnicodeError):  # an unknown name, or Python's "undefined" codec
            pass
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        from charset_normalizer import from_bytes

        best = from_bytes(data).best()
        if best is None:
            raise InputError("cannot tell the page's text encoding") from None
        return str(best)


def read(data: bytes, name: str = "") -> Layout:
    import lxml.etree
    import lxml.html

    text = decode(data)
    if "\x00" in text[:4096]:
        raise InputError("binary data, not a web page")
    parser = lxml.html.HTMLParser()
    try:
        root = lxml.html.document_fromstring(text, parser=parser)
    except (lxml.etree.ParserError, ValueError) as e:
        raise InputError(f"not a readable web page ({e})") from None
    # libxml2 stops reading at its nesting limit and says so only in its log
    too_deep = any("depth" in entry.message.lower() for entry in parser.error_log)
    walker = _Walker()
    body = root.find("body")
    walker.walk(body if body is not None else root, 0)
    walker.flush()
    if not walker.blocks:
        raise InputError("the page is nested too deeply to read" if too_deep else "empty page (no text)")
    return Layout(blocks=walker.blocks)


def _tag(el) -> str:
    return el.tag.lower() if isinstance(el.tag, str) else ""


class _Walker:
    """Collects blocks in page order; inline text is gathered until a block ends it."""

    def __init__(self):
        self.blocks: list = []
        self.inline: list[tuple[str, bool]] = []

    def flush(self) -> None:
        text = collapse_whitespace("".join(t for t, _ in self.inline))
        if text:
            shown = [b for t, b in self.inline if t.strip()]
            self.blocks.append(Paragraph(text, bold=bool(shown) and all(shown)))
        self.inline = []

    def walk(self, el, depth: int, bold: bool = False) -> None:
        if depth > MAX_DEPTH:
            return
        for child in el:
            tag = _tag(child)
            if tag in _SKIP or not tag:
                self._tail(child, bold)
                continue
            if tag == "br":
                self.inline.append(("\n", bold))
            elif tag == "table":
                self.flush()
                if child.xpath(".//table"):
                    self.walk(child, depth + 1, bold)  # a layout frame: read what it holds
                    self.flush()
                else:
                    table = _table(child)
                    if table.rows:
                        self.blocks.append(table)
            elif tag in _BLOCK:
                self.flush()
                inner_bold = bold or tag in _BOLD
                if child.text:
                    self.inline.append((child.text, inner_bold))
                self.walk(child, depth + 1, inner_bold)
                self.flush()
            else:
                inner_bold = bold or tag in _BOLD
                if child.text:
                    self.inline.append((child.text, inner_bold))
                self.walk(child, depth + 1, inner_bold)
            self._tail(child, bold)

    def _tail(self, el, bold: bool) -> None:
        if el.tail:
            self.inline.append((el.tail, bold))


def _cell_text(td) -> tuple[str, bool]:
    """Text of a cell, <br> and block elements as line breaks; bold when all of it is."""
    parts: list[tuple[str, bool]] = []

    def walk(el, bold: bool, depth: int) -> None:
        if depth > MAX_DEPTH:
            return
        if el.text:
            parts.append((el.text, bold))
        for child in el:
            tag = _tag(child)
            if tag == "br":
                parts.append(("\n", bold))
            elif tag and tag not in _SKIP:
                inner = bold or tag in _BOLD
                if tag in _BLOCK:
                    parts.append(("\n", inner))
                walk(child, inner, depth + 1)
                if tag in _BLOCK:
                    parts.append(("\n", inner))
            if child.tail:
                parts.append((child.tail, bold))

    walk(td, _tag(td) == "th", 0)
    text = collapse_whitespace("".join(t for t, _ in parts))
    shown = [b for t, b in parts if t.strip()]
    return text, bool(shown) and all(shown)


def _span(el, attr: str) -> int:
    limit = MAX_ROWSPAN if attr == "rowspan" else MAX_COLSPAN
    digits = re.sub(r"\D", "", el.get(attr, "1"))[:6]  # never turn a megabyte of digits into an int
    return max(1, min(int(digits or 1), limit))


def _table(table_el) -> Table:
    table = Table()
    for tr in table_el.iter("tr"):
        cells = []
        for td in tr:
            if _tag(td) not in ("td", "th"):
                continue
            text, bold = _cell_text(td)
            cells.append(Cell(text, rowspan=_span(td, "rowspan"), colspan=_span(td, "colspan"), bold=bold))
        if cells:
            table.rows.append(Row(cells))
    return table
