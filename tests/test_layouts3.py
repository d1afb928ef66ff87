"""Hand-reviewed layout tests for notices the parser was not built on (samples/layouts3).

Each sample is a small invented notice in a layout or phrasing not met in layouts/ or layouts2/
(责任主体 and 督办事项 columns, 一是/二是 and 第一条 items, labels after spaces, roles in a
bracket with a deadline, labels on lines of one HTML cell …); tests/expected_layouts3/<name>.json holds
the records a careful human reader expects, written by hand from the text (never regenerated
from the parser's output). Only the structural fields are compared; metadata is not.
"""
from __future__ import annotations

import json
from pathlib import Path

import pytest

import gongkai_parse

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "samples" / "layouts3"
EXPECTED = Path(__file__).parent / "expected_layouts3"

FIELDS = ("section", "task", "task_no", "measure", "measure_no", "units", "deadline", "deadline_kind")
PATHS = sorted(p for p in SAMPLES.iterdir() if p.is_file())


def _got(record) -> dict:
    return {
        "section": record.section,
        "task": record.task,
        "task_no": record.task_no,
        "measure": record.measure,
        "measure_no": record.measure_no,
        "units": [(u.name, u.role) for u in record.units],
        "deadline": str(record.deadline) if record.deadline is not None else None,
        "deadline_kind": record.deadline_kind,
    }


def _want(record: dict) -> dict:
    out = {f: record.get(f) for f in FIELDS}
    out["units"] = [tuple(u) for u in record.get("units", [])]
    return out


def _diff(got: list[dict], want: list[dict]) -> str:
    lines = []
    if len(got) != len(want):
        lines.append(f"record count: got {len(got)}, expected {len(want)}")
    for i in range(max(len(got), len(want))):
        g = got[i] if i < len(got) else None
        w = want[i] if i < len(want) else None
        if g == w:
            continue
        lines.append(f"--- record {i + 1}")
        if g is None:
            lines.append(f"  missing; expected measure_no={w['measure_no']!r} measure={w['measure']!r}")
            continue
        if w is None:
            lines.append(f"  extra; got measure_no={g['measure_no']!r} measure={g['measure']!r}")
            continue
        for f in FIELDS:
            if g[f] != w[f]:
                lines.append(f"  {f}:\n    got      {g[f]!r}\n    expected {w[f]!r}")
    return "\n".join(lines)


def test_every_sample_has_expected_records():
    assert len(PATHS) >= 12
    for path in PATHS:
        assert (EXPECTED / f"{path.name}.json").is_file(), path.name


@pytest.mark.parametrize("path", PATHS, ids=lambda p: p.name)
def test_layout3_records(path):
    expected = json.loads((EXPECTED / f"{path.name}.json").read_text(encoding="utf-8"))
    want = [_want(r) for r in expected["records"]]
    doc = gongkai_parse.parse(path)
    got = [_got(r) for r in doc.tasks]
    if got != want:
        pytest.fail(f"{path.name}: records differ from the hand-reviewed expectation\n" + _diff(got, want),
                    pytrace=False)
