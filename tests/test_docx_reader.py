"""Word notices the tests build with python-docx: merged cells both ways, a table continued
as a second table, measures numbered by Word's list numbering, prose, and bad packages."""
from __future__ import annotations

import io
import zipfile

import pytest

docx = pytest.importorskip("docx")
from docx.oxml import OxmlElement, parse_xml  # noqa: E402
from docx.oxml.ns import nsdecls, qn  # noqa: E402

from gongkai_parse import InputError, parse_bytes  # noqa: E402

HEADER = ["工作任务", "具体措施", "责任单位", "完成时限"]


def save(document) -> bytes:
    buf = io.BytesIO()
    document.save(buf)
    return buf.getvalue()


def add_table(document, rows, header=HEADER):
    table = document.add_table(rows=0, cols=len(header or rows[0]))
    if header:
        cells = table.add_row().cells
        for cell, text in zip(cells, header):
            cell.text = text
    for row in rows:
        cells = table.add_row().cells
        for cell, text in zip(cells, row):
            cell.text = text
    return table


def records(data: bytes):
    return parse_bytes(data, "notice.docx").tasks


def test_merged_cells_both_ways():
    d = docx.Document()
    d.add_paragraph("某某市2023年政务公开工作要点分工方案")
    t = add_table(d, [["一、加强公开", "", "", ""],
                      ["（一）推进决策公开", "1.完善决策目录。", "市司法局", "2023年6月底前"],
                      ["", "2.公开决策草案。", "", ""],
                      ["（二）推进结果公开", "3.公开执行结果。", "市政府办公室", "长期坚持"]])
    t.cell(1, 0).merge(t.cell(1, 3))  # a section row spanning the table (gridSpan)
    t.cell(2, 0).merge(t.cell(3, 0))  # the task over two measures (vMerge)
    t.cell(2, 2).merge(t.cell(3, 2))  # the units over two measures
    t.cell(2, 3).merge(t.cell(3, 3))
    recs = records(save(d))
    assert [(r.section, r.task, r.measure_no, r.units_raw, r.deadline_raw) for r in recs] == [
        ("加强公开", "推进决策公开", "1", "市司法局", "2023年6月底前"),
        ("加强公开", "推进决策公开", "2", "市司法局", "2023年6月底前"),
        ("加强公开", "推进结果公开", "3", "市政府办公室", "长期坚持"),
    ]


def test_table_continued_as_a_second_table_after_a_page_break():
    d = docx.Document()
    d.add_paragraph("某某市2023年政务公开工作要点分工方案")
    add_table(d, [["（一）推进决策公开", "1.完善决策目录。", "市司法局", "2023年底前"],
                  ["（二）推进结果公开", "2.公开执行结果，做好", "市政府办公室", "2023年底前"]])
    d.add_page_break()
    add_table(d, [["", "解读回应工作。", "", ""],
                  ["（三）加强解读", "3.做好政策解读。", "市直各单位", "按要求"]], header=None)
    recs = records(save(d))
    assert [(r.task, r.measure) for r in recs] == [
        ("推进决策公开", "完善决策目录。"), ("推进结果公开", "公开执行结果，做好解读回应工作。"), ("加强解读", "做好政策解读。")]
    assert recs[2].deadline_kind == "as_required"


def _numbered(document, fmt: str, text: str) -> int:
    """Add a list definition (one level, `fmt`, label `text`) and return its numId."""
    numbering = document.part.numbering_part.element
    abstract_id = 100 + len(numbering.findall(qn("w:abstractNum")))
    numbering.insert(0, parse_xml(
        f'<w:abstractNum {nsdecls("w")} w:abstractNumId="{abstract_id}"><w:lvl w:ilvl="0"><w:start w:val="1"/>'
        f'<w:numFmt w:val="{fmt}"/><w:lvlText w:val="{text}"/></w:lvl></w:abstractNum>'))
    num_id = 200 + abstract_id
    numbering.append(parse_xml(f'<w:num {nsdecls("w")} w:numId="{num_id}"><w:abstractNumId w:val="{abstract_id}"/></w:num>'))
    return num_id


def _number(paragraph, num_id: int) -> None:
    ppr = paragraph._p.get_or_add_pPr()
    numpr = OxmlElement("w:numPr")
    for tag, val in (("w:ilvl", "0"), ("w:numId", str(num_id))):
        el = OxmlElement(tag)
        el.set(qn("w:val"), str(val))
        numpr.append(el)
    ppr.append(numpr)


def test_measures_numbered_by_word_lists():
    d = docx.Document()
    d.add_paragraph("某某市2023年政务公开工作要点分工方案")
    t = add_table(d, [["推进决策公开", "完善决策目录。", "市司法局", "2023年底前"],
                      ["推进决策公开", "公开决策草案。", "市司法局", "2023年底前"]])
    decimal = _numbered(d, "decimal", "%1.")
    chinese = _numbered(d, "chineseCounting", "（%1）")
    for row in (1, 2):
        _number(t.cell(row, 1).paragraphs[0], decimal)
        _number(t.cell(row, 0).paragraphs[0], chinese)
    recs = records(save(d))
    assert [(r.task_no, r.measure_no, r.measure) for r in recs] == [("（一）", "1", "完善决策目录。"), ("（二）", "2", "公开决策草案。")]


def test_prose_notice_with_bold_task_labels():
    d = docx.Document()
    d.add_paragraph("某某县2023年政务公开工作要点")
    d.add_paragraph().add_run("一、加强重点领域公开").bold = True
    p = d.add_paragraph()
    p.add_run("（一）推进财政信息公开。").bold = True
    p.add_run("做好预决算公开（责任单位：县财政局；完成时限：2023年底前）")
    d.add_paragraph("1.公开重大项目批准信息。（县发改局牵头，各乡镇配合）")
    doc = parse_bytes(save(d), "notice.docx")
    assert [(r.section, r.task, r.measure, r.units_raw, r.deadline_raw) for r in doc.tasks] == [
        ("加强重点领域公开", "推进财政信息公开", "做好预决算公开", "县财政局", "2023年底前"),
        ("加强重点领域公开", "推进财政信息公开", "公开重大项目批准信息。", "县发改局牵头，各乡镇配合", None),
    ]
    assert doc.metadata.title == "某某县2023年政务公开工作要点"


def test_frame_table_around_the_plan_is_read_through():
    d = docx.Document()
    frame = d.add_table(rows=1, cols=1)
    inner = frame.cell(0, 0).add_table(rows=2, cols=4)
    for cell, text in zip(inner.rows[0].cells, HEADER):
        cell.text = text
    for cell, text in zip(inner.rows[1].cells, ["（一）推进公开", "1.及时公开。", "办公室", "2023年底前"]):
        cell.text = text
    recs = records(save(d))
    assert [(r.task, r.measure, r.units_raw) for r in recs] == [("推进公开", "及时公开。", "办公室")]


def _zip(files: dict[str, bytes]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in files.items():
            z.writestr(name, data)
    return buf.getvalue()


@pytest.mark.parametrize("make,reason", [
    (lambda good: good[: len(good) // 2], "corrupt or truncated .docx"),
    (lambda good: _zip({"mimetype": b"x", "content.xml": b"<a/>"}), "not a Word document"),
    (lambda good: b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600 + "EncryptedPackage".encode("utf-16-le") + b"\0" * 600,
     "password-protected"),
    (lambda good: b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 2000, "old Word 97/WPS file"),
    (lambda good: save(docx.Document()), "empty document"),
    (lambda good: _zip({"word/document.xml": b"\0" * (120 * 1024 * 1024)}), "zip bomb"),
], ids=["truncated", "not-word-zip", "password", "doc-named-docx", "empty", "zip-bomb"])
def test_bad_word_files(make, reason):
    good = save(docx.Document())
    with pytest.raises(InputError) as e:
        parse_bytes(make(good), "notice.docx")
    assert reason in e.value.reason
    assert "\n" not in e.value.reason


def test_doc_without_libreoffice_says_what_to_do(monkeypatch):
    monkeypatch.setattr("shutil.which", lambda name: None)
    with pytest.raises(InputError, match="save it as .docx"):
        parse_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100, "old.doc")


def test_doc_is_converted_when_libreoffice_is_installed(tmp_path):
    import shutil
    import subprocess

    from .conftest import GOLD, SAMPLES, contract_view, load_json

    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        pytest.skip("LibreOffice is not installed (it is optional)")
    subprocess.run([soffice, "--headless", f"-env:UserInstallation=file://{tmp_path}/profile", "--convert-to", "doc",
                    "--outdir", str(tmp_path), str(SAMPLES / "docx" / "001_520aea2342db30b4.docx")],
                   capture_output=True, timeout=180, check=True)
    doc = parse_bytes((tmp_path / "001_520aea2342db30b4.doc").read_bytes(), "notice.doc")
    gold = load_json(GOLD / "001_520aea2342db30b4.json")
    assert [contract_view(r.model_dump(mode="json")) for r in doc.tasks] == [contract_view(r) for r in gold["tasks"]]


def test_a_header_in_two_rows_names_the_columns_under_a_spanning_cell():
    # 责任单位 spans 牵头单位 | 配合单位 in a second header row
    d = docx.Document()
    d.add_paragraph("某县2024年政务公开重点工作任务分工方案")
    t = d.add_table(rows=4, cols=6)
    for cell, text in zip(t.rows[0].cells, ["序号", "工作任务", "具体措施", "责任单位", "", "完成时限"]):
        cell.text = text
    for cell, text in zip(t.rows[1].cells, ["", "", "", "牵头单位", "配合单位", ""]):
        cell.text = text
    t.cell(0, 3).merge(t.cell(0, 4)).text = "责任单位"
    for col in (0, 1, 2, 5):
        t.cell(0, col).merge(t.cell(1, col))
    for row, values in zip(t.rows[2:], [["1", "推进决策公开", "公开重大决策草案。", "县司法局", "各乡镇", "2024年底前"],
                                        ["2", "推进决策公开", "公开决策结果。", "县政府办", "", "长期坚持"]]):
        for cell, text in zip(row.cells, values):
            cell.text = text
    doc = parse_bytes(save(d), "notice.docx")
    assert doc.columns == ["序号", "工作任务", "具体措施", "牵头单位", "配合单位", "完成时限"]
    assert [[(u.name, u.role) for u in r.units] for r in doc.tasks] == [
        [("县司法局", "lead"), ("各乡镇", "cooperate")], [("县政府办", "lead")]]
    assert [r.deadline_kind for r in doc.tasks] == ["by_date", "ongoing"]
    assert all(not r.review for r in doc.tasks)
