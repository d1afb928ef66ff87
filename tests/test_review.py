"""Review flags: a record says why it may be wrong; a document says what became no record."""
from __future__ import annotations

import pytest

from gongkai_parse import parse_bytes

from .conftest import SAMPLES

TITLE = "某县2024年政务公开重点工作任务分工方案\n"


def records(text: str, name: str = "notice.txt"):
    doc = parse_bytes((TITLE + text).encode("utf-8"), name)
    return doc.tasks, doc.warnings


def test_a_clean_table_has_no_flags():
    recs, warnings = records("工作任务\t具体措施\t责任单位\t完成时限\n"
                             "（一）推进决策公开\t1.公开重大决策草案。\t县司法局牵头，各乡镇配合\t2024年底前\n"
                             "\t2.公开决策结果。\t县政府办\t长期坚持\n")
    assert [r.review for r in recs] == [[], []]
    assert warnings == []


@pytest.mark.parametrize("units,reason", [
    ("县财政局做好资金保障", "units text not read: 做好资金保障"),
    ("县财政局、2", "unit name incomplete: 2"),
    ("县发改委 县财政局、县统计局", "units written in groups with no roles"),
])
def test_units_doubts_are_flagged(units, reason):
    recs, _ = records(f"工作任务\t具体措施\t责任单位\n（一）推进公开\t1.公开预算。\t{units}\n")
    assert any(reason in x for x in recs[0].review), recs[0].review


def test_a_deadline_the_grammar_cannot_read_is_flagged_and_kept():
    recs, _ = records("工作任务\t具体措施\t责任单位\t完成时限\n（一）推进公开\t1.公开预算。\t县财政局\t待定\n")
    assert recs[0].deadline_raw == "待定" and recs[0].deadline_kind is None
    assert "deadline not understood: 待定" in recs[0].review


def test_an_item_out_of_order_stays_and_is_flagged():
    recs, warnings = records("一、加强公开\n（一）推进决策公开。公开决策草案。（责任单位：县司法局）\n"
                             "（三）推进结果公开。公开决策结果。（责任单位：县政府办）\n"
                             "（二）推进执行公开。公开执行情况。（责任单位：县政府办）\n")
    assert [r.task for r in recs] == ["推进决策公开", "推进结果公开", "推进执行公开"]
    # a skipped number may be the notice's own: the document says so, the records stand
    assert [r.review for r in recs[:2]] == [[], []]
    assert "numbering skips from （一） to （三）: an item may be missing" in warnings
    # a number going back is a doubt about the record itself
    assert recs[2].review == ["numbering out of order: （二） after （三）"]


def test_column_headers_run_into_a_measure_flag_it_and_warn():
    recs, warnings = records("1、分工表序号工作内容责任单位备注1做好公开工作，及时更新。县政府办2加强解读。\n")
    assert any("table whose cells ran together" in x for r in recs for x in r.review)
    assert any("cells ran together" in w for w in warnings)


def test_text_in_a_prose_plan_that_became_no_record_is_a_warning():
    recs, warnings = records("一、加强公开\n1.公开预算。（责任单位：县财政局）\n"
                             "2.公开决算。（责任单位：县财政局）\n各单位要高度重视，认真抓好落实。\n")
    assert len(recs) == 2
    assert any("各单位要高度重视" in w for w in warnings)


def test_a_table_whose_measure_cells_are_empty_warns():
    _, warnings = records("工作任务\t具体措施\t责任单位\n（一）推进公开\t1.公开预算。\t县财政局\n"
                          "\t\t县审计局\n\t\t县统计局\n")
    assert any("no measure text" in w for w in warnings)


@pytest.mark.parametrize("path", sorted((SAMPLES / "text").iterdir()), ids=lambda p: p.name)
def test_the_original_notices_carry_no_flags(path):
    doc = parse_bytes(path.read_bytes(), path.name)
    assert [r.review for r in doc.tasks if r.review] == []
    # 000 numbers its tasks （八） then （十）: the notice's own gap, reported as such
    assert all(w.startswith("numbering skips") for w in doc.warnings)


def test_a_plan_table_with_no_measure_text_is_a_document_with_no_records_and_warnings():
    # the notice is a plan (its table has the plan's columns), so what was found is written
    doc = parse_bytes("工作任务\t具体措施\t责任单位\n\t\t县财政局\n\t\t县审计局\n".encode(), "n.txt")
    assert doc.tasks == []
    assert doc.columns == ["工作任务", "具体措施", "责任单位"]
    assert doc.warnings[:2] == ["no records: the plan table (工作任务、具体措施、责任单位) gave no measures",
                                "2 rows of the plan table have units or a deadline but no measure text"]
