#!/usr/bin/env python3
"""Peak memory of the command line on hostile inputs (the bombs of tests/test_reliability.py).

    python benchmarks/bomb_memory.py            (needs the test extras: pytest, pypdf, reportlab)

Each input is written to a temporary folder and run as `gongkai-parse BOMB -o out.json
--jobs 1` (default limits: --timeout 60, --max-memory 2G), from a fresh Python process
that then reads getrusage(RUSAGE_CHILDREN).ru_maxrss: the largest resident set of the
command line and its worker, which it waited for. Prints one Markdown row per input: size,
peak MB, seconds, exit code, whether out.json was written, and the error line.
"""
from __future__ import annotations

import io
import os
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.test_reliability import _docx_with, _span_page, _zip_bomb, deflate_bomb_pdf  # noqa: E402

MEASURE = """
import resource, subprocess, sys, time
started = time.perf_counter()
r = subprocess.run(sys.argv[1:], capture_output=True)
seconds = time.perf_counter() - started
peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
error = next((line for line in r.stderr.decode(errors="replace").splitlines() if line.startswith("error: ")), "")
print(f"{peak:.0f}\\t{seconds:.1f}\\t{r.returncode}\\t{error}")
"""


def just_within_the_unzip_checks(filling: bytes) -> bytes:
    """The sample .docx with 95 MB of `filling` at the start of its body, under the 100 MB
    unpacked limit, and 600 kB of random bytes beside it, so that the whole unpacks to less
    than 200 times its size: what the unzip checks let through."""
    body = filling * (95 * 1024 * 1024 // len(filling))
    buf = io.BytesIO(_docx_with(lambda d: d.replace(b"<w:body>", b"<w:body>" + body, 1)))
    with zipfile.ZipFile(buf, "a") as z:
        z.writestr("docProps/padding.bin", os.urandom(600 * 1024))
    return buf.getvalue()


def bombs() -> dict[str, tuple[str, bytes]]:
    """name -> (what it is, its bytes)"""
    return {
        "spans.html": ("HTML, 60 rows of cells with rowspan=colspan=1000 (60 GB of grid spread out)",
                       _span_page(60)),
        "absurd.html": ("HTML, the same with 300 rows", _span_page(300)),
        "gridspan.docx": ("DOCX, gridSpan 20,000,000 on three cells",
                          _docx_with(lambda d: d.replace(b"<w:tcPr>", b'<w:tcPr><w:gridSpan w:val="20000000"/>', 3))),
        "gridbefore.docx": ("DOCX, gridBefore 20,000,000 on three rows",
                            _docx_with(lambda d: d.replace(b"<w:tr>", b'<w:tr><w:trPr><w:gridBefore w:val="20000000"/>'
                                                           b'</w:trPr>', 3))),
        "zip bomb.docx": ("DOCX, document.xml padded with 300 MB of spaces (past the unzip ratio check)",
                          _zip_bomb()),
        "padded spaces.docx": ("DOCX within the unzip checks: 95 MB of spaces in the body, random padding",
                               just_within_the_unzip_checks(b" ")),
        "padded paragraphs.docx": ("DOCX within the unzip checks: 95 MB of one-letter paragraphs (2.8 million)",
                                   just_within_the_unzip_checks(b"<w:p><w:r><w:t>x</w:t></w:r></w:p>")),
        "deflate bomb.pdf": ("PDF, a content stream inflating to 1 GB of text operations", deflate_bomb_pdf()),
    }


def main() -> None:
    print("| input | size | peak MB | seconds | exit | out.json | error |")
    print("|---|---|---|---|---|---|---|")
    with tempfile.TemporaryDirectory() as tmp:
        for name, (what, data) in bombs().items():
            path = Path(tmp) / name
            path.write_bytes(data)
            out = Path(tmp) / f"{name}.json"
            command = [sys.executable, "-m", "gongkai_parse", str(path), "-o", str(out), "--jobs", "1"]
            r = subprocess.run([sys.executable, "-c", MEASURE, *command], capture_output=True, text=True, check=True)
            peak, seconds, code, error = r.stdout.rstrip("\n").split("\t", 3)
            error = error.split(": ", 2)[-1] if error else ""
            size = f"{len(data) / 1024:.0f} kB" if len(data) < 1024 ** 2 else f"{len(data) / 1024 ** 2:.1f} MB"
            print(f"| {what} | {size} | {peak} | {seconds} | {code} | {'yes' if out.exists() else 'no'} | {error} |")


if __name__ == "__main__":
    main()
