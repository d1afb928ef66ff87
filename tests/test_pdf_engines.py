"""The two PDF engines (PDFium, the default, and pdfplumber) give the same output: on every
PDF in samples/, on pages drawn rotated, shifted or scaled, on a font without a Unicode
mapping; and the CLI and the library take the engine as an option."""
from __future__ import annotations

import io
import json

import pytest

from gongkai_parse import InputError, parse, parse_bytes
from gongkai_parse.cli import main

from .conftest import SAMPLES
from .pdf_builder import pdf_of_objects

ENGINES = ("pdfium", "pdfplumber")
SAMPLE_PDFS = sorted(SAMPLES.rglob("*.pdf"))


def _outcome(read) -> dict | str:
    try:
        return json.loads(read().model_dump_json())
    except InputError as e:
        return f"InputError: {e.reason}"


def test_the_samples_hold_pdfs_of_several_kinds():
    folders = {p.parent.name for p in SAMPLE_PDFS}
    assert {"pdf", "pdf_styles", "scan"} <= folders


@pytest.mark.parametrize("path", SAMPLE_PDFS, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_both_engines_give_identical_records(path):
    fast = _outcome(lambda: parse(path, pdf_engine="pdfium"))
    reference = _outcome(lambda: parse(path, pdf_engine="pdfplumber"))
    assert fast == reference


def _variant(change) -> bytes:
    pypdf = pytest.importorskip("pypdf")
    writer = pypdf.PdfWriter(clone_from=str(SAMPLES / "pdf" / "000_2588b1b590b83311.pdf"))
    for page in writer.pages:
        change(pypdf, page)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _shift(pypdf, page):
    """The page's origin moved: the media box no longer starts at (0, 0)."""
    page.add_transformation(pypdf.Transformation().translate(100, 50))
    box = page.mediabox
    page.mediabox = pypdf.generic.RectangleObject([box.left + 100, box.bottom + 50, box.right + 100, box.top + 50])
    page.cropbox = page.mediabox


@pytest.mark.parametrize("change", [
    _shift,
    lambda pypdf, page: page.add_transformation(pypdf.Transformation().scale(0.8, 0.8)),
    lambda pypdf, page: page.rotate(90),
    lambda pypdf, page: page.rotate(180),
], ids=["shifted", "scaled", "rotated-90", "rotated-180"])
def test_both_engines_agree_on_moved_pages(change):
    data = _variant(change)
    fast = _outcome(lambda: parse_bytes(data, "moved.pdf", pdf_engine="pdfium"))
    assert fast == _outcome(lambda: parse_bytes(data, "moved.pdf", pdf_engine="pdfplumber"))


def _drawn_across(pypdf, page):
    """The page's content turned a quarter anticlockwise onto a landscape page with no /Rotate:
    its text runs up the displayed page, as a table printed across a portrait page does."""
    width, height = float(page.mediabox.width), float(page.mediabox.height)
    # the exact matrix: Transformation().rotate(90) leaves cos 90° = 6e-17, which both engines
    # (as pdfminer) take for upright text
    page.add_transformation(pypdf.Transformation((0, 1, -1, 0, height, 0)))
    page.mediabox = pypdf.generic.RectangleObject([0, 0, height, width])
    page.cropbox = page.mediabox


@pytest.mark.parametrize("change", [
    _shift,
    lambda pypdf, page: page.rotate(90),
    lambda pypdf, page: page.rotate(270),
    _drawn_across,
], ids=["shifted", "turned-90-by-a-viewer", "turned-270-by-a-viewer", "drawn-across"])
@pytest.mark.parametrize("engine", ENGINES)
def test_a_moved_or_sideways_page_reads_as_the_original(change, engine):
    """A page whose text runs up or down the displayed page is read turned upright."""
    original = parse(SAMPLES / "pdf" / "000_2588b1b590b83311.pdf")
    moved = parse_bytes(_variant(change), "moved.pdf", pdf_engine=engine)
    assert [(r.task, r.measure, [u.name for u in r.units], r.deadline, r.page) for r in moved.tasks] == \
        [(r.task, r.measure, [u.name for u in r.units], r.deadline, r.page) for r in original.tasks]
    assert moved.metadata == original.metadata


def test_a_page_with_a_few_sideways_words_is_not_turned():
    from gongkai_parse.readers.pdf_pdfium import upright_turn

    assert upright_turn({90: 12}, 0) == 0  # a stamp's caption, a margin note: too little to turn a page for
    assert upright_turn({90: 300}, 800) == 0  # most of the page reads upright
    assert upright_turn({270: 300}, 40) == 270 and upright_turn({90: 300, 270: 2}, 0) == 90
    assert upright_turn({180: 500}, 0) == 0  # upside down is not sideways


def _unmapped_font_pdf() -> bytes:
    """Text in a CID font with Identity encoding, no ToUnicode map and no font file: its codes
    cannot be turned into characters."""
    content = b"BT /F1 12 Tf 72 700 Td <0041004200430044004500460047> Tj ET"
    return pdf_of_objects([
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 5 0 R >> >> "
        b"/Contents 4 0 R >>",
        b"<< /Length %d >>\nstream\n%s\nendstream" % (len(content), content),
        b"<< /Type /Font /Subtype /Type0 /BaseFont /NoMap /Encoding /Identity-H /DescendantFonts [6 0 R] >>",
        b"<< /Type /Font /Subtype /CIDFontType2 /BaseFont /NoMap /CIDSystemInfo << /Registry (Adobe) "
        b"/Ordering (Identity) /Supplement 0 >> /FontDescriptor 7 0 R /DW 1000 >>",
        b"<< /Type /FontDescriptor /FontName /NoMap /Flags 4 /FontBBox [0 -200 1000 900] /ItalicAngle 0 "
        b"/Ascent 880 /Descent -120 /CapHeight 700 /StemV 80 >>",
    ])


@pytest.mark.parametrize("engine", ENGINES)
def test_text_without_a_unicode_mapping_is_reported(engine):
    with pytest.raises(InputError, match="no text mapping"):
        parse_bytes(_unmapped_font_pdf(), "nomap.pdf", pdf_engine=engine)


def test_an_unknown_engine_is_refused():
    with pytest.raises(ValueError, match="unknown PDF engine"):
        parse(SAMPLES / "pdf" / "000_2588b1b590b83311.pdf", pdf_engine="poppler")


def test_cli_takes_the_engine(tmp_path):
    from click.testing import CliRunner

    pdf = SAMPLES / "pdf" / "003_e4c832623093eabd.pdf"
    outputs = {}
    for engine in ENGINES:
        target = tmp_path / f"{engine}.json"
        result = CliRunner().invoke(main, [str(pdf), "--pdf-engine", engine, "-o", str(target), "-q", "-j", "1"])
        assert result.exit_code == 0, result.output
        outputs[engine] = json.loads(target.read_text(encoding="utf-8"))
    assert outputs["pdfium"]["tasks"] and outputs["pdfium"] == outputs["pdfplumber"]
    refused = CliRunner().invoke(main, [str(pdf), "--pdf-engine", "poppler"])
    assert refused.exit_code != 0 and "poppler" in refused.output
