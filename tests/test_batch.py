"""Batches: parallel processes give the same output, time limits, re-runs that skip what is
done, Ctrl-C, the XLSX workbook, and a batch over every format of the samples."""
from __future__ import annotations

import datetime as dt
import json
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from .conftest import SAMPLES
from .test_cli import hanging_cli, run

FORMATS = ("text", "gb18030", "docx", "html", "pdf", "scan")


@pytest.fixture(scope="module")
def mixed(tmp_path_factory) -> Path:
    """Every sample notice of every format in one folder, as a user's download folder is."""
    folder = tmp_path_factory.mktemp("mixed")
    for fmt in FORMATS:
        for path in (SAMPLES / fmt).iterdir():
            if not path.name.endswith(".pages.json"):
                shutil.copy(path, folder / path.name)
    return folder


def test_batch_over_every_format_writes_one_output_per_input_and_an_errors_file(mixed, tmp_path):
    out = tmp_path / "out"
    # OCR is tested in test_scan_reader.py (seconds a page): here the scan is the file that fails
    r = run(mixed, "-o", out, "--jobs", "2", "--ocr", "never")
    assert r.returncode == 1  # the scan cannot be read without OCR
    inputs = sorted(p.name for p in mixed.iterdir())
    written = sorted(p.name for p in out.iterdir())
    assert written == sorted([f"{name}.json" for name in inputs if ".scan." not in name] + ["errors.jsonl"])
    errors = [json.loads(line) for line in (out / "errors.jsonl").read_text(encoding="utf-8").splitlines()]
    assert [(Path(e["file"]).name, e["reason"].split(":")[0]) for e in errors] == [
        ("000_2588b1b590b83311.scan.pdf", "no text layer")]
    summary = r.stderr.decode()
    assert "25 of 26 file(s) parsed, 745 record(s), 1 failed" in summary
    for fmt in ("docx", "html", "pdf", "text"):
        assert fmt in summary


@pytest.mark.parametrize("name", ["all.csv", "all.jsonl", "all.json"])
def test_jobs_two_gives_the_same_output_as_jobs_one(mixed, tmp_path, name):
    one, two = tmp_path / "1" / name, tmp_path / "2" / name
    one.parent.mkdir()
    two.parent.mkdir()
    assert run(mixed, "-o", one, "--jobs", "1", "--ocr", "never").returncode == 1
    assert run(mixed, "-o", two, "--jobs", "2", "--ocr", "never").returncode == 1
    assert one.read_bytes() == two.read_bytes()


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_a_file_over_the_time_limit_is_stopped_and_the_batch_goes_on(tmp_path, jobs):
    src = tmp_path / "in"
    src.mkdir()
    shutil.copy(SAMPLES / "text" / "001_520aea2342db30b4.txt", src / "a_small.txt")
    (src / "hang.txt").write_text("never read to the end", encoding="utf-8")  # its parse never ends
    shutil.copy(SAMPLES / "text" / "004_5647af7d50cac52b.txt", src / "c_small.txt")
    r = subprocess.run(hanging_cli(src, "-o", tmp_path / "out", "--jobs", jobs, "--timeout", "1"),
                       capture_output=True, timeout=120)
    assert r.returncode == 1, r.stderr
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["a_small.txt.json", "c_small.txt.json", "errors.jsonl"]
    assert "hang.txt: took longer than 1 s and was stopped" in r.stderr.decode()


def test_skip_existing_parses_only_what_changed(tmp_path):
    src = tmp_path / "in"
    shutil.copytree(SAMPLES / "text", src)
    out = tmp_path / "out"
    assert run(src, "-o", out).returncode == 0
    first = {p.name: p.stat().st_mtime_ns for p in out.iterdir()}
    time.sleep(0.05)
    again = run(src, "-o", out, "--skip-existing")
    assert again.returncode == 0 and b"0 of 0 file(s) parsed, 0 record(s), 0 failed, 5 up to date" in again.stderr
    assert {p.name: p.stat().st_mtime_ns for p in out.iterdir()} == first
    (src / "002_04b061482e0d1150.txt").touch()
    third = run(src, "-o", out, "--skip-existing")
    assert b"1 of 1 file(s) parsed, 53 record(s), 0 failed, 4 up to date" in third.stderr


def test_ctrl_c_leaves_complete_outputs_and_no_temp_files(tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    notice = (SAMPLES / "text" / "000_2588b1b590b83311.txt").read_text(encoding="utf-8")
    for k in range(40):
        (src / f"n{k:02d}.txt").write_text(notice * 20, encoding="utf-8")
    out = tmp_path / "out"
    proc = subprocess.Popen([sys.executable, "-m", "gongkai_parse", str(src), "-o", str(out), "--jobs", "2"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and not (out.exists() and len(list(out.glob("*.json"))) >= 2):
        time.sleep(0.02)
    proc.send_signal(signal.SIGINT)
    _, stderr = proc.communicate(timeout=60)
    assert proc.returncode == 130, stderr
    assert b"Traceback" not in stderr and b"interrupted" in stderr
    left = list(out.iterdir())
    assert 0 < len(left) < 40
    assert not [p for p in left if p.name.endswith(".part")]
    for path in left:
        assert len(json.loads(path.read_text(encoding="utf-8"))["tasks"]) == 18 * 20


@pytest.mark.parametrize("name", ["all.jsonl", "all.csv"])
def test_a_combined_output_is_written_as_notices_are_parsed_and_appears_only_whole(tmp_path, name):
    """JSONL and CSV are written notice by notice (memory does not grow with the batch) into a
    temp file that becomes the output only when the batch ends: stopped before, nothing."""
    src = tmp_path / "in"
    src.mkdir()
    for k, sample in enumerate(("001_520aea2342db30b4.txt", "004_5647af7d50cac52b.txt")):
        shutil.copy(SAMPLES / "text" / sample, src / f"{k}_{sample}")
    (src / "hang.txt").write_text("never read to the end", encoding="utf-8")  # sorted last: parsed last
    whole = tmp_path / name
    assert run(src / "0_001_520aea2342db30b4.txt", src / "1_004_5647af7d50cac52b.txt", "-o", whole).returncode == 0
    out = tmp_path / "out"
    out.mkdir()
    proc = subprocess.Popen(hanging_cli(src, "-o", out / name, "--jobs", "1", "--timeout", "0"),
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        # the two notices before the hanging one are in the temp file while the third is parsed
        deadline = time.monotonic() + 120  # a safety stop for the test, not a measure of speed
        parts = []
        while time.monotonic() < deadline:
            parts = list(out.glob(".gongkai-*.part"))
            if parts and parts[0].stat().st_size == whole.stat().st_size:
                break
            time.sleep(0.05)
        assert parts and parts[0].read_bytes() == whole.read_bytes()
        assert not (out / name).exists()
    finally:
        proc.send_signal(signal.SIGINT)
        _, stderr = proc.communicate(timeout=60)
    assert proc.returncode == 130, stderr
    assert list(out.iterdir()) == []  # no output, no temp file


def test_xlsx_values_equal_the_json(mixed, tmp_path):
    openpyxl = pytest.importorskip("openpyxl")
    book, data = tmp_path / "all.xlsx", tmp_path / "all.json"
    run(mixed, "-o", book, "--ocr", "never")
    run(mixed, "-o", data, "--ocr", "never")
    documents = json.loads(data.read_text(encoding="utf-8"))
    wb = openpyxl.load_workbook(book)
    assert wb.sheetnames[:3] == ["任务", "说明", "单位"]  # then one sheet per unit
    ws = wb["任务"]
    assert ws.freeze_panes == "A2"
    header = [c.value for c in ws[1]]
    rows = [dict(zip(header, [c.value for c in row])) for row in ws.iter_rows(min_row=2)]
    records = [(d["source"], r) for d in documents for r in d["tasks"]]
    assert len(rows) == len(records) == 745
    for row, (source, rec) in zip(rows, records):
        assert row["来源"] == source and row["序号"] == rec["seq"]
        assert row["具体措施"] == rec["measure"] and row["工作任务"] == rec["task"]
        assert (row["牵头单位"] or "") == "、".join(u["name"] for u in rec["units"] if u["role"] == "lead")
        deadline = row["完成时限"]
        assert (deadline.date().isoformat() if isinstance(deadline, dt.datetime) else deadline) == rec["deadline"]
    units = wb["单位"]
    unit_rows = [[c.value for c in row] for row in units.iter_rows(min_row=2)]
    assert len(unit_rows) == sum(len(r["units"]) for _, r in records)
    assert {row[1] for row in unit_rows} == {"牵头", "配合", "负责"}
