"""grammars/deadlines.toml as a table: cell text -> (deadline, kind). A new phrase is a new row.
The plan year is 2023 unless the cell names its own."""
from __future__ import annotations

import pytest

from gongkai_parse.fragments.deadlines import find_dates, resolve_deadline

CASES = [
    ("2022年底前", "2022-12-31", "by_date"),
    ("2022 年底前", "2022-12-31", "by_date"),
    ("2022年年底前", "2022-12-31", "by_date"),
    ("2022年12月底前", "2022-12-31", "by_date"),
    ("2022年11月", "2022-11-30", "by_date"),
    ("2022年11月底前", "2022-11-30", "by_date"),
    ("2022年9月前", "2022-08-31", "by_date"),
    ("2022年1月前", "2021-12-31", "by_date"),
    ("2022年6月30日前", "2022-06-30", "by_date"),
    ("2022年12月31日前", "2022-12-31", "by_date"),
    ("6月30日前", "2023-06-30", "by_date"),
    ("年底前", "2023-12-31", "by_date"),
    ("2022年6月底", "2022-06-30", "by_date"),
    ("2022年第三季度", "2022-09-30", "by_date"),
    ("三季度末", "2023-09-30", "by_date"),
    ("上半年", "2023-06-30", "by_date"),
    ("下半年", "2023-12-31", "by_date"),
    ("二〇二二年十二月底前", "2022-12-31", "by_date"),
    ("十一月底前", "2023-11-30", "by_date"),
    ("2022年6月—12月", "2022-12-31", "by_date"),
    ("2022年6月底前；2022年11月底前", "2022-11-30", "by_date"),
    ("2022-10-31", "2022-10-31", "by_date"),
    # ten-day parts of a month: 上旬 ends on the 10th, 中旬 on the 20th, 下旬 with the month
    ("12月中旬", "2023-12-20", "by_date"),
    ("2022年3月上旬", "2022-03-10", "by_date"),
    ("2022年11月下旬", "2022-11-30", "by_date"),
    # a year that only says when the work goes on is no deadline of its own
    ("2022年底前完成，2023年持续推进", "2022-12-31", "by_date"),
    ("2022年—2024年", "2024-12-31", "by_date"),
    ("六月底前", "2023-06-30", "by_date"),
    ("第二季度末", "2023-06-30", "by_date"),
    ("即时", None, "ongoing"),
    ("立行立改", None, "ongoing"),
    ("立行立改，长期坚持", None, "ongoing"),
    ("每年11月30日前", None, "recurring"),
    ("长期坚持", None, "ongoing"),
    ("持续推进", None, "ongoing"),
    ("常态化", None, "ongoing"),
    ("长期", None, "ongoing"),
    ("每年1月31日前", None, "recurring"),
    ("每季度", None, "recurring"),
    ("每月", None, "recurring"),
    ("定期", None, "recurring"),
    ("按要求", None, "as_required"),
    ("按规定时限", None, "as_required"),
    ("根据上级要求", None, "as_required"),
    ("按各自文件规定的时间节点完成", None, "as_required"),
    ("届时按市府办要求规定的时间节点完成", None, "as_required"),
    # more by-date forms
    ("2022年底", "2022-12-31", "by_date"),
    ("2022年末", "2022-12-31", "by_date"),
    ("2022年内", "2022-12-31", "by_date"),
    ("年内", "2023-12-31", "by_date"),
    ("2022年12月", "2022-12-31", "by_date"),
    ("2022年2月底前", "2022-02-28", "by_date"),
    ("2024年2月底前", "2024-02-29", "by_date"),
    ("2022年6月前", "2022-05-31", "by_date"),
    ("2022年6月以前", "2022-05-31", "by_date"),
    ("2022年6月之前", "2022-05-31", "by_date"),
    ("6月底前", "2023-06-30", "by_date"),
    ("9月前", "2023-08-31", "by_date"),
    ("11月", "2023-11-30", "by_date"),
    ("2022年6月30日", "2022-06-30", "by_date"),
    ("2022年6月30号前", "2022-06-30", "by_date"),
    ("2022.6.30", "2022-06-30", "by_date"),
    ("2022/06/30", "2022-06-30", "by_date"),
    ("2022年第一季度", "2022-03-31", "by_date"),
    ("2022年第二季度", "2022-06-30", "by_date"),
    ("第四季度", "2023-12-31", "by_date"),
    ("2022年三季度末", "2022-09-30", "by_date"),
    ("2022年上半年", "2022-06-30", "by_date"),
    ("2022年下半年", "2022-12-31", "by_date"),
    ("二〇二二年底前", "2022-12-31", "by_date"),
    ("二〇二二年六月三十日前", "2022-06-30", "by_date"),
    ("二〇二二年九月前", "2022-08-31", "by_date"),
    ("十二月底前", "2023-12-31", "by_date"),
    ("2022年3月—6月", "2022-06-30", "by_date"),
    ("2022年3月-6月", "2022-06-30", "by_date"),
    ("2022年3月至6月", "2022-06-30", "by_date"),
    ("2022年6月底前启动，12月底前完成", "2022-12-31", "by_date"),
    ("2022年12月底前，并长期坚持", "2022-12-31", "by_date"),
    ("2022 年 11 月底前", "2022-11-30", "by_date"),
    # ongoing, recurring, as required
    ("持续开展", None, "ongoing"),
    ("长期坚持，常态化推进", None, "ongoing"),
    ("每年", None, "recurring"),
    ("每年3月1日前", None, "recurring"),
    ("每半年", None, "recurring"),
    ("每学期", None, "recurring"),
    ("每学年", None, "recurring"),
    ("6月底前完成，长期坚持", "2023-06-30", "by_date"),
    ("立即整改，长期坚持", None, "ongoing"),
    ("6月1日至9月30日", "2023-09-30", "by_date"),
    ("每月25日前", None, "recurring"),
    ("每季度末", None, "recurring"),
    ("按季度", None, "recurring"),
    ("根据上级要求", None, "as_required"),
    ("按上级要求", None, "as_required"),
    ("按照要求", None, "as_required"),
    ("按规定时间", None, "as_required"),
    ("与国家同步", None, "as_required"),
    ("与省同步推进", None, "as_required"),
    ("2023年6月底前完成并长期坚持", "2023-06-30", "by_date"),
    ("2023年12月31日前", "2023-12-31", "by_date"),
    ("第四季度", "2023-12-31", "by_date"),
    # nothing to read
    ("", None, None),
    ("（空）", None, None),
    ("—", None, None),
]


@pytest.mark.parametrize("cell,date,kind", CASES, ids=[c or "(empty)" for c, _, _ in CASES])
def test_deadline_cell(cell, date, kind):
    got = resolve_deadline(cell, 2023)
    assert (got.date.isoformat() if got.date else None, got.kind) == (date, kind)


def test_all_dates_in_a_cell_are_kept_in_order():
    assert [d.isoformat() for d in find_dates("2022年6月底前完成初稿，11月底前定稿", None)] == ["2022-06-30", "2022-11-30"]


def test_dates_a_measure_sets_itself():
    from gongkai_parse.fragments.deadlines import dates_in_measure

    text = "2022年11月底前建成文件库，建立2022年政务公开台账，每年的1月31日前发布年报，年底前完成清理。"
    assert [d.isoformat() for d in dates_in_measure(text, 2022)] == ["2022-11-30", "2022-12-31"]


def test_no_year_and_no_plan_year_gives_no_date():
    assert resolve_deadline("年底前", None).date is None
