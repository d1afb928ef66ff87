"""Hand-reviewed layout tests, third probe (samples/layouts5).

Each sample is a small invented notice in a layout or phrasing not met in layouts/ to layouts4/
(主责单位 / 协办单位 / 责任部门 / 承办单位 / 参与单位 / 督办单位 columns, 牵头领导 and 分管领导 to
drop, people in brackets after a unit, `A（牵头）B（配合）` with no separator, a table copied with
`|` borders whose 序号 restarts per section, four numbering levels, measures run together in one
paragraph with brackets, `一、` headings in a 工作任务 column, a title over two lines, a 整改台账
with a 整改进度 column; deadlines 12月中旬, 即时, 立行立改, 2025.6.30, 2025/06/30, 六月底前,
第二季度末, 2025年—2027年, 2025年底前完成，2026年持续推进);
tests/expected_layouts5/<name>.json holds the records a careful human reader expects, written
by hand from the text (never regenerated from the parser's output). Only the structural fields
are compared, as in test_layouts2.
"""
from __future__ import annotations

from pathlib import Path

import pytest

import gongkai_parse

from .test_layouts2 import check_expected

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "samples" / "layouts5"
EXPECTED = Path(__file__).parent / "expected_layouts5"
PATHS = sorted(p for p in SAMPLES.iterdir() if p.is_file())


def test_every_sample_has_expected_records():
    assert len(PATHS) >= 10
    for path in PATHS:
        assert (EXPECTED / f"{path.name}.json").is_file(), path.name


@pytest.mark.parametrize("path", PATHS, ids=lambda p: p.name)
def test_layout5_records(path):
    check_expected(path.name, gongkai_parse.parse(path), EXPECTED)


def test_people_are_not_units():
    """牵头领导 / 分管领导 columns and labels, and a person in brackets after a unit, name no unit."""
    for name in ("people_in_units.txt", "labels_leaders.txt", "duban_ledger.txt"):
        doc = gongkai_parse.parse(SAMPLES / name)
        names = {u.name for r in doc.tasks for u in r.units}
        assert not any("某" in n for n in names), (name, names)
        assert not any(r.review for r in doc.tasks), name


def test_title_written_over_two_lines():
    doc = gongkai_parse.parse(SAMPLES / "title_two_lines.txt")
    assert doc.metadata.title == "南丰县2025年政务公开工作要点任务分工方案"


def test_progress_column_is_neither_measure_nor_deadline():
    doc = gongkai_parse.parse(SAMPLES / "rectify_ledger.txt")
    for record in doc.tasks:
        assert "已" not in record.measure and "持续推进" != record.deadline_raw
