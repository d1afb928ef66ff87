"""Bad input, through the command line: each file gets its one-line error (or its correct
output), the right exit code, no traceback and no partial file; the batch goes on."""
from __future__ import annotations

import io
import json
import os
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest

from .conftest import SAMPLES
from .test_cli import no_traceback, run

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
