"""The command line, invoked as a user would (a subprocess): outputs, modes, errors, exit codes."""
from __future__ import annotations

import csv
import hashlib
import io
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from gongkai_parse import parse

from .conftest import SAMPLES

NOTICE = SAMPLES / "text" / "002_04b061482e0d1150.txt"
OTHER = SAMPLES / "text" / "001_520aea2342db30b4.txt"


def run(*args, cwd=None, timeout=120, preexec_fn=None):
    return subprocess.run([sys.executable, "-m", "gongkai_parse", *map(str, args)],
                          capture_output=True, cwd=cwd, timeout=timeout, preexec_fn=preexec_fn)


# The CLI with a parser in which a file named hang* never ends (a hang for sure, whatever
# the machine's speed) and every other file of the folder given first was parsed beforehand,
# so it returns at once. The worker processes are forked and inherit the patched parser.
HANGING_CLI = """
import sys, time
from pathlib import Path
from gongkai_parse import pipeline
from gongkai_parse.cli import main
parsed = {p.name: pipeline.parse(p) for p in Path(sys.argv[1]).iterdir() if not p.name.startswith("hang")}
def parse(path, **kwargs):
    if Path(path).name.startswith("hang"):
        while True:
            time.sleep(60)
    return parsed[Path(path).name]
pipeline.parse = parse
main()
"""


def hanging_cli(folder, *args) -> list[str]:
    """The command line of the CLI run with HANGING_CLI's parser; `folder` is its first input."""
    return [sys.executable, "-c", HANGING_CLI, str(folder), *map(str, args)]


def no_traceback(result):
    assert b"Traceback" not in result.stderr and b"Traceback" not in result.stdout


def test_file_output_is_the_contract_json(tmp_path):
    out = tmp_path / "tasks.json"
    r = run(NOTICE, "-o", out)
    assert r.returncode == 0 and r.stdout == b""
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data == parse(NOTICE).model_dump(mode="json")
    assert "惠州市" in out.read_text(encoding="utf-8")  # Chinese written as is, not \u-escaped


@pytest.mark.parametrize("args", [[], ["-o", "-"]], ids=["no -o", "-o -"])
def test_stdout_carries_only_the_output(args):
    r = run(NOTICE, *args)
    assert r.returncode == 0
    assert len(json.loads(r.stdout)["tasks"]) == 53
    assert b"1 of 1 file(s) parsed, 53 record(s), 0 failed" in r.stderr


def test_csv_on_stdout_for_a_pipe_has_no_bom_and_one_row_per_record():
    r = run(NOTICE, "-f", "csv", "-o", "-")
    assert r.returncode == 0 and not r.stdout.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(io.StringIO(r.stdout.decode("utf-8"))))
    assert len(rows) == 53
    assert rows[1]["lead"] == "市政府办公室、市司法局" and rows[1]["cooperate"] == "市直其他单位"
    assert rows[1]["units"] == "市政府办公室、市司法局、市直其他单位"
    assert rows[11]["deadline"] == "2022-08-31"


def test_csv_file_has_a_bom_unless_told_not_to(tmp_path):
    assert run(NOTICE, "-o", tmp_path / "a.csv").returncode == 0
    assert (tmp_path / "a.csv").read_bytes().startswith(b"\xef\xbb\xbfsource,seq,")
    assert run(NOTICE, "-o", tmp_path / "b.csv", "--no-bom").returncode == 0
    assert (tmp_path / "b.csv").read_bytes().startswith(b"source,seq,")


def test_folder_in_folder_out_one_file_per_input(tmp_path):
    src = tmp_path / "in"
    shutil.copytree(SAMPLES / "text", src / "a")
    shutil.copy(NOTICE, src / "top.txt")
    (src / "photo.gif").write_bytes(b"GIF89a")  # a type not read: skipped with a note
    r = run(src, "-o", tmp_path / "out")
    assert r.returncode == 0, r.stderr
    written = sorted(p.relative_to(tmp_path / "out").as_posix() for p in (tmp_path / "out").rglob("*") if p.is_file())
    assert written == sorted([f"a/{p.name}.json" for p in (SAMPLES / "text").glob("*.txt")] + ["top.txt.json"])
    assert b"skipped 1 file(s)" in r.stderr and b".gif" in r.stderr


@pytest.mark.parametrize("name", ["all.csv", "all.jsonl", "all.json"])
def test_several_inputs_into_one_combined_file(tmp_path, name):
    out = tmp_path / name
    r = run(NOTICE, OTHER, "-o", out)
    assert r.returncode == 0, r.stderr
    text = out.read_text(encoding="utf-8-sig")
    if name.endswith(".csv"):
        sources = [row["source"] for row in csv.DictReader(io.StringIO(text))]
    elif name.endswith(".jsonl"):
        sources = [json.loads(line)["source"] for line in text.splitlines()]
    else:
        sources = [d["source"] for d in json.loads(text) for _ in d["tasks"]]
    assert sources == [NOTICE.name] * 53 + [OTHER.name] * 32


def test_bad_files_in_a_batch_fail_alone(tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    shutil.copy(NOTICE, src / "good.txt")
    (src / "empty.txt").write_bytes(b"")
    (src / "binary.txt").write_bytes(bytes(range(256)) * 40)
    (src / "pdf named txt.txt").write_bytes(b"%PDF-1.4\n%...")
    (src / "无任务.txt").write_text("这是一份没有任务的文件。\n", encoding="utf-8")
    before = {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in src.iterdir()}
    out = tmp_path / "out"
    r = run(src, "-o", out, tmp_path / "missing.txt")
    assert r.returncode == 1
    no_traceback(r)
    assert sorted(p.name for p in out.iterdir()) == ["errors.jsonl", "good.txt.json"]
    errors = [line for line in r.stderr.decode().splitlines() if line.startswith("error:")]
    assert len(errors) == 5
    for name, reason in [("empty.txt", "empty file"), ("binary.txt", "binary data"),
                         ("pdf named txt.txt", "PDF"), ("无任务.txt", "no tasks found"), ("missing.txt", "no such file")]:
        assert any(name in e and reason in e for e in errors), (name, errors)
    assert "1 of 6 file(s) parsed, 53 record(s), 5 failed" in r.stderr.decode()
    assert [json.loads(line)["file"].rsplit("/", 1)[-1] for line in (out / "errors.jsonl").read_text().splitlines()] == [
        "binary.txt", "empty.txt", "pdf named txt.txt", "无任务.txt", "missing.txt"]
    assert {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in src.iterdir()} == before


def test_failed_single_file_writes_nothing(tmp_path):
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"")
    out = tmp_path / "tasks.json"
    r = run(bad, "-o", out)
    assert r.returncode == 1 and not out.exists()
    assert r.stderr.decode().strip().splitlines()[0] == f"error: {bad}: empty file"
    assert list(tmp_path.iterdir()) == [bad]  # no temp file left behind


@pytest.mark.parametrize("args,message", [
    ([], b"no input given"),
    ([NOTICE, "-o", "tasks.xyz"], b"cannot tell the output format"),
    ([NOTICE, "-f", "pdf"], b"Invalid value"),
])
def test_usage_errors_exit_2(args, message):
    r = run(*args)
    assert r.returncode == 2 and message in r.stderr
    no_traceback(r)


def test_output_that_is_an_input_is_refused(tmp_path):
    notice = tmp_path / "n.txt"
    shutil.copy(NOTICE, notice)
    r = run(notice, "-o", notice, "-f", "json")
    assert r.returncode == 2 and notice.read_bytes() == NOTICE.read_bytes()


def test_schema_describes_the_output():
    r = run("--schema")
    schema = json.loads(r.stdout)
    assert r.returncode == 0 and {"tasks", "metadata", "columns"} <= set(schema["properties"])


def test_console_script_is_installed():
    exe = Path(sys.executable).with_name("gongkai-parse")
    if not exe.exists():
        pytest.skip("console script not installed next to this interpreter")
    r = subprocess.run([exe, "--version"], capture_output=True, timeout=60)
    assert r.returncode == 0 and b"gongkai-parse" in r.stdout


def test_units_report_counts_roles_across_the_batch(tmp_path):
    report = tmp_path / "units.csv"
    r = run(NOTICE, OTHER, "-o", tmp_path / "out", "--units-report", report)
    assert r.returncode == 0, r.stderr
    rows = {row["unit"]: row for row in csv.DictReader(io.StringIO(report.read_text(encoding="utf-8-sig")))}
    # counts as in the reference answers of the two notices
    assert (rows["市政府办公室"]["total"], rows["市政府办公室"]["notices"]) == ("12", "1")
    assert rows["各县（区）人民政府（管委会）"]["responsible"] == "50"
    assert (rows["办公室"]["lead"], rows["办公室"]["notices"]) == ("20", "1")
    assert rows["市生态环境局"]["written_as"] == "生态环境局"  # canonical name, as written beside it
    assert report.read_bytes().startswith(b"\xef\xbb\xbf")


def test_deadline_from_measure_only_where_there_is_no_deadline_column():
    notice = SAMPLES / "text" / "003_e4c832623093eabd.txt"  # prose, no deadlines of its own
    plain = json.loads(run(notice).stdout)["tasks"][9]
    assert (plain["deadline"], plain["deadline_source"], plain["measure_deadlines"]) == (None, None, ["2022-12-31"])
    taken = json.loads(run(notice, "--deadline-from-measure").stdout)["tasks"][9]
    assert (taken["deadline"], taken["deadline_kind"], taken["deadline_source"]) == ("2022-12-31", "by_date", "measure")
    with_column = json.loads(run(NOTICE, "--deadline-from-measure").stdout)["tasks"][1]
    assert (with_column["deadline"], with_column["deadline_source"], with_column["measure_deadlines"]) == (
        "2022-12-31", "column", ["2022-11-30"])


FLAGGED = ("某县2024年政务公开重点工作任务分工方案\n工作任务\t具体措施\t责任单位\t完成时限\n"
           "（一）推进决策公开\t1.公开重大决策草案。\t县司法局\t2024年底前\n"
           "\t2.公开决策结果。\t县财政局做好资金保障\t待定\n")


def test_records_to_review_are_marked_in_csv_and_xlsx_and_counted(tmp_path):
    notice = tmp_path / "notice.txt"
    notice.write_text(FLAGGED, encoding="utf-8")
    r = run(notice, "-o", tmp_path / "tasks.csv")
    assert r.returncode == 0
    assert "to check: 1 record(s) marked for review, in 1 notice(s)" in r.stderr.decode()
    rows = list(csv.DictReader(io.StringIO((tmp_path / "tasks.csv").read_text(encoding="utf-8-sig"))))
    assert [row["review"] for row in rows] == [
        "", "units text not read: 做好资金保障；deadline not understood: 待定"]

    assert run(notice, "-o", tmp_path / "tasks.xlsx").returncode == 0
    openpyxl = pytest.importorskip("openpyxl")
    sheet = openpyxl.load_workbook(tmp_path / "tasks.xlsx")["任务"]
    header = [c.value for c in sheet[1]]
    review = header.index("需核对")
    assert [row[review].value for row in sheet.iter_rows(min_row=2)] == [
        None, "责任单位中有未读成单位的文字：做好资金保障；完成时限未能识别：待定"]  # the ledger is Chinese
    assert sheet[2][0].fill.fgColor.rgb != sheet[3][0].fill.fgColor.rgb  # the row to check stands out


def test_review_only_writes_just_the_records_to_check(tmp_path):
    notice = tmp_path / "notice.txt"
    notice.write_text(FLAGGED, encoding="utf-8")
    r = run(notice, "--review-only", "-o", tmp_path / "check.json")
    assert r.returncode == 0
    data = json.loads((tmp_path / "check.json").read_text(encoding="utf-8"))
    assert [t["measure"] for t in data["tasks"]] == ["公开决策结果。"]


def test_a_plan_table_whose_rows_give_nothing_is_written_with_its_warning_and_exit_0(tmp_path):
    notice = tmp_path / "空表.txt"
    notice.write_text("工作任务\t具体措施\t责任单位\n\t\t县财政局\n\t\t县审计局\n", encoding="utf-8")
    out = tmp_path / "out.json"
    result = run(notice, "-o", out)
    assert result.returncode == 0, result.stderr.decode()
    stderr = result.stderr.decode()
    assert f"warning: {notice}: no records: the plan table (工作任务、具体措施、责任单位) gave no measures" in stderr
    doc = json.loads(out.read_text(encoding="utf-8"))
    assert doc["tasks"] == [] and doc["warnings"][0].startswith("no records")
