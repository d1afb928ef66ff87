"""Hand-reviewed layout tests for the structure stage (samples/layouts2).

Each sample is a small invented notice in one layout; tests/expected_layouts2/<name>.json holds
the records a careful human reader expects, written by hand from the text (never regenerated
from the parser's output). Only the structural fields are compared; metadata is not.
"""
from __future__ import annotations

import json
from pathlib import Path

import pytest

import gongkai_parse

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "samples" / "layouts2"
EXPECTED = Path(__file__).parent / "expected_layouts2"

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


def check_expected(name: str, doc, expected: Path) -> None:
    """The document's records against the hand-written expectation expected/<name>.json."""
    want = [_want(r) for r in json.loads((expected / f"{name}.json").read_text(encoding="utf-8"))["records"]]
    got = [_got(r) for r in doc.tasks]
    if got != want:
        pytest.fail(f"{name}: records differ from the hand-reviewed expectation\n" + _diff(got, want), pytrace=False)


def test_every_sample_has_expected_records():
    assert len(PATHS) >= 12
    for path in PATHS:
        assert (EXPECTED / f"{path.name}.json").is_file(), path.name


@pytest.mark.parametrize("path", PATHS, ids=lambda p: p.name)
def test_layout2_records(path):
    check_expected(path.name, gongkai_parse.parse(path), EXPECTED)


# The prose samples, typed into Word one paragraph per line (and exported to PDF where
# LibreOffice is installed), read as they do as text: the outline does not depend on the
# format the lines came in.
PROSE = [p for p in PATHS if p.suffix == ".txt" and any(
    kind in p.name for kind in ("prose", "issue", "deep_levels", "out_of_order"))]


def _as_word(path: Path) -> bytes:
    import io

    docx = pytest.importorskip("docx")
    document = docx.Document()
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            document.add_paragraph(line)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


@pytest.mark.parametrize("path", PROSE, ids=lambda p: p.name)
def test_prose_sample_reads_the_same_from_word(path):
    expected = json.loads((EXPECTED / f"{path.name}.json").read_text(encoding="utf-8"))
    got = [_got(r) for r in gongkai_parse.parse_bytes(_as_word(path), path.stem + ".docx").tasks]
    want = [_want(r) for r in expected["records"]]
    if got != want:
        pytest.fail(f"{path.name} as .docx: records differ\n" + _diff(got, want), pytrace=False)


@pytest.mark.skipif(not __import__("shutil").which("soffice"), reason="LibreOffice is not installed")
@pytest.mark.parametrize("path", PROSE[:4], ids=lambda p: p.name)
def test_prose_sample_reads_the_same_from_pdf(path, tmp_path):
    import subprocess

    word = tmp_path / (path.stem + ".docx")
    word.write_bytes(_as_word(path))
    subprocess.run(["soffice", "--headless", "--convert-to", "pdf", "--outdir", str(tmp_path), str(word)],
                   capture_output=True, timeout=300, check=True)
    expected = json.loads((EXPECTED / f"{path.name}.json").read_text(encoding="utf-8"))
    got = [_got(r) for r in gongkai_parse.parse(tmp_path / (path.stem + ".pdf")).tasks]
    want = [_want(r) for r in expected["records"]]
    if got != want:
        pytest.fail(f"{path.name} as .pdf: records differ\n" + _diff(got, want), pytrace=False)
