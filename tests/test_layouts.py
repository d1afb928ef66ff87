"""Hand-made notices for layouts the corpus lacks, against reviewed expected output.

Expected files live in tests/expected/<sample name>.json. After an intended change, run
GONGKAI_REGEN=1 pytest tests/test_layouts.py and read the diff before committing.
"""
from __future__ import annotations

import json
import os

import pytest

from gongkai_parse import parse

from .conftest import EXPECTED, SAMPLES

LAYOUTS = sorted((SAMPLES / "layouts").iterdir())


@pytest.mark.parametrize("path", LAYOUTS, ids=lambda p: p.name)
def test_layout_matches_expected(path):
    got = parse(path).model_dump(mode="json")
    expected = EXPECTED / f"{path.name}.json"
    if os.environ.get("GONGKAI_REGEN"):
        expected.write_text(json.dumps(got, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    assert got == json.loads(expected.read_text(encoding="utf-8"))


def _records(name):
    return parse(SAMPLES / "layouts" / name).tasks


def test_pipe_table_reads_seq_lead_cooperate_and_repeated_header():
    recs = _records("pipe_seq_lead_cooperate.txt")
    assert [r.measure_no for r in recs] == ["1", "2", "1", "2", "4", "5"]
    assert [(u.name, u.role) for u in recs[1].units] == [
        ("区政府办", "lead"), ("区发改局", "cooperate"), ("区财政局", "cooperate")]
    assert recs[1].measure == "健全利益相关方、公众代表参与决策机制。"  # &nbsp; gone
    assert [r.deadline_kind for r in recs] == ["by_date", "ongoing", "recurring", "recurring", "by_date", "by_date"]
    assert str(recs[4].deadline) == "2023-08-31"  # 9月前: before September
    # nobody in 配合单位: the 牵头单位 column still names the lead, and the empty 配合 cell
    # is not filled from the row above
    assert [(u.name, u.role) for u in recs[5].units] == [("区政务服务数据管理局", "lead")]


def test_markdown_bold_rows_are_sections():
    recs = _records("markdown_sections.md")
    assert [r.section for r in recs] == ["深化重点领域信息公开", "深化重点领域信息公开", "提升平台服务水平"]
    assert recs[1].task == "推进监管执法信息公开"  # empty task cell continues the task above
    assert all(r.deadline is None and r.deadline_kind is None for r in recs)


def test_numbered_prose_tasks_and_measures():
    recs = _records("numbered_prose.txt")
    assert [(r.task_no, r.measure_no) for r in recs] == [("（一）", "1"), ("（一）", "2"), ("（二）", None), ("（一）", "3")]
    assert recs[2].task == "推进环评审批信息公开"
    assert recs[2].measure == "全面公开建设项目环评受理、拟审批和审批决定信息。"


def test_flattened_table_with_unnumbered_measures_and_sections():
    recs = _records("flat_unnumbered_sections.txt")
    assert [(r.section, r.task_no, r.measure[:6]) for r in recs] == [
        ("推进重点领域公开", "（一）", "完善重大行政"), ("推进重点领域公开", "（一）", "健全利益相关"),
        ("推进重点领域公开", "（二）", "做好预决算公"), ("加强解读", "（一）", "落实三同步要")]
    assert recs[0].deadline_kind == "by_date"  # 及时 inside a measure does not make it a deadline line
    assert [r.units_raw for r in recs] == ["市司法局", "市政府办公室牵头，市直各单位配合", "市财政局", "市直各单位"]


def test_empty_units_and_deadline_under_a_merged_cell_take_the_value_above():
    recs = _records("tab_seq_merged_units.txt")
    assert [(r.measure_no, r.units_raw, r.deadline_raw) for r in recs] == [
        ("1", "市司法局", "2023年6月底前"), ("2", "市司法局", "2023年6月底前"),
        ("3", "市政府办公室牵头，市直各部门配合", "长期坚持"), ("4", "市直各部门", "每季度")]
