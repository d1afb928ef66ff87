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
# A page is taken for one scanned a quarter turn off when at least this many text boxes, and
# more than run across it, run up or down it.
SIDEWAYS_MIN_BOXES = 3
# A page whose text reads with less confidence than this (by character) is tried upside down.
UPSIDE_DOWN_SCORE = 0.75
MAX_PAGES = 500
INSTALL_HINT = "pip install 'gongkai-parse[ocr]'"
# Threads the OCR engine computes with (0: onnxruntime's default, every core). A batch sets
# it to its share of the cores: two workers each using both cores of two run slower than
# two using one each (30 scanned pages: 68 s against 50 s here).
THREADS = 0
# The longest side (px) the text detector reads a page at (0: the page as it is, 1684 px for
# A4). Text lines are found as well at 1280 (28–32 px text is 21–24 px there) for 0.6 of the
# pixels; recognition still reads each line from the full page. At 960 fewer rows were right.
DETECT_SIDE = 1280
# Height of the ink of a line over its font size: ideographs fill most of the em (Song,
# FangSong, Hei, Kai faces alike); digits and capitals about 0.7 of it.
CJK_INK = 0.95
LATIN_INK = 0.7
_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
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
                                        "Global.log_level": "error", "EngineConfig.onnxruntime.intra_op_num_threads": THREADS or -1,
                                        **_detect_params()})

    def __call__(self, image) -> list[tuple[list, str, float, list[float] | None]]:
        import numpy as np

        # the engines take OpenCV's BGR; in one block, as OpenCV wants it: a reversed view made
        # OpenCV copy the whole page for each text line it cut out (0.3 s of CPU a page)
        array = np.ascontiguousarray(np.asarray(image.convert("RGB"))[:, :, ::-1])
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


def _detect_params() -> dict:
    """The detector's scale: the page's longest side brought down to DETECT_SIDE (the boxes are
    mapped back to the full page, which the recogniser reads its lines from)."""
    if not DETECT_SIDE:
        return {}
    return {"Det.limit_type": "max", "Det.limit_side_len": DETECT_SIDE}


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


def read(data: bytes, name: str = "", *, ocr: str = "auto", seen: dict | None = None) -> Layout:
    """An image file: each page (a TIFF may hold several) read by OCR.
    seen: pages already read by OCR (look_at_frame, in parallel), by page number."""
    from .pdf import layout_of

    if ocr == "never":
        raise InputError("an image has no text to read without OCR (--ocr never)")
    require("an image of a page (no text layer)")
    pages = []
    uncertain: list[tuple[int, str, str]] = []
    columns = None  # a borderless table's columns, carried to the next page
    for number, image in enumerate(_images(data, skip=set(seen or ())), 1):
        page_seen = (seen or {}).get(number) or look(image)
        items, columns = page_of(page_seen, number, columns)
        pages.append(items)
        uncertain.extend(page_seen.uncertain(number))
    if not pages:
        raise InputError("the image has no pages")
    layout = layout_of(pages)
    layout.uncertain = uncertain
    return layout


def look_at_frame(path: str, number: int) -> PageScan:
    """Page `number` of an image file (a multi-page TIFF) as OCR sees it: one page of a
    scan, read in a process of its own."""
    require("an image of a page (no text layer)")
    with open(path, "rb") as f:
        for at, image in enumerate(_images(f, skip=set(range(1, number))), 1):
            if at == number:
                return look(image)
    raise InputError(f"the image has no page {number}")


def frame_count(path: str) -> int:
    """The pages of an image file, from its headers (0 when it cannot be read)."""
    from PIL import Image

    try:
        with Image.open(path) as im:
            return min(getattr(im, "n_frames", 1), MAX_PAGES)
    except Exception:  # the reader says why
        return 0


def _images(source: bytes | io.IOBase, skip: set[int] = frozenset()):
    """Each page of an image file, at PX_PER_PT (None for the page numbers in skip: not decoded)."""
    from PIL import Image, ImageOps, ImageSequence, UnidentifiedImageError

    try:
        with Image.open(io.BytesIO(source) if isinstance(source, bytes) else source) as im:
            for number, frame in enumerate(ImageSequence.Iterator(im), 1):
                if number > MAX_PAGES:
                    raise InputError(f"more than {MAX_PAGES} pages in one image file")
                if number in skip:
                    yield None
                    continue
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
    low: list[str] = field(default_factory=list)  # texts OCR was unsure of (see _doubt)
    unsure: dict[str, str] = field(default_factory=dict)  # a low text: the characters OCR was unsure of
    horizontal: list[dict] = field(default_factory=list)
    vertical: list[dict] = field(default_factory=list)
    # font size (pt) of each box, measured from its ink; empty: from the boxes' heights
    sizes: list[float] = field(default_factory=list)

    def uncertain(self, number: int) -> list[tuple[int, str, str]]:
        """(page, text, the characters OCR was unsure of) of each doubtful text, for the review."""
        return [(number, text, self.unsure.get(text, "")) for text in self.low]


def look(image) -> PageScan:
    """The expensive half of reading a page image: straightened, OCR'd, ruling lines found."""
    import numpy as np

    image = _straighten(image)
    read = _engine()(image)
    turn = _sideways_turn(read)
    if turn:  # a page scanned a quarter turn off: turned upright and read again
        image = _straighten(image.rotate(turn, expand=True, fillcolor=_paper(image)))
        read = _engine()(image)
    elif len(read) >= 3 and _mean_score(read) < UPSIDE_DOWN_SCORE:
        # read as noise: a page scanned upside down reads so (about 0.55 where the right way up
        # reads 0.99, on noisy scans too); kept turned if it reads better so
        turned = _straighten(image.rotate(180, fillcolor=_paper(image)))
        again = _engine()(turned)
        if _mean_score(again) > _mean_score(read):
            image, read = turned, again
    gray = np.asarray(image)
    seen = PageScan(gray.shape[1] / PX_PER_PT, gray.shape[0] / PX_PER_PT)
    for box, text, score, chars in read:
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
        seen.boxes = _with_bullets(seen.boxes, gray)
        seen.horizontal, seen.vertical = _rulings(gray)
        seen.sizes = _ink_sizes(gray, seen.boxes)
    return seen


def _sideways_turn(read: list) -> int:
    """The turn (degrees anticlockwise) that sets a sideways page upright, or 0. Lines of text
    running up or down the page give boxes taller than wide (at least twice: a single
    character's box is square); the recogniser turns such a box a quarter anticlockwise before
    reading it, which reads a page turned clockwise (its lines running down) with confidence
    and one turned the other way as noise. So: more tall boxes than wide ones -> sideways;
    read with confidence -> turned clockwise (turn it back 90°), else anticlockwise (-90°)."""
    tall, wide, tall_chars, tall_score = 0, 0, 0, 0.0
    for box, text, score, _ in read:
        width = max(p[0] for p in box) - min(p[0] for p in box)
        height = max(p[1] for p in box) - min(p[1] for p in box)
        if height >= 2 * width:
            tall += 1
            tall_chars += len(text)
            tall_score += score * len(text)
        elif width >= 2 * height:
            wide += 1
    if tall < SIDEWAYS_MIN_BOXES or tall <= wide:
        return 0
    return 90 if tall_score / max(1, tall_chars) >= LOW_CONFIDENCE else -90


def _mean_score(read: list) -> float:
    """The recogniser's confidence over a page, each box weighted by its characters."""
    chars = sum(len(text) for _, text, _, _ in read)
    return sum(score * len(text) for _, text, score, _ in read) / chars if chars else 0.0


def _paper(image) -> int:
    """The page's paper tone (its median grey), to fill the corners a turn uncovers."""
    import numpy as np

    return int(np.median(np.asarray(image.resize((max(1, image.size[0] // 8), max(1, image.size[1] // 8))))))


def page_of(seen: PageScan, number: int, columns=None):
    """A page seen by look() as the PDF reader's _PageItems, and a borderless table's columns
    for the next page (what the page before it passed on as `columns`)."""
    from .pdf import _PageItems, page_items

    lengths = [len(text) for _, text in seen.boxes]
    if len(seen.sizes) == len(seen.boxes):
        sizes = _font_sizes(seen.sizes, lengths, size_per_height=1.0)
    else:
        sizes = _font_sizes([_box_height(box) for box, _ in seen.boxes], lengths)
    chars = [ch for (box, text), size in zip(seen.boxes, sizes) for ch in _pseudo_chars(box, text, size)]
    if not chars:
        return _PageItems(number, seen.width, seen.height), None
    tables = _tables(seen.horizontal, seen.vertical)
    items, columns = page_items(number, seen.width, seen.height, chars, tables, lambda: seen.horizontal, columns)
    for line in items.lines:
        line.chars = []
    return items, columns


def _font_sizes(heights: list[float], lengths: list[int], size_per_height: float = 0.85) -> list[float]:
    """Font sizes of the page's text boxes from their heights. The detector's box is the
    glyphs' height plus a margin: about 0.85 of it is the font size. Heights vary by a point
    or two between lines of one font (what the line holds, noise), while the PDF rules join
    lines of one size: sizes within 20% of the page's main size (by characters) become it,
    as do those of short boxes (a paragraph's last line 合。, whose box is the least sure)
    up to 1.5 times it; the others are grouped where they lie within 10% of each other.
    size_per_height=1.0 takes heights that are font sizes already (measured from the ink)."""
    from statistics import median

    sizes = [size_per_height * h for h in heights]
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


def _box_height(box) -> float:
    """A detector box's height in points."""
    return (max(p[1] for p in box) - min(p[1] for p in box)) / PX_PER_PT


def _ink_sizes(gray, boxes: list[tuple[list, str]]) -> list[float]:
    """The font size (pt) of each text box from the height of its ink, not of the box: the
    detector's margin around the glyphs, and so the box's height, changes with the scale the
    detector reads the page at and varies from line to line, while the glyphs' height does
    not. Ideographs are about CJK_INK of the em high; a line with none (digits, Latin) is
    measured by its digits and capitals (LATIN_INK). Where the ink gives no plausible height
    (a line of 一 or dashes, a crop with a neighbour's glyphs), the box's height gives it."""
    dark = _dark(gray)
    out = []
    for box, text in boxes:
        from_box = 0.85 * _box_height(box)
        ink = _ink_height(dark, box) / PX_PER_PT
        size = ink / (CJK_INK if _CJK.search(text) else LATIN_INK)
        out.append(round(size if 0.6 * from_box <= size <= 1.25 * from_box else from_box, 2))
    return out


def _ink_height(dark, box) -> float:
    """Pixel rows from the top of a box's ink to its bottom: the rows with dark pixels in the
    box's bounding rectangle. A band of rows touching the rectangle's top or bottom edge, apart
    from the others, is a neighbouring line's glyphs or a cell's ruling line, and left out;
    as is a row dark almost across the box (an underline, a ruling line)."""
    import numpy as np

    xs = [p[0] for p in box]
    ys = [p[1] for p in box]
    x0, x1 = max(0, int(min(xs))), min(dark.shape[1], int(np.ceil(max(xs))))
    y0, y1 = max(0, int(min(ys))), min(dark.shape[0], int(np.ceil(max(ys))))
    if x1 - x0 < 2 or y1 - y0 < 2:
        return 0.0
    profile = dark[y0:y1, x0:x1].sum(axis=1)
    width = x1 - x0
    inked = (profile >= max(2, 0.01 * width)) & (profile < 0.9 * width)
    rows = np.flatnonzero(inked)
    if not rows.size:
        return 0.0
    breaks = np.flatnonzero(np.diff(rows) > 1)
    bands = list(zip(np.r_[rows[0], rows[breaks + 1]], np.r_[rows[breaks], rows[-1]]))
    inner = [(a, b) for a, b in bands if a > 0 and b < len(profile) - 1]
    if inner:
        bands = inner
    return float(bands[-1][1] - bands[0][0] + 1)


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


# Symbol bullets. The recogniser reads ● ★ ▲ □ before a line, but drops ■ and ○ from the
# text of a box that covers them, gives ◆ and a drawn dot or square no box at all, or a box
# of its own read as a digit, and reads • as ·. What it misses is found in the image: a
# solid blob (filled through its middle, unlike the rings of 口 〇 0 o 。) the size of a
# glyph, at the start of a line, becomes the bullet character the notice had there.
# A hollow bullet (○ □) looks like 口 or 〇: it is put back only where the recogniser's text
# has nothing for it and a space follows it.
BULLET_CHARS = "●◆■▲★□◇○•"
# What the recogniser may make of a solid bullet at the start of a line.
_BULLET_MISREADS = "·•.oO0〇口"
# A bullet beside a line is this part of its box's height: a small one (• is 0.25) only
# where the recogniser saw something there too, so that a speck of dirt is no bullet. One
# on a line of its own (a list marker set above its items) is this part of a line's height.
_BULLET_BESIDE = (0.2, 1.0)
_BULLET_UNSEEN_MIN = 0.3
# The space after a bullet the recogniser gave no character for, against its line's height:
# an ASCII space after a full-width ● is 0.23 of it, two bold characters 0.05–0.15 apart.
_BULLET_SPACE = 0.2
_BULLET_ALONE = (0.3, 2.0)


@dataclass
class _Blob:
    x0: int
    top: int
    x1: int
    bottom: int
    glyph: str
    hollow: bool = False

    @property
    def height(self) -> int:
        return self.bottom - self.top

    @property
    def middle(self) -> float:
        return (self.top + self.bottom) / 2


def _solid_blobs(gray) -> tuple[list[_Blob], list[tuple[int, int, int, int]]]:
    """Dark blobs of a page that could be bullets: about as wide as high, solid through
    their middle, convex, at most a few lines high; and (x0, top, x1, bottom) of every
    piece of ink larger than a speck, to see what stands beside a blob."""
    import cv2
    import numpy as np

    dark = _dark(gray).astype(np.uint8)
    _, labels, stats, _ = cv2.connectedComponentsWithStats(dark, connectivity=8)
    x, y, w, h, area = (stats[1:, k] for k in range(5))
    aspect = w / np.maximum(h, 1)
    fill = area / np.maximum(w * h, 1)
    maybe = (h >= 6) & (h <= 160) & (aspect >= 0.6) & (aspect <= 1.6) & (fill >= 0.45)
    ring = (h >= 12) & (h <= 160) & (aspect >= 0.8) & (aspect <= 1.25) & (fill >= 0.1) & (fill < 0.45)
    blobs = []
    for i in np.nonzero(maybe | ring)[0]:
        x0, top, width, height = int(x[i]), int(y[i]), int(w[i]), int(h[i])
        shape = labels[top:top + height, x0:x0 + width] == i + 1
        middle = shape[round(0.3 * height):max(round(0.7 * height), round(0.3 * height) + 1),
                       round(0.3 * width):max(round(0.7 * width), round(0.3 * width) + 1)]
        if maybe[i] and middle.mean() >= 0.9 and _convexity(shape) >= 0.9:
            # solid through its middle, and convex: a bold character whose inner spaces
            # closed up has strokes sticking out
            blobs.append(_Blob(x0, top, x0 + width, top + height, _bullet_glyph(shape, float(fill[i]))))
        elif ring[i] and not middle.any():
            outline = _hollow_outline(shape)
            if outline:
                blobs.append(_Blob(x0, top, x0 + width, top + height, outline, hollow=True))
    specks = (w >= 3) | (h >= 3)
    ink = [(int(a), int(b), int(a + c), int(b + d)) for a, b, c, d, keep in zip(x, y, w, h, specks) if keep]
    return blobs, ink


def _hollow_outline(shape) -> str:
    """○ or □ for a thin closed ring with one hole and a convex outline, else ""."""
    import cv2
    import numpy as np

    contours, hierarchy = cv2.findContours(shape.astype(np.uint8), cv2.RETR_CCOMP, cv2.CHAIN_APPROX_SIMPLE)
    outer = [c for c, link in zip(contours, hierarchy[0]) if link[3] < 0]
    holes = [c for c, link in zip(contours, hierarchy[0]) if link[3] >= 0]
    if len(outer) != 1 or len(holes) != 1:
        return ""
    area = cv2.contourArea(outer[0])
    hull = cv2.contourArea(cv2.convexHull(outer[0]))
    if hull <= 0 or area / hull < 0.9 or cv2.contourArea(holes[0]) < 0.4 * area:
        return ""
    return "□" if area >= 0.87 * shape.size else "○"


def _convexity(shape) -> float:
    """The shape's area against its convex hull's: 1 for a disc, a square, a diamond."""
    import cv2
    import numpy as np

    contours, _ = cv2.findContours(shape.astype(np.uint8), cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_SIMPLE)
    outline = max(contours, key=cv2.contourArea)
    hull = cv2.contourArea(cv2.convexHull(outline))
    return cv2.contourArea(outline) / hull if hull > 0 else 0.0


def _bullet_glyph(shape, fill: float) -> str:
    """The bullet a solid shape draws: a square fills its box, a disc about π/4 of it, a
    diamond or a triangle half (a triangle's ink is in its lower half)."""
    if fill >= 0.9:
        return "■"
    if fill >= 0.65:
        return "●"
    half = shape.shape[0] // 2
    return "▲" if shape[half:].sum() > 1.6 * max(shape[:half].sum(), 1) else "◆"


def _with_bullets(boxes: list[tuple[list, str]], gray) -> list[tuple[list, str]]:
    """The page's text boxes with the bullets the recogniser missed put back: before the
    text of the line a bullet stands at the start of, or as a line of their own."""
    if not boxes:
        return boxes
    blobs, ink = _solid_blobs(gray)
    if not blobs:
        return boxes
    from statistics import median

    rects = [[min(p[0] for p in box), min(p[1] for p in box), max(p[0] for p in box), max(p[1] for p in box), text]
             for box, text in boxes]
    usual = median([r[3] - r[1] for r in rects if len(r[4]) >= 4] or [r[3] - r[1] for r in rects])
    left, right = min(r[0] for r in rects), max(r[2] for r in rects)
    added = []
    for blob in blobs:
        line = [i for i, r in enumerate(rects) if r is not None and r[1] <= blob.middle <= r[3]
                and abs((r[1] + r[3]) / 2 - blob.middle) <= 0.25 * (r[3] - r[1])]
        under = [i for i in line if rects[i][0] - 3 <= blob.x0 and blob.x1 <= rects[i][2] + 3]
        after = sorted((i for i in line if i not in under and rects[i][0] > blob.x0), key=lambda i: rects[i][0])
        if under:
            i = under[0]
            x0, top, x1, bottom, text = rects[i]
            height = bottom - top
            if not _BULLET_BESIDE[0] * height <= blob.height <= _BULLET_BESIDE[1] * height:
                continue
            if blob.x0 - x0 > 0.5 * height:  # inside the line: the text holds it already
                continue
            if blob.hollow and (text[0] in BULLET_CHARS or text[0] in _BULLET_MISREADS or len(text) <= 2):
                continue  # the recogniser read a character there: 口 〇 0 O are text
            if len(text) <= 2 and x1 - x0 <= 1.6 * height:  # a box of its own, misread
                following = [j for j in after if rects[j][0] - x1 <= 1.5 * height]
                if following:
                    rects[i] = None
                    _put_bullet(rects[following[0]], blob)
                else:
                    rects[i][4] = _glyph_beside(blob, height)
            elif text[0] in BULLET_CHARS:
                continue
            elif text[0] in _BULLET_MISREADS:
                rects[i][4] = _glyph_beside(blob, height) + text[1:].lstrip()
            elif blob.height >= _BULLET_UNSEEN_MIN * height and _space_after(blob, ink) >= _BULLET_SPACE * height:
                # the text may hold it as its first character: a bullet the recogniser
                # dropped has a space after it (a bold 国 whose inside closed up has none)
                _put_bullet(rects[i], blob)
        elif after and rects[after[0]][0] - blob.x1 <= 1.5 * (rects[after[0]][3] - rects[after[0]][1]):
            height = rects[after[0]][3] - rects[after[0]][1]
            if _BULLET_UNSEEN_MIN * height <= blob.height <= _BULLET_BESIDE[1] * height \
                    and rects[after[0]][4][0] not in BULLET_CHARS \
                    and (not blob.hollow or _space_after(blob, ink) >= _BULLET_SPACE * height):
                _put_bullet(rects[after[0]], blob)
        elif blob.hollow:
            continue
        elif _stands_alone(blob, rects, ink) and left <= blob.x0 and blob.x1 <= right \
                and _BULLET_ALONE[0] * usual <= blob.height <= _BULLET_ALONE[1] * usual:
            added.append([blob.x0, blob.top, blob.x1, blob.bottom, blob.glyph])
    out = []
    for (box, text), rect in zip(boxes, rects):
        if rect is not None and rect[4] == text and rect[0] == min(p[0] for p in box):
            out.append((box, text))  # as the recogniser gave it
        elif rect is not None:
            out.append((_corners(rect), rect[4]))
    return out + [(_corners(rect), rect[4]) for rect in added]


def _corners(rect: list) -> list:
    x0, top, x1, bottom = rect[:4]
    return [[x0, top], [x1, top], [x1, bottom], [x0, bottom]]


def _put_bullet(rect: list, blob: _Blob) -> None:
    """The bullet before the text of a line's box, the box widened to take it in."""
    rect[0] = min(rect[0], blob.x0)
    rect[4] = _glyph_beside(blob, rect[3] - rect[1]) + rect[4]


def _glyph_beside(blob: _Blob, line_height: float) -> str:
    """A blob under 0.4 of the line's height is the small bullet •: too few pixels to tell a
    disc from a diamond."""
    return "•" if blob.height < 0.4 * line_height else blob.glyph


def _stands_alone(blob: _Blob, rects: list, ink: list[tuple[int, int, int, int]]) -> bool:
    """No text box and no other ink on the rows the blob spans."""
    if any(r is not None and r[1] < blob.bottom and blob.top < r[3] for r in rects):
        return False
    return sum(1 for _, top, _, bottom in ink if top < blob.bottom and blob.top < bottom) <= 1


def _space_after(blob: _Blob, ink: list[tuple[int, int, int, int]]) -> float:
    """Pixels from the blob to the next ink on its right, on the rows it spans."""
    starts = [x0 for x0, top, _, bottom in ink if x0 >= blob.x1 and top < blob.bottom and blob.top < bottom]
    return min(starts) - blob.x1 if starts else float("inf")
