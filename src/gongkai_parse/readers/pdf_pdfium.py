"""A PDF page's characters and ruling edges read with PDFium (pypdfium2), in pdfplumber's shapes.

PDFium parses content streams in C, several times faster than pdfminer's pure Python, so
this is the default engine. The characters and edges come out as the dicts pdfplumber
gives (`x0 x1 top bottom size fontname upright`; edges as `page.edges`), in its top-down
coordinates, so the reader and pdfplumber's table finder treat both engines alike:
- a character's box runs from its origin over its advance and one em up, as pdfminer makes
  it (fonts whose descriptor gives no descent, as LibreOffice and WPS write them); PDFium's
  loose box can reach past the advance where a glyph overhangs it, so a CJK glyph gets
  its 1 em advance;
- spaces and line breaks PDFium inserts (generated characters) are dropped;
- paths are split into lines, rectangles and curves as pdfminer does, from their segments;
- float32 coordinates are rounded to 1/1000 pt, so equal ends compare equal.
"""
from __future__ import annotations

import ctypes
import unicodedata

# What PDFium inserts between words and lines (FPDFText_IsGenerated).
_MAYBE_GENERATED = frozenset(" \r\n")
# PDF coordinates are written with at most a few decimals; float32 noise is below this.
_DIGITS = 3


class PdfiumPage:
    """One page: `chars`, `edges`, `has_rulings`, `images`, `width`, `height` (pdfplumber's meaning)."""

    def __init__(self, pdf, index: int):
        import pypdfium2.raw as raw

        # the bare handles, not pypdfium2's page objects: loaded, read and closed here
        page = raw.FPDF_LoadPage(pdf.raw, index)
        if not page:
            raise ValueError(f"PDFium cannot load page {index + 1}")
        try:
            self._read(raw, page)
            turn = upright_turn(self.sideways, sum(1 for c in self.chars if c["text"].strip()))
            if turn:  # text sideways on the displayed page: read it as if the page were turned upright
                self._read(raw, page, (self.rotation + turn) % 360)
        finally:
            raw.FPDF_ClosePage(page)

    def _read(self, raw, page, rotation: int | None = None) -> None:
        left, bottom, right, top = (ctypes.c_float() for _ in range(4))
        if not raw.FPDFPage_GetMediaBox(page, left, bottom, right, top):
            raw.FPDFPage_GetCropBox(page, left, bottom, right, top)
        box = (left.value, bottom.value, right.value, top.value)
        if box[2] - box[0] <= 0 or box[3] - box[1] <= 0:
            box = (0.0, 0.0, raw.FPDF_GetPageWidthF(page), raw.FPDF_GetPageHeightF(page))
        self.rotation = rotation = raw.FPDFPage_GetRotation(page) % 4 * 90 if rotation is None else rotation
        x0, y0, x1, y1 = box
        # pdfminer's page matrix: user space to the displayed page, origin at its lower left
        self._ctm = {90: (0, -1, 1, 0, -y0, x1), 180: (-1, 0, 0, -1, x1, y1),
                     270: (0, 1, -1, 0, y1, -x0)}.get(rotation, (1, 0, 0, 1, -x0, -y0))
        self.width, self.height = (y1 - y0, x1 - x0) if rotation in (90, 270) else (x1 - x0, y1 - y0)
        self.sideways: dict[int, int] = {}  # visible characters not upright, by their baseline's quarter turn
        textpage = raw.FPDFText_LoadPage(page)
        if not textpage:
            raise ValueError("PDFium cannot read the page's text")
        try:
            self.chars, self.unmapped = self._chars(raw, textpage)
        finally:
            raw.FPDFText_ClosePage(textpage)
        self.lines: list[dict] = []
        self.rects: list[dict] = []
        self.curves: list[list[tuple[float, float]]] = []
        c_api = _c_api(raw)
        page_handle = ctypes.cast(page, ctypes.c_void_p).value
        drawn = (raw.FPDF_PAGEOBJ_PATH, raw.FPDF_PAGEOBJ_FORM)
        self.images: list[dict] = []  # boxes of the page's images (is the page a scan?)
        for i in range(raw.FPDFPage_CountObjects(page)):
            # most objects are text: their kind is asked through the plain-pointer call
            kind = c_api.object_type(c_api.page_object(page_handle, i))
            if kind in drawn:
                self._object(raw, raw.FPDFPage_GetObject(page, i), (1, 0, 0, 1, 0, 0))
            elif kind == raw.FPDF_PAGEOBJ_IMAGE:
                self._image(raw, raw.FPDFPage_GetObject(page, i))
        self.has_rulings = bool(self.lines or self.rects)
        self.edges = self._edges()

    # characters

    def _chars(self, raw, textpage) -> tuple[list[dict], int]:
        n = raw.FPDFText_CountChars(textpage)
        if n <= 0:
            return [], 0
        c_api = _c_api(raw)
        text = _page_text(raw, textpage, n) or [chr(raw.FPDFText_GetUnicode(textpage, i) or 0xFFFD) for i in range(n)]
        tp = ctypes.cast(textpage, ctypes.c_void_p).value
        text_object, origin, loose_box, glyph_box = (c_api.text_object, c_api.origin, c_api.loose_box,
                                                     c_api.glyph_box)
        a, b, c, d, e, f = self._ctm
        height = self.height
        ox, oy = ctypes.c_double(), ctypes.c_double()
        gl, gr, gb, gt = (ctypes.c_double() for _ in range(4))
        loose = raw.FS_RECTF()
        objects: dict[int, tuple | None] = {}  # per text object: what all its characters share
        matrix, font_size, font_of, map_error = c_api.matrix, c_api.font_size, c_api.font_of, c_api.map_error
        m = raw.FS_MATRIX()
        fonts: dict[int, str] = {}
        styles: dict[tuple, tuple | None] = {}  # per matrix, size and font: what the characters share
        unmapped_objects: set[int] = set()
        turns: dict[int, int] = {}  # a text object not upright: the quarter turn its baseline makes
        chars: list[dict] = []
        overhanging = []
        unmapped = 0
        upright_page = (a, b, c, d) == (1, 0, 0, 1)
        for i in range(n):
            obj = text_object(tp, i)
            if not obj:
                continue  # a line break PDFium inserted: no text object draws it
            shared = objects.get(obj, 0)
            if shared == 0:
                matrix(tp, i, m)
                key = (bytes(m)[:16], font_size(tp, i), font_of(obj))  # a b c d: not the position
                shared = styles.get(key, 0)
                if shared == 0:
                    shared = styles[key] = _style(m, key[1], key[2], c_api, self._ctm, fonts)
                objects[obj] = shared
                if shared is None:
                    turns[obj] = quarter_turn(*_compose_direction(m, self._ctm))
                if map_error(tp, i) == 1:
                    # a font maps all its text or none of it: asked of each object's first character
                    unmapped_objects.add(obj)
            if shared is None:  # rotated or mirrored text: pdfplumber's `upright` is false, the reader skips it
                if text[i].strip():
                    self.sideways[turns[obj]] = self.sideways.get(turns[obj], 0) + 1
                continue
            ch = text[i]
            if ch in _MAYBE_GENERATED and c_api.generated(tp, i):
                continue  # a space PDFium inserted where words stand apart
            em, wide_advance, font, up = shared
            if unmapped_objects and obj in unmapped_objects:
                unmapped += 1
            origin(tp, i, ox, oy)
            x, y = ox.value, oy.value
            overhang = False
            if _wide(ch) in _WIDE:
                advance = wide_advance
            elif up[0] == 1.0:  # text along user space's x axis, as nearly all is
                loose_box(tp, i, loose)
                advance = round(max(0.0, loose.right - x), _DIGITS)
                glyph_box(tp, i, gl, gr, gb, gt)
                overhang = gr.value >= loose.right - 0.01 and advance > 0  # the glyph set the right side
            else:  # text drawn turned: the advance runs along its baseline
                loose_box(tp, i, loose)
                reach = (loose.right - x, loose.top - y, x - loose.left, y - loose.bottom)
                advance = round(max(0.0, reach[quarter_turn(up[0], up[1]) // 90]), _DIGITS)
            # The box in user space (origin, advance, 1 em up), then on the displayed page. The
            # origin is rounded; the advance and the em are already.
            if upright_page:
                # round(v, 3), a third cheaper: this runs for every character
                left, bottom = ((x + e) * 1000.0 + 0.5) // 1.0 / 1000.0, ((height - y - f) * 1000.0 + 0.5) // 1.0 / 1000.0
                chars.append({"text": ch, "x0": left, "x1": left + advance, "top": bottom - em, "bottom": bottom,
                              "size": em, "fontname": font, "upright": True})
            else:
                bx, by, ux, uy = up
                u0, v0 = a * x + c * y + e, b * x + d * y + f
                u1 = u0 + a * (bx * advance + ux * em) + c * (by * advance + uy * em)
                v1 = v0 + b * (bx * advance + ux * em) + d * (by * advance + uy * em)
                chars.append({"text": ch, "x0": round(min(u0, u1), _DIGITS), "x1": round(max(u0, u1), _DIGITS),
                              "top": round(height - max(v0, v1), _DIGITS),
                              "bottom": round(height - min(v0, v1), _DIGITS),
                              "size": em, "fontname": font, "upright": True})
            if overhang:
                overhanging.append(len(chars) - 1)
        for k in overhanging:
            # An italic f or an underscore reaches past its advance: the next character of
            # the line starts where the advance ends.
            ch = chars[k]
            after = chars[k + 1] if k + 1 < len(chars) else None
            if after and abs(after["top"] - ch["top"]) < 0.01 and ch["x0"] < after["x0"] < ch["x1"]:
                ch["x1"] = after["x0"]
        return chars, unmapped

    # paths

    def _image(self, raw, obj) -> None:
        left, bottom, right, top = (ctypes.c_float() for _ in range(4))
        if not raw.FPDFPageObj_GetBounds(obj, left, bottom, right, top):
            return
        corners = [_apply(self._ctm, x, y) for x in (left.value, right.value) for y in (bottom.value, top.value)]
        xs, ys = [x for x, _ in corners], [y for _, y in corners]
        self.images.append({"x0": min(xs), "x1": max(xs), "top": self.height - max(ys),
                            "bottom": self.height - min(ys)})

    def _object(self, raw, obj, outer) -> None:
        kind = raw.FPDFPageObj_GetType(obj)
        if kind not in (raw.FPDF_PAGEOBJ_PATH, raw.FPDF_PAGEOBJ_FORM):
            return
        m = raw.FS_MATRIX()
        raw.FPDFPageObj_GetMatrix(obj, m)
        matrix = _compose((m.a, m.b, m.c, m.d, m.e, m.f), outer)
        if kind == raw.FPDF_PAGEOBJ_FORM:
            for i in range(raw.FPDFFormObj_CountObjects(obj)):
                self._object(raw, raw.FPDFFormObj_GetObject(obj, i), matrix)
            return
        fill, stroke = ctypes.c_int(), ctypes.c_int()
        if raw.FPDFPath_GetDrawMode(obj, fill, stroke) and not fill.value and not stroke.value:
            return  # neither filled nor stroked: pdfminer does not see it
        page_matrix = _compose(matrix, self._ctm)
        x, y = ctypes.c_float(), ctypes.c_float()
        path: list[tuple[str, tuple[float, float]]] = []
        start = (0.0, 0.0)
        for i in range(raw.FPDFPath_CountSegments(obj)):
            segment = raw.FPDFPath_GetPathSegment(obj, i)
            raw.FPDFPathSegment_GetPoint(segment, x, y)
            kind = raw.FPDFPathSegment_GetType(segment)
            op = {raw.FPDF_SEGMENT_MOVETO: "m", raw.FPDF_SEGMENT_LINETO: "l"}.get(kind, "c")
            point = _apply(page_matrix, x.value, y.value)
            if op == "m":
                start = point
            path.append((op, point))
            if raw.FPDFPathSegment_GetClose(segment):
                path.append(("h", start))  # back to the subpath's first point
        # a Bézier curve is three PDFium segments (two control points and the end): one "c"
        ops, merged = [], []
        k = 0
        while k < len(path):
            op, pt = path[k]
            if op == "c":
                k += 2
                pt = path[min(k, len(path) - 1)][1]
            ops.append(op)
            merged.append(pt)
            k += 1
        self._paint("".join(ops), merged)

    def _paint(self, shape: str, pts: list[tuple[float, float]]) -> None:
        """pdfminer's split of a painted path into lines, rectangles and curves."""
        if shape[:1] != "m":
            return
        if shape.count("m") > 1:
            start = 0
            for k in range(1, len(shape) + 1):
                if k == len(shape) or shape[k] == "m":
                    self._paint(shape[start:k], pts[start:k])
                    start = k
            return
        pts = list(pts)
        if len(shape) > 3 and shape[-2:] == "lh" and pts[-2] == pts[0]:
            shape = shape[:-2] + "h"
            pts.pop()
        if shape in ("mlh", "ml"):
            self.lines.append(self._box(pts[:2]))
            return
        if shape in ("mlllh", "mllll"):
            (ax, ay), (bx, by), (cx, cy), (dx, dy), _ = pts
            square = (ax == bx and by == cy and cx == dx and dy == ay) or (ay == by and bx == cx and cy == dy and dx == ax)
            if pts[0] == pts[4] and square:
                self.rects.append(self._box([pts[0], pts[2]]))
                return
        self.curves.append([(px, round(self.height - py, _DIGITS)) for px, py in pts])

    def _box(self, pts) -> dict:
        xs, ys = [p[0] for p in pts], [p[1] for p in pts]
        x0, x1, y0, y1 = min(xs), max(xs), min(ys), max(ys)
        top, bottom = round(self.height - y1, _DIGITS), round(self.height - y0, _DIGITS)
        return {"x0": x0, "x1": x1, "top": top, "bottom": bottom, "doctop": top,
                "width": round(x1 - x0, _DIGITS), "height": round(bottom - top, _DIGITS)}

    def _edges(self) -> list[dict]:
        """pdfplumber's `page.edges`: lines, then the four sides of each rectangle, then curves."""
        edges = [{**line, "object_type": "line", "orientation": "h" if line["top"] == line["bottom"] else "v"}
                 for line in self.lines]
        for r in self.rects:
            edges += [
                {**r, "object_type": "rect_edge", "height": 0, "bottom": r["top"], "orientation": "h"},
                {**r, "object_type": "rect_edge", "height": 0, "top": r["bottom"], "doctop": r["bottom"],
                 "orientation": "h"},
                {**r, "object_type": "rect_edge", "width": 0, "x1": r["x0"], "orientation": "v"},
                {**r, "object_type": "rect_edge", "width": 0, "x0": r["x1"], "orientation": "v"},
            ]
        for pts in self.curves:
            for (ax, ay), (bx, by) in zip(pts, pts[1:]):
                edges.append({"object_type": "curve_edge", "x0": min(ax, bx), "x1": max(ax, bx),
                              "top": min(ay, by), "doctop": min(ay, by), "bottom": max(ay, by),
                              "width": round(abs(ax - bx), _DIGITS), "height": round(abs(ay - by), _DIGITS),
                              "orientation": "v" if ax == bx else ("h" if ay == by else None)})
        return edges


def _compose_direction(m, ctm) -> tuple[float, float]:
    """The direction of a text matrix's baseline on the displayed page (y up)."""
    a, b, c, d, _, _ = ctm
    return m.a * a + m.b * c, m.a * b + m.b * d


def quarter_turn(dx: float, dy: float) -> int:
    """A baseline's direction (y up) as the nearest quarter turn: 0, 90, 180 or 270 degrees."""
    import math

    return round(math.degrees(math.atan2(dy, dx)) / 90) % 4 * 90


# A page whose text is mostly sideways is read turned upright only with at least this much of it.
SIDEWAYS_MIN_CHARS = 20


def upright_turn(sideways: dict[int, int], upright: int) -> int:
    """The quarter turn (90 or 270 degrees clockwise, added to the page's rotation) that sets
    its sideways text upright, or 0: when most of its visible characters run down (a turn of
    270 sets them upright) or up (90) the displayed page (a page a viewer turned and saved, a
    table drawn across a portrait page), it is read turned."""
    if not sideways:
        return 0
    turn, count = max(sideways.items(), key=lambda item: item[1])
    if turn not in (90, 270) or count < max(SIDEWAYS_MIN_CHARS, upright + 1):
        return 0
    return turn


def _style(m, size: float, font: int, c_api, ctm, fonts: dict) -> tuple[float, float, str, tuple] | None:
    """What the characters of a text matrix, size and font share: the em on the page, a
    full-width character's advance (1 em, scaled as the text is horizontally), the font
    name, the text's baseline and up directions; None if the text is not upright on the
    displayed page."""
    ta, tb, tc, td = m.a, m.b, m.c, m.d
    a, b, c, d, _, _ = ctm
    ma, mb = ta * a + tb * c, ta * b + tb * d
    mc, md = tc * a + td * c, tc * b + td * d
    if not (ma * md > 0 and mb * mc <= 0):
        return None
    name = fonts.get(font)
    if name is None:
        name = fonts[font] = _font_name(c_api, font or 0)
    em_scale, advance_scale = (tc ** 2 + td ** 2) ** 0.5, (ta ** 2 + tb ** 2) ** 0.5
    # the text's own baseline and up directions in user space (unit vectors): text drawn turned
    # on a page turned back (/Rotate) is upright on the displayed page, its box along them
    up = (ta / advance_scale, tb / advance_scale, tc / em_scale, td / em_scale) if advance_scale and em_scale \
        else (1.0, 0.0, 0.0, 1.0)
    return round(size * em_scale, _DIGITS), round(size * advance_scale, _DIGITS), name, up


class _CApi:
    """The per-character PDFium calls, declared with plain pointers: ctypes converts these
    arguments faster than pypdfium2's typed pointers, and they run 60 000 times for a
    100-page notice. Each is a new function object at the same address (the bindings' own
    objects keep their declarations)."""

    def __init__(self, raw):
        def c(function, restype, *argtypes):
            own = type(function)(ctypes.cast(function, ctypes.c_void_p).value)
            own.restype, own.argtypes = restype, argtypes
            return own

        p, i, dp = ctypes.c_void_p, ctypes.c_int, ctypes.POINTER(ctypes.c_double)
        self.text_object = c(raw.FPDFText_GetTextObject, p, p, i)
        self.font_of = c(raw.FPDFTextObj_GetFont, p, p)
        self.page_object = c(raw.FPDFPage_GetObject, p, p, i)
        self.object_type = c(raw.FPDFPageObj_GetType, i, p)
        self.generated = c(raw.FPDFText_IsGenerated, i, p, i)
        self.map_error = c(raw.FPDFText_HasUnicodeMapError, i, p, i)
        self.origin = c(raw.FPDFText_GetCharOrigin, i, p, i, dp, dp)
        self.loose_box = c(raw.FPDFText_GetLooseCharBox, i, p, i, ctypes.POINTER(raw.FS_RECTF))
        self.glyph_box = c(raw.FPDFText_GetCharBox, i, p, i, dp, dp, dp, dp)
        self.matrix = c(raw.FPDFText_GetMatrix, i, p, i, ctypes.POINTER(raw.FS_MATRIX))
        self.font_size = c(raw.FPDFText_GetFontSize, ctypes.c_double, p, i)
        self.base_font_name = c(raw.FPDFFont_GetBaseFontName, ctypes.c_size_t, p, ctypes.c_char_p, ctypes.c_size_t)


_C_API: _CApi | None = None


def _c_api(raw) -> _CApi:
    global _C_API
    if _C_API is None:
        _C_API = _CApi(raw)
    return _C_API


def _page_text(raw, textpage, n: int) -> str | None:
    """The page's characters in one call, one per character index; None where a UTF-16
    surrogate pair (a character outside the BMP) breaks that one-to-one indexing."""
    buffer = (ctypes.c_ushort * (n + 1))()
    written = raw.FPDFText_GetText(textpage, 0, n, buffer)
    if written - 1 != n:
        return None
    text = bytes(memoryview(buffer).cast("B")[: 2 * n]).decode("utf-16-le", errors="replace")
    return text if len(text) == n else None


def _font_name(c_api, font: int) -> str:
    if not font:
        return ""
    get = c_api.base_font_name
    size = get(font, None, 0)
    if size <= 0:
        return ""
    buffer = ctypes.create_string_buffer(size)
    get(font, buffer, size)
    return buffer.value.decode("utf-8", errors="replace")


# East Asian widths of a full-width (CJK) character: its advance is 1 em.
_WIDE = frozenset(("W", "F"))
_wide = unicodedata.east_asian_width


def _compose(m, n):
    """m then n (pdfminer's mult_matrix(m, n))."""
    a1, b1, c1, d1, e1, f1 = m
    a0, b0, c0, d0, e0, f0 = n
    return (a0 * a1 + c0 * b1, b0 * a1 + d0 * b1, a0 * c1 + c0 * d1, b0 * c1 + d0 * d1,
            a0 * e1 + c0 * f1 + e0, b0 * e1 + d0 * f1 + f0)


def _apply(m, x: float, y: float) -> tuple[float, float]:
    a, b, c, d, e, f = m
    return round(a * x + c * y + e, _DIGITS), round(b * x + d * y + f, _DIGITS)
