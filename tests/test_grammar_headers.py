"""grammars/headers.toml as a table: header cell -> column role."""
from __future__ import annotations

import pytest

from gongkai_parse.fragments.headers import map_header, role_of

CASES = [
    ("工作任务", "task"), ("任务", "task"), ("重点任务", "task"), ("工作事项", "task"),
    ("具体措施", "measure"), ("具体要求", "measure"), ("主要内容", "measure"), ("工作内容", "measure"),
    ("任务措施", "measure"), ("责任单位", "units"), ("责任科室", "units"), ("责任部门", "units"),
    ("任务分工", "units"), ("责任分工", "units"), ("结束时间", "deadline"), ("牵头单位", "lead"), ("配合单位", "cooperate"), ("完成时限", "deadline"), ("时限要求", "deadline"),
    ("完成时间", "deadline"), ("时间节点", "deadline"), ("工作要求", "section"), ("一级任务", "section"),
    ("序号", "seq"), ("序 号", "seq"), ("备注", "other"), ("惠州市2022年政务公开重点工作任务分工方案", None),
    # people are not units
    ("责任领导", "person"), ("牵头领导", "person"), ("分管县领导", "person"), ("责任人", "person"),
    # target, level, list-style and traditional headers
    ("目标任务", "target"), ("2022年预期目标", "target"), ("三级指标", "level"), ("任务清单", "measure"),
    ("责任清单", "units"), ("时限清单", "deadline"), ("問題描述", "task"), ("責任單位", "units"),
    ("序號", "seq"), ("路段名称", "task"), ("责任科室、单位", "units"),
    ("存在问题", "task"), ("整改措施", "measure"), ("责任单位及责任人", "units"), ("预期成果", "target"),
    # a 责任清单's duty column is the duty, not its units; a problem column under any name
    ("责任事项", "task"), ("责任主体", "units"), ("反馈问题", "task"), ("突出问题", "task"),
    ("督办事项", "task"), ("主办单位", "lead"), ("协办单位", "cooperate"), ("办结时限", "deadline"),
    ("问题整改措施", "measure"),
    # the main responsible unit leads; who supervises and how far the work has got are not units or deadlines
    ("主责单位", "lead"), ("主责部门", "lead"), ("承办单位", "units"), ("参与单位", "cooperate"),
    ("督办单位", "other"), ("整改进度", "other"), ("分管领导", "person"),
]


@pytest.mark.parametrize("cell,role", CASES, ids=[c for c, _ in CASES])
def test_header_word(cell, role):
    assert role_of(cell) == role


def test_header_rows():
    assert map_header(["工作任务", "具体措施", "责任单位", "完成时限"]) == {0: "task", 1: "measure", 2: "units", 3: "deadline"}
    # no measure column: the task column holds the measures
    assert map_header(["序号", "重点任务", "牵头单位", "配合单位", "完成时限"]) == {
        0: "seq", 1: "measure", 2: "lead", 3: "cooperate", 4: "deadline"}
    # a 整改台账: the problem is the task the 整改措施 answers; 整改进度 is neither measure nor deadline
    assert map_header(["序号", "问题描述", "整改措施", "责任领导", "责任单位", "整改时限", "整改进度"]) == {
        0: "seq", 1: "task", 2: "measure", 3: "other", 4: "units", 5: "deadline", 6: "other"}
    # a problem column beside a place column is the measure, as before
    assert map_header(["序号", "点位", "问题描述", "整改时限", "责任单位"]) == {
        0: "seq", 1: "task", 2: "measure", 3: "deadline", 4: "units"}
    assert map_header(["索引号", "1123045263/swj/2023-0000044", "公开目录", "政务公开"]) is None
    assert map_header(["（一）推进公开", "1.甲。", "办公室", "2022年底前"]) is None
    # a 问题整改 table: the problem heads its measures
    assert map_header(["序号", "存在问题", "整改措施", "责任单位", "整改时限"]) == {
        0: "seq", 1: "task", 2: "measure", 3: "units", 4: "deadline"}
    # a column of people is no units column
    assert map_header(["序号", "重点任务", "责任领导", "牵头单位"]) == {0: "seq", 1: "measure", 2: "other", 3: "lead"}
    # a target is the measure only where there is no measure column, and never the task
    assert map_header(["序号", "2022年预期目标", "责任单位"]) == {0: "seq", 1: "measure", 2: "units"}
    assert map_header(["工作内容", "目标任务", "责任单位"]) == {0: "measure", 1: "other", 2: "units"}
    # nested levels: each a heading column, the finest holds the measures
    assert map_header(["一级指标", "二级指标", "三级指标", "责任科室"]) == {0: "section", 1: "task", 2: "measure", 3: "units"}
    # the labels of a page's metadata table are no header
    assert map_header(["工作任务：", "具体要求", "责任单位：", ""]) is None
