"""Scanned notices: page images read by OCR into the same Layout as a PDF with a text layer.

Image files (.png .jpg .tif, multi-page TIFF too) are read here; a PDF page with no text
layer comes here from the PDF reader. Each page image is brought to one resolution (2 px
per point, 144 dpi: 10.5–12 pt text is 28–32 px high, what the recogniser reads best at),
straightened, and read twice: ruling lines from runs of dark pixels (tables, their cells
found from the lines' crossings by pdfplumber's table finder, so merged cells get their
spans as in a PDF), and text boxes from OCR. Each box becomes pseudo-characters in page
points, so the PDF reader's line, cell and paragraph rules read them unchanged.

The OCR engine (RapidOCR 3.x: PaddleOCR's PP-OCRv6 models on onnxruntime; its wheel carries
the default models, so nothing is downloaded) is the optional extra `gongkai-parse[ocr]`.
"""
from __future__ import annotations

import io
import re
from dataclasses import dataclass, field
from functools import lru_cache

from ..errors import InputError
from ..layout import Layout

FORMAT = "image"

PX_PER_PT = 2.0  # 144 dpi, the resolution pages are rendered and images brought to
# A text box read with less confidence than this is named in the records that hold it.
LOW_CONFIDENCE = 0.8
# So is a box one of whose characters was read with less confidence than this: a box's
# score is the mean of its characters', so one misread character among twenty barely moves
# it (〔2022] for 〔2022〕 in a box scored 0.98). On 25 scanned notices the characters read
# right scored below 0.9 one time in 700, the ones misread 0.51-0.88.
LOW_CHARACTER_CONFIDENCE = 0.9
# Marks whose ASCII and full-width forms look alike and mean the same: the engine is often
# unsure which of the two it saw (over a fifth of them score below 0.8), a doubt that changes
# nothing, so they do not make a box doubtful. 〕 read as ] does: brackets are not here.
_WIDTH_ONLY_MARKS = frozenset(",.:;()!?，．：；（）！？")
# Boxes below this are noise (dust, a stamp's edge): dropped, as the engine does below 0.5.
MIN_CONFIDENCE = 0.3
# A ruling line is a run of dark pixels at least this long (points): longer than any
# glyph's stroke, shorter than the narrowest column.
MIN_RULE_PT = 20.0
MAX_SKEW_DEGREES = 3.0
MAX_PAGES = 500
INSTALL_HINT = "pip install 'gongkai-parse[ocr]'"
# Threads the OCR engine computes with (0: onnxruntime's default, every core). A batch sets
# it to its share of the cores: two workers each using both cores of two run slower than
# two using one each (30 scanned pages: 68 s against 50 s here).
THREADS = 0
_DASHED_NUMBER = re.compile(r"[\-—–－一~·.\s]*\d{1,4}[\-—–－一~·.\s]*")


class _Engine:
    """RapidOCR 3.x (`rapidocr`, PP-OCRv6 models), else 1.x (`rapidocr_onnxruntime`, PP-OCRv4),
    if that is what is installed: (box, text, score) per text line."""

    def __init__(self):
        try:
            from rapidocr import RapidOCR

            self.version = 3
        except ImportError:
            from rapidocr_onnxruntime import RapidOCR

            self.version = 1
        if self.version == 1:
            self.ocr = RapidOCR(text_score=MIN_CONFIDENCE, use_cls=False)
        else:
            self.ocr = RapidOCR(params={"Global.text_score": MIN_CONFIDENCE, "Global.use_cls": False,
                                        "Global.log_level": "error", "EngineConfig.onnxruntime.intra_op_num_threads": THREADS or -1})

    def __call__(self, image) -> list[tuple[list, str, float, list[float] | None]]:
        import numpy as np

        array = np.asarray(image.convert("RGB"))[:, :, ::-1]  # the engines take OpenCV's BGR
        if self.version == 1:
            result, _ = self.ocr(array, use_cls=False)
            return [(box, text, float(score), None) for box, text, score in result or []]
        result = _read_with_character_scores(self.ocr, array)
        if result.boxes is None:
            return []
        return [(box.tolist(), text, float(score), chars) for box, text, score, chars
                in zip(result.boxes, result.txts, result.scores, _character_scores(result))]


def _read_with_character_scores(ocr, array):
    """RapidOCR 3.x's result with each character's score (return_word_box; the character
    boxes it computes too cost little beside the recognition). When a box reads as nothing,
    3.x loses the pairing of boxes and characters and may fail on it: the page is read
    again without them then."""
    try:
        return ocr(array, return_word_box=True, return_single_char_box=True)
    except IndexError:
        return ocr(array, return_word_box=False, return_single_char_box=False)


def _character_scores(result) -> list[list[float] | None]:
    """Each box's per-character scores, in the order of its text's characters, or None where
    they are not known. RapidOCR 3.x gives (character, score, box) per character but pairs
    the scores by position over the text with its spaces, the characters without them: the
    k-th score is the text's k-th character's. A box whose characters are not its text's
    (the pairing lost, see above) gets None."""
    words = getattr(result, "word_results", None) or ()
    if len(words) != len(result.txts):
        return [None] * len(result.txts)
    return [[float(score) for _, score, _ in word]
            if word and "".join(ch for ch, _, _ in word) == "".join(text.split()) else None
            for word, text in zip(words, result.txts)]


def _doubt(text: str, score: float, chars: list[float] | None) -> str | None:
    """None when OCR was sure of a box; else the characters it was unsure of ("" when only
    the box's score says so): the box's score is low, or one of its characters' is (a mark
    that may only have been read in the other width aside)."""
    unsure = "".join(dict.fromkeys(ch for ch, s in zip(text, chars or ()) if s < LOW_CHARACTER_CONFIDENCE
                                   and ch not in _WIDTH_ONLY_MARKS and not ch.isspace()))
    return unsure if unsure or score < LOW_CONFIDENCE else None


@lru_cache(maxsize=1)
def _engine() -> _Engine:
    return _Engine()


def available() -> bool:
    try:
        import onnxruntime  # noqa: F401
    except ImportError:
        return False
    for module in ("rapidocr", "rapidocr_onnxruntime"):
        try:
            __import__(module)
            return True
        except ImportError:
            continue
    return False


def require(what: str) -> None:
    """Raise the one-line error for a scan when the OCR extra is not installed."""
    if not available():
        raise InputError(f"{what}; reading it needs OCR, which is not installed: {INSTALL_HINT}")


def read(data: bytes, name: str = "", *, ocr: str = "auto") -> Layout:
    """An image file: each page (a TIFF may hold several) read by OCR."""
    from .pdf import layout_of

    if ocr == "never":
        raise InputError("an image has no text to read without OCR (--ocr never)")
    require("an image of a page (no text layer)")
    pages = []
    uncertain: list[tuple[int, str, str]] = []
    columns = None  # a borderless table's columns, carried to the next page
    for number, image in enumerate(_images(data), 1):
        items, low, columns = read_page(image, number, columns)
        pages.append(items)
        uncertain.extend(low)
    if not pages:
        raise InputError("the image has no pages")
    layout = layout_of(pages)
    layout.uncertain = uncertain
    return layout


def _images(data: bytes):
    from PIL import Image, ImageOps, ImageSequence, UnidentifiedImageError

    try:
        with Image.open(io.BytesIO(data)) as im:
            for number, frame in enumerate(ImageSequence.Iterator(im), 1):
                if number > MAX_PAGES:
                    raise InputError(f"more than {MAX_PAGES} pages in one image file")
                dpi = frame.info.get("dpi")
                page = ImageOps.exif_transpose(frame).convert("L")
                yield _to_page_scale(page, dpi)
    except (UnidentifiedImageError, Image.DecompressionBombError) as e:
        raise InputError(f"unreadable image ({type(e).__name__}: {str(e)[:120]})") from None
    except OSError as e:  # truncated or damaged image data
        raise InputError(f"damaged image ({' '.join(str(e).split())[:160]})") from None


def _to_page_scale(image, dpi):
    """The image at PX_PER_PT. Its resolution is the one it states when that is plausible
    for a scan; otherwise the image is taken to be an A4 page (its shorter side 595 pt)."""
    try:
        stated = float(dpi[0]) if dpi else 0.0
    except (TypeError, ValueError, IndexError):
        stated = 0.0
    if 100 <= stated <= 1200:
        px_per_pt = stated / 72
    else:
        px_per_pt = min(image.size) / 595.0
    factor = PX_PER_PT / px_per_pt
    if abs(factor - 1) > 0.05:
        from PIL import Image

        size = (max(1, round(image.size[0] * factor)), max(1, round(image.size[1] * factor)))
        if size[0] * size[1] > 60_000_000:
            raise InputError("the image is too large for a page")
        image = image.resize(size, Image.LANCZOS)
    return image


def render_pdf_page(document, index: int):
    """A pypdfium2 page rendered at PX_PER_PT, in grey."""
    page = document[index]
    try:
        return page.render(scale=PX_PER_PT, grayscale=True).to_pil().convert("L")
    finally:
        page.close()


@dataclass
class PageScan:
    """What OCR and the ruling-line search saw on one page image, in page points: small and
    picklable, so pages can be read in parallel processes and laid out in order after."""

    width: float
    height: float
    boxes: list[tuple[list, str]] = field(default_factory=list)  # (corner points in px, text)
    low: list[str] = field(default_factory=list)  # texts read with less than LOW_CONFIDENCE
    unsure: dict[str, str] = field(default_factory=dict)  # a low text: the characters OCR was unsure of
    horizontal: list[dict] = field(default_factory=list)
    vertical: list[dict] = field(default_factory=list)


def look(image) -> PageScan:
    """The expensive half of reading a page image: straightened, OCR'd, ruling lines found."""
    import numpy as np

    image = _straighten(image)
    gray = np.asarray(image)
    seen = PageScan(gray.shape[1] / PX_PER_PT, gray.shape[0] / PX_PER_PT)
    for box, text, score, chars in _engine()(image):
        doubt = _doubt(text, score, chars)
        text = text.strip()
        if not text:
            continue
        if _DASHED_NUMBER.fullmatch(text):  # — 2 — read as -2一: a page number, dropped as one
            text = text.replace("一", "—")
        seen.boxes.append((box, text))
        if doubt is not None:
            seen.low.append(text)
            seen.unsure[text] = doubt
    if seen.boxes:
        seen.horizontal, seen.vertical = _rulings(gray)
    return seen


def page_of(seen: PageScan, number: int, columns=None):
    """A page seen by look() as the PDF reader's _PageItems, and a borderless table's columns
    for the next page (what the page before it passed on as `columns`)."""
    from .pdf import _PageItems, page_items

    sizes = _font_sizes([(max(p[1] for p in box) - min(p[1] for p in box)) / PX_PER_PT for box, _ in seen.boxes],
                        [len(text) for _, text in seen.boxes])
    chars = [ch for (box, text), size in zip(seen.boxes, sizes) for ch in _pseudo_chars(box, text, size)]
    if not chars:
        return _PageItems(number, seen.width, seen.height), None
    tables = _tables(seen.horizontal, seen.vertical)
    items, columns = page_items(number, seen.width, seen.height, chars, tables, lambda: seen.horizontal, columns)
    for line in items.lines:
        line.chars = []
    return items, columns


def read_page(image, number: int, columns=None):
    """One page image's items (the PDF reader's _PageItems), its low-confidence texts as
    (page, text, the characters OCR was unsure of), and a borderless table's columns for the
    next page."""
    seen = look(image)
    items, columns = page_of(seen, number, columns)
    return items, [(number, text, seen.unsure.get(text, "")) for text in seen.low], columns


def _font_sizes(heights: list[float], lengths: list[int]) -> list[float]:
    """Font sizes of the page's text boxes from their heights. The detector's box is the
    glyphs' height plus a margin: about 0.85 of it is the font size. Heights vary by a point
    or two between lines of one font (what the line holds, noise), while the PDF rules join
    lines of one size: sizes within 20% of the page's main size (by characters) become it,
    as do those of short boxes (a paragraph's last line 合。, whose box is the least sure)
    up to 1.5 times it; the others are grouped where they lie within 10% of each other."""
    from statistics import median

    sizes = [0.85 * h for h in heights]
    if not sizes:
        return []
    weighted = sorted((s, n) for s, n in zip(sizes, lengths))
    half, seen, main = sum(lengths) / 2, 0, weighted[-1][0]
    for s, n in weighted:
        seen += n
        if seen >= half:
            main = s
            break
    out = [main if abs(s - main) <= 0.2 * main or (n <= 4 and main * 0.8 <= s <= 1.5 * main) else s
           for s, n in zip(sizes, lengths)]
    groups: list[list[tuple[float, int]]] = []
    for size, i in sorted((s, i) for i, s in enumerate(out) if s != main):
        if groups and size - groups[-1][-1][0] <= 0.1 * size:
            groups[-1].append((size, i))
        else:
            groups.append([(size, i)])
    for group in groups:
        middle = median(s for s, _ in group)
        for _, i in group:
            out[i] = middle
    return out


def _pseudo_chars(box, text: str, size: float) -> list[dict]:
    """A text box as characters in page points, spread over its width (a Latin letter or
    digit half a CJK character), so the PDF reader places each one in its cell."""
    xs = [p[0] / PX_PER_PT for p in box]
    ys = [p[1] / PX_PER_PT for p in box]
    x0, x1, top, bottom = min(xs), max(xs), min(ys), max(ys)
    middle = (top + bottom) / 2
    weights = [0.5 if ch.isascii() else 1.0 for ch in text]
    step = (x1 - x0) / sum(weights)
    out, x = [], x0
    for ch, w in zip(text, weights):
        out.append({"text": ch, "x0": x, "x1": x + w * step, "top": middle - size / 2, "bottom": middle + size / 2,
                    "size": size, "fontname": "", "upright": True})
        x += w * step
    return out


def _dark(gray):
    import numpy as np

    paper = float(np.median(gray))
    return gray < 0.75 * paper


def _straighten(image):
    """The page turned by the angle (within ±3°) at which its rows of text and lines are most
    level: the row profile of dark pixels is sharpest there."""
    import numpy as np
    from PIL import Image

    small = image.resize((max(1, image.size[0] // 4), max(1, image.size[1] // 4)), Image.BILINEAR)
    dark = Image.fromarray((_dark(np.asarray(small)) * 255).astype("uint8"))
    best, best_score = 0.0, -1.0
    for tenth in range(int(-MAX_SKEW_DEGREES * 10), int(MAX_SKEW_DEGREES * 10) + 1):
        profile = np.asarray(dark.rotate(tenth / 10, resample=Image.NEAREST), dtype=np.float32).sum(axis=1)
        score = float(np.square(np.diff(profile)).sum())
        if score > best_score:
            best, best_score = tenth / 10, score
    if best == 0.0:
        return image
    return image.rotate(best, resample=Image.BICUBIC, fillcolor=int(np.median(np.asarray(small))))


def _runs(mask, min_length: int) -> list[tuple[int, int, int]]:
    """(row, start, end) of each run of True along the rows at least min_length long."""
    import numpy as np

    padded = np.zeros((mask.shape[0], mask.shape[1] + 2), dtype=np.int8)
    padded[:, 1:-1] = mask
    step = np.diff(padded, axis=1)
    rows, starts = np.nonzero(step == 1)
    _, ends = np.nonzero(step == -1)  # row-major order: the k-th end closes the k-th start
    keep = ends - starts >= min_length
    return list(zip(rows[keep].tolist(), starts[keep].tolist(), ends[keep].tolist()))


def _segments(mask, min_length: int) -> list[tuple[float, float, float]]:
    """Ruling lines along the rows: (position, start, end) in pixels. A line is a few rows
    thick and may be broken by a pixel or two of noise."""
    import numpy as np

    # close one- and two-pixel gaps along the line
    closed = mask.copy()
    closed[:, 1:-1] |= mask[:, :-2] & mask[:, 2:]
    closed[:, 2:-2] |= mask[:, :-4] & mask[:, 4:]
    runs = _runs(closed, min_length)
    by_row: dict[int, list[tuple[int, int]]] = {}
    for row, start, end in runs:
        by_row.setdefault(row, []).append((start, end))
    out: list[tuple[float, float, float]] = []
    band: list[int] = []

    def flush():
        if not band:
            return
        covered = np.zeros(mask.shape[1] + 1, dtype=bool)
        for row in band:
            for start, end in by_row[row]:
                covered[start:end] = True
        for _, start, end in _runs(covered[None, :], min_length):
            out.append(((band[0] + band[-1]) / 2, float(start), float(end)))
        band.clear()

    for row in sorted(by_row):
        if band and row - band[-1] > 1:
            flush()
        band.append(row)
    flush()
    return out


def _rulings(gray) -> tuple[list[dict], list[dict]]:
    """Horizontal and vertical ruling lines of a page image, as pdfplumber edges in points."""
    dark = _dark(gray)
    length = round(MIN_RULE_PT * PX_PER_PT)
    horizontal = [{"x0": a / PX_PER_PT, "x1": b / PX_PER_PT, "top": y / PX_PER_PT, "bottom": y / PX_PER_PT,
                   "width": (b - a) / PX_PER_PT, "height": 0.0, "orientation": "h", "object_type": "line_edge"}
                  for y, a, b in _segments(dark, length)]
    vertical = [{"x0": x / PX_PER_PT, "x1": x / PX_PER_PT, "top": a / PX_PER_PT, "bottom": b / PX_PER_PT,
                 "width": 0.0, "height": (b - a) / PX_PER_PT, "orientation": "v", "object_type": "line_edge"}
                for x, a, b in _segments(dark.T, length)]
    return horizontal, vertical


def _tables(horizontal: list[dict], vertical: list[dict]) -> list:
    """Tables from the lines' crossings (pdfplumber's finder, given the lines found)."""
    if len(horizontal) < 2 or len(vertical) < 2:
        return []
    from pdfplumber.table import TableFinder

    finder = TableFinder(None, {"vertical_strategy": "explicit", "horizontal_strategy": "explicit",
                                "explicit_vertical_lines": vertical, "explicit_horizontal_lines": horizontal})
    # a lone box (a framed title, a stamp) is not a table
    return [t for t in finder.tables if len(t.cells) >= 2]
