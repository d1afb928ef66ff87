"""Symbol bullets (● ■ ◆ …) in scans. The recogniser reads some bullet glyphs, drops others
from the text, gives some no box or a box of their own read as a digit; the scan reader puts
the bullet back from the image, so a bulleted notice reads as it does from its text.

The OCR tests draw pages with PIL and a CJK font; the blob tests give the bullet finder
boxes by hand and need no OCR."""
from __future__ import annotations

import pytest

from gongkai_parse.pipeline import parse_bytes

from .test_scan_reader import _cjk_font, _png, needs_ocr

ITEMS = [("市内各营业网点电子屏幕没有宣传标语。", "（主体责任：各营业网点，监督责任：市工商局）"),
         ("白茶市场存在乱堆乱放现象。", "（主体责任：白茶村委会，监督责任：市商务局）"),
         ("明珠广场地面油垢较厚。", "（主体责任：永安办事处，监督责任：市城管局）")]
# what a reader of the notice takes from it: each bulleted line a measure, the bracket
# line under it the units answering for it
WANT = [("市内各营业网点电子屏幕没有宣传标语。", [("各营业网点", "responsible"), ("市工商局", "responsible")]),
        ("白茶市场存在乱堆乱放现象。", [("白茶村委会", "responsible"), ("市商务局", "responsible")]),
        ("明珠广场地面油垢较厚。", [("永安办事处", "responsible"), ("市城管局", "responsible")])]

FONT_PX = 32  # 16 pt body text at 144 dpi
LEFT = 120


def _font():
    font_file = _cjk_font()
    if font_file is None:
        pytest.skip("no CJK font on this machine (fc-list :lang=zh)")
    from PIL import ImageFont

    return ImageFont.truetype(font_file, FONT_PX)


def _page(lines, font, *, height=700):
    """A grey page with one text line per entry: (bullet, text), the bullet a glyph (str), a
    shape to draw ("disc", "square", "diamond") or None; lines under a bullet are indented."""
    from PIL import Image, ImageDraw

    image = Image.new("L", (1190, height), 236)
    draw = ImageDraw.Draw(image)
    _, glyph_top, _, glyph_bottom = font.getbbox("市")
    y = 100
    for bullet, text in lines:
        middle = y + (glyph_top + glyph_bottom) / 2
        if bullet is None:
            draw.text((LEFT + 2 * FONT_PX, y), text, font=font, fill=15)
        elif len(bullet) == 1:
            draw.text((LEFT, y), bullet + " " + text, font=font, fill=15)
        else:
            r = 9 if bullet != "diamond" else 12  # a drawn bullet about half the text's height
            x = LEFT + r
            if bullet == "disc":
                draw.ellipse([x - r, middle - r, x + r, middle + r], fill=15)
            elif bullet == "square":
                draw.rectangle([x - r, middle - r, x + r, middle + r], fill=15)
            else:
                draw.polygon([(x, middle - r), (x + r, middle), (x, middle + r), (x - r, middle)], fill=15)
            draw.text((LEFT + 2 * r + 16, y), text, font=font, fill=15)
        y += 56
    return image


def _records(image):
    doc = parse_bytes(_png(image), "bullets.png")
    return [(r.measure, [(u.name, u.role) for u in r.units]) for r in doc.tasks], doc


@needs_ocr
def test_bullet_glyphs_open_the_items_of_a_scanned_list():
    font = _font()
    lines = []
    for bullet, (measure, units) in zip("●■◆", ITEMS):
        lines += [(bullet, measure), (None, units)]
    got, doc = _records(_page(lines, font))
    assert got == WANT
    assert [r.measure_no for r in doc.tasks] == [None, None, None]  # a bullet is no number


@needs_ocr
def test_hollow_bullet_glyphs_open_the_items_of_a_scanned_list():
    font = _font()
    lines = []
    for bullet, (measure, units) in zip("○□○", ITEMS):
        lines += [(bullet, measure), (None, units)]
    got, _ = _records(_page(lines, font))
    assert got == WANT


@needs_ocr
def test_drawn_bullet_shapes_open_the_items_of_a_scanned_list():
    font = _font()
    lines = []
    for bullet, (measure, units) in zip(("disc", "square", "diamond"), ITEMS):
        lines += [(bullet, measure), (None, units)]
    got, _ = _records(_page(lines, font))
    assert got == WANT


@needs_ocr
def test_lines_opening_with_round_or_square_characters_and_dots_are_left_as_read():
    """口 〇 0 are rings, a full stop and a middle dot are small: none is a bullet."""
    np = pytest.importorskip("numpy")
    from gongkai_parse.readers import scan

    font = _font()
    texts = ["口岸通关信息按月公开。", "〇号文件的解读材料同步发布。", "0.5万份政策汇编已经印发。",
             "会议由张某·李某主持。", "全年公开信息1200条。"]
    image = _page([(None, t) for t in texts], font, height=500)
    read = [(box, text) for box, text, *_ in scan._engine()(image)]
    assert [text for _, text in read][:1] == ["口岸通关信息按月公开。"]  # what this checks is seen
    assert scan._with_bullets(read, np.asarray(image)) == read
    assert not any(text[0] in scan.BULLET_CHARS for _, text in read)


# --- the bullet finder on boxes given by hand (no OCR) ---------------------------------------


def _blank(width=1190, height=600):
    np = pytest.importorskip("numpy")
    pytest.importorskip("cv2")
    return np.full((height, width), 236, dtype=np.uint8)


def _box(x0, top, x1, bottom):
    return [[x0, top], [x1, top], [x1, bottom], [x0, bottom]]


def _lines_of_text(gray, rows=(100, 156, 212)):
    """Boxes of text lines (36 px high, 20 characters) with glyph-like ink in them: strokes,
    nothing solid."""
    boxes = []
    for top in rows:
        for k in range(20):
            x = 200 + 34 * k
            gray[top + 4:top + 32, x + 14:x + 17] = 20  # 丨
            gray[top + 16:top + 19, x + 2:x + 30] = 20  # 一
        boxes.append((_box(196, top, 880, top + 36), "推进政务公开标准化规范化建设工作"))
    return boxes


def test_a_disc_before_a_line_without_a_box_opens_that_line():
    from gongkai_parse.readers import scan

    gray = _blank()
    boxes = _lines_of_text(gray)
    gray[109:127, 160:178] = 20  # an 18 px square, 18 px left of the first line, on its middle
    got = scan._with_bullets(boxes, gray)
    assert got[0][1] == "■推进政务公开标准化规范化建设工作"
    assert min(p[0] for p in got[0][0]) == 160  # the box now takes the bullet in
    assert got[1:] == boxes[1:]


def test_a_blob_the_recogniser_dropped_from_a_box_goes_back_into_its_text():
    np = pytest.importorskip("numpy")
    from gongkai_parse.readers import scan

    gray = _blank()
    boxes = _lines_of_text(gray)
    yy, xx = np.mgrid[:gray.shape[0], :gray.shape[1]]
    gray[(yy - 174) ** 2 + (xx - 168) ** 2 <= 11 ** 2] = 20  # a disc inside the second box's left end
    boxes[1] = (_box(150, 156, 880, 192), boxes[1][1])
    misread = (_box(150, 212, 880, 248), "0" + boxes[2][1])  # and one read as 0 at a line's start
    gray[(yy - 230) ** 2 + (xx - 168) ** 2 <= 11 ** 2] = 20
    got = scan._with_bullets([boxes[0], boxes[1], misread], gray)
    assert [text for _, text in got] == ["推进政务公开标准化规范化建设工作", "●推进政务公开标准化规范化建设工作",
                                         "●推进政务公开标准化规范化建设工作"]


def test_a_bullet_on_a_line_of_its_own_becomes_a_line():
    np = pytest.importorskip("numpy")
    from gongkai_parse.readers import scan

    gray = _blank()
    boxes = _lines_of_text(gray, rows=(156, 212))
    yy, xx = np.mgrid[:gray.shape[0], :gray.shape[1]]
    gray[(yy - 110) ** 2 + (xx - 500) ** 2 <= 20 ** 2] = 20  # centred above the lines
    got = scan._with_bullets(boxes, gray)
    assert got[:2] == boxes
    assert got[2][1] == "●" and min(p[0] for p in got[2][0]) == 480


def test_rings_stars_stamps_corners_and_punched_holes_are_not_bullets():
    np = pytest.importorskip("numpy")
    from PIL import Image, ImageDraw

    from gongkai_parse.readers import scan

    gray = _blank()
    boxes = _lines_of_text(gray, rows=(100, 156, 212, 268, 324))
    # lines 1 and 2 open with 〇 and 口, which the recogniser read
    boxes[0] = (_box(156, 100, 880, 136), "〇" + boxes[0][1])
    boxes[1] = (_box(156, 156, 880, 192), "口" + boxes[1][1])
    image = Image.fromarray(gray)
    draw = ImageDraw.Draw(image)
    draw.ellipse([160, 107, 182, 129], outline=20, width=3)
    draw.rectangle([160, 163, 182, 185], outline=20, width=4)
    star = [(171 + (11 if k % 2 == 0 else 4.5) * np.sin(k * np.pi / 5),
             230 - (11 if k % 2 == 0 else 4.5) * np.cos(k * np.pi / 5)) for k in range(10)]
    draw.polygon(star, fill=20)  # a red seal's star, filled, before line 3
    draw.ellipse([600, 380, 800, 580], outline=20, width=8)  # a seal's ring
    draw.line([(100, 420), (400, 420)], fill=20, width=3)  # a table's corner
    draw.line([(100, 420), (100, 590)], fill=20, width=3)
    draw.ellipse([20, 450, 56, 486], fill=20)  # a punched hole in the margin, on no line
    draw.ellipse([166, 282, 174, 290], fill=20)  # a speck of dirt before line 4, on its middle
    draw.ellipse([177, 337, 182, 342], fill=20)  # a Latin full stop's size, before line 5
    got = scan._with_bullets(boxes, np.asarray(image))
    assert got == boxes


def test_a_blob_inside_a_line_is_left_to_its_text():
    from gongkai_parse.readers import scan

    gray = _blank()
    boxes = _lines_of_text(gray)
    gray[109:127, 560:578] = 20  # a ■ in the middle of the first line: the recogniser's business
    assert scan._with_bullets(boxes, gray) == boxes


def test_a_small_dot_read_as_a_middle_dot_is_the_bullet_it_draws():
    np = pytest.importorskip("numpy")
    from gongkai_parse.readers import scan

    gray = _blank()
    boxes = _lines_of_text(gray, rows=(100,))
    yy, xx = np.mgrid[:gray.shape[0], :gray.shape[1]]
    gray[100:136, 196:230] = 236  # the line's first character a 9 px dot, read as ·
    gray[(yy - 118) ** 2 + (xx - 204) ** 2 <= 4 ** 2] = 20
    got = scan._with_bullets([(boxes[0][0], "·" + boxes[0][1])], gray)
    assert [text for _, text in got] == ["•推进政务公开标准化规范化建设工作"]


def test_bold_characters_whose_insides_closed_up_are_not_bullets():
    """A bold heading's first character (具 国) may be one dark piece at 144 dpi: one with
    strokes sticking out is no convex shape; a square one follows on with no space."""
    from gongkai_parse.readers import scan

    gray = _blank()
    boxes = _lines_of_text(gray, rows=(100, 156))
    gray[100:136, 196:230] = 236
    gray[156:192, 196:230] = 236
    gray[104:126, 200:226] = 20  # 具: a closed-up block with two legs and a foot
    gray[126:129, 196:230] = 20
    gray[129:134, 203:206] = 20
    gray[129:134, 220:223] = 20
    gray[160:188, 200:228] = 20  # 国 closed up: a square right before the next character
    gray[162:186, 232:235] = 20  # (whose first stroke stands 4 px after it)
    got = scan._with_bullets(boxes, gray)
    assert got == boxes


def test_a_ring_the_recogniser_gave_no_character_for_is_a_hollow_bullet():
    np = pytest.importorskip("numpy")
    from PIL import Image, ImageDraw

    from gongkai_parse.readers import scan

    gray = _blank()
    boxes = _lines_of_text(gray, rows=(100, 156))
    boxes[0] = (_box(156, 100, 880, 136), boxes[0][1])  # the box covers the ring, the text has none
    image = Image.fromarray(gray)
    draw = ImageDraw.Draw(image)
    draw.ellipse([160, 107, 182, 129], outline=20, width=2)
    draw.rectangle([160, 163, 182, 185], outline=20, width=2)  # no box covers this one
    got = scan._with_bullets(boxes, np.asarray(image))
    assert [text for _, text in got] == ["○推进政务公开标准化规范化建设工作", "□推进政务公开标准化规范化建设工作"]
