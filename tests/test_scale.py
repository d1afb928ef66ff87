"""A folder parsed on a two-process Dask LocalCluster (gongkai_parse.scale) gives the CLI's
JSONL records and failures; the cluster and its processes are gone afterwards."""
from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

pytest.importorskip("distributed")
import psutil  # noqa: E402  (a dependency of distributed)
from distributed import Client, LocalCluster  # noqa: E402

from gongkai_parse.errors import InputError  # noqa: E402
from gongkai_parse.scale import list_notices, main, parse_file, parse_folder  # noqa: E402

from .conftest import SAMPLES  # noqa: E402

# Not a plan at all (the structure finds nothing), and a PDF that is not one (the reader refuses it).
PROSE = "关于做好冬季供暖工作的通知\n各单位要高度重视，认真做好相关工作。\n"
NOT_A_PDF = b"this is not a PDF file\n"


def notices_folder(tmp_path: Path, *, bad: bool = True) -> Path:
    folder = tmp_path / "notices"
    folder.mkdir()
    for path in sorted((SAMPLES / "text").glob("*.txt")):
        shutil.copy(path, folder / path.name)
    if bad:
        (folder / "002b_prose.txt").write_text(PROSE, encoding="utf-8")  # sorts between the samples
        (folder / "bad.pdf").write_bytes(NOT_A_PDF)
    # neither is read, by the CLI or here: a hidden folder, a type with no reader
    (folder / ".cache").mkdir()
    shutil.copy(SAMPLES / "text" / "000_2588b1b590b83311.txt", folder / ".cache" / "copy.txt")
    (folder / "notes.csv").write_text("a,b\n", encoding="utf-8")
    return folder


def cli_jsonl(folder: Path, out: Path) -> tuple[int, list[dict], dict[str, str]]:
    """The CLI's exit code, its JSONL records, and its errors as {file name: reason}."""
    r = subprocess.run([sys.executable, "-m", "gongkai_parse", str(folder), "-o", str(out), "-q"],
                       capture_output=True, timeout=300)
    records = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    errors = {}
    for line in r.stderr.decode("utf-8").splitlines():
        assert line.startswith("error: "), line
        file, reason = line[len("error: "):].split(": ", 1)
        errors[Path(file).name] = reason
    return r.returncode, records, errors


def read_parts(parts: list[Path]) -> list[dict]:
    return [json.loads(line) for part in parts for line in part.read_text(encoding="utf-8").splitlines()]


def by_source_and_seq(records: list[dict]) -> list[dict]:
    return sorted(records, key=lambda r: (r["source"], r["seq"]))


def processes_below_us() -> list[psutil.Process]:
    """Our child processes, less multiprocessing's resource tracker: Python starts one per
    interpreter for spawned processes, shared by all, and it ends when this process does."""
    def tracker(p):
        try:
            return "multiprocessing.resource_tracker" in " ".join(p.cmdline())
        except psutil.NoSuchProcess:
            return True  # already gone
    return [p for p in psutil.Process().children(recursive=True) if not tracker(p)]


def test_folder_on_two_local_workers_gives_the_cli_records_and_failures(tmp_path):
    folder = notices_folder(tmp_path)
    before = {p.pid for p in processes_below_us()}

    result = parse_folder(folder, tmp_path / "out", n_workers=2, files_per_partition=2)

    # the LocalCluster was closed on return: no worker or nanny process is left
    left = [p for p in processes_below_us() if p.pid not in before]
    _, alive = psutil.wait_procs(left, timeout=30)  # a process already ending is given time to go
    assert alive == []

    # 7 notices (5 samples, 2 bad), 2 per partition: 4 part files, named in order
    assert result.files == 7 and result.parsed == 5
    assert [p.name for p in result.parts] == [f"part-0000{i}.jsonl" for i in range(4)]
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["errors.jsonl"] + [p.name for p in result.parts]

    code, cli_records, cli_errors = cli_jsonl(folder, tmp_path / "cli.jsonl")
    records = read_parts(result.parts)
    assert code == 1 and len(cli_records) > 100
    assert result.records == len(records) == len(cli_records)
    assert by_source_and_seq(records) == by_source_and_seq(cli_records)
    # the parts concatenated in name order are already in file order, then record order
    sample_names = sorted(p.name for p in (SAMPLES / "text").glob("*.txt"))
    assert [r["source"] for r in records] == sorted(r["source"] for r in records)
    assert sorted({r["source"] for r in records}) == sample_names
    for name in sample_names:
        seqs = [r["seq"] for r in records if r["source"] == name]
        assert seqs == list(range(1, len(seqs) + 1))

    # the bad files are reported, with the CLI's reasons, in the errors file and the result
    errors = [json.loads(line) for line in (tmp_path / "out" / "errors.jsonl").read_text(encoding="utf-8").splitlines()]
    assert [(Path(e["file"]).name, e["reason"]) for e in errors] == [(Path(f).name, r) for f, r in result.failures]
    assert {Path(e["file"]).name: e["reason"] for e in errors} == cli_errors
    reasons = {Path(e["file"]).name: e["reason"] for e in errors}
    assert reasons["002b_prose.txt"].startswith("no tasks found")
    assert "not a PDF" in reasons["bad.pdf"]


def test_command_on_a_running_scheduler_replaces_an_earlier_output(tmp_path, capsys):
    folder = notices_folder(tmp_path, bad=False)
    out = tmp_path / "out"
    out.mkdir()
    # left by an earlier run with more partitions and failures: they would be read as this output
    (out / "part-00009.jsonl").write_text('{"source": "old.txt"}\n', encoding="utf-8")
    (out / "errors.jsonl").write_text('{"file": "old.txt", "reason": "old"}\n', encoding="utf-8")
    (out / "notes.md").write_text("mine\n", encoding="utf-8")  # not ours: kept

    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1",
                      dashboard_address=None) as cluster, Client(cluster) as client:
        code = main([str(folder), str(out), "--scheduler", cluster.scheduler_address, "--files-per-partition", "3"])
        assert len(client.scheduler_info()["workers"]) == 2  # the run used that cluster, which is still up

    assert code == 0
    assert sorted(p.name for p in out.iterdir()) == ["notes.md", "part-00000.jsonl", "part-00001.jsonl"]
    _, cli_records, cli_errors = cli_jsonl(folder, tmp_path / "cli.jsonl")
    assert cli_errors == {}
    assert read_parts(sorted(out.glob("part-*.jsonl"))) == cli_records
    assert capsys.readouterr().err.strip() == (f"5 of 5 file(s) parsed, {len(cli_records)} record(s) in 2 part file(s) "
                                               f"under {out}, 0 failed")


def test_a_file_that_cannot_be_read_is_a_failure_record_not_an_exception(tmp_path):
    import fsspec

    fs = fsspec.filesystem("file")
    missing = parse_file(str(tmp_path / "gone.txt"), fs)
    assert (missing.reason, missing.lines, missing.records) == ("no such file", b"", 0)
    (tmp_path / "folder.txt").mkdir()
    assert parse_file(str(tmp_path / "folder.txt"), fs).reason == "is a folder, not a file"
    (tmp_path / "empty.txt").write_bytes(b"")
    assert parse_file(str(tmp_path / "empty.txt"), fs).reason  # the reader's own reason


def test_a_missing_or_empty_folder_is_refused_before_any_cluster_starts(tmp_path, capsys):
    with pytest.raises(InputError, match="no such folder"):
        list_notices(str(tmp_path / "nowhere"))
    (tmp_path / "empty").mkdir()
    with pytest.raises(InputError, match="no notices found"):
        parse_folder(tmp_path / "empty", tmp_path / "out")
    assert main([str(tmp_path / "nowhere"), str(tmp_path / "out")]) == 1
    assert capsys.readouterr().err == f"error: {tmp_path / 'nowhere'}: no such folder\n"
