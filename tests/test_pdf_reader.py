"""PDF notices: the corpus samples and their pages, PDFs the tests draw (a table crossing a
page break, repeated headers, merged cells, page furniture, a borderless table), and the
PDFs that cannot be read."""
from __future__ import annotations

import json

import pytest

pytest.importorskip("reportlab")
from gongkai_parse import InputError, parse, parse_bytes  # noqa: E402

from .conftest import SAMPLES  # noqa: E402
from .pdf_builder import PdfBuilder  # noqa: E402

HEADER = ["工作任务", "具体措施", "责任单位", "完成时限"]
WIDTHS = [110, 200, 80, 61]


@pytest.mark.parametrize("stem", sorted(p.stem for p in (SAMPLES / "pdf").glob("*.pdf")))
def test_every_record_starts_on_its_page(stem):
    pages = json.loads((SAMPLES / "pdf" / f"{stem}.pdf.pages.json").read_text())["measure_pages"]
    doc = parse(SAMPLES / "pdf" / f"{stem}.pdf")
    assert {str(r.seq): r.page for r in doc.tasks} == pages


@pytest.mark.parametrize("style", ["compact", "landscape"])
def test_other_page_styles_of_a_real_notice(style):
    """Rendered in the corpus tool's other styles: rows, cells and names cut differently."""
    from .conftest import GOLD, contract_view, load_json

    path = SAMPLES / "pdf_styles" / f"000_2588b1b590b83311.{style}.pdf"
    doc = parse(path).model_dump(mode="json")
    gold = load_json(GOLD / "000_2588b1b590b83311.json")
    assert [contract_view(r) for r in doc["tasks"]] == [contract_view(r) for r in gold["tasks"]]
    pages = json.loads(path.with_name(path.name + ".pages.json").read_text())["measure_pages"]
    assert {str(r["seq"]): r["page"] for r in doc["tasks"]} == pages


def notice_with_table(rows_page1, rows_page2, **builder):
    b = PdfBuilder(**builder)
    b.paragraph("某某市人民政府办公室", size=18, centred=True, indent=False)
    b.paragraph("某府办函〔2023〕5号", centred=True, indent=False)
    b.paragraph("某某市2023年政务公开工作要点分工方案", size=16, centred=True, indent=False)
    b.table(WIDTHS, [HEADER] + rows_page1)
    b.page_break()
    b.table(WIDTHS, [HEADER] + rows_page2)
    b.paragraph("公开方式：主动公开", indent=False)
    return b.bytes()


def test_table_crossing_a_page_break_with_its_header_repeated():
    data = notice_with_table(
        [["（一）推进决策公开", "1.完善重大行政决策目录管理。", "市司法局", "2023年6月底前"],
         [None, "2.及时公开决策草案和决策依据，做好", "市政府办公室", "2023年底前"]],
        [["", "解读回应工作。", "", ""],
         ["（二）加强政策解读", "3.落实政策解读“三同步”要求。", "市直各单位", "长期坚持"]],
        running_header="某某市人民政府公报")
    doc = parse_bytes(data, "notice.pdf")
    assert [(r.task, r.measure_no, r.measure, r.units_raw, r.deadline_raw, r.page) for r in doc.tasks] == [
        ("推进决策公开", "1", "完善重大行政决策目录管理。", "市司法局", "2023年6月底前", 1),
        ("推进决策公开", "2", "及时公开决策草案和决策依据，做好解读回应工作。", "市政府办公室", "2023年底前", 1),
        ("加强政策解读", "3", "落实政策解读“三同步”要求。", "市直各单位", "长期坚持", 2),
    ]
    m = doc.metadata
    assert (m.title, m.doc_number, m.year) == ("某某市2023年政务公开工作要点分工方案", "某府办函〔2023〕5号", 2023)


def test_merged_units_cell_gives_its_text_to_each_measure():
    data = notice_with_table(
        [["（一）推进决策公开", "1.完善决策目录。", "市司法局牵头，市直各单位配合", "2023年底前"],
         [None, "2.公开决策草案。", None, None]],
        [["（二）加强政策解读", "3.做好解读。", "市政府办公室", "按要求"]])
    recs = parse_bytes(data, "notice.pdf").tasks
    assert [(r.measure_no, [(u.name, u.role) for u in r.units], r.deadline_raw) for r in recs][:2] == [
        ("1", [("市司法局", "lead"), ("市直各单位", "cooperate")], "2023年底前"),
        ("2", [("市司法局", "lead"), ("市直各单位", "cooperate")], "2023年底前"),
    ]


@pytest.mark.parametrize("rules_between_rows", [False, True], ids=["no-lines", "lines-between-rows"])
def test_borderless_table_columns_from_the_header(rules_between_rows):
    b = PdfBuilder()
    b.paragraph("某某县2023年政务公开工作要点分工方案", size=16, centred=True, indent=False)
    b.table(WIDTHS, [HEADER,
                     ["（一）推进决策公开", "1.完善重大行政决策目录管理，及时公开决策草案。", "县司法局", "2023年底前"],
                     ["", "2.公开决策依据。", "县政府办", "长期坚持"],
                     ["（二）加强解读", "3.做好政策解读。", "县直各单位", "按要求"]],
            ruled=False, rules_between_rows=rules_between_rows)
    recs = parse_bytes(b.bytes(), "notice.pdf").tasks
    assert [(r.task, r.measure_no, r.measure, r.units_raw, r.deadline_kind) for r in recs] == [
        ("推进决策公开", "1", "完善重大行政决策目录管理，及时公开决策草案。", "县司法局", "by_date"),
        ("推进决策公开", "2", "公开决策依据。", "县政府办", "ongoing"),
        ("加强解读", "3", "做好政策解读。", "县直各单位", "as_required"),
    ]


def test_prose_pdf_pages_and_furniture():
    b = PdfBuilder(size=12)
    b.paragraph("某某县2023年政务公开工作要点", size=16, centred=True, indent=False)
    b.paragraph("一、加强重点领域公开", indent=True)
    b.paragraph("（一）推进财政公开。做好预决算公开，" + "细化公开内容，" * 12 + "接受社会监督。")
    b.page_break()
    b.paragraph("（二）推进项目公开。公开重大项目批准和实施信息。")
    doc = parse_bytes(b.bytes(), "p.pdf")
    assert [(r.task, r.page) for r in doc.tasks] == [("推进财政公开", 1), ("推进项目公开", 2)]
    assert all("—" not in r.measure for r in doc.tasks)  # page numbers are not text


def test_encrypted_pdf_that_opens_without_a_password_is_read():
    pypdf = pytest.importorskip("pypdf")
    import io

    writer = pypdf.PdfWriter(clone_from=str(SAMPLES / "pdf" / "000_2588b1b590b83311.pdf"))
    writer.encrypt(user_password="", owner_password="owner", algorithm="AES-128")
    buf = io.BytesIO()
    writer.write(buf)
    assert len(parse_bytes(buf.getvalue(), "locked.pdf").tasks) == 18


def test_fonts_without_text_mapping_are_reported():
    from reportlab.lib.pdfencrypt import StandardEncryption

    # reportlab's encrypted CID text has no usable mapping for pdfminer: it reads as (cid:n);
    # PDFium reads it (a font with no mapping at all: test_pdf_engines.py)
    b = PdfBuilder(canvas_kwargs={"encrypt": StandardEncryption("", ownerPassword="owner")})
    b.paragraph("某某市2023年政务公开工作要点")
    data = b.bytes()
    with pytest.raises(InputError, match="no text mapping"):
        parse_bytes(data, "cid.pdf", pdf_engine="pdfplumber")
    from gongkai_parse.readers import read_layout

    layout, _ = read_layout(data, "cid.pdf", pdf_engine="pdfium")
    assert "某某市2023年政务公开工作要点" in [block.text for block in layout.blocks]


def _scan() -> bytes:
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas
    import io

    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=A4)
    c.rect(72, 500, 300, 200, fill=1)  # a picture of a page: no text
    c.showPage()
    c.save()
    return buf.getvalue()


def _password() -> bytes:
    from reportlab.lib.pdfencrypt import StandardEncryption

    b = PdfBuilder(canvas_kwargs={"encrypt": StandardEncryption("secret", ownerPassword="owner")})
    b.paragraph("内容")
    return b.bytes()


@pytest.mark.parametrize("make,reason", [
    (_password, "password-protected PDF"),
    (lambda: notice_with_table([["（一）推进公开", "1.甲。", "办公室", "2023年底前"]], [])[:900], "PDF"),
    (lambda: b"%PDF-1.7\n" + b"\x00garbage" * 200, "PDF"),
    (_scan, "no text layer"),
    (lambda: b"%PDF-", "PDF"),
], ids=["password", "truncated", "garbage", "scan", "header-only"])
def test_pdfs_that_cannot_be_read(make, reason):
    with pytest.raises(InputError) as e:
        parse_bytes(make(), "bad.pdf")
    assert reason in e.value.reason and "\n" not in e.value.reason
