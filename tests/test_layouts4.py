"""Hand-reviewed layout tests, second probe (samples/layouts4 and two Word notices built here).

Each sample is a small invented notice in a layout or phrasing not met in layouts/ to layouts3/
(two header rows with 任务分工 or 完成时限 spanning the columns under it, a 备注 column, merged
task cells, a header repeated mid-table, section rows spanning the table, a plan in an annex
after the covering letter, labels on a measure's own line or the next, 会同 / 指导 / 由…负责 /
（牵头） units, 与国家同步 and 2025年6月底前完成并长期坚持 deadlines …);
tests/expected_layouts4/<name>.json holds the records a careful human reader expects, written
by hand from the text (never regenerated from the parser's output). Only the structural fields
are compared, as in test_layouts2.
"""
from __future__ import annotations

import io
from pathlib import Path

import pytest

import gongkai_parse

from .test_layouts2 import check_expected

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "samples" / "layouts4"
EXPECTED = Path(__file__).parent / "expected_layouts4"
PATHS = sorted(p for p in SAMPLES.iterdir() if p.is_file())


def _check(name: str, doc) -> None:
    check_expected(name, doc, EXPECTED)


def test_every_sample_has_expected_records():
    assert len(PATHS) >= 8
    for path in PATHS:
        assert (EXPECTED / f"{path.name}.json").is_file(), path.name


@pytest.mark.parametrize("path", PATHS, ids=lambda p: p.name)
def test_layout4_records(path):
    _check(path.name, gongkai_parse.parse(path))


# ---------------------------------------------------------------- Word notices built here

def _save(document) -> bytes:
    buf = io.BytesIO()
    document.save(buf)
    return buf.getvalue()


def _fill(row, values) -> None:
    for cell, text in zip(row.cells, values):
        if text:
            cell.text = text


def _covering_letter(d, title: str, issuer: str) -> None:
    d.add_paragraph(f"{issuer}关于印发{title}的通知")
    d.add_paragraph("各县（市、区）人民政府，市直各部门：")
    d.add_paragraph(f"现将《{title}》印发给你们，请认真贯彻落实。")
    d.add_paragraph(f"附件：{title}")
    d.add_paragraph(issuer)
    d.add_paragraph("2025年3月12日")
    d.add_paragraph("附件")
    d.add_paragraph(title)


def test_word_table_with_a_division_header_section_rows_and_merged_tasks():
    docx = pytest.importorskip("docx")
    d = docx.Document()
    _covering_letter(d, "江口市2025年政务公开重点工作任务分工方案", "江口市人民政府办公室")
    rows = [
        ["序号", "工作任务", "具体措施", "任务分工", "", "完成时限", "备注"],
        ["", "", "", "牵头单位", "配合单位", "", ""],
        ["一、深化重点领域信息公开", "", "", "", "", "", ""],
        ["1", "推进财政信息公开", "细化政府预决算公开内容，公开到功能分类项级科目。", "市财政局", "市直各部门", "2025年上半年", ""],
        ["2", "", "推进政府债务信息公开，按季度公开债务限额、余额。", "市财政局", "", "每季度", "按季度更新"],
        ["3", "做好民生领域信息公开", "公开社会救助对象审核确认结果。", "市民政局", "各县（市、区）", "全年", ""],
        ["二、提升政策解读质量", "", "", "", "", "", ""],
        ["4", "强化政策解读", "落实政策文件与解读材料同步起草、同步审签、同步发布。", "市政府办", "市直各部门", "2025年12月31日前", ""],
        ["5", "", "开展政策进企业、进社区活动。", "市委办、市政府办", "各有关单位", "第四季度", ""],
    ]
    t = d.add_table(rows=len(rows), cols=7)
    for row, values in zip(t.rows, rows):
        _fill(row, values)
    t.cell(0, 3).merge(t.cell(0, 4)).text = "任务分工"
    for col in (0, 1, 2, 5, 6):
        t.cell(0, col).merge(t.cell(1, col))
    for r in (2, 6):  # section rows across the table
        text = rows[r][0]
        t.cell(r, 0).merge(t.cell(r, 6)).text = text
    t.cell(3, 1).merge(t.cell(4, 1))  # a task over two measures
    t.cell(7, 1).merge(t.cell(8, 1))
    doc = gongkai_parse.parse_bytes(_save(d), "division_header.docx")
    _check("division_header.docx", doc)


def test_word_annex_prose_with_labels_on_the_measure_line():
    docx = pytest.importorskip("docx")
    d = docx.Document()
    _covering_letter(d, "安平县2025年优化营商环境工作要点任务清单", "安平县人民政府办公室")
    for line in [
        "（一）提升政务服务水平",
        "1.推行企业开办“一网通办”，压缩开办时间至1个工作日内。牵头单位：县行政审批局；责任单位：县市场监管局、县税务局",
        "2.推进涉企证照电子化应用。由县行政审批局负责；完成时限：2025年9月底前",
        "（二）加强公平竞争审查",
        "3.开展妨碍统一市场和公平竞争的政策措施清理。",
        "责任单位：县市场监管局（牵头）、县司法局；完成时限：2025年6月底前完成并长期坚持",
        "4.规范涉企行政检查，推行“综合查一次”。",
        "责任单位：县司法局指导，各行政执法部门落实；完成时限：与省同步",
    ]:
        d.add_paragraph(line)
    doc = gongkai_parse.parse_bytes(_save(d), "annex_prose.docx")
    _check("annex_prose.docx", doc)


# The plan's own title: an annex's title after the covering letter, not the letter's.
TITLES = {
    "annex_labels_next_line.txt": "清河市2025年政务公开工作要点任务分工",
    "html_repeated_header.html": "白水县2025年教育重点工作责任分工",
    "prose_coop_labels.txt": "金沙县2025年生态环境问题整改工作方案",
    "deadline_start_end.html": "石门县2025年安全生产治本攻坚重点工作任务分解表",
}


@pytest.mark.parametrize("name", sorted(TITLES))
def test_layout4_plan_titles(name):
    assert gongkai_parse.parse(SAMPLES / name).metadata.title == TITLES[name]
