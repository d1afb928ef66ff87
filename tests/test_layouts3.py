"""Hand-reviewed layout tests for notices the parser was not built on (samples/layouts3).

Each sample is a small invented notice in a layout or phrasing not met in layouts/ or layouts2/
(责任主体 and 督办事项 columns, 一是/二是 and 第一条 items, labels after spaces, roles in a
bracket with a deadline, labels on lines of one HTML cell …); tests/expected_layouts3/<name>.json holds
the records a careful human reader expects, written by hand from the text (never regenerated
from the parser's output). Only the structural fields are compared, as in test_layouts2.
"""
from __future__ import annotations

from pathlib import Path

import pytest

import gongkai_parse

from .test_layouts2 import check_expected

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "samples" / "layouts3"
EXPECTED = Path(__file__).parent / "expected_layouts3"
PATHS = sorted(p for p in SAMPLES.iterdir() if p.is_file())


def test_every_sample_has_expected_records():
    assert len(PATHS) >= 12
    for path in PATHS:
        assert (EXPECTED / f"{path.name}.json").is_file(), path.name


@pytest.mark.parametrize("path", PATHS, ids=lambda p: p.name)
def test_layout3_records(path):
    check_expected(path.name, gongkai_parse.parse(path), EXPECTED)
