"""Word (.docx) notices, read with python-docx into the common layout.

Body paragraphs and tables in document order. Tables keep their merges: a vertically
merged cell (w:vMerge) appears once with its rowspan, a horizontally merged one
(w:gridSpan) with its colspan. Automatic numbering (w:numPr), which Word shows but does
not store in the text, is rebuilt from the numbering definitions so a measure numbered by
a list style still reads "1.".
"""
from __future__ import annotations

import io
import zipfile

from ..errors import InputError
from ..layout import MAX_COLSPAN, Cell, Layout, Paragraph, Row, Table
from ..fragments.numbering import int_to_cn

FORMAT = "docx"

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_MC_FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"
# A notice is a few hundred kB; refuse archives that unpack to more (a zip bomb).
MAX_UNPACKED_BYTES = 100 * 1024 * 1024
MAX_RATIO = 200
MAX_COLUMNS = 10 * MAX_COLSPAN  # Word itself stops at 63


def check_package(data: bytes) -> None:
    """Fail early, with the reason, on what is not a readable .docx."""
    if data[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1":
        if b"E\x00n\x00c\x00r\x00y\x00p\x00t\x00e\x00d\x00P\x00a\x00c\x00k\x00a\x00g\x00e" in data:
            raise InputError("password-protected Word document; remove the password and save again")
        raise InputError("an old Word 97/WPS file with a .docx name; save it as .docx")
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile:
        raise InputError("corrupt or truncated .docx (not a valid ZIP package)") from None
    with archive:
        names = set(archive.namelist())
        if "word/document.xml" not in names:
            raise InputError("a ZIP archive but not a Word document (no word/document.xml)")
        unpacked = sum(i.file_size for i in archive.infolist())
        packed = sum(i.compress_size for i in archive.infolist()) or 1
        if unpacked > MAX_UNPACKED_BYTES or unpacked / packed > MAX_RATIO and unpacked > 10 * 1024 * 1024:
            raise InputError(f"refused: the .docx unpacks to {unpacked // (1024 * 1024)} MB (a zip bomb?)")
        bad = archive.testzip()
        if bad:
            raise InputError(f"corrupt .docx (damaged part {bad})")


def read(data: bytes, name: str = "") -> Layout:
    check_package(data)
    import docx
    from docx.opc.exceptions import PackageNotFoundError

    try:
        document = docx.Document(io.BytesIO(data))
    except (PackageNotFoundError, KeyError, ValueError) as e:
        raise InputError(f"not a readable Word document ({e})") from None
    except Exception as e:  # lxml raises its own errors for broken XML parts
        raise InputError(f"damaged Word document ({type(e).__name__})") from None
    reader = _BodyReader(document)
    layout = Layout(blocks=reader.blocks(document.element.body))
    if not layout.blocks:
        raise InputError("empty document (no text)")
    return layout


class _Numbering:
    """Labels of automatically numbered paragraphs (1.  （一）  ①), from numbering.xml."""

    def __init__(self, document):
        self.levels: dict[str, dict[int, tuple[str, str, int]]] = {}
        self.counters: dict[str, dict[int, int]] = {}
        try:
            root = document.part.numbering_part.element
        except (NotImplementedError, KeyError, AttributeError):
            return
        abstract = {}
        for a in root.findall(f"{W}abstractNum"):
            levels = {}
            for lvl in a.findall(f"{W}lvl"):
                fmt = lvl.find(f"{W}numFmt")
                text = lvl.find(f"{W}lvlText")
                start = lvl.find(f"{W}start")
                levels[int(lvl.get(f"{W}ilvl", "0"))] = (
                    fmt.get(f"{W}val") if fmt is not None else "decimal",
                    text.get(f"{W}val") if text is not None else "",
                    int(start.get(f"{W}val")) if start is not None else 1,
                )
            abstract[a.get(f"{W}abstractNumId")] = levels
        for num in root.findall(f"{W}num"):
            ref = num.find(f"{W}abstractNumId")
            if ref is not None and ref.get(f"{W}val") in abstract:
                self.levels[num.get(f"{W}numId")] = abstract[ref.get(f"{W}val")]

    def label(self, num_id: str, ilvl: int) -> str:
        levels = self.levels.get(num_id)
        if not levels or ilvl not in levels:
            return ""
        counts = self.counters.setdefault(num_id, {})
        counts[ilvl] = counts.get(ilvl, levels[ilvl][2] - 1) + 1
        for deeper in [k for k in counts if k > ilvl]:
            del counts[deeper]  # a new item restarts the levels below it
        fmt, text, _ = levels[ilvl]
        if fmt in ("bullet", "none"):
            return ""
        for k in range(ilvl + 1):
            if f"%{k + 1}" in text:
                kfmt, _, kstart = levels.get(k, ("decimal", "", 1))
                text = text.replace(f"%{k + 1}", _format(counts.get(k, kstart), kfmt))
        return text


def _format(n: int, fmt: str) -> str:
    if fmt.startswith(("chinese", "ideograph", "japaneseCounting", "taiwaneseCounting")):
        return int_to_cn(n)
    if fmt.startswith("decimalEnclosedCircle") and 1 <= n <= 20:
        return chr(0x2460 + n - 1)
    if fmt == "upperLetter":
        return chr(ord("A") + (n - 1) % 26)
    if fmt == "lowerLetter":
        return chr(ord("a") + (n - 1) % 26)
    return str(n)


class _BodyReader:
    def __init__(self, document):
        self.numbering = _Numbering(document)
        self.style_numbering: dict[str, tuple[str, int]] = {}
        self.bold_styles: set[str] = set()
        for style in document.styles.element.findall(f"{W}style"):
            sid = style.get(f"{W}styleId")
            num = style.find(f"{W}pPr/{W}numPr/{W}numId")
            if num is not None:
                lvl = style.find(f"{W}pPr/{W}numPr/{W}ilvl")
                self.style_numbering[sid] = (num.get(f"{W}val"), int(lvl.get(f"{W}val")) if lvl is not None else 0)
            b = style.find(f"{W}rPr/{W}b")
            name = style.find(f"{W}name")
            if (b is not None and b.get(f"{W}val") not in ("0", "false")) or (
                    name is not None and name.get(f"{W}val", "").lower().startswith(("heading", "title", "标题"))):
                self.bold_styles.add(sid)
        self.after_break = False

    def blocks(self, container) -> list:
        out: list = []
        for el in container.iterchildren():
            if el.tag == f"{W}p":
                text, bold, page_break = self.paragraph(el)
                if page_break:
                    self.after_break = True
                if text.strip():
                    out.append(Paragraph(text, bold=bold, after_break=self.after_break))
                    self.after_break = False
            elif el.tag == f"{W}tbl":
                out.extend(self.table(el))
            elif el.tag == f"{W}sdt":  # content controls wrap ordinary paragraphs and tables
                content = el.find(f"{W}sdtContent")
                if content is not None:
                    out.extend(self.blocks(content))
        return out

    def paragraph(self, p) -> tuple[str, bool, bool]:
        """(text with its automatic number, whether every run is bold, whether it breaks the page)."""
        ppr = p.find(f"{W}pPr")
        style = ppr.find(f"{W}pStyle").get(f"{W}val") if ppr is not None and ppr.find(f"{W}pStyle") is not None else None
        page_break = ppr is not None and ppr.find(f"{W}pageBreakBefore") is not None
        parts: list[str] = []
        bold_flags: list[bool] = []
        for run in p.iter(f"{W}r"):
            if any(a.tag in (f"{W}txbxContent", _MC_FALLBACK) for a in run.iterancestors()):
                continue  # text boxes (seals, stamps) and duplicate fallback content
            rpr = run.find(f"{W}rPr")
            b = rpr.find(f"{W}b") if rpr is not None else None
            bold = (b is not None and b.get(f"{W}val") not in ("0", "false")) or (b is None and style in self.bold_styles)
            for node in run:
                if node.tag == f"{W}t" and node.text:
                    parts.append(node.text)
                    if node.text.strip():
                        bold_flags.append(bold)
                elif node.tag in (f"{W}br", f"{W}cr"):
                    if node.get(f"{W}type") == "page":
                        page_break = True
                    else:
                        parts.append("\n")
                elif node.tag == f"{W}tab":
                    parts.append(" ")
        text = "".join(parts)
        num = ppr.find(f"{W}numPr") if ppr is not None else None
        num_ref = None
        if num is not None and num.find(f"{W}numId") is not None:
            lvl = num.find(f"{W}ilvl")
            num_ref = (num.find(f"{W}numId").get(f"{W}val"), int(lvl.get(f"{W}val")) if lvl is not None else 0)
        elif style in self.style_numbering:
            num_ref = self.style_numbering[style]
        if num_ref and text.strip():
            text = self.numbering.label(*num_ref) + text
        return text, bool(bold_flags) and all(bold_flags), page_break

    def cell_text(self, tc) -> tuple[str, bool]:
        lines, bolds = [], []
        for el in tc.iterchildren():
            if el.tag == f"{W}p":
                text, bold, _ = self.paragraph(el)
                if text.strip():
                    lines.append(text)
                    bolds.append(bold)
            elif el.tag == f"{W}tbl":  # a table inside a cell: its text, row by row
                for block in self.table(el):
                    for line in (block.text.split("\n") if isinstance(block, Paragraph)
                                 else [" ".join(c.text for c in r.cells if c.text) for r in block.rows]):
                        if line.strip():
                            lines.append(line)
                            bolds.append(False)
        return "\n".join(lines), bool(bolds) and all(bolds)

    def table(self, tbl) -> list:
        rows = tbl.findall(f"{W}tr")
        # A one-column table holding tables is a layout frame, not a plan table: read inside it.
        cells_per_row = [len(tr.findall(f"{W}tc")) for tr in rows]
        if rows and max(cells_per_row) == 1 and tbl.find(f".//{W}tc/{W}tbl") is not None:
            out = []
            for tr in rows:
                for tc in tr.findall(f"{W}tc"):
                    out.extend(self.blocks(tc))
            return out
        table = Table()
        origin_at: dict[int, Cell] = {}  # grid column -> the cell a vertical merge continues
        for tr in rows:
            cells: list[Cell] = []
            col = 0
            before = tr.find(f"{W}trPr/{W}gridBefore")
            if before is not None:
                col = _count(before, 0)
                cells.extend(Cell("") for _ in range(col))
            for tc in tr.findall(f"{W}tc"):
                tcpr = tc.find(f"{W}tcPr")
                span_el = tcpr.find(f"{W}gridSpan") if tcpr is not None else None
                span = max(_count(span_el, 1), 1) if span_el is not None else 1
                vmerge = tcpr.find(f"{W}vMerge") if tcpr is not None else None
                if vmerge is not None and vmerge.get(f"{W}val") != "restart" and col in origin_at:
                    origin_at[col].rowspan += 1  # merged with the cell above: its text stays once
                    col += span
                    continue
                text, bold = self.cell_text(tc)
                cell = Cell(text, colspan=span, bold=bold)
                cells.append(cell)
                for c in range(col, col + span):
                    origin_at[c] = cell
                col += span
                if col > MAX_COLUMNS:
                    raise InputError(f"a table row over {MAX_COLUMNS} columns wide: not a plan table (damaged file?)")
            table.rows.append(Row(cells, after_break=self.after_break and not table.rows))
        self.after_break = False
        return [table] if table.rows else []


def _count(el, default: int) -> int:
    """A column count from w:gridSpan / w:gridBefore: a damaged value ("two") is the default,
    and an absurd one (20000000) is capped: it would otherwise build millions of cells."""
    try:
        return min(max(int(el.get(f"{W}val", default)), 0), MAX_COLSPAN)
    except (TypeError, ValueError):
        return default
