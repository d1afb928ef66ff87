"""PDF notices (exported from Word or WPS), read from the page geometry.

Characters and ruling lines come from PDFium (pypdfium2; `pdf_pdfium.py`) or, as the
engine "pdfplumber", from pdfplumber; pdfplumber's table finder finds the tables for both.

Each page is read once: its characters, and its tables from the ruling lines
(`find_tables`). Characters inside a table go to the cell whose grid slot holds their
centre; a merged cell (spanning rows or columns) keeps its text once with its spans.
Characters outside tables become lines, and lines become paragraphs by their geometry:
a line that reaches the right margin continues into the next unindented line, across a
page break too. Page numbers and running headers are dropped. Pages are closed as soon as
they are read, so memory stays flat in the page count.
"""
from __future__ import annotations

import bisect
import io
import re
import zlib
from contextlib import contextmanager
from functools import lru_cache
from dataclasses import dataclass, field
from statistics import median

from ..errors import InputError
from . import PDF_ENGINES
from ..layout import Cell, Layout, Paragraph, Row, Table
from ..fragments.numbering import leading

FORMAT = "pdf"

_PAGE_NUMBER = re.compile(r"^[\s\-—–－~·.]*(?:第\s*)?\d{1,4}(?:\s*页)?(?:\s*[/／]\s*\d{1,4}|\s*共\s*\d{1,4}\s*页)?[\s\-—–－~·.]*$")
_BOLD_FONT = re.compile(r"bold|heavy|black|semibold|demi|hei|黑", re.I)
_ALNUM = re.compile(r"[A-Za-z0-9]")
_CID = re.compile(r"\(cid:\d+\)")
_SENTENCE_END = re.compile(r"[。；;！!？?]$")
# Word and WPS leave about this much space inside a cell's left and right borders.
_CELL_PADDING = 5.5
# A notice page's content streams hold some 10–50 kB once inflated. A few MB of zlib can
# inflate to gigabytes (a compression bomb), which either engine would inflate whole and then
# draw: a page over this is refused before that.
MAX_PAGE_CONTENT = 16 * 1024 * 1024
# A dense page holds some 3,000 characters, and pdfplumber keeps about 2 kB for each.
MAX_PAGE_CHARS = 100_000


@dataclass
class _Line:
    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    size: float
    bold: bool
    page: int
    chars: list = field(default_factory=list, repr=False)


@dataclass
class _PageItems:
    number: int
    width: float
    height: float
    lines: list[_Line] = field(default_factory=list)
    tables: list[tuple[float, Table]] = field(default_factory=list)  # (top, table)


# A page with fewer visible characters than this over an image covering most of it is a
# scan (a page number or a stamp's caption may have a text layer).
_MIN_TEXT_CHARS = 20
_SCAN_IMAGE_SHARE = 0.5


def read(data: bytes, name: str = "", engine: str = "pdfium", *, ocr: str = "auto", seen: dict | None = None) -> Layout:
    """engine: "pdfium" (the default, fast) or "pdfplumber" (pdfminer underneath, pure
    Python); both give the same characters and ruling lines, and pdfplumber finds the tables.
    ocr: auto (pages without a text layer are read by OCR), always, or never.
    seen: scanned pages already read by OCR (look_at_page, in parallel), by page number."""
    if engine not in PDF_ENGINES:
        raise ValueError(f"unknown PDF engine {engine!r} (one of {', '.join(PDF_ENGINES)})")
    if not data.strip():
        raise InputError("empty file")
    pages: list[_PageItems] = []
    chars_seen = unmapped = 0
    columns = None  # a borderless table's columns, carried to the next page
    scanned: list[int] = []
    uncertain: list[tuple[int, str, str]] = []
    rendered = None  # the pypdfium2 document, opened for the first page that needs OCR
    with (_pdfium_pages if engine == "pdfium" else _plumber_pages)(data) as source:
        try:
            for number, page in enumerate(source, 1):
                if ocr != "never" and (ocr == "always" or _is_scan(page)) and _ocr_installed(ocr):
                    scanned.append(number)
                    from . import scan

                    page_seen = (seen or {}).get(number)
                    if page_seen is None:
                        rendered = rendered or _ocr_document(data)
                        page_seen = scan.look(scan.render_pdf_page(rendered, number - 1))
                    items, columns = scan.page_of(page_seen, number, columns)
                    uncertain.extend(page_seen.uncertain(number))
                    chars_seen += sum(len(line.text) for line in items.lines) + len(items.tables)
                else:
                    items, columns = _read_page(page, number, columns)
                    chars_seen += len(page.chars)
                    unmapped += page.unmapped
                for line in items.lines:
                    line.chars = []  # only the page's own reading needs them: memory stays flat
                pages.append(items)
        except InputError:
            raise
        except Exception as e:  # the parsers raise many kinds on damaged content streams
            if any(isinstance(c, MemoryError) for c in (e, *e.args, e.__cause__, e.__context__)):
                raise MemoryError from None  # pdfplumber wraps it: reported as out of memory, not damage
            raise InputError(f"damaged PDF: page {len(pages) + 1} cannot be read ({type(e).__name__})") from None
        finally:
            if rendered is not None:
                rendered.close()
    if not pages:
        raise InputError("the PDF has no pages")
    if chars_seen == 0:
        if scanned:
            raise InputError("no text found: OCR read nothing on the scanned pages")
        reason = "no text layer: a scanned PDF (images of pages)"
        if ocr == "never":
            raise InputError(f"{reason}; --ocr never was given")
        from . import scan

        scan.require(reason)
        raise InputError(reason)
    if unmapped > 0.5 * chars_seen:
        raise InputError("the PDF's fonts carry no text mapping (text reads as (cid:…) codes); "
                         "export it again with embedded Unicode fonts")
    layout = layout_of(pages)
    layout.uncertain = uncertain
    return layout


def look_at_page(path: str, number: int, ocr: str = "auto"):
    """Page `number` of a PDF file as OCR sees it (scan.PageScan), or None when it has a text
    layer (unless ocr is "always"): one page of a scan, read in a process of its own. PDFium
    reads the file where it needs to, not whole."""
    from . import scan
    from .pdf_pdfium import PdfiumPage

    with open(path, "rb") as f:
        _check_content_sizes(f, only=number)
    document = _ocr_document(path)
    try:
        if number > len(document):
            raise InputError(f"the PDF has no page {number}")
        if ocr != "always" and not _is_scan(PdfiumPage(document, number - 1)):
            return None
        return scan.look(scan.render_pdf_page(document, number - 1))
    finally:
        document.close()


def _is_scan(page) -> bool:
    """No text layer (or a few characters) over an image covering most of the page."""
    visible = sum(1 for c in page.chars if c.get("text", "").strip())
    if visible >= _MIN_TEXT_CHARS:
        return False
    area = float(page.width) * float(page.height) or 1.0
    covered = 0.0
    for im in page.images:
        w = min(im["x1"], page.width) - max(im["x0"], 0)
        h = min(im["bottom"], page.height) - max(im["top"], 0)
        covered += max(w, 0) * max(h, 0)
    return covered >= _SCAN_IMAGE_SHARE * area


def _ocr_installed(ocr: str) -> bool:
    """Whether the OCR extra is there; --ocr always insists on it. Without it (auto), a scanned
    page in a PDF with text is left out as before, and a PDF with no text at all is refused
    with the hint to install it."""
    from . import scan

    if ocr == "always":
        scan.require("--ocr always was given")
    return scan.available()


def _ocr_document(data: bytes | str):
    import pypdfium2

    try:
        return pypdfium2.PdfDocument(data)
    except pypdfium2.PdfiumError as e:
        raise InputError(f"the scanned PDF cannot be rendered ({e})") from None


class _PlumberPage:
    """A pdfplumber page as the reader takes it: its upright characters, its edges, its tables."""

    def __init__(self, page):
        from .pdf_pdfium import quarter_turn, upright_turn

        self._page = page
        self.width, self.height = float(page.width), float(page.height)
        self.chars = [c for c in page.chars if c.get("text") and c.get("upright", True)]
        self.has_rulings = bool(page.lines or page.rects)
        self.images = page.images
        self._edges = None
        sideways: dict[int, int] = {}
        for c in page.chars:
            if not c.get("upright", True) and c.get("text", "").strip():
                turn = quarter_turn(c["matrix"][0], c["matrix"][1])
                sideways[turn] = sideways.get(turn, 0) + 1
        turn = upright_turn(sideways, sum(1 for c in self.chars if c["text"].strip()))
        if turn:  # text sideways on the displayed page: the page turned upright, as PDFium reads it
            self._turn(turn)
        self.unmapped = sum(1 for c in self.chars if _CID.match(c["text"]))

    def _turn(self, turn: int) -> None:
        """Turn the page by a quarter turn clockwise (90) or anticlockwise (270), as a page's
        /Rotate turns it, so that the text whose baseline made that turn comes upright: those
        characters, the edges and the images in the turned page's coordinates."""
        from .pdf_pdfium import quarter_turn

        width, height = self.width, self.height

        def box(o: dict) -> dict:
            x0, x1, top, bottom = o["x0"], o["x1"], o["top"], o["bottom"]
            if turn == 90:
                x0, x1, top, bottom = height - bottom, height - top, x0, x1
            else:
                x0, x1, top, bottom = top, bottom, width - x1, width - x0
            return {**o, "x0": x0, "x1": x1, "top": top, "bottom": bottom, "doctop": top,
                    "width": x1 - x0, "height": bottom - top}

        turned = [box(c) for c in self._page.chars if c.get("text") and not c.get("upright", True)
                  and quarter_turn(c["matrix"][0], c["matrix"][1]) == turn]
        self.chars = [{**c, "size": c["height"], "upright": True} for c in turned]
        self._edges = [{**box(e), "orientation": {"h": "v", "v": "h"}.get(e.get("orientation"))}
                       for e in self._page.edges]
        self.images = [box(im) for im in self._page.images]
        self.width, self.height = height, width

    @property
    def edges(self) -> list[dict]:
        return self._page.edges if self._edges is None else self._edges

    def find_tables(self) -> list:
        if self._edges is None:
            return self._page.find_tables()
        from pdfplumber.table import TableFinder

        return TableFinder(_EdgesOnly(self._edges, self.width, self.height)).tables


class _EdgesOnly:
    """What pdfplumber's TableFinder reads of a page with its default (ruling lines) settings."""

    def __init__(self, edges: list[dict], width: float, height: float):
        self.edges = edges
        self.bbox = (0, 0, width, height)


@contextmanager
def _plumber_pages(data: bytes):
    import pdfplumber
    from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect

    try:
        pdf = pdfplumber.open(io.BytesIO(data))
        pdf.pages  # noqa: B018 - reads the page tree now, so a broken file fails here
    except Exception as e:
        # pdfplumber wraps pdfminer's errors: look at the original too
        causes = (e, *(a for a in e.args if isinstance(a, BaseException)), e.__context__)
        if any(isinstance(c, (PDFPasswordIncorrect, PDFEncryptionError)) for c in causes):
            raise InputError("password-protected PDF: it cannot be opened without its password") from None
        raise InputError(f"corrupt or truncated PDF ({type(e).__name__})") from None

    def pages():
        for number, page in enumerate(pdf.pages, 1):
            _check_content_size(page.page_obj, number)
            yield _PlumberPage(page)
            page.close()  # drop the page's parsed objects

    with pdf:
        yield pages()


@contextmanager
def _pdfium_pages(data: bytes):
    import pypdfium2 as pdfium
    import pypdfium2.raw as raw
    from pdfplumber.table import TableFinder, TableSettings

    from .pdf_pdfium import PdfiumPage

    try:
        pdf = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as e:
        if getattr(e, "err_code", None) == raw.FPDF_ERR_PASSWORD:
            raise InputError("password-protected PDF: it cannot be opened without its password") from None
        said = re.search(r"PDFium: ([^)]+)", str(e))  # "Failed to load document (PDFium: Data format error)."
        raise InputError(f"corrupt or truncated PDF (PDFium: {said.group(1) if said else type(e).__name__})") from None
    settings = TableSettings.resolve(None)

    def pages():
        _check_content_sizes(data)
        for index in range(len(pdf)):
            page = PdfiumPage(pdf, index)  # read and closed at once: its characters are plain dicts
            page.find_tables = lambda page=page: TableFinder(_EdgesOnly(page.edges, page.width, page.height),
                                                              settings).tables
            yield page

    try:
        yield pages()
    finally:
        pdf.close()


def _read_page(page, number: int, columns) -> tuple[_PageItems, list | None]:
    """The page's lines and tables, and a borderless table's columns for the next page."""
    if len(page.chars) > MAX_PAGE_CHARS:
        raise InputError(f"page {number} draws over {MAX_PAGE_CHARS:,} characters, more than any notice page "
                         "(a damaged or hostile file); not read")
    if not any(c["text"].strip() for c in page.chars):
        return _PageItems(number, page.width, page.height), None
    tables = page.find_tables() if page.has_rulings else []
    return page_items(number, page.width, page.height, page.chars, tables,
                      lambda: [e for e in page.edges if e.get("orientation") == "h"], columns)


def page_items(number: int, width: float, height: float, chars: list[dict], tables: list,
               h_edges, columns) -> tuple[_PageItems, list | None]:
    """A page's lines and tables from its geometry, whatever the format: characters as
    pdfplumber's dicts (text x0 x1 top bottom size fontname, in points), tables as
    pdfplumber's (rows of cell boxes), h_edges() the horizontal rules (asked only when the
    page has no ruled table)."""
    items = _PageItems(number, width, height)
    boxes = []
    for found in tables:
        table = _table(found, chars, number)
        if table.rows:
            items.tables.append((found.bbox[1], table))
            boxes.append(found.bbox)
    items.lines = _lines(_outside(chars, boxes), number)
    if not items.tables:
        rules = sorted(e["top"] for e in h_edges() if e["x1"] - e["x0"] > width * 0.3)
        found, items.lines, columns = _borderless(items.lines, rules, number, columns)
        if found is not None:
            items.tables.append(found)
    else:
        columns = None
    return items, columns


def layout_of(pages: list[_PageItems]) -> Layout:
    """The pages read, their furniture dropped, as one layout."""
    _drop_furniture(pages)
    return Layout(blocks=_blocks(pages), pages=len(pages))


def _check_content_sizes(source: bytes | io.IOBase, only: int | None = None) -> None:
    """_check_content_size for every page (or only page `only`), read with pdfminer's parser
    (PDFium gives no access to a page's streams, and would inflate and draw a bomb whole): some
    0.5 ms a page. A file pdfminer cannot parse is left to PDFium, which says what is wrong with it."""
    from pdfminer.pdfdocument import PDFDocument
    from pdfminer.pdfpage import PDFPage
    from pdfminer.pdfparser import PDFParser

    try:
        pages = PDFPage.create_pages(PDFDocument(PDFParser(io.BytesIO(source) if isinstance(source, bytes) else source)))
        for number, page_obj in enumerate(pages, 1):
            if only is None or number == only:
                _check_content_size(page_obj, number)
            if number == only:
                break
    except InputError:
        raise
    except Exception:  # damaged structure, or a password: PDFium reports it
        return


def _check_content_size(page_obj, number: int) -> None:
    """Refuse a page whose content streams (its own and its forms') inflate past
    MAX_PAGE_CONTENT, counted by inflating at most that much, a piece at a time."""
    total = 0
    for stream in _content_streams(page_obj):
        total += _inflated_size(stream, MAX_PAGE_CONTENT - total)
        if total > MAX_PAGE_CONTENT:
            raise InputError(f"page {number}'s content inflates to over {MAX_PAGE_CONTENT // 2 ** 20} MB, more than "
                             "any notice page (a compression bomb?); not read")


def first_page_is_image(source) -> bool:
    """Whether the first page looks like a scan without drawing it: it places an image and
    its content is a few drawing operators (a text page's runs to kilobytes). source: a
    binary file, read where pdfminer seeks. Read with
    pdfminer's parser, inflating at most a few kB, so a compression bomb costs nothing here."""
    from pdfminer.pdfdocument import PDFDocument
    from pdfminer.pdfpage import PDFPage
    from pdfminer.pdfparser import PDFParser
    from pdfminer.pdftypes import PDFStream, resolve1

    try:
        page_obj = next(PDFPage.create_pages(PDFDocument(PDFParser(source))), None)
        if page_obj is None:
            return False
        resources = resolve1(page_obj.resources)
        xobjects = resolve1(resources.get("XObject")) if isinstance(resources, dict) else None
        images = [x for x in map(resolve1, (xobjects or {}).values())
                  if isinstance(x, PDFStream) and getattr(resolve1(x.get("Subtype")), "name", None) == "Image"]
        streams = [resolve1(c) for c in page_obj.contents]
        drawn = sum(_inflated_size(c, _SCAN_CONTENT_BYTES) for c in streams if isinstance(c, PDFStream))
        return bool(images) and drawn <= _SCAN_CONTENT_BYTES
    except Exception:  # damaged: the parser says why; here it is only a guess
        return False


_SCAN_CONTENT_BYTES = 1024  # "q 595 0 0 842 0 0 cm /Im0 Do Q" and the like


def _content_streams(page_obj) -> list:
    from pdfminer.pdftypes import PDFStream, resolve1

    streams = [resolve1(s) for s in page_obj.contents]
    resources = resolve1(page_obj.resources)
    xobjects = resolve1(resources.get("XObject")) if isinstance(resources, dict) else None
    if isinstance(xobjects, dict):  # forms are drawn like the page; images are not inflated to read text
        for x in map(resolve1, xobjects.values()):
            subtype = resolve1(x.get("Subtype")) if isinstance(x, PDFStream) else None
            if getattr(subtype, "name", None) == "Form":
                streams.append(x)
    return [s for s in streams if isinstance(s, PDFStream)]


def _inflated_size(stream, limit: int) -> int:
    """The stream's size once decoded, counted up to a little past limit. Only FlateDecode
    (what PDF writers use for content) is inflated here; another filter counts as its raw size."""
    from pdfminer.pdftypes import LITERALS_FLATE_DECODE

    if stream.data is not None:
        return len(stream.data)
    raw = stream.rawdata or b""
    filters = stream.get_filters()
    if len(filters) != 1 or filters[0][0] not in LITERALS_FLATE_DECODE:
        return len(raw)
    if stream.decipher:  # an encrypted file (opened with the empty password)
        raw = stream.decipher(stream.objid, stream.genno, raw, stream.attrs)
    inflater = zlib.decompressobj()
    size = 0
    try:
        while raw and size <= limit:
            size += len(inflater.decompress(raw, 1 << 20))
            raw = inflater.unconsumed_tail
    except zlib.error:
        pass  # damaged data: pdfminer's own recovery reads what it can
    return size


def _words(line: _Line) -> list[tuple[str, float, float]]:
    """A line cut where a wide gap separates its texts: (text, x0, x1) each."""
    out: list[list] = []
    for ch in line.chars:
        if out and ch["x0"] - out[-1][2] <= 1.0 * line.size:
            out[-1][0] += ch["text"]
            out[-1][2] = ch["x1"]
        else:
            out.append([ch["text"], ch["x0"], ch["x1"]])
    return [(t, a, b) for t, a, b in out]


def _header_columns(line: _Line) -> list[tuple[float, float]] | None:
    from ..fragments.headers import role_of

    words = _words(line)
    roles = [role_of(t) for t, _, _ in words]
    if len(words) >= 2 and all(roles) and ("measure" in roles or "task" in roles):
        return [(a, b) for _, a, b in words]
    return None


def _gutters(columns: list[tuple[float, float]], lines: list[_Line]) -> list[float]:
    """Column boundaries: between two header words, the middle of the widest x-interval that
    no character of the table's lines covers (header words sit anywhere in their column)."""
    spans = sorted((c["x0"], c["x1"]) for line in lines for c in line.chars)
    bounds = []
    for (a0, a1), (b0, b1) in zip(columns, columns[1:]):
        lo, hi = (a0 + a1) / 2, (b0 + b1) / 2
        best, edge = (0.0, (a1 + b0) / 2), lo
        for x0, x1 in spans:
            if x1 <= edge:
                continue
            if x0 > hi:
                break
            if min(x0, hi) - edge > best[0]:
                best = (min(x0, hi) - edge, (edge + min(x0, hi)) / 2)
            edge = max(edge, x1)
        if hi - edge > best[0]:
            best = (hi - edge, (edge + hi) / 2)
        bounds.append(best[1])
    return bounds


def _borderless(lines: list[_Line], rules: list[float], number: int, columns):
    """A table drawn without ruling lines (or with lines only between rows): columns from
    the x-positions of its header words, rows where a number opens a task or measure, a
    rule lies between two lines, or the gap between lines is wider than within a cell.
    Returns (top, table) or None, the lines left outside, and the columns for the next page."""
    start = next((i for i, line in enumerate(lines) if _header_columns(line)), None)
    if start is not None:
        columns = _header_columns(lines[start])
    elif columns is None or not lines:
        return None, lines, None
    else:
        start = -1  # the table goes on from the previous page, its header not repeated
    bounds = _gutters(columns, lines[start + 1:])
    n = len(columns)
    table = Table()
    if start >= 0:
        table.rows.append(Row([Cell(t) for t, _, _ in _words(lines[start])], page=number))
    body: list[_Line] = []
    rows: list[list[list[_Line]]] = []
    prev = lines[start] if start >= 0 else None
    for line in lines[start + 1:]:
        if _PAGE_NUMBER.match(line.text):
            continue
        gap = line.top - prev.bottom if prev is not None else 0.0
        if prev is not None and gap > 2.5 * line.size:
            break  # the table ended; the text below is not part of it
        cells: list[list] = [[] for _ in range(n)]
        for ch in line.chars:
            cells[bisect.bisect_right(bounds, (ch["x0"] + ch["x1"]) / 2)].append(ch)
        parts = [_lines(c, number)[0].text if c else "" for c in cells]
        opens = any(leading(t) for t in parts if t) or (parts[0].strip().isdigit())
        ruled = prev is not None and any(prev.bottom - 1 <= y <= line.top + 1 for y in rules)
        if not rows or opens or ruled or gap > 0.5 * line.size:
            rows.append([[] for _ in range(n)])
        for k in range(n):
            if cells[k]:
                rows[-1][k].extend(_lines(cells[k], number))
        body.append(line)
        prev = line
    for row in rows:
        table.rows.append(Row([Cell(_join_cell_lines(cell)) for cell in row], page=number))
    if not rows and start < 0:
        return None, lines, None
    used = set(map(id, body)) | ({id(lines[start])} if start >= 0 else set())
    top = lines[start].top if start >= 0 else (body[0].top if body else 0.0)
    return (top, table), [line for line in lines if id(line) not in used], columns


def _outside(chars: list[dict], boxes: list, slack: float = 1.0) -> list[dict]:
    """The characters whose centre lies in none of the boxes (each widened by the slack)."""
    if not boxes:
        return chars
    widened = [(b[0] - slack, b[1] - slack, b[2] + slack, b[3] + slack) for b in boxes]
    out = []
    for c in chars:
        cx, cy = (c["x0"] + c["x1"]) / 2, (c["top"] + c["bottom"]) / 2
        for x0, top, x1, bottom in widened:
            if x0 <= cx <= x1 and top <= cy <= bottom:
                break
        else:
            out.append(c)
    return out


def _boundaries(values: list[float], tolerance: float = 2.0) -> list[float]:
    out: list[float] = []
    for v in sorted(values):
        if not out or v - out[-1] > tolerance:
            out.append(v)
    return out


def _nearest(bounds: list[float], v: float) -> int:
    i = bisect.bisect_left(bounds, v)
    if i > 0 and (i == len(bounds) or v - bounds[i - 1] <= bounds[i] - v):
        return i - 1
    return i


def _table(found, chars, number: int) -> Table:
    """A pdfplumber table as rows of cells with spans, text taken from the characters."""
    rows = found.rows  # pdfplumber works them out anew on each access
    cells = [c for row in rows for c in row.cells if c is not None]
    xs = _boundaries([v for c in cells for v in (c[0], c[2])])
    ys = _boundaries([v for c in cells for v in (c[1], c[3])])
    slot_owner: dict[tuple[int, int], tuple] = {}
    spans: dict[tuple, tuple[int, int]] = {}
    for c in cells:
        c0, c1 = _nearest(xs, c[0]), _nearest(xs, c[2])
        r0, r1 = _nearest(ys, c[1]), _nearest(ys, c[3])
        spans[c] = (max(1, r1 - r0), max(1, c1 - c0))
        for r in range(r0, max(r1, r0 + 1)):
            for k in range(c0, max(c1, c0 + 1)):
                slot_owner[(r, k)] = c
    owned: dict[tuple, list] = {c: [] for c in cells}
    for ch in chars:
        cx, cy = (ch["x0"] + ch["x1"]) / 2, (ch["top"] + ch["bottom"]) / 2
        slot = (bisect.bisect_right(ys, cy) - 1, bisect.bisect_right(xs, cx) - 1)
        owner = slot_owner.get(slot)
        if owner is not None:
            owned[owner].append(ch)
    table = Table()
    for row in rows:
        out = []
        for c in row.cells:
            if c is None:
                continue  # covered by a merged cell above or to the left
            rowspan, colspan = spans[c]
            lines = _lines(owned[c], number)
            inner = c[2] - c[0] - 2 * _CELL_PADDING
            out.append(Cell(_join_cell_lines(lines, inner), rowspan=rowspan, colspan=colspan,
                            bold=bool(lines) and all(line.bold for line in lines)))
        if out:
            table.rows.append(Row(out, page=number))
    return table


def _lines(chars, number: int) -> list[_Line]:
    """Characters grouped into visual lines, top to bottom, each read left to right."""
    if not chars:
        return []
    # (centre, x0, position, char): sorted as by (centre, x0), ties kept in their order
    ordered = sorted([((c["top"] + c["bottom"]) / 2, c["x0"], k, c) for k, c in enumerate(chars)])
    groups: list[list] = []
    gy = reach = 0.0
    for cy, _, _, ch in ordered:
        if groups and abs(cy - gy) <= reach:
            groups[-1].append(ch)
            continue
        groups.append([ch])
        gy, reach = cy, max(2.0, 0.45 * ch["size"])
    lines = []
    for g in groups:
        g.sort(key=_x0)
        shown = [c for c in g if c["text"].strip()]
        if not shown:
            continue
        size = _median([c["size"] for c in shown])
        first = prev = shown[0]
        parts = [first["text"]]
        x1, top, bottom = first["x1"], first["top"], first["bottom"]
        bold = _bold(first.get("fontname", ""))
        for ch in shown[1:]:
            # A gap wider than a CJK glyph's side bearing is a space (办公室牵头 各科室): kept,
            # since it separates unit names; spaces touching Chinese text go later anyway.
            if ch["x0"] - prev["x1"] > 0.2 * size:
                parts.append(" ")
            parts.append(ch["text"])
            x1, top, bottom = max(x1, ch["x1"]), min(top, ch["top"]), max(bottom, ch["bottom"])
            bold = bold and _bold(ch.get("fontname", ""))
            prev = ch
        lines.append(_Line("".join(parts), first["x0"], x1, top, bottom, size, bold, number, shown))
    return lines


def _x0(char: dict) -> float:
    return char["x0"]


def _median(values: list[float]) -> float:
    """statistics.median, without its generality: called once per line."""
    values.sort()
    mid = len(values) // 2
    return values[mid] if len(values) % 2 else (values[mid - 1] + values[mid]) / 2


@lru_cache(maxsize=256)
def _bold(fontname: str) -> bool:
    return _BOLD_FONT.search(fontname) is not None


def _join_cell_lines(lines: list[_Line], width: float | None = None) -> str:
    """A cell's lines as its text. A line filling the cell was wrapped mid-text: joined.
    A line ending short of the cell's width broke at a space (办公室牵头 各科室), or ended a
    paragraph where it closes a sentence; a line opening a numbered item starts one."""
    full = max([line.x1 - line.x0 for line in lines] + [width or 0.0])
    out = ""
    for prev, line in zip([None, *lines], lines):
        if prev is None:
            out = line.text
            continue
        # line-breaking rules (no 。 at a line start) can leave a line a character short
        short = full - (prev.x1 - prev.x0) > 1.5 * prev.size
        if leading(line.text) or (short and _SENTENCE_END.search(prev.text)):
            out += "\n" + line.text
        elif short or (_ALNUM.match(out[-1]) and _ALNUM.match(line.text[0])):
            out += " " + line.text
        else:
            out += line.text
    return out


def _drop_furniture(pages: list[_PageItems]) -> None:
    """Page numbers (— 3 —, -3-, 第3页) and running headers or footers repeated on most pages."""
    seen: dict[tuple[str, int], int] = {}
    for p in pages:
        for line in p.lines:
            if line.top < p.height * 0.12 or line.bottom > p.height * 0.88:
                key = (re.sub(r"\d+", "#", line.text), round(line.top / 5))
                seen[key] = seen.get(key, 0) + 1
    repeated = {k for k, n in seen.items() if len(pages) >= 3 and n >= max(2, len(pages) // 2)}
    for p in pages:
        p.lines = [line for line in p.lines if not _PAGE_NUMBER.match(line.text)
                   and (re.sub(r"\d+", "#", line.text), round(line.top / 5)) not in repeated]


def _blocks(pages: list[_PageItems]) -> list:
    """Tables and paragraphs in reading order; paragraphs may run on across pages."""
    body = [line for p in pages for line in p.lines if line.x1 - line.x0 > p.width * 0.45]
    left = median(line.x0 for line in body) if body else 0.0
    right = median(line.x1 for line in body) if body else max((p.width for p in pages), default=0.0)
    centre = (left + right) / 2
    blocks: list = []
    paragraph: list[_Line] = []

    def flush() -> None:
        if paragraph:
            text = paragraph[0].text
            starts = []
            for prev, line in zip(paragraph, paragraph[1:]):
                text += " " if _ALNUM.match(prev.text[-1]) and _ALNUM.match(line.text[0]) else ""
                if line.page != prev.page:
                    starts.append((len(text), line.page))
                text += line.text
            blocks.append(Paragraph(text, page=paragraph[0].page, bold=all(x.bold for x in paragraph),
                                    page_starts=tuple(starts)))
            paragraph.clear()

    def centred(line: _Line) -> bool:
        # centred, and not a justified line running from margin to margin
        return (abs((line.x0 + line.x1) / 2 - centre) < 1.5 * line.size
                and (line.x0 > left + 0.5 * line.size or line.x1 < right - 0.5 * line.size))

    def continues(prev: _Line, line: _Line) -> bool:
        if abs(prev.size - line.size) > 1.0 or leading(line.text):
            return False
        same_page_next = line.page == prev.page and 0 <= line.top - prev.bottom < 1.2 * line.size
        next_page = line.page == prev.page + 1
        if not (same_page_next or next_page):
            return False
        if centred(prev) and centred(line) and line.size >= 18 and same_page_next:
            return True  # a title broken over lines
        full = prev.x1 >= right - 1.5 * prev.size
        unindented = line.x0 < left + 0.8 * line.size
        return full and unindented

    for p in pages:
        entries = [(line.top, 0, line) for line in p.lines] + [(top, 1, table) for top, table in p.tables]
        for _, kind, item in sorted(entries, key=lambda e: (e[0], e[1])):
            if kind == 1:
                flush()
                blocks.append(item)
            elif paragraph and continues(paragraph[-1], item):
                paragraph.append(item)
            else:
                flush()
                paragraph.append(item)
    flush()
    return blocks
