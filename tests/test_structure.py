"""The structure stage on small, focused tables: each rule it follows, one test."""
from __future__ import annotations

from gongkai_parse import parse_bytes

HEADER = "工作任务\t具体措施\t责任单位\t完成时限\n"


def records(text: str):
    return parse_bytes(text.encode("utf-8"), "notice.txt").tasks


def test_row_broken_across_a_page_is_joined():
    text = HEADER + "（一）推进公开\t1.做好政务公开标准\t办公室\t2022年底前\n\n\t目录的更新工作。\t\t\n（二）加强解读\t2.做好解读。\t办公室\t2022年底前\n"
    recs = records(text)
    assert [r.measure for r in recs] == ["做好政务公开标准目录的更新工作。", "做好解读。"]


def test_header_repeated_on_each_page_is_dropped():
    text = HEADER + "（一）推进公开\t1.甲。\t办公室\t2022年底前\n\n" + HEADER + "\t2.乙。\t办公室\t2022年底前\n"
    recs = records(text)
    assert [(r.task, r.measure_no) for r in recs] == [("推进公开", "1"), ("推进公开", "2")]


def test_numbered_measures_in_one_cell_are_one_record_each():
    text = HEADER + "（一）推进公开\t14.甲要做好。15.乙要做好，投入3.5亿元。16.丙。\t办公室\t长期坚持\n"
    recs = records(text)
    assert [(r.measure_no, r.measure) for r in recs] == [("14", "甲要做好。"), ("15", "乙要做好，投入3.5亿元。"), ("16", "丙。")]
    assert all(r.deadline_kind == "ongoing" for r in recs)


def test_flattened_web_table_blocks_cover_the_measures_before_them():
    lines = ["工作任务", "具体措施", "责任单位", "完成时限",
             "(一)推进公开", "1.甲。", "2.乙。", "市政府办公室", "2022年底前",
             "3.丙。", "市司法局", "2022年9月前", "4.丁。",
             "(二)加强解读", "5.戊。", "市直各单位", "按要求"]
    recs = records("\n\n".join(lines))
    got = [(r.measure_no, r.task, r.units_raw, r.deadline_raw) for r in recs]
    assert got == [
        ("1", "推进公开", "市政府办公室", "2022年底前"),
        ("2", "推进公开", "市政府办公室", "2022年底前"),
        ("3", "推进公开", "市司法局", "2022年9月前"),
        ("4", "推进公开", "市司法局", "2022年9月前"),  # none of its own: shares the block before it
        ("5", "加强解读", "市直各单位", "按要求"),
    ]


def test_section_column_and_section_rows():
    text = ("工作要求\t工作任务\t具体要求\t责任科室\n"
            "一、优化基础\t(一)推进标准化。\t1.甲。\t办公室\n"
            "\t(二)规范申请。\t2.乙。\t办公室\n"
            "二、推进解读\t\t3.丙。\t各科室\n")
    recs = records(text)
    assert [(r.section, r.task) for r in recs] == [("优化基础", "推进标准化。"), ("优化基础", "规范申请。"), ("推进解读", None)]


def test_no_deadline_column_gives_null_deadlines():
    recs = records("工作任务\t具体要求\t责任科室\n（一）推进公开\t1.甲。\t办公室负责\n")
    assert (recs[0].deadline_raw, recs[0].deadline, recs[0].deadline_kind) == (None, None, None)
    assert [(u.name, u.role) for u in recs[0].units] == [("办公室", "responsible")]


def test_prose_on_one_line():
    text = "总体要求是：做好公开。 一、深化公开 (一)推进规划公开。主动公开规划。 (二)推进消费信息公开。做好消费信息公开。 二、加强解读 (一)做好解读。解读文件。"
    recs = records(text)
    assert [(r.section, r.task, r.measure) for r in recs] == [
        ("深化公开", "推进规划公开", "主动公开规划。"),
        ("深化公开", "推进消费信息公开", "做好消费信息公开。"),
        ("加强解读", "做好解读", "解读文件。"),
    ]
