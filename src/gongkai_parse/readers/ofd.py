"""OFD (GB/T 33190) notices: a ZIP package of XML pages, read with lxml into page geometry
and laid out by the PDF reader's own page code.

OFD.xml names the document (DocBody/DocRoot → Document.xml), which lists its pages
(Pages/Page/@BaseLoc → Content.xml). On a page, each TextObject places its TextCode runs at
X/Y (the baseline) inside its Boundary, one glyph after another by DeltaX (with the "g n d"
shorthand for n equal steps); these become characters. Each PathObject's straight segments
(AbbreviatedData M/L/Z) become ruling lines, from which pdfplumber's table finder builds the
cell grid, exactly as for a PDF page. Coordinates are millimetres, turned into points so
the PDF reader's measures (font sizes, gaps) apply unchanged. DocInfo's Title and
CreationDate go to the layout's info: the metadata's title and date where the text has none.
"""
from __future__ import annotations

import posixpath
import re

from ..errors import InputError
from ..layout import Layout
from . import pdf
from ._zip import open_package

FORMAT = "ofd"

PT_PER_MM = 72 / 25.4
MAX_PAGES = 2000
_NUMBER = re.compile(r"[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?")
_BOLD_WEIGHT = 700
# pdfplumber's defaults for the "lines" table strategy (snap, join, intersection tolerances
# and the shortest edge), in points
_SNAP = 3
_MIN_EDGE = 3


def read(data: bytes, name: str = "") -> Layout:
    with open_package(data, "OFD file") as archive:
        parts = _Parts(archive)
        root = parts.xml("OFD.xml")
        info = {key: value for key, value in (("title", _text(root, "DocBody/DocInfo/Title")),
                                               ("created", _text(root, "DocBody/DocInfo/CreationDate"))) if value}
        doc_root = _text(root, "DocBody/DocRoot")
        if not doc_root:
            raise InputError("damaged OFD file (OFD.xml names no document: DocBody/DocRoot missing)")
        doc_path = _resolve("", doc_root)
        document = parts.xml(doc_path)
        base = posixpath.dirname(doc_path)
        fonts = _fonts(parts, document, base)
        default_box = _box(_text(document, "CommonData/PageArea/PhysicalBox")) or (0, 0, 210, 297)
        page_refs = document.findall("{*}Pages/{*}Page")
        if not page_refs:
            raise InputError("the OFD document has no pages")
        if len(page_refs) > MAX_PAGES:
            raise InputError(f"an OFD document of {len(page_refs)} pages: not a notice")
        pages = []
        chars_seen = 0
        columns = None
        for number, ref in enumerate(page_refs, 1):
            location = ref.get("BaseLoc")
            if not location:
                raise InputError(f"damaged OFD file (page {number} has no BaseLoc)")
            content = parts.xml(_resolve(base, location))
            box = _box(_text(content, "Area/PhysicalBox")) or default_box
            width, height = box[2] * PT_PER_MM, box[3] * PT_PER_MM
            chars = _chars(content, fonts)
            edges = _edges(content)
            chars_seen += len(chars)
            tables = _tables(edges) if edges else []
            items, columns = pdf.page_items(number, width, height, chars, tables,
                                            lambda: [e for e in edges if e["orientation"] == "h"], columns)
            pages.append(items)
    if chars_seen == 0:
        raise InputError("the OFD file has no text (a scan: images of pages); OCR is not supported yet")
    layout = pdf.layout_of(pages)
    layout.info = info
    return layout


class _Parts:
    """The package's XML parts, parsed safely, a missing or broken one named in the error."""

    def __init__(self, archive):
        self.archive = archive
        self.names = {n.lstrip("/"): n for n in archive.namelist()}

    def xml(self, path: str):
        from lxml import etree

        name = self.names.get(path.lstrip("/"))
        if name is None:
            raise InputError(f"damaged OFD file (missing part {path})")
        parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)
        try:
            return etree.fromstring(self.archive.read(name), parser)
        except etree.XMLSyntaxError as e:
            raise InputError(f"damaged OFD file ({path}: {' '.join(str(e).split())[:120]})") from None


def _resolve(base: str, location: str) -> str:
    """A part's path: absolute from the package root (/Doc_0/…), else relative to base."""
    location = location.strip().replace("\\", "/")
    if location.startswith("/"):
        return posixpath.normpath(location.lstrip("/"))
    return posixpath.normpath(posixpath.join(base, location))


def _text(el, path: str) -> str | None:
    found = el.find("/".join(f"{{*}}{step}" for step in path.split("/")))
    return found.text.strip() if found is not None and found.text else None


def _numbers(text: str | None) -> list[float]:
    return [float(x) for x in _NUMBER.findall(text or "")]


def _box(text: str | None) -> tuple[float, float, float, float] | None:
    values = _numbers(text)
    return tuple(values[:4]) if len(values) >= 4 else None


def _fonts(parts: _Parts, document, base: str) -> dict[str, str]:
    """Font ID -> name, from the document's resource files (a bold font reads as bold)."""
    out: dict[str, str] = {}
    for res in document.findall("{*}CommonData/{*}PublicRes") + document.findall("{*}CommonData/{*}DocumentRes"):
        if not res.text:
            continue
        try:
            resource = parts.xml(_resolve(base, res.text))
        except InputError:
            continue  # fonts only tell bold: a notice reads without them
        for font in resource.iter("{*}Font"):
            out[font.get("ID", "")] = font.get("FontName", "") + (" Bold" if font.get("Bold") == "true" else "")
    return out


def _deltas(text: str | None) -> list[float]:
    """DeltaX / DeltaY: numbers, where "g n d" stands for n steps of d."""
    tokens = (text or "").split()
    out: list[float] = []
    i = 0
    while i < len(tokens):
        if tokens[i] == "g" and i + 2 < len(tokens):
            try:
                out.extend([float(tokens[i + 2])] * min(int(float(tokens[i + 1])), 10_000))
            except ValueError:
                pass
            i += 3
            continue
        try:
            out.append(float(tokens[i]))
        except ValueError:
            pass
        i += 1
    return out


def _ctm(text: str | None):
    values = _numbers(text)
    return tuple(values[:6]) if len(values) >= 6 else None


def _chars(content, fonts: dict[str, str]) -> list[dict]:
    """Every glyph of the page's TextObjects as a pdfplumber-like character (points)."""
    chars: list[dict] = []
    for obj in content.iter("{*}TextObject"):
        box = _box(obj.get("Boundary"))
        if box is None:
            continue
        size = _first_number(obj.get("Size"), 3.5)
        ctm = _ctm(obj.get("CTM"))
        if ctm:  # a scaled glyph run: its size scales too
            size *= (abs(ctm[0] * ctm[3] - ctm[1] * ctm[2])) ** 0.5 or 1.0
        fontname = fonts.get(obj.get("Font", ""), "")
        if _first_number(obj.get("Weight"), 400) >= _BOLD_WEIGHT:
            fontname += " Bold"
        for code in obj.iter("{*}TextCode"):
            text = code.text or ""
            x, y = _first_number(code.get("X"), 0.0), _first_number(code.get("Y"), 0.0)
            dx, dy = _deltas(code.get("DeltaX")), _deltas(code.get("DeltaY"))
            for i, ch in enumerate(text):
                if i > 0:
                    x += dx[i - 1] if i - 1 < len(dx) else (size if not dy else 0.0)
                    y += dy[i - 1] if i - 1 < len(dy) else 0.0
                px, py = (ctm[0] * x + ctm[2] * y + ctm[4], ctm[1] * x + ctm[3] * y + ctm[5]) if ctm else (x, y)
                px, py = box[0] + px, box[1] + py
                advance = dx[i] if i < len(dx) and dx[i] > 0 else (size if ord(ch) > 0x2E7F else size / 2)
                chars.append({
                    "text": ch, "fontname": fontname, "size": size * PT_PER_MM, "upright": True,
                    "x0": px * PT_PER_MM, "x1": (px + advance) * PT_PER_MM,
                    "top": (py - 0.88 * size) * PT_PER_MM, "bottom": (py + 0.12 * size) * PT_PER_MM,
                })
    return chars


def _first_number(text: str | None, default: float) -> float:
    values = _numbers(text)
    return values[0] if values else default


_PATH_COMMAND = re.compile(r"[MLQBACSZ]|[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?")


def _edges(content) -> list[dict]:
    """The straight horizontal and vertical segments of the page's stroked paths, as
    pdfplumber's edges (points); curves are not rules and are left out."""
    edges: list[dict] = []
    for obj in content.iter("{*}PathObject"):
        if obj.get("Stroke", "true") == "false" and obj.get("Fill", "false") != "true":
            continue
        box = _box(obj.get("Boundary"))
        data = obj.find("{*}AbbreviatedData")
        if box is None or data is None or not data.text:
            continue
        ctm = _ctm(obj.get("CTM"))
        points: list[tuple[float, float]] = []  # the current subpath
        tokens = _PATH_COMMAND.findall(data.text)
        command, args = None, []

        def place(px: float, py: float) -> tuple[float, float]:
            if ctm:
                px, py = ctm[0] * px + ctm[2] * py + ctm[4], ctm[1] * px + ctm[3] * py + ctm[5]
            return box[0] + px, box[1] + py

        def segment(a, b) -> None:
            (x0, y0), (x1, y1) = a, b
            if abs(y0 - y1) * PT_PER_MM < 0.5 and abs(x1 - x0) * PT_PER_MM >= _MIN_EDGE:
                edges.append(_edge(min(x0, x1), y0, max(x0, x1), y0, "h"))
            elif abs(x0 - x1) * PT_PER_MM < 0.5 and abs(y1 - y0) * PT_PER_MM >= _MIN_EDGE:
                edges.append(_edge(x0, min(y0, y1), x0, max(y0, y1), "v"))

        for token in tokens + ["M"]:  # a final M flushes the last command
            if token.isalpha():
                if command in ("M", "L", "S") and len(args) >= 2:
                    point = place(args[0], args[1])
                    if command == "L" and points:
                        segment(points[-1], point)
                        points.append(point)
                    else:
                        points = [point]
                elif command in ("Q", "B", "A") and len(args) >= 2:
                    points.append(place(args[-2], args[-1]))  # a curve: its end point only
                if token == "Z":
                    if len(points) > 1:
                        segment(points[-1], points[0])
                    points = points[:1]
                command, args = token, []
            else:
                args.append(float(token))
                if command == "L" and len(args) == 2:  # L x y x y …: one segment per pair
                    point = place(*args)
                    if points:
                        segment(points[-1], point)
                    points.append(point)
                    args = []
    return edges


def _edge(x0: float, top: float, x1: float, bottom: float, orientation: str) -> dict:
    x0, top, x1, bottom = (v * PT_PER_MM for v in (x0, top, x1, bottom))
    return {"x0": x0, "top": top, "x1": x1, "bottom": bottom, "width": x1 - x0, "height": bottom - top,
            "orientation": orientation, "object_type": "line"}


def _tables(edges: list[dict]) -> list:
    """pdfplumber's "lines" table finding over the page's rules: edges snapped and joined,
    their crossings, the cells between crossings, the tables those cells form."""
    from pdfplumber.table import (Table, cells_to_tables, edges_to_intersections, intersections_to_cells,
                                  merge_edges)

    merged = merge_edges(edges, _SNAP, _SNAP, _SNAP, _SNAP)
    cells = intersections_to_cells(edges_to_intersections(merged, _SNAP, _SNAP))
    tables = [Table(None, group) for group in cells_to_tables(cells)]
    return sorted(tables, key=lambda t: (t.bbox[1], t.bbox[0]))
