"""Units and a deadline written together after a measure: （X牵头，Y配合，长期坚持）,
责任科室：X　完成时限：Y."""
from __future__ import annotations

import pytest

from gongkai_parse.structure.inline import read_assignment, split_deadline

CASES = [
    # a last clause that is a date
    ("市财政局牵头，市直各部门配合，2024年底前完成", ("市财政局牵头，市直各部门配合", "2024年底前完成")),
    # a last clause that is a deadline word and names no unit
    ("市气象局牵头，市农业农村局、市应急局配合，长期坚持", ("市气象局牵头，市农业农村局、市应急局配合", "长期坚持")),
    ("县学生资助管理中心负责，每学期", ("县学生资助管理中心负责", "每学期")),
    ("市农业农村局负责，按省统一部署", ("市农业农村局负责", "按省统一部署")),
    # a last clause of units with a deadline-like adverb stays units
    ("市政府办牵头，各成员单位持续配合", ("市政府办牵头，各成员单位持续配合", None)),
    ("县农业局牵头，各乡镇常态化落实", ("县农业局牵头，各乡镇常态化落实", None)),
    # labels parted by spaces, as a table copied without its lines
    ("责任科室：防汛抗旱科　完成时限：2025年4月底前", ("责任科室：防汛抗旱科", "2025年4月底前")),
    ("责任单位：县司法局 完成时限：每月", ("责任单位：县司法局", "每月")),
]


@pytest.mark.parametrize("text,expected", CASES, ids=[c[0] for c in CASES])
def test_split_deadline(text, expected):
    assert split_deadline(text) == expected


def test_bracket_with_roles_and_an_ongoing_deadline_is_an_assignment():
    assert read_assignment("市气象局牵头，市应急局配合，长期坚持") == ("市气象局牵头，市应急局配合", "长期坚持")


def test_a_bracket_of_words_is_no_assignment():
    assert read_assignment("2019年修订") is None
    assert read_assignment("长期坚持，久久为功") is None
