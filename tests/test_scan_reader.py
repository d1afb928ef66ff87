"""Scans: images and PDF pages without a text layer, read by OCR (the [ocr] extra).

OCR takes seconds a page, so few pages are OCR'd here: one generated table image and the
four pages of one scanned notice. The ruling-line finder and the error without the extra
need no OCR and run everywhere."""
from __future__ import annotations

import io
import subprocess
import sys

import pytest

from gongkai_parse import parse
from gongkai_parse.errors import InputError
from gongkai_parse.pipeline import parse_bytes
from gongkai_parse.readers import read_layout, sniff

from .conftest import GOLD, SAMPLES, contract_view, load_json

SCAN = SAMPLES / "scan" / "000_2588b1b590b83311.scan.pdf"


def _ocr_installed() -> bool:
    from gongkai_parse.readers import scan

    return scan.available()


needs_ocr = pytest.mark.skipif(not _ocr_installed(), reason="the [ocr] extra is not installed")


def _cjk_font():
    """A Noto CJK font on this machine (fc-list), or None."""
    try:
        out = subprocess.run(["fc-list", ":lang=zh", "file"], capture_output=True, text=True, timeout=20).stdout
    except (OSError, subprocess.SubprocessError):
        return None
    files = sorted({line.split(":")[0].strip() for line in out.splitlines() if "Noto" in line})
    regular = [f for f in files if "Bold" not in f and "Black" not in f]
    return (regular or files or [None])[0]


def _grid_image(rows, widths, *, font=None, merged=(), size=(1190, 900), origin=(60, 140), row_height=70,
                title=None):
    """A table drawn as a scan would show it (dark lines on grey paper) at 144 dpi.
    merged: (row, col, rowspan) cells whose inner horizontal lines are left out."""
    from PIL import Image, ImageDraw

    image = Image.new("L", size, 236)
    draw = ImageDraw.Draw(image)
    x0, y0 = origin
    xs = [x0]
    for w in widths:
        xs.append(xs[-1] + w)
    ys = [y0 + i * row_height for i in range(len(rows) + 1)]
    covered = {(r + k, c) for r, c, span in merged for k in range(1, span)}
    for x in xs:
        draw.line([(x, ys[0]), (x, ys[-1])], fill=20, width=2)
    for i, y in enumerate(ys):
        for c in range(len(widths)):
            if i in (0, len(rows)) or (i, c) not in covered:
                draw.line([(xs[c], y), (xs[c + 1], y)], fill=20, width=2)
    if font is not None:
        if title:
            draw.text((x0 + 150, y0 - 90), title, font=font, fill=15)
        for r, row in enumerate(rows):
            for c, text in enumerate(row):
                if text:
                    span = next((s for rr, cc, s in merged if (rr, cc) == (r, c)), 1)
                    middle = (ys[r] + ys[r + span]) / 2
                    draw.text((xs[c] + 10, middle - 16), text, font=font, fill=15)
    return image, xs, ys


def _png(image) -> bytes:
    out = io.BytesIO()
    image.save(out, "PNG", dpi=(144, 144))
    return out.getvalue()


# --- ruling lines (no OCR) -------------------------------------------------------------------


def test_ruling_lines_give_cells_and_a_merged_cell_its_span():
    np = pytest.importorskip("numpy")
    from gongkai_parse.readers import scan

    rows = [["", "", ""], ["", "", ""], ["", "", ""], ["", "", ""]]
    image, xs, ys = _grid_image(rows, [120, 400, 200], merged=[(1, 0, 3)])
    horizontal, vertical = scan._rulings(np.asarray(image))
    tables = scan._tables(horizontal, vertical)
    assert len(tables) == 1
    table = tables[0]
    # 4 rows of 3 columns, the first column's cells of rows 2-4 merged into one
    assert len(table.rows) == 4
    assert [sum(c is not None for c in row.cells) for row in table.rows] == [3, 3, 2, 2]
    merged = table.rows[1].cells[0]
    assert merged[1] == pytest.approx(ys[1] / 2, abs=2) and merged[3] == pytest.approx(ys[4] / 2, abs=2)
    assert merged[0] == pytest.approx(xs[0] / 2, abs=2) and merged[2] == pytest.approx(xs[1] / 2, abs=2)


def test_text_strokes_are_not_ruling_lines():
    np = pytest.importorskip("numpy")
    from PIL import Image, ImageDraw

    from gongkai_parse.readers import scan

    image = Image.new("L", (1190, 600), 236)
    draw = ImageDraw.Draw(image)
    for k in range(12):  # glyph-sized strokes: a 一 and a 丨 of 12 pt text are about 24 px
        draw.line([(100 + 60 * k, 200), (124 + 60 * k, 200)], fill=20, width=2)
        draw.line([(100 + 60 * k, 300), (100 + 60 * k, 324)], fill=20, width=2)
    horizontal, vertical = scan._rulings(np.asarray(image))
    assert horizontal == [] and vertical == []


def test_a_skewed_scan_is_straightened():
    np = pytest.importorskip("numpy")
    from gongkai_parse.readers import scan

    image, _, ys = _grid_image([["", ""]] * 5, [300, 500])
    tilted = image.rotate(1.2, fillcolor=236)
    straight = scan._straighten(tilted)
    horizontal, _ = scan._rulings(np.asarray(straight))
    assert len([e for e in horizontal if e["x1"] - e["x0"] > 300]) == 6  # each row line whole again


# --- the extra missing, --ocr never (no OCR) ------------------------------------------------------


@pytest.fixture
def without_ocr(monkeypatch):
    # a None entry in sys.modules makes `import name` raise ImportError
    for name in ("rapidocr_onnxruntime", "rapidocr", "onnxruntime"):
        monkeypatch.setitem(sys.modules, name, None)


def test_a_scanned_pdf_without_the_extra_says_how_to_install_it(without_ocr):
    with pytest.raises(InputError) as e:
        parse(SCAN)
    assert e.value.reason.startswith("no text layer: a scanned PDF")
    assert "pip install 'gongkai-parse[ocr]'" in e.value.reason
    assert "\n" not in e.value.reason


def test_an_image_without_the_extra_says_how_to_install_it(without_ocr):
    image, _, _ = _grid_image([["", ""]] * 2, [200, 200])
    with pytest.raises(InputError) as e:
        parse_bytes(_png(image), "notice.png")
    assert "pip install 'gongkai-parse[ocr]'" in e.value.reason


def test_ocr_never_keeps_the_scan_unread():
    with pytest.raises(InputError) as e:
        parse(SCAN, ocr="never")
    assert e.value.reason == "no text layer: a scanned PDF (images of pages); --ocr never was given"


def test_image_formats_are_known_by_their_first_bytes():
    assert sniff(b"II*\x00rest") == "tiff" and sniff(b"MM\x00*rest") == "tiff"
    with pytest.raises(InputError) as e:
        read_layout("序号 工作任务\n".encode(), "notice.png")
    assert e.value.reason == "named .png but the content is not a scanned image file"


def test_a_damaged_image_is_one_line_error():
    if not _ocr_installed():
        pytest.skip("the [ocr] extra is not installed")
    with pytest.raises(InputError) as e:
        parse_bytes(b"\x89PNG\r\n\x1a\n" + b"\x00" * 40, "broken.png")
    assert "image" in e.value.reason


def test_uncertain_ocr_text_puts_a_reason_into_the_records_holding_it():
    from gongkai_parse.model import Record
    from gongkai_parse.pipeline import _flag_uncertain

    records = [Record(seq=1, measure="建立健全政务公开制度", page=1, units_raw="办公室"),
               Record(seq=2, measure="建立健全政务公开制度", page=2),
               Record(seq=3, measure="做好信息发布", page=1)]
    _flag_uncertain(records, [(1, "政务 公开制", ""), (1, "办公室", "")])
    assert records[0].review == ["OCR read this text with low confidence: “政务 公开制”、“办公室”"]
    assert records[1].review == []  # the same words on another page
    assert records[2].review == []


def test_uncertain_ocr_text_opening_with_its_item_number_reaches_its_record():
    from gongkai_parse.model import Record
    from gongkai_parse.pipeline import _flag_uncertain

    # the OCR line (润城, misread from 润珹) holds the item's number; the record holds it apart
    records = [Record(seq=1, measure_no="4", measure="加快润城中心商业综合体建设", page=1),
               Record(seq=2, measure_no="5", measure="推动华贸中心开业运营", page=1)]
    _flag_uncertain(records, [(1, "4.加快润城中心商业", "城")])
    assert records[0].review == ["OCR read this text with low confidence: “4.加快润城中心商业” (unsure of “城”)"]
    assert records[1].review == []


# --- OCR ------------------------------------------------------------------------------------------


@needs_ocr
def test_a_drawn_table_image_reads_to_its_records():
    font_file = _cjk_font()
    if font_file is None:
        pytest.skip("no CJK font on this machine (fc-list :lang=zh)")
    from PIL import ImageFont

    font = ImageFont.truetype(font_file, 24)  # 12 pt at 144 dpi
    rows = [["序号", "工作任务", "具体措施", "责任单位", "完成时限"],
            ["1", "推进政务公开", "建立政策解读制度", "办公室", "2024年6月底前"],
            ["2", "", "更新主动公开目录", "法规科", "2024年9月底前"],
            ["3", "加强平台建设", "整合政务新媒体", "信息中心", "长期坚持"]]
    image, _, _ = _grid_image(rows, [80, 200, 330, 170, 220], font=font, merged=[(1, 1, 2)],
                              title="某区2024年政务公开工作任务分工方案")
    doc = parse_bytes(_png(image), "drawn.png").model_dump(mode="json")
    assert doc["format"] == "image"
    assert doc["columns"] == ["序号", "工作任务", "具体措施", "责任单位", "完成时限"]
    got = [(r["task"], r["measure"], [u["name"] for u in r["units"]], r["deadline"]) for r in doc["tasks"]]
    assert got == [("推进政务公开", "建立政策解读制度", ["办公室"], "2024-06-30"),
                   ("推进政务公开", "更新主动公开目录", ["法规科"], "2024-09-30"),
                   ("加强平台建设", "整合政务新媒体", ["信息中心"], None)]
    assert doc["tasks"][2]["deadline_kind"] == "ongoing"


@needs_ocr
@pytest.mark.parametrize("turn", [-90, 90, 180], ids=["turned-clockwise", "turned-anticlockwise", "upside-down"])
def test_a_page_scanned_turned_reads_as_the_upright_page(turn):
    """A landscape table fed into the scanner sideways (its lines run down or up the image), or a
    page fed in upside down."""
    font_file = _cjk_font()
    if font_file is None:
        pytest.skip("no CJK font on this machine (fc-list :lang=zh)")
    from PIL import ImageFont

    font = ImageFont.truetype(font_file, 24)
    rows = [["序号", "工作任务", "具体措施", "责任单位", "完成时限"],
            ["1", "推进政务公开", "建立政策解读制度", "办公室", "2024年6月底前"],
            ["2", "加强平台建设", "整合政务新媒体", "信息中心", "长期坚持"]]
    image, _, _ = _grid_image(rows, [80, 200, 330, 170, 220], font=font, title="某区2024年政务公开工作任务分工方案")
    doc = parse_bytes(_png(image.rotate(turn, expand=True, fillcolor=236)), "sideways.png")
    assert doc.metadata.title == "某区2024年政务公开工作任务分工方案"
    assert [(r.task, r.measure, [u.name for u in r.units], r.deadline_raw) for r in doc.tasks] == [
        ("推进政务公开", "建立政策解读制度", ["办公室"], "2024年6月底前"),
        ("加强平台建设", "整合政务新媒体", ["信息中心"], "长期坚持")]


def test_a_page_is_sideways_when_most_of_its_text_boxes_run_up_or_down_it():
    from gongkai_parse.readers.scan import _sideways_turn

    def box(width, height):
        return [[0, 0], [width, 0], [width, height], [0, height]]

    across = [(box(300, 30), "建立政策解读制度", 0.99, None)] * 6
    down = [(box(30, 300), "建立政策解读制度", 0.98, None)] * 6  # read well once turned: turned clockwise
    up = [(box(30, 300), "制度读", 0.4, None)] * 6  # read upside down: noise
    single = [(box(30, 30), "办", 0.99, None)] * 20  # one character: any page has them
    assert _sideways_turn(across + single) == 0
    assert _sideways_turn(down + single) == 90
    assert _sideways_turn(up) == -90
    assert _sideways_turn(across + down[:3]) == 0  # a few vertical labels in a table
    assert _sideways_turn(down[:2]) == 0


@needs_ocr
def test_a_multi_page_tiff_is_read_page_by_page():
    font_file = _cjk_font()
    if font_file is None:
        pytest.skip("no CJK font on this machine (fc-list :lang=zh)")
    from PIL import ImageFont

    font = ImageFont.truetype(font_file, 24)
    head = ["序号", "具体措施", "责任单位"]
    first, _, _ = _grid_image([head, ["1", "公开年度报告", "办公室"]], [80, 400, 200], font=font, size=(1190, 500))
    second, _, _ = _grid_image([head, ["2", "公开财政预算", "财务科"]], [80, 400, 200], font=font, size=(1190, 500))
    out = io.BytesIO()
    first.save(out, "TIFF", save_all=True, append_images=[second], dpi=(144, 144))
    doc = parse_bytes(out.getvalue(), "two_pages.tif")
    assert [(r.measure, [u.name for u in r.units], r.page) for r in doc.tasks] == [
        ("公开年度报告", ["办公室"], 1), ("公开财政预算", ["财务科"], 2)]


@needs_ocr
def test_the_scanned_notice_reads_to_its_gold_records():
    """000: four pages of a scanned Word table (merged task cells, a header repeated per page)."""
    gold = load_json(GOLD / "000_2588b1b590b83311.json")
    doc = parse(SCAN).model_dump(mode="json")
    assert doc["format"] == "pdf"
    assert doc["metadata"]["title"] == gold["metadata"]["title"]
    got = [contract_view(r) for r in doc["tasks"]]
    want = [contract_view(r) for r in gold["tasks"]]
    assert len(got) == len(want)
    for i, (g, w) in enumerate(zip(got, want), 1):
        assert g == w, f"record {i}"


def test_font_sizes_of_one_font_are_one_size():
    from gongkai_parse.readers.scan import _font_sizes

    # OCR box heights (pt) of a page: body lines of a 16 pt font vary, a paragraph's short last
    # line (合。) is taller, the two lines of a 22 pt title differ; a 30 pt issuer stays apart
    heights = [h / 0.85 for h in (16.6, 15.3, 17.4, 16.6, 20.4, 20.4, 21.7, 29.3)]
    lengths = [30, 28, 30, 30, 2, 11, 12, 6]
    sizes = _font_sizes(heights, lengths)
    assert sizes[:5] == [pytest.approx(16.6)] * 5
    assert sizes[5] == sizes[6] == pytest.approx(21.05)
    assert sizes[7] == pytest.approx(29.3)


# --- the pages of a scan in parallel --------------------------------------------------------------


@needs_ocr
def test_a_scan_of_several_pages_is_planned_page_by_page():
    from gongkai_parse.batch import plan

    assert plan(SCAN, 60) == (120, "pdf", 4)  # the timeout per two pages; its 4 pages read apart
    assert plan(SCAN, 60, "never") == (120, None, 0)
    text_pdf = SAMPLES / "pdf" / "002_04b061482e0d1150.pdf"
    assert plan(text_pdf, 60) == (60, None, 0)
    pages = plan(text_pdf, 60, "always")[2]
    assert plan(text_pdf, 60, "always") == (60, "pdf", pages) and pages > 1


@needs_ocr
def test_the_pages_of_a_scan_read_in_parallel_give_what_one_process_reads(tmp_path):
    font_file = _cjk_font()
    if font_file is None:
        pytest.skip("no CJK font on this machine (fc-list :lang=zh)")
    from PIL import ImageFont

    from gongkai_parse import batch

    font = ImageFont.truetype(font_file, 24)
    head = ["序号", "具体措施", "责任单位"]
    pages = [_grid_image([head, [str(n), measure, unit]], [80, 400, 200], font=font, size=(1190, 500))[0]
             for n, measure, unit in ((1, "公开年度报告", "办公室"), (2, "公开财政预算", "财务科"),
                                      (3, "更新公开目录", "法规科"))]
    path = tmp_path / "three_pages.tif"
    pages[0].save(path, "TIFF", save_all=True, append_images=pages[1:], dpi=(144, 144))
    progress = []
    [result] = batch.run([path], jobs=3, on_pages=lambda *args: progress.append(args))
    assert result.error is None
    assert [(r.measure, [u.name for u in r.units], r.page) for r in result.document.tasks] == [
        ("公开年度报告", ["办公室"], 1), ("公开财政预算", ["财务科"], 2), ("更新公开目录", ["法规科"], 3)]
    assert result.document == parse(path)  # the same document as read page after page in one process
    assert progress == [(0, 0, 3), (0, 1, 3), (0, 2, 3), (0, 3, 3)]


@needs_ocr
def test_a_page_that_cannot_be_read_fails_its_scan_with_the_page_named(monkeypatch):
    from gongkai_parse import batch
    from gongkai_parse.readers import pdf

    def look_at_page(path, number, ocr="auto"):
        if number == 2:
            raise InputError("the page image is torn")
        return None

    monkeypatch.setattr(pdf, "look_at_page", look_at_page)  # the workers fork with it
    text_pdf = SAMPLES / "pdf" / "002_04b061482e0d1150.pdf"
    results = list(batch.run([SCAN, text_pdf], jobs=2))
    assert (results[0].document, results[0].error) == (None, "page 2: the page image is torn")
    assert results[1].error is None and results[1].document.tasks  # the batch goes on


def _line_boxes(draw, font, lines):
    """Draw (text, (x, y), (margin above, margin below)) lines; return detector-like boxes
    around each line's glyphs with those margins (px), as OCR gives them: (corners, text)."""
    boxes = []
    for text, (x, y), (above, below) in lines:
        draw.text((x, y), text, font=font[text] if isinstance(font, dict) else font, fill=15)
        left, top, right, bottom = draw.textbbox((x, y), text, font=font[text] if isinstance(font, dict) else font)
        top, bottom = top - above, bottom + below
        boxes.append(([[left - 6, top], [right + 6, top], [right + 6, bottom], [left - 6, bottom]], text))
    return boxes


def test_a_text_box_size_is_its_ink_height_not_the_box_height():
    np = pytest.importorskip("numpy")
    font_file = _cjk_font()
    if font_file is None:
        pytest.skip("no CJK font on this machine (fc-list :lang=zh)")
    from PIL import Image, ImageDraw, ImageFont

    from gongkai_parse.readers import scan

    body, title = ImageFont.truetype(font_file, 32), ImageFont.truetype(font_file, 44)  # 16 pt, 22 pt
    image = Image.new("L", (1190, 700), 236)
    draw = ImageDraw.Draw(image)
    lines = {"某市2024年政务公开工作要点": title, "一、加强政策解读回应关切": body,
             "各单位要按照分工抓好落实工作": body, "2024-12-31": body}
    # one font's two lines in boxes 12 px apart in height (a detector's margin varies with
    # its scale and the line); the date line is digits only
    boxes = _line_boxes(draw, lines, [("某市2024年政务公开工作要点", (150, 80), (8, 8)),
                                      ("一、加强政策解读回应关切", (120, 250), (3, 3)),
                                      ("各单位要按照分工抓好落实工作", (120, 330), (9, 9)),
                                      ("2024-12-31", (120, 410), (5, 5))])
    heights = [scan._box_height(box) for box, _ in boxes]
    assert heights[2] - heights[1] == pytest.approx(6, abs=0.5)  # 12 px: 6 pt apart
    sizes = scan._ink_sizes(np.asarray(image), boxes)
    assert sizes[0] == pytest.approx(22, rel=0.06)
    assert sizes[1] == pytest.approx(16, rel=0.06) and sizes[2] == pytest.approx(16, rel=0.06)
    assert sizes[3] == pytest.approx(16, rel=0.12)
    grouped = scan._font_sizes(sizes, [len(text) for _, text in boxes], size_per_height=1.0)
    assert grouped[1] == grouped[2] == grouped[3]
    assert grouped[0] > 1.2 * grouped[1]
    # from the boxes' heights, the same two lines are 6 pt apart and not one size
    by_box = scan._font_sizes(heights[:3], [len(text) for _, text in boxes[:3]])
    assert by_box[1] != by_box[2]


def test_a_neighbouring_line_or_rule_in_a_text_box_is_not_its_ink():
    np = pytest.importorskip("numpy")
    font_file = _cjk_font()
    if font_file is None:
        pytest.skip("no CJK font on this machine (fc-list :lang=zh)")
    from PIL import Image, ImageDraw, ImageFont

    from gongkai_parse.readers import scan

    font = ImageFont.truetype(font_file, 24)  # 12 pt, lines close together as in a table cell
    image = Image.new("L", (800, 300), 236)
    draw = ImageDraw.Draw(image)
    boxes = _line_boxes(draw, font, [("建立政策解读制度", (100, 60), (2, 2)),
                                     ("更新主动公开目录", (100, 96), (10, 10)),  # reaches into both neighbours
                                     ("整合政务新媒体", (100, 132), (2, 2))])
    draw.line([(60, 190), (700, 190)], fill=20, width=2)  # a cell's ruling line under the next box
    boxes += _line_boxes(draw, font, [("信息中心", (100, 160), (2, 9))])
    sizes = scan._ink_sizes(np.asarray(image), boxes)
    assert sizes == [pytest.approx(12, rel=0.06)] * 4


def test_the_page_goes_to_the_ocr_engine_as_one_block_of_bgr_pixels():
    # OpenCV copies a strided (reversed) array whole before each cut, once per text line
    np = pytest.importorskip("numpy")
    from PIL import Image

    from gongkai_parse.readers import scan

    seen = []

    class Result:
        boxes = None

    def recorder(array, **options):  # options: whether to score each character
        seen.append(array)
        return Result()

    engine = object.__new__(scan._Engine)
    engine.version, engine.ocr = 3, recorder
    image = Image.new("RGB", (40, 30), (10, 20, 30))
    assert engine(image) == []
    array = seen[0]
    assert array.flags.c_contiguous and array.shape == (30, 40, 3)
    assert array[0, 0].tolist() == [30, 20, 10]


# --- OCR confidence ---------------------------------------------------------------------------


def test_one_unsure_character_makes_its_box_doubtful_but_a_mark_of_either_width_does_not(monkeypatch):
    """The engine's answer is given here (its scores are the model's to change): a box whose
    mean score is high can still hold one character it was unsure of."""
    from PIL import Image

    from gongkai_parse.readers import scan

    def box(y):
        return [[100, y], [600, y], [600, y + 30], [100, y + 30]]

    read = [(box(100), "江府办函〔2022]7号", 0.96, [1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 0.55, 1.0, 1.0]),
            (box(200), "建立制度，做好公开", 0.96, [1.0, 1.0, 1.0, 1.0, 0.62, 1.0, 1.0, 1.0, 1.0]),  # ， or ,
            (box(300), "更新主动公开目录", 0.99, [1.0] * 8),
            (box(400), "法规科", 0.7, None),  # the whole box unsure, no character scores (RapidOCR 1.x)
            (box(500), "信息 中心", 0.99, None)]
    monkeypatch.setattr(scan, "_engine", lambda: lambda image: read)
    seen = scan.look(Image.new("L", (1190, 1684), 236))
    assert [text for _, text in seen.boxes] == ["江府办函〔2022]7号", "建立制度，做好公开", "更新主动公开目录", "法规科", "信息 中心"]
    assert seen.low == ["江府办函〔2022]7号", "法规科"]
    assert seen.unsure == {"江府办函〔2022]7号": "]", "法规科": ""}


def test_character_scores_are_paired_with_the_text_they_belong_to():
    from types import SimpleNamespace

    from gongkai_parse.readers.scan import _character_scores

    result = SimpleNamespace(txts=("(十） 推进", "办公室", "法规科"),
                             word_results=((("(", 0.9, None), ("十", 1.0, None), ("）", 0.8, None), ("推", 0.99, None),
                                            ("进", 0.98, None)),
                                           (("办", 1.0, None), ("公", 0.7, None), ("室", 1.0, None)),
                                           (("信", 1.0, None), ("息", 1.0, None))))
    # a space has a score but no character box; 办公室's characters are its own; the third box
    # got another box's characters (the engine lost the pairing): its scores are not known
    assert _character_scores(result) == [[0.9, 1.0, 0.8, 0.99, 0.98], [1.0, 0.7, 1.0], None]
    assert _character_scores(SimpleNamespace(txts=("a", "b"), word_results=((("a", 1.0, None),),))) == [None, None]


def test_a_page_the_engine_cannot_pair_with_its_characters_is_read_without_them():
    from gongkai_parse.readers.scan import _read_with_character_scores

    calls = []

    def engine(array, return_word_box, return_single_char_box):
        calls.append(return_word_box)
        if return_word_box:  # RapidOCR 3.x when a box in the middle of the page read as nothing
            raise IndexError("tuple index out of range")
        return "the page's boxes"

    assert _read_with_character_scores(engine, None) == "the page's boxes"
    assert calls == [True, False]


@needs_ocr
def test_a_character_hard_to_read_puts_a_reason_into_its_record_only():
    """A drawn table whose one character has lost its lower half (a fold, a smudge): the engine
    reads something there with a high score for its box but a low one for that character."""
    font_file = _cjk_font()
    if font_file is None:
        pytest.skip("no CJK font on this machine (fc-list :lang=zh)")
    from PIL import ImageDraw, ImageFont

    font = ImageFont.truetype(font_file, 24)
    rows = [["序号", "具体措施", "责任单位", "完成时限"],
            ["1", "建立政策解读制度", "办公室", "2024年6月底前"],
            ["2", "更新主动公开目录", "法规科", "2024年9月底前"],
            ["3", "整合政务新媒体", "信息中心", "长期坚持"]]
    image, xs, ys = _grid_image(rows, [80, 330, 170, 220], font=font)
    # 主, the third character of the second record's measure: its lower two thirds wiped out
    left, top = xs[1] + 10 + 2 * 24, (ys[2] + ys[3]) / 2 - 16
    ImageDraw.Draw(image).rectangle((left, top + 12, left + 24, top + 34), fill=236)
    doc = parse_bytes(_png(image), "smudged.png")
    assert [r.measure[:2] for r in doc.tasks] == ["建立", "更新", "整合"]
    clean, smudged, other = (r.review for r in doc.tasks)
    assert len(smudged) == 1 and smudged[0].startswith("OCR read this text with low confidence: “更新")
    assert "(unsure of “" in smudged[0]  # the character read where 主 was
    assert clean == [] and other == []
