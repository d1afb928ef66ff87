#!/usr/bin/env python3
"""Scan speed: seconds per page of a scanned notice read by OCR (needs the [ocr] extra).

    python benchmarks/scan_speed.py [SCAN_DIR_OR_FILES...]     (default: samples/scan)

Each file is parsed in a fresh process (the OCR models loaded once there, timed apart), so
its peak memory (max RSS) is its own. Prints, per file: pages, seconds to load the engine,
seconds to parse, seconds per page, peak memory; then the total seconds per page. The
machine's load average is printed too, since OCR time grows with it on a shared machine.
"""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

ONE = """
import sys, time, resource
t = time.perf_counter()
from gongkai_parse.readers import scan
scan._engine()
load = time.perf_counter() - t
from gongkai_parse import parse
t = time.perf_counter()
doc = parse(sys.argv[1])
import pypdfium2
pages = len(pypdfium2.PdfDocument(sys.argv[1])) if sys.argv[1].endswith('.pdf') else 1
print(pages, load, time.perf_counter() - t, len(doc.tasks), resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)
"""


def main(args: list[str]) -> None:
    paths: list[Path] = []
    for arg in args or [str(ROOT / "samples" / "scan")]:
        p = Path(arg)
        paths += sorted(q for q in p.iterdir() if q.suffix.lower() in (".pdf", ".png", ".jpg", ".jpeg", ".tif", ".tiff")) \
            if p.is_dir() else [p]
    print(f"load average before: {' '.join(f'{x:.1f}' for x in os.getloadavg())}; cores: {os.cpu_count()}")
    total_pages = total_seconds = 0.0
    for path in paths:
        out = subprocess.run([sys.executable, "-c", ONE, str(path)], capture_output=True, text=True, check=True)
        pages, load, seconds, records, rss = out.stdout.split()
        pages, seconds = int(pages), float(seconds)
        total_pages += pages
        total_seconds += seconds
        print(f"{path.name}: {pages} pages, engine load {float(load):.1f} s, parse {seconds:.1f} s, "
              f"{seconds / pages:.1f} s/page, {records} records, peak {float(rss):.0f} MB")
    if total_pages:
        print(f"total: {total_pages:.0f} pages in {total_seconds:.1f} s = {total_seconds / total_pages:.1f} s/page")
    print(f"load average after: {' '.join(f'{x:.1f}' for x in os.getloadavg())}")


if __name__ == "__main__":
    main(sys.argv[1:])
