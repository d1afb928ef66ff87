"""OFD notices the tests write from XML strings: a title line above a ruled table of
3 columns × 3 rows (header and two measures), glyph positions given by DeltaX in both its
plain and its "g" form; and damaged packages."""
from __future__ import annotations

import io
import zipfile

import pytest

pytest.importorskip("lxml")
pytest.importorskip("pdfplumber")

from gongkai_parse import InputError, parse_bytes  # noqa: E402
from gongkai_parse.layout import Paragraph, Table  # noqa: E402
from gongkai_parse.readers import format_by_content, read_layout  # noqa: E402
from gongkai_parse.readers.ofd import _deltas  # noqa: E402

NS = 'xmlns:ofd="http://www.ofdspec.org/2016"'
OFD_XML = f"""<?xml version="1.0" encoding="UTF-8"?>
<ofd:OFD {NS} Version="1.0" DocType="OFD"><ofd:DocBody>
  <ofd:DocInfo><ofd:DocID>1</ofd:DocID><ofd:Title>测试通知</ofd:Title><ofd:Author>某市政府办公室</ofd:Author>
    <ofd:CreationDate>2023-03-01</ofd:CreationDate></ofd:DocInfo>
  <ofd:DocRoot>Doc_0/Document.xml</ofd:DocRoot>
</ofd:DocBody></ofd:OFD>"""
DOCUMENT_XML = f"""<?xml version="1.0" encoding="UTF-8"?>
<ofd:Document {NS}><ofd:CommonData><ofd:MaxUnitID>100</ofd:MaxUnitID>
  <ofd:PageArea><ofd:PhysicalBox>0 0 210 297</ofd:PhysicalBox></ofd:PageArea>
  <ofd:PublicRes>PublicRes.xml</ofd:PublicRes></ofd:CommonData>
  <ofd:Pages><ofd:Page ID="1" BaseLoc="Pages/Page_0/Content.xml"/></ofd:Pages>
</ofd:Document>"""
PUBLIC_RES = f"""<?xml version="1.0" encoding="UTF-8"?>
<ofd:Res {NS} BaseLoc="Res"><ofd:Fonts>
  <ofd:Font ID="2" FontName="宋体" FamilyName="宋体"/><ofd:Font ID="3" FontName="黑体" FamilyName="黑体"/>
</ofd:Fonts></ofd:Res>"""

SIZE = 4.0  # mm; each glyph advances by its size
COLUMNS = [(20.0, 70.0), (70.0, 150.0), (150.0, 190.0)]  # x0, x1 of the three columns
ROWS = [(50.0, 60.0), (60.0, 70.0), (70.0, 80.0)]  # top, bottom of the three rows
CELLS = [["重点任务", "具体措施", "责任单位"],
         ["一、推进决策公开", "1.公开重大决策草案。", "市司法局"],
         ["二、推进结果公开", "2.公开执行结果。", "市政府办公室"]]


def text_object(object_id: int, x: float, y: float, text: str, *, font: int = 2, g_form: bool = False) -> str:
    """A run of glyphs starting at (x, baseline y) in page millimetres, one glyph per SIZE."""
    steps = len(text) - 1
    delta = f"g {steps} {SIZE}" if g_form else " ".join([str(SIZE)] * steps)
    width = SIZE * len(text)
    return (f'<ofd:TextObject ID="{object_id}" Boundary="{x} {y - SIZE} {width + 1} {SIZE * 1.5}" '
            f'Font="{font}" Size="{SIZE}"><ofd:TextCode X="0" Y="{SIZE}" DeltaX="{delta}">{text}</ofd:TextCode>'
            f'</ofd:TextObject>')


def rule(object_id: int, x0: float, y0: float, x1: float, y1: float) -> str:
    """A straight line in page millimetres, drawn by a path relative to its Boundary."""
    left, top = min(x0, x1), min(y0, y1)
    return (f'<ofd:PathObject ID="{object_id}" Boundary="{left} {top} {abs(x1 - x0) + 0.5} {abs(y1 - y0) + 0.5}" '
            f'LineWidth="0.25"><ofd:AbbreviatedData>M {x0 - left} {y0 - top} L {x1 - left} {y1 - top}'
            f'</ofd:AbbreviatedData></ofd:PathObject>')


def content_xml(title: str = "某市2023年政务公开工作要点分工方案") -> str:
    objects = [text_object(10, 40, 30, title, font=3)]
    n = 20
    for r, (top, bottom) in enumerate(ROWS):
        for c, (x0, x1) in enumerate(COLUMNS):
            objects.append(text_object(n, x0 + 1, bottom - 3, CELLS[r][c], g_form=(c == 1)))
            n += 1
    left, right = COLUMNS[0][0], COLUMNS[-1][1]
    for y in [ROWS[0][0]] + [bottom for _, bottom in ROWS]:
        objects.append(rule(n, left, y, right, y))
        n += 1
    top, bottom = ROWS[0][0], ROWS[-1][1]
    # the outer frame of the columns as one closed path: M L L L Z
    objects.append(f'<ofd:PathObject ID="{n}" Boundary="{left} {top} {right - left} {bottom - top}">'
                   f'<ofd:AbbreviatedData>M 0 0 L {right - left} 0 L {right - left} {bottom - top} '
                   f'L 0 {bottom - top} Z</ofd:AbbreviatedData></ofd:PathObject>')
    for x in [x0 for x0, _ in COLUMNS[1:]]:
        objects.append(rule(n + 1, x, top, x, bottom))
        n += 1
    return (f'<?xml version="1.0" encoding="UTF-8"?><ofd:Page {NS}><ofd:Content>'
            f'<ofd:Layer ID="5">{"".join(objects)}</ofd:Layer></ofd:Content></ofd:Page>')


def package(parts: dict[str, str | bytes]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for name, body in parts.items():
            z.writestr(name, body)
    return buf.getvalue()


def ofd_parts(**changes) -> dict[str, str]:
    parts = {"OFD.xml": OFD_XML, "Doc_0/Document.xml": DOCUMENT_XML, "Doc_0/PublicRes.xml": PUBLIC_RES,
             "Doc_0/Pages/Page_0/Content.xml": content_xml()}
    parts.update(changes)
    return {k: v for k, v in parts.items() if v is not None}


def test_deltas_g_form():
    assert _deltas("g 3 4.5") == [4.5, 4.5, 4.5]
    assert _deltas("1 2 g 2 3.5 7") == [1.0, 2.0, 3.5, 3.5, 7.0]
    assert _deltas("") == []


def test_table_and_title():
    data = package(ofd_parts())
    assert format_by_content(data) == "ofd"
    layout, fmt = read_layout(data, "notice.ofd")
    assert fmt == "ofd" and layout.pages == 1
    assert isinstance(layout.blocks[0], Paragraph) and layout.blocks[0].text == "某市2023年政务公开工作要点分工方案"
    assert layout.blocks[0].bold  # set in 黑体
    tables = [b for b in layout.blocks if isinstance(b, Table)]
    assert len(tables) == 1
    assert [row.texts() for row in tables[0].rows] == CELLS


def test_records():
    document = parse_bytes(package(ofd_parts()), "notice.ofd")
    assert document.format == "ofd"
    assert [(r.section, r.task, r.measure, [u.name for u in r.units], r.page) for r in document.tasks] == [
        (None, "推进决策公开", "公开重大决策草案。", ["市司法局"], 1),
        (None, "推进结果公开", "公开执行结果。", ["市政府办公室"], 1),
    ]
    assert document.metadata.title == "某市2023年政务公开工作要点分工方案"
    assert document.metadata.year == 2023


def test_doc_info_when_the_text_has_no_title():
    # the page's first line is no title; DocInfo's is, and its CreationDate is the only date
    info = OFD_XML.replace("<ofd:Title>测试通知</ofd:Title>", "<ofd:Title>某市2023年政务公开工作任务清单</ofd:Title>")
    document = parse_bytes(package(ofd_parts(**{"OFD.xml": info,
                                               "Doc_0/Pages/Page_0/Content.xml": content_xml("各单位：")})), "n.ofd")
    assert document.metadata.title == "某市2023年政务公开工作任务清单"
    assert document.metadata.date.isoformat() == "2023-03-01"
    # a stored title that is no plan title (测试通知) is not taken over the text's own
    assert parse_bytes(package(ofd_parts()), "n.ofd").metadata.title == "某市2023年政务公开工作要点分工方案"


def _error(data: bytes) -> str:
    with pytest.raises(InputError) as e:
        parse_bytes(data, "notice.ofd")
    assert "\n" not in str(e.value)
    return str(e.value)


def test_missing_page_part():
    assert "missing part Doc_0/Pages/Page_0/Content.xml" in _error(package(ofd_parts(**{
        "Doc_0/Pages/Page_0/Content.xml": None})))


def test_missing_document_part():
    assert "missing part Doc_0/Document.xml" in _error(package(ofd_parts(**{"Doc_0/Document.xml": None})))


def test_bad_xml():
    message = _error(package(ofd_parts(**{"Doc_0/Pages/Page_0/Content.xml": content_xml()[:400]})))
    assert "damaged OFD file" in message and "Content.xml" in message


def test_no_doc_root():
    assert "DocRoot" in _error(package(ofd_parts(**{"OFD.xml": OFD_XML.replace(
        "<ofd:DocRoot>Doc_0/Document.xml</ofd:DocRoot>", "")})))


def test_corrupt_package():
    data = package(ofd_parts())
    assert "corrupt" in _error(data[: len(data) // 2])


def test_no_text():
    empty_page = f'<ofd:Page {NS}><ofd:Content><ofd:Layer ID="5"/></ofd:Content></ofd:Page>'
    assert "no text" in _error(package(ofd_parts(**{"Doc_0/Pages/Page_0/Content.xml": empty_page})))


def test_not_an_ofd():
    assert "not an OFD file" in _error(b"hello, not a package")
    # a ZIP without OFD.xml
    assert "missing part OFD.xml" in _error(package({"readme.txt": "x"}))
