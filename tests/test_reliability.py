"""Bad input, through the command line: each file gets its one-line error (or its correct
output), the right exit code, no traceback and no partial file; the batch goes on."""
from __future__ import annotations

import csv
import io
import json
import os
import shutil
import signal
import stat
import subprocess
import sys
import time
import zipfile
import zlib
from pathlib import Path

import pytest

from .conftest import SAMPLES
from .pdf_builder import pdf_of_objects, pdf_stream
from .test_cli import OTHER, hanging_cli, no_traceback, run

NOTICE = SAMPLES / "text" / "002_04b061482e0d1150.txt"


def _zip_bomb() -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("word/document.xml", b"<w:document>" + b" " * (300 * 1024 * 1024))  # 300 MB of spaces
    return buf.getvalue()


def _password_pdf() -> bytes:
    from reportlab.lib.pdfencrypt import StandardEncryption

    from .pdf_builder import PdfBuilder

    b = PdfBuilder(canvas_kwargs={"encrypt": StandardEncryption("secret", ownerPassword="owner")})
    b.paragraph("内容")
    return b.bytes()


# name -> (content, the reason expected in its error line)
BAD = {
    "empty.txt": (b"", "empty file"),
    "empty.md": (b"", "empty file"),
    "empty.html": (b"", "empty file"),
    "empty.pdf": (b"", "empty file"),
    "empty.docx": (b"", "empty file"),
    "binary.txt": (os.urandom(64 * 1024), "binary data"),
    "binary.pdf": (os.urandom(64 * 1024), "the content is not a PDF file"),
    "binary.docx": (os.urandom(64 * 1024), "the content is not a Word file"),
    "truncated.pdf": ((SAMPLES / "pdf" / "002_04b061482e0d1150.pdf").read_bytes()[:5000], "PDF"),
    "deep.html": (b"<html><body>" + b"<div>" * 100000 + "某某".encode() + b"</div>" * 100000 + b"</body></html>",
                  "nested too deeply"),
    "no tasks.txt": ("关于做好春节假期安排的通知\n各单位：请做好值班安排。\n".encode(), "no tasks found"),
}


@pytest.fixture(scope="module")
def bad_folder(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("bad")
    for name, (data, _) in BAD.items():
        (folder / name).write_bytes(data)
    (folder / "bomb.docx").write_bytes(_zip_bomb())
    (folder / "password.pdf").write_bytes(_password_pdf())
    big = "这是一段没有任何编号的普通文字，用来测试很大的文本文件。\n".encode() * (50 * 1024 * 1024 // 90)
    (folder / "big 50MB.txt").write_bytes(big)
    shutil.copy(NOTICE, folder / "通知 2022 年 分工方案.txt")  # spaces and Chinese in the name: fine
    return folder


def test_every_bad_file_fails_alone_with_its_reason(bad_folder, tmp_path):
    out = tmp_path / "out"
    before = {p.name: p.stat().st_size for p in bad_folder.iterdir()}
    r = run(bad_folder, "-o", out, "--jobs", "2", "--timeout", "120")
    no_traceback(r)
    assert r.returncode == 1
    lines = r.stderr.decode().splitlines()
    errors = {line.split(": ", 2)[1].rsplit("/", 1)[-1]: line.split(": ", 2)[2] for line in lines if line.startswith("error: ")}
    expected = {name: reason for name, (_, reason) in BAD.items()}
    expected.update({"bomb.docx": "zip bomb", "password.pdf": "password-protected PDF", "big 50MB.txt": "no tasks found"})
    assert set(errors) == set(expected)
    for name, reason in expected.items():
        assert reason in errors[name], (name, errors[name])
    assert sorted(p.name for p in out.iterdir()) == ["errors.jsonl", "通知 2022 年 分工方案.txt.json"]
    assert len(json.loads((out / "通知 2022 年 分工方案.txt.json").read_text(encoding="utf-8"))["tasks"]) == 53
    assert {p.name: p.stat().st_size for p in bad_folder.iterdir()} == before  # inputs untouched


def _immutable(folder: Path) -> bool:
    """A folder nobody can write to, root included (chattr +i), or one a non-root user cannot."""
    if os.geteuid() != 0:
        folder.chmod(0o555)
        return True
    done = shutil.which("chattr") and subprocess.run(["chattr", "+i", str(folder)], capture_output=True).returncode == 0
    return bool(done)


def test_read_only_output_folder(tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    if not _immutable(out):
        pytest.skip("cannot make a folder read-only here (root without chattr support)")
    try:
        r = run(NOTICE, SAMPLES / "text" / "001_520aea2342db30b4.txt", "-o", out)
        no_traceback(r)
        assert r.returncode == 1
        errors = [line for line in r.stderr.decode().splitlines() if line.startswith("error: ")]
        assert len(errors) >= 2 and all("cannot write output" in e or "cannot write" in e for e in errors)
        assert list(out.iterdir()) == []
    finally:
        if os.geteuid() == 0:
            subprocess.run(["chattr", "-i", str(out)], capture_output=True)
        out.chmod(0o755)


def test_output_file_in_a_missing_folder_is_created(tmp_path):
    out = tmp_path / "new" / "deeper" / "tasks.csv"
    assert run(NOTICE, "-o", out).returncode == 0 and out.exists()


# --- data loss and crashes -------------------------------------------------------------

def _memory_capped():
    """preexec_fn: the CLI under test may use at most 4 GB of address space, so an input that
    would explode without the caps fails quickly instead of taking the test machine's memory."""
    import resource

    _, hard = resource.getrlimit(resource.RLIMIT_AS)
    limit = 4 * 1024 ** 3 if hard == resource.RLIM_INFINITY else min(4 * 1024 ** 3, hard)
    resource.setrlimit(resource.RLIMIT_AS, (limit, hard))


def _gbk_named_folder(tmp_path) -> Path:
    """A folder with a notice, a notice named 任务.txt in GBK bytes, and an empty file named in GBK."""
    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copy(NOTICE, folder / "ok.txt")
    try:
        with open(os.fsencode(folder) + b"/\xc8\xce\xce\xf1.txt", "wb") as f:
            f.write(NOTICE.read_bytes())
        open(os.fsencode(folder) + b"/\xbf\xd5.txt", "wb").close()  # 空.txt, empty: it fails
    except (OSError, UnicodeError):
        pytest.skip("this file system refuses names that are not UTF-8")
    return folder


@pytest.mark.parametrize("output", ["all.json", "all.jsonl", "all.csv", "all.xlsx", "out"])
def test_a_file_name_that_is_not_utf8_is_written_with_replacement_characters(tmp_path, output):
    folder = _gbk_named_folder(tmp_path)
    out = tmp_path / output
    r = run(folder, "-o", out)
    no_traceback(r)
    assert r.returncode == 1  # the empty file
    assert "not valid UTF-8" in r.stderr.decode(errors="replace")
    if output == "all.json":
        assert sorted(d["source"] for d in json.loads(out.read_text(encoding="utf-8"))) == ["ok.txt", "\ufffd" * 4 + ".txt"]
    elif output == "out":
        assert len(json.loads((out / os.fsdecode(b"\xc8\xce\xce\xf1.txt.json")).read_text(encoding="utf-8"))["tasks"]) == 53
        errors = [json.loads(line) for line in (out / "errors.jsonl").read_text(encoding="utf-8").splitlines()]
        assert [e["file"].rsplit("/", 1)[-1] for e in errors] == ["\ufffd\ufffd.txt"]
    elif output == "all.xlsx":
        openpyxl = pytest.importorskip("openpyxl")
        assert {row[-1].value for row in openpyxl.load_workbook(out)["任务"].iter_rows(min_row=2)} == {
            "ok.txt", "\ufffd" * 4 + ".txt"}  # 来源, the last column
    else:
        assert out.read_text(encoding="utf-8-sig").count("\ufffd" * 4 + ".txt") == 53


def test_control_characters_in_cells_are_left_out_of_xlsx(tmp_path):
    openpyxl = pytest.importorskip("openpyxl")
    notice = tmp_path / "notice.txt"
    notice.write_bytes("某县2024年政务公开重点工作任务分工方案\n工作任务\t具体措施\t责任单位\t完成时限\n"
                       "（一）推进决策公开\t1.公开重大\x07决策\x01草案。\t县司法局\x0b\t2024年底前\n".encode())
    r = run(notice, "-o", tmp_path / "tasks.xlsx")
    no_traceback(r)
    assert r.returncode == 0
    row = [c.value for c in openpyxl.load_workbook(tmp_path / "tasks.xlsx")["任务"][2]]
    assert "公开重大决策草案。" in row and "县司法局" in row

    from gongkai_parse import parse
    from gongkai_parse.writers import render

    doc = parse(notice)  # NUL cannot come through a text file: put it in the record directly
    doc.tasks[0].measure = "公开\x00决策\x1f草案"
    book = openpyxl.load_workbook(io.BytesIO(render([doc], "xlsx")))
    assert "公开决策草案" in [c.value for c in book["任务"][2]]


def test_tab_table_rows_starting_with_a_form_feed_are_all_read():
    from gongkai_parse import parse_bytes

    text = ("某县2024年政务公开重点工作任务分工方案\n工作任务\t具体措施\t责任单位\t完成时限\n"
            "\f（一）推进决策公开\t1.公开重大决策草案。\t县司法局\t2024年底前\n"
            "\f（二）推进政策解读\t2.解读重要政策。\t县财政局\t2024年6月底前\n"
            "\f（三）回应社会关切\t3.及时回应关切。\t县政府办\t长期坚持\n")
    doc = parse_bytes(text.encode(), "notice.txt")
    assert [t.measure for t in doc.tasks] == ["公开重大决策草案。", "解读重要政策。", "及时回应关切。"]


def _read_fifo_while(proc, fifo: Path) -> bytes:
    """What the process writes into a FIFO, read as it comes (opened first, without blocking)."""
    import select

    fd = os.open(fifo, os.O_RDONLY | os.O_NONBLOCK)
    data = b""
    try:
        while True:
            ready, _, _ = select.select([fd], [], [], 0.1)
            chunk = os.read(fd, 65536) if ready else b""
            data += chunk
            if not chunk and proc.poll() is not None:
                return data + os.read(fd, 1 << 20)
    finally:
        os.close(fd)


def test_output_into_a_fifo_is_written_into_it_and_it_stays_a_fifo(tmp_path):
    fifo = tmp_path / "out.fifo"
    os.mkfifo(fifo)
    proc = subprocess.Popen([sys.executable, "-m", "gongkai_parse", str(NOTICE), "-o", str(fifo), "-f", "csv"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    data = _read_fifo_while(proc, fifo)
    proc.communicate(timeout=60)
    assert proc.returncode == 0
    assert stat.S_ISFIFO(os.stat(fifo).st_mode)
    assert data.startswith(b"source,seq,") and data.count(b"\r\n") == 54  # a pipe: no BOM

    if Path("/proc/self/fd/1").exists():  # a link to our stdout (as /dev/stdout is) is written through
        stdout = tmp_path / "stdout.csv"
        stdout.symlink_to("/proc/self/fd/1")
        r = run(NOTICE, "-o", stdout)
        assert r.returncode == 0 and r.stdout.startswith(b"source,seq,") and stdout.is_symlink()


def test_output_onto_a_device_keeps_the_device_and_a_full_one_is_an_error(tmp_path):
    # devices of our own (/dev/null and /dev/full's numbers), so a failure cannot replace the real ones
    null, full = tmp_path / "null", tmp_path / "full"
    try:
        os.mknod(null, 0o666 | stat.S_IFCHR, os.makedev(1, 3))
        os.mknod(full, 0o666 | stat.S_IFCHR, os.makedev(1, 7))
    except (OSError, AttributeError):
        pytest.skip("cannot create device files here (not root)")
    r = run(NOTICE, "-o", null)
    assert r.returncode == 0 and stat.S_ISCHR(os.stat(null).st_mode)
    r = run(NOTICE, "-o", full, "-f", "json")
    no_traceback(r)
    assert r.returncode == 1 and b"No space left on device" in r.stderr
    assert stat.S_ISCHR(os.stat(full).st_mode)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["full", "null"]  # no temp file left


def test_a_long_chinese_file_name_is_written_in_folder_mode(tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    name = "任" * 78 + ".txt"  # 238 bytes: its output name (243 bytes) is within the 255-byte limit
    assert len(name.encode()) == 238
    shutil.copy(NOTICE, src / name)
    r = run(src, "-o", tmp_path / "out")
    assert r.returncode == 0, r.stderr.decode()
    assert [p.name for p in (tmp_path / "out").iterdir()] == [name + ".json"]


def test_outputs_respect_the_umask_and_an_overwritten_file_keeps_its_mode(tmp_path):
    out = tmp_path / "tasks.json"
    umask_022 = lambda: os.umask(0o022)  # noqa: E731
    assert run(NOTICE, "-o", out, preexec_fn=umask_022).returncode == 0
    assert stat.S_IMODE(out.stat().st_mode) == 0o644
    assert run(NOTICE, OTHER, "-o", tmp_path / "out", preexec_fn=umask_022).returncode == 0
    assert {stat.S_IMODE(p.stat().st_mode) for p in (tmp_path / "out").iterdir()} == {0o644}
    out.chmod(0o640)
    assert run(NOTICE, "-o", out, preexec_fn=umask_022).returncode == 0
    assert stat.S_IMODE(out.stat().st_mode) == 0o640


def _docx_with(edit) -> bytes:
    """A sample .docx with its document.xml changed by edit(bytes) -> bytes."""
    source = zipfile.ZipFile(SAMPLES / "docx" / "002_04b061482e0d1150.docx")
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for info in source.infolist():
            data = source.read(info)
            z.writestr(info, edit(data) if info.filename == "word/document.xml" else data)
    return buf.getvalue()


def test_odd_values_in_inputs_are_read_not_internal_errors(tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    (src / "gridspan two.docx").write_bytes(
        _docx_with(lambda d: d.replace(b"<w:tcPr>", b'<w:tcPr><w:gridSpan w:val="two"/>', 1)))
    page = (SAMPLES / "html" / "002_04b061482e0d1150.html").read_bytes()
    (src / "charset undefined.html").write_bytes(b'<html><head><meta charset="undefined"></head>' + page)
    utf16 = b"\xff\xfe" + NOTICE.read_text(encoding="utf-8").encode("utf-16-le") + b"\x00\xd8" + "。\n".encode("utf-16-le")
    (src / "lone surrogate.txt").write_bytes(utf16)
    r = run(src, "-o", tmp_path / "out")
    no_traceback(r)
    assert b"internal error" not in r.stderr
    assert r.returncode == 0, r.stderr.decode()
    assert len(list((tmp_path / "out").iterdir())) == 3


def test_reader_errors_on_damaged_content_are_input_errors(monkeypatch):
    from gongkai_parse import InputError, parse_bytes
    from gongkai_parse.readers import html

    def broken(data, name=""):
        raise ValueError("invalid literal for int() with base 10: 'two'")

    monkeypatch.setattr(html, "read", broken)
    with pytest.raises(InputError, match="damaged or unreadable"):
        parse_bytes(b"<html><body>x</body></html>", "page.html")


# --- resource limits -------------------------------------------------------------------

def _span_page(rows: int) -> bytes:
    body = "".join(f'<tr><td rowspan="1000" colspan="1000">第{r}项</td></tr>' for r in range(rows))
    return (f"<html><body><p>某县2024年政务公开重点工作任务分工方案</p><table><tr><td>工作任务</td><td>具体措施</td>"
            f"<td>责任单位</td></tr>{body}</table></body></html>").encode()


def test_huge_spans_are_capped_and_an_absurd_table_is_refused(tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    (src / "spans.html").write_bytes(_span_page(60))  # 3 kB; spans spread out in full: 60 GB
    (src / "absurd.html").write_bytes(_span_page(300))
    (src / "gridspan.docx").write_bytes(
        _docx_with(lambda d: d.replace(b"<w:tcPr>", b'<w:tcPr><w:gridSpan w:val="20000000"/>', 3)))
    (src / "gridbefore.docx").write_bytes(
        _docx_with(lambda d: d.replace(b"<w:tr>", b'<w:tr><w:trPr><w:gridBefore w:val="20000000"/></w:trPr>', 3)))
    assert len((src / "spans.html").read_bytes()) < 4096
    r = run(src, "-o", tmp_path / "out", "--jobs", "1", preexec_fn=_memory_capped)
    no_traceback(r)
    errors = [line for line in r.stderr.decode().splitlines() if line.startswith("error: ")]
    assert len(errors) == 1 and "absurd.html: a table too large to read" in errors[0], errors
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == [
        "errors.jsonl", "gridbefore.docx.json", "gridspan.docx.json", "spans.html.json"]
    assert len(json.loads((tmp_path / "out" / "gridspan.docx.json").read_text(encoding="utf-8"))["tasks"]) == 53


def test_only_regular_files_are_read(tmp_path):
    zero = tmp_path / "zero.txt"
    zero.symlink_to("/dev/zero")
    fifo = tmp_path / "fifo.txt"
    os.mkfifo(fifo)  # nobody writes into it: reading it would wait forever
    r = run(zero, fifo, "-o", tmp_path / "out", preexec_fn=_memory_capped, timeout=60)
    no_traceback(r)
    assert r.returncode == 1
    errors = [line for line in r.stderr.decode().splitlines() if line.startswith("error: ")]
    assert len(errors) == 2 and all("not a regular file" in e for e in errors), errors


def test_a_file_over_the_memory_limit_fails_alone(tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    shutil.copy(NOTICE, src / "a.txt")
    # 100 MB of two-letter lines: 33 million strings, over 1 GB once split, under the size limit
    (src / "b explodes.txt").write_bytes(b"ab\n" * (33 * 1024 * 1024))
    r = run(src, "-o", tmp_path / "out", "--max-memory", "1G", "--jobs", "1", preexec_fn=_memory_capped)
    no_traceback(r)
    assert r.returncode == 1
    assert "b explodes.txt: out of memory (limit 1 GB" in r.stderr.decode()
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["a.txt.json", "errors.jsonl"]


def test_a_long_run_of_unusual_spaces_is_read_in_linear_time():
    # Quadratic before: 20,000 U+2000 took seconds, so this million would take hours.
    code = ("from gongkai_parse.cjk_text import remove_cjk_spaces as r\n"
            "s = r('a' + '\\u2000' * 1000000 + 'b 年 \\u2000\\u2001 月')\n"
            "assert s == 'a' + '\\u2000' * 1000000 + 'b年月', s[-10:]\n")
    assert subprocess.run([sys.executable, "-c", code], timeout=120).returncode == 0


# --- processes and signals -------------------------------------------------------------

def _children(pid: int) -> list[int]:
    found = []
    for task in Path(f"/proc/{pid}/task").iterdir():
        found += [int(c) for c in (task / "children").read_text().split()]
    return found


def _running(pid: int) -> bool:
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
    except FileNotFoundError:
        return False


@pytest.mark.skipif(not Path("/proc/self/task").exists(), reason="needs /proc")
@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGINT])
def test_sigterm_and_ctrl_c_end_the_workers_and_leave_whole_outputs(tmp_path, signum):
    src = tmp_path / "in"
    src.mkdir()
    for name in ("a1.txt", "a2.txt"):
        shutil.copy(NOTICE, src / name)
    for name in ("hang1.txt", "hang2.txt"):
        (src / name).write_text("never read to the end", encoding="utf-8")  # their parse never ends
    out = tmp_path / "out"
    proc = subprocess.Popen(hanging_cli(src, "-o", out, "--jobs", "2", "--timeout", "0"),
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    while proc.poll() is None and len(list(out.glob("a*.json"))) < 2:
        time.sleep(0.05)
    workers = _children(proc.pid)
    proc.send_signal(signum)
    _, stderr = proc.communicate(timeout=60)
    assert proc.returncode == 128 + signum, stderr
    assert b"Traceback" not in stderr and b"the outputs already written are complete" in stderr
    assert workers and not [pid for pid in workers if _running(pid)]
    assert sorted(p.name for p in out.iterdir()) == ["a1.txt.json", "a2.txt.json"]  # no temp file
    for path in out.iterdir():
        assert len(json.loads(path.read_text(encoding="utf-8"))["tasks"]) == 53


# --- output a user can rely on -----------------------------------------------------------

def test_json_shape_follows_the_inputs_given_not_how_many_parsed(tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    shutil.copy(NOTICE, src / "good.txt")
    (src / "empty.txt").write_bytes(b"")
    assert isinstance(json.loads(run(NOTICE).stdout), dict)  # one file: an object
    assert isinstance(json.loads(run(src).stdout), list)  # a folder: a list, with one document here
    assert isinstance(json.loads(run(NOTICE, src / "empty.txt").stdout), list)  # several: a list
    lone = tmp_path / "lone"
    lone.mkdir()
    shutil.copy(NOTICE, lone / "only.txt")
    assert isinstance(json.loads(run(lone).stdout), list)


def test_an_empty_folder_or_one_without_notices_is_an_error(tmp_path):
    empty = tmp_path / "empty"
    empty.mkdir()
    r = run(empty, "-o", tmp_path / "out")
    assert r.returncode == 1 and b"no notices found" in r.stderr
    photos = tmp_path / "photos"
    photos.mkdir()
    (photos / "a.gif").write_bytes(b"GIF89a")  # images of a kind not read (scans are .png .jpg .tif)
    r = run(photos)
    assert r.returncode == 1 and b"no notices found" in r.stderr and r.stdout == b""


# --- batches that cannot be broken -------------------------------------------------------

def test_xlsx_output_is_the_same_bytes_on_every_run(tmp_path):
    a, b = tmp_path / "a.xlsx", tmp_path / "b.xlsx"
    assert run(NOTICE, "-o", a).returncode == 0
    time.sleep(2.1)  # zip entry times have a 2-second resolution; the core properties 1 second
    assert run(NOTICE, "-o", b).returncode == 0
    assert a.read_bytes() == b.read_bytes()
    openpyxl = pytest.importorskip("openpyxl")
    assert openpyxl.load_workbook(b)["任务"].max_row == 54  # still a workbook Excel opens


def test_schema_of_combined_json_and_of_a_jsonl_line(tmp_path):
    single = run("--schema")
    assert single.returncode == 0 and single.stdout == run("--schema", "document").stdout  # as before
    document = json.loads(single.stdout)
    assert run(NOTICE, OTHER, "-o", tmp_path / "all.jsonl").returncode == 0
    listing = json.loads(run("--schema", "list").stdout)
    assert listing["type"] == "array" and listing["items"] == {"$ref": "#/$defs/Document"}
    assert listing["$defs"]["Document"]["properties"] == document["properties"]
    line = json.loads(run("--schema", "jsonl").stdout)
    rows = [json.loads(x) for x in (tmp_path / "all.jsonl").read_text(encoding="utf-8").splitlines()]
    assert line["additionalProperties"] is False and {"source", "title"} <= set(line["required"])
    for row in rows:  # every key a line holds is described, and every required one is there
        assert set(line["required"]) <= set(row) <= set(line["properties"])
    assert set(line["properties"]) - set(rows[0]) == set()
    r = run("--schema", "xml")
    assert r.returncode == 2 and b"Invalid value" in r.stderr


def test_each_error_is_printed_once_and_the_summary_points_to_them(tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    shutil.copy(NOTICE, src / "good.txt")
    (src / "empty one.txt").write_bytes(b"")
    (src / "empty two.txt").write_bytes(b"")
    r = run(src, "-o", tmp_path / "out")
    assert r.returncode == 1
    stderr = r.stderr.decode()
    for name in ("empty one.txt", "empty two.txt"):
        assert stderr.count(name) == 1, stderr
        assert f"error: {src / name}: empty file" in stderr
    assert "2 failed" in stderr and "listed above" in stderr and "errors.jsonl" in stderr


INTERRUPTED_CLI = """
import sys, time
from pathlib import Path
from gongkai_parse import pipeline
from gongkai_parse.cli import main
real = pipeline.parse
def parse(path, **kwargs):
    if Path(path).name.startswith("hang"):
        while True:
            time.sleep(60)
    return real(path, **kwargs)
pipeline.parse = parse
main()
"""


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGINT])
def test_an_interrupted_batch_lists_the_files_that_failed_before_it(tmp_path, signum):
    src = tmp_path / "in"
    src.mkdir()
    (src / "a0 empty.txt").write_bytes(b"")  # fails before a1 is written: results come in input order
    shutil.copy(NOTICE, src / "a1.txt")
    (src / "hang.txt").write_text("never read to the end", encoding="utf-8")
    out = tmp_path / "out"
    proc = subprocess.Popen([sys.executable, "-c", INTERRUPTED_CLI, src, "-o", out, "--jobs", "2", "--timeout", "0"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 60
    while proc.poll() is None and not (out / "a1.txt.json").exists() and time.monotonic() < deadline:
        time.sleep(0.05)
    proc.send_signal(signum)
    _, stderr = proc.communicate(timeout=60)
    assert proc.returncode == 128 + signum, stderr
    assert sorted(p.name for p in out.iterdir()) == ["a1.txt.json", "errors.jsonl"]
    lines = [json.loads(line) for line in (out / "errors.jsonl").read_text(encoding="utf-8").splitlines()]
    assert lines == [{"file": str(src / "a0 empty.txt"), "reason": "empty file"}]


def test_a_dash_reads_standard_input_of_any_format():
    r = subprocess.run([sys.executable, "-m", "gongkai_parse", "-", "-f", "csv"], input=NOTICE.read_bytes(),
                       capture_output=True, timeout=120)
    assert r.returncode == 0, r.stderr
    rows = list(csv.DictReader(io.StringIO(r.stdout.decode("utf-8"))))
    assert len(rows) == 53 and {row["source"] for row in rows} == {"stdin"}
    pdf = SAMPLES / "pdf" / "002_04b061482e0d1150.pdf"  # sniffed from its first bytes
    r = subprocess.run([sys.executable, "-m", "gongkai_parse", "-"], input=pdf.read_bytes(), capture_output=True,
                       timeout=120)
    doc = json.loads(r.stdout)
    assert r.returncode == 0 and (doc["source"], doc["format"], len(doc["tasks"])) == ("stdin", "pdf", 53)
    r = subprocess.run([sys.executable, "-m", "gongkai_parse", "-", OTHER], input=NOTICE.read_bytes(),
                       capture_output=True, timeout=120)
    assert r.returncode == 0 and [d["source"] for d in json.loads(r.stdout)] == ["stdin", OTHER.name]
    r = subprocess.run([sys.executable, "-m", "gongkai_parse", "-"], input=b"", capture_output=True, timeout=120)
    assert r.returncode == 1 and r.stderr.decode().startswith("error: stdin: empty file")


def test_a_file_under_a_wrong_extension_is_read_as_what_its_content_clearly_is(tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    shutil.copy(SAMPLES / "pdf" / "002_04b061482e0d1150.pdf", src / "really a pdf.txt")
    shutil.copy(SAMPLES / "docx" / "002_04b061482e0d1150.docx", src / "really a docx.txt")
    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w") as z:
        z.writestr("readme.txt", "not a Word file")
    (src / "archive.txt").write_bytes(archive.getvalue())
    (src / "image.txt").write_bytes(b"\x89PNG\r\n\x1a\n" + b"\0" * 100)
    r = run(src, "-o", tmp_path / "out")
    assert r.returncode == 1
    no_traceback(r)
    stderr = r.stderr.decode()
    notes = [line for line in stderr.splitlines() if line.startswith("note: ")]
    assert len(notes) == 2 and all("read as such" in n for n in notes)
    assert any("really a pdf.txt" in n and "a PDF file" in n for n in notes)
    assert any("really a docx.txt" in n and "Word" in n for n in notes)
    for name, fmt in (("really a pdf.txt", "pdf"), ("really a docx.txt", "docx")):
        doc = json.loads((tmp_path / "out" / f"{name}.json").read_text(encoding="utf-8"))
        assert (doc["format"], len(doc["tasks"])) == (fmt, 53)
    errors = [line for line in stderr.splitlines() if line.startswith("error: ")]
    assert len(errors) == 2
    assert any("archive.txt: named .txt but the content is a ZIP archive" in e for e in errors)
    assert any("image.txt: named .txt but the content is a PNG image" in e for e in errors)


def test_a_long_table_written_out_in_full_is_not_taken_for_a_span_bomb():
    from gongkai_parse import InputError
    from gongkai_parse.layout import MAX_GRID_SLOTS, Cell, Row, Table

    rows = MAX_GRID_SLOTS // 5 + 1000  # past the slot cap, every cell written
    table = Table(rows=[Row(cells=[Cell(str(r)), Cell("任务"), Cell("措施"), Cell("县财政局"), Cell("年底前")])
                        for r in range(rows)])
    assert len(table.grid()) == rows
    # the same number of slots from a few cells with huge spans is refused
    spread = Table(rows=[Row(cells=[Cell("x", rowspan=1000, colspan=100)]) for _ in range(rows // 100)])
    with pytest.raises(InputError, match="a table too large to read"):
        spread.grid()


# --- hand-written PDFs: the bytes a hostile or damaged producer may write --------------

def _one_page_pdf(content: bytes, font: bytes, *more: bytes, content_extra: bytes = b"") -> bytes:
    """One A4 page drawing `content` (its content stream) with font /F1 (object 5)."""
    return pdf_of_objects([b"<< /Type /Catalog /Pages 2 0 R >>",
                      b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
                      b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
                      b"/Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>",
                      pdf_stream(content, content_extra), font, *more])


SURROGATE_NOTICE = ["某县2024年政务公开重点工作任务分工方案", "一、推进决策公开",
                    "1.公开重大决策草案\ud800。（责任单位：县司法局；完成时限：2024年底前）",
                    "2.解读重要政策。（责任单位：县财政局；完成时限：2024年6月底前）"]


def _pdf_with_to_unicode(lines: list[str]) -> bytes:
    """A PDF whose one-byte font codes are mapped to the lines' characters by a ToUnicode
    CMap, as a subset font is: a lone surrogate is written as the number 55296 (0xD800), the
    way a damaged CMap can give one."""
    codes = {ch: n for n, ch in enumerate(dict.fromkeys("".join(lines)), 1)}
    assert len(codes) < 256
    ops = b"".join(b"BT /F1 12 Tf 72 %d Td <%s> Tj ET\n" % (780 - 20 * k, "".join(f"{codes[c]:02X}" for c in line).encode())
                   for k, line in enumerate(lines))
    mapping = b"".join(b"<%02X> <%02X> [%s]\n" % (n, n, (b"%d" % ord(ch)) if 0xD800 <= ord(ch) <= 0xDFFF
                                                      else b"<%s>" % ch.encode("utf-16-be").hex().encode())
                       for ch, n in codes.items())
    cmap = (b"/CIDInit /ProcSet findresource begin 12 dict begin begincmap /CMapName /Test def\n"
            b"1 begincodespacerange <00> <FF> endcodespacerange\n%d beginbfrange\n%sendbfrange\n"
            b"endcmap CMapName currentdict /CMap defineresource pop end end\n" % (len(codes), mapping))
    font = (b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /ToUnicode 6 0 R /FirstChar 1 /LastChar 255 "
            b"/Widths [%s] >>" % b" ".join([b"1000"] * 255))
    return _one_page_pdf(ops, font, pdf_stream(cmap))


def test_a_lone_surrogate_in_a_pdf_font_map_is_replaced_not_an_internal_error(tmp_path):
    from gongkai_parse import parse_bytes

    pdf = tmp_path / "surrogate.pdf"
    pdf.write_bytes(_pdf_with_to_unicode(SURROGATE_NOTICE))
    # pdfminer (the pdfplumber engine) gives the mapped U+D800 as it is
    doc = parse_bytes(pdf.read_bytes(), "surrogate.pdf", pdf_engine="pdfplumber")
    assert [t.measure for t in doc.tasks] == ["公开重大决策草案\ufffd。", "解读重要政策。"]
    assert [u.name for u in doc.tasks[0].units] == ["县司法局"]
    assert any("not valid Unicode" in w and "1 character" in w for w in doc.warnings), doc.warnings
    r = run(pdf, "-o", tmp_path / "out.json", "--pdf-engine", "pdfplumber")
    no_traceback(r)
    assert r.returncode == 0, r.stderr.decode()
    assert json.loads((tmp_path / "out.json").read_text(encoding="utf-8"))["tasks"][0]["measure"] == "公开重大决策草案\ufffd。"
    # PDFium (the default) drops a glyph mapped to a surrogate: the rest is read the same
    doc = parse_bytes(pdf.read_bytes(), "surrogate.pdf")
    assert [t.measure for t in doc.tasks] == ["公开重大决策草案。", "解读重要政策。"]
    assert [u.name for u in doc.tasks[0].units] == ["县司法局"]


def test_lone_surrogates_in_text_and_html_are_replaced():
    from gongkai_parse import parse_bytes

    lines = [line.replace("\ud800", "") for line in SURROGATE_NOTICE]
    lines[2] = lines[2].replace("草案", "草案\udc00")  # a low surrogate alone, in UTF-16
    utf16 = b"\xff\xfe" + "\n".join(lines).encode("utf-16-le", "surrogatepass")
    doc = parse_bytes(utf16, "notice.txt")
    assert doc.tasks[0].measure == "公开重大决策草案\ufffd。"
    page = "".join(f"<p>{line}</p>" for line in lines).replace("\udc00", "&#xD800;")
    doc = parse_bytes(f"<html><body>{page}</body></html>".encode(), "notice.html")
    assert doc.tasks[0].measure == "公开重大决策草案\ufffd。"


def test_every_layout_text_is_valid_unicode_whatever_the_reader_gave():
    from gongkai_parse.layout import Cell, Layout, Paragraph, Row, Table

    layout = Layout([Paragraph("a\ud800b"), Table([Row([Cell("\udfff"), Cell("ok\ufffd")])])])
    layout.replace_lone_surrogates()
    assert [layout.blocks[0].text, *layout.blocks[1].rows[0].texts()] == ["a\ufffdb", "\ufffd", "ok\ufffd"]
    assert layout.warnings == ["2 character(s) of the input are not valid Unicode (lone surrogates) "
                               "and were replaced with U+FFFD"]


HELVETICA = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"
TEXT_OPERATION = b"BT /F1 12 Tf 72 700 Td (x) Tj ET\n"


def _deflate_bomb(piece: bytes, times: int) -> bytes:
    """zlib data inflating to piece * times, made in about a second: a full flush after each
    piece starts the deflater afresh, so every piece compresses to the same bytes."""
    deflater = zlib.compressobj(9, zlib.DEFLATED, -15)  # raw deflate: the zlib header is ours
    block = deflater.compress(piece) + deflater.flush(zlib.Z_FULL_FLUSH)
    assert deflater.compress(piece) + deflater.flush(zlib.Z_FULL_FLUSH) == block
    checksum = 1
    for _ in range(times):
        checksum = zlib.adler32(piece, checksum)
    return b"\x78\xda" + block * times + deflater.flush() + checksum.to_bytes(4, "big")


def deflate_bomb_pdf() -> bytes:
    """One page whose content stream is 3 MB of zlib inflating to 1 GB of text operations."""
    piece = TEXT_OPERATION * (1024 * 1024 // len(TEXT_OPERATION))
    return _one_page_pdf(_deflate_bomb(piece, 1024), HELVETICA, content_extra=b"/Filter /FlateDecode ")


def test_a_pdf_deflate_bomb_fails_with_its_reason_not_the_memory_limit(tmp_path):
    bomb = tmp_path / "bomb.pdf"
    bomb.write_bytes(deflate_bomb_pdf())
    assert bomb.stat().st_size < 4 * 1024 * 1024
    r = run(bomb, "-o", tmp_path / "out.json", preexec_fn=_memory_capped)
    no_traceback(r)
    assert r.returncode == 1
    assert r.stderr.decode().splitlines()[0] == (
        f"error: {bomb}: page 1's content inflates to over 16 MB, more than any notice page (a compression bomb?); "
        "not read")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bomb.pdf"]


@pytest.mark.parametrize("engine", ["pdfium", "pdfplumber"])
def test_a_pdf_page_with_absurdly_many_characters_is_refused(engine):
    from gongkai_parse import InputError, parse_bytes

    # 101 lines of 1,000 characters (100 kB), each on its own baseline: PDFium merges glyphs
    # drawn twice at one place (fake bold), so lines drawn over each other would count once
    lines = b"".join(b"BT /F1 1 Tf 72 %d Td (" % (760 - 7 * k) + b"x" * 1000 + b") Tj ET\n" for k in range(101))
    pdf = _one_page_pdf(lines, HELVETICA)
    with pytest.raises(InputError, match="page 1 draws over 100,000 characters"):
        parse_bytes(pdf, "dense.pdf", pdf_engine=engine)


def test_a_pdf_form_drawn_by_the_page_is_counted_with_its_content():
    from gongkai_parse import InputError, parse_bytes

    piece = TEXT_OPERATION * (1024 * 1024 // len(TEXT_OPERATION))
    form = pdf_stream(_deflate_bomb(piece, 32), b"/Type /XObject /Subtype /Form /BBox [0 0 595 842] "
                   b"/Resources << /Font << /F1 5 0 R >> >> /Filter /FlateDecode ")
    pdf = pdf_of_objects([b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
                     b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
                     b"/Resources << /Font << /F1 5 0 R >> /XObject << /X1 6 0 R >> >> /Contents 4 0 R >>",
                     pdf_stream(b"/X1 Do"), HELVETICA, form])
    with pytest.raises(InputError, match="content inflates to over 16 MB"):
        parse_bytes(pdf, "form.pdf")


def test_running_out_of_memory_inside_pdfplumber_is_reported_as_memory_not_damage(monkeypatch):
    from pdfplumber.utils.exceptions import PdfminerException

    from gongkai_parse.readers import pdf

    def out_of_memory(*args):
        raise PdfminerException(MemoryError())

    monkeypatch.setattr(pdf, "_read_page", out_of_memory)
    with pytest.raises(MemoryError):
        pdf.read((SAMPLES / "pdf" / "002_04b061482e0d1150.pdf").read_bytes(), "notice.pdf")


# --- time limits that grow with the file -------------------------------------------------

def _blank_pdf(pages: int) -> bytes:
    from pypdf import PdfWriter

    writer = PdfWriter()
    for _ in range(pages):
        writer.add_blank_page(595, 842)
    buf = io.BytesIO()
    writer.write(buf)
    return buf.getvalue()


def _text_pdf(pages: int) -> bytes:
    """A PDF of `pages` pages, each showing one line of text (all drawing one content stream)."""
    kids = b" ".join(b"%d 0 R" % (5 + k) for k in range(pages))
    page = (b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 3 0 R >> >> "
            b"/Contents 4 0 R >>")
    return pdf_of_objects([b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [%s] /Count %d >>" % (kids, pages),
                      HELVETICA, pdf_stream(b"BT /F1 12 Tf 72 700 Td (A notice page with its text layer.) Tj ET"),
                      *[page] * pages])


def _image_pages_pdf(pages: int) -> bytes:
    """A PDF whose pages each show one image over the whole page, as a scanner writes them."""
    kids = b" ".join(b"%d 0 R" % (5 + k) for k in range(pages))
    page = (b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /XObject << /Im0 3 0 R >> >> "
            b"/Contents 4 0 R >>")
    image = pdf_stream(b"\x80", b"/Type /XObject /Subtype /Image /Width 1 /Height 1 /ColorSpace /DeviceGray "
                                b"/BitsPerComponent 8 ")
    return pdf_of_objects([b"<< /Type /Catalog /Pages 2 0 R >>",
                           b"<< /Type /Pages /Kids [%s] /Count %d >>" % (kids, pages), image,
                           pdf_stream(b"q 595 0 0 842 0 0 cm /Im0 Do Q"), *[page] * pages])


def test_the_time_limit_grows_with_the_pages_of_a_pdf_and_the_size_of_other_files(tmp_path):
    from gongkai_parse.batch import DataInput, time_limit

    one, many, huge = tmp_path / "one.pdf", tmp_path / "many.pdf", tmp_path / "huge.pdf"
    one.write_bytes(_text_pdf(1))
    many.write_bytes(_text_pdf(1000))
    huge.write_bytes(_text_pdf(5000))
    assert time_limit(one, 60) == 60  # never less than the timeout
    assert time_limit(many, 60) == 600  # 60 s per 100 pages
    assert time_limit(DataInput("stdin", many.read_bytes()), 60) == 600
    assert time_limit(huge, 60) == 1200  # at most 20 times the timeout
    assert time_limit(many, 0) == 0  # no limit stays none
    # pages that are images are a scan, read by OCR: the timeout per 2 pages
    scan = tmp_path / "scan.pdf"
    scan.write_bytes(_image_pages_pdf(4))
    assert time_limit(scan, 60) == 120
    blank = tmp_path / "blank.pdf"
    blank.write_bytes(_blank_pdf(4))
    assert time_limit(blank, 60) == 60  # no text, but no image either: not a scan
    text = tmp_path / "big.txt"
    text.write_bytes(b"x" * (5 * 1024 * 1024))
    assert time_limit(text, 60) == 300  # 60 s per MB
    assert time_limit(SAMPLES / "pdf" / "002_04b061482e0d1150.pdf", 60) == 60
    fifo = tmp_path / "fifo.pdf"
    os.mkfifo(fifo)  # never opened: nobody writes into it
    assert time_limit(fifo, 60) == 60 and time_limit(tmp_path / "missing.pdf", 60) == 60


def test_a_large_file_that_hangs_is_stopped_at_its_larger_limit(tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    shutil.copy(NOTICE, src / "a_small.txt")
    (src / "hang big.txt").write_bytes(b"x" * (3 * 1024 * 1024))  # its parse never ends
    r = subprocess.run(hanging_cli(src, "-o", tmp_path / "out", "--timeout", "1"), capture_output=True, timeout=120)
    assert r.returncode == 1, r.stderr
    assert "hang big.txt: took longer than 3 s and was stopped" in r.stderr.decode()
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["a_small.txt.json", "errors.jsonl"]
