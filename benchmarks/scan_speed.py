#!/usr/bin/env python3
"""Scan speed: seconds per page of a scanned notice read by OCR (needs the [ocr] extra).

    python benchmarks/scan_speed.py [--detect-side N[,N...]] [--threads N] [SCAN_DIR_OR_FILES...]
                                                               (default: samples/scan)

Each file is parsed in a fresh process (the OCR models loaded once there, timed apart), so
its peak memory (max RSS) is its own. Prints, per file: pages, seconds to load the engine,
seconds to parse, seconds per page, the process's CPU seconds (user + system, all its
threads) per page, peak memory; then the totals. CPU time is the fairer measure on a
shared machine: wall time grows with the load, CPU time much less. The machine's load
average is printed too.

--detect-side 0,1280 parses each file once per detector scale (scan.DETECT_SIDE; 0: the page
as it is), one after the other, so both see the same load; --threads sets scan.THREADS
(0: onnxruntime's default, every core).
"""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

ONE = """
import sys, time, resource
def cpu():
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime
t = time.perf_counter()
from gongkai_parse.readers import scan
scan.DETECT_SIDE, scan.THREADS = int(sys.argv[2]), int(sys.argv[3])
scan._engine()
load = time.perf_counter() - t
from gongkai_parse import parse
t, c = time.perf_counter(), cpu()
doc = parse(sys.argv[1])
wall, used = time.perf_counter() - t, cpu() - c
import pypdfium2
pages = len(pypdfium2.PdfDocument(sys.argv[1])) if sys.argv[1].endswith('.pdf') else 1
print(pages, load, wall, used, len(doc.tasks), resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)
"""


def main(args: list[str]) -> None:
    import argparse

    parser = argparse.ArgumentParser(description="seconds per scanned page")
    parser.add_argument("--detect-side", default=None, help="detector scales to compare, e.g. 0,1280")
    parser.add_argument("--threads", type=int, default=None, help="onnxruntime threads (scan.THREADS)")
    parser.add_argument("paths", nargs="*")
    options = parser.parse_args(args)
    from gongkai_parse.readers import scan

    sides = [int(x) for x in options.detect_side.split(",")] if options.detect_side else [scan.DETECT_SIDE]
    threads = scan.THREADS if options.threads is None else options.threads
    paths: list[Path] = []
    for arg in options.paths or [str(ROOT / "samples" / "scan")]:
        p = Path(arg)
        paths += sorted(q for q in p.iterdir() if q.suffix.lower() in (".pdf", ".png", ".jpg", ".jpeg", ".tif", ".tiff")) \
            if p.is_dir() else [p]
    print(f"load average before: {' '.join(f'{x:.1f}' for x in os.getloadavg())}; cores: {os.cpu_count()}; "
          f"threads {threads or 'all'}")
    totals = {side: [0, 0.0, 0.0] for side in sides}  # pages, wall, CPU
    for path in paths:
        for side in sides:
            out = subprocess.run([sys.executable, "-c", ONE, str(path), str(side), str(threads)],
                                 capture_output=True, text=True, check=True)
            pages, load, seconds, used, records, rss = out.stdout.split()
            pages, seconds, used = int(pages), float(seconds), float(used)
            totals[side][0] += pages
            totals[side][1] += seconds
            totals[side][2] += used
            print(f"{path.name} (detect side {side or 'page'}): {pages} pages, engine load {float(load):.1f} s, "
                  f"parse {seconds:.1f} s, {seconds / pages:.2f} s/page, CPU {used:.1f} s = {used / pages:.2f} s/page, "
                  f"{records} records, peak {float(rss):.0f} MB")
    for side, (pages, seconds, used) in totals.items():
        if pages:
            print(f"total (detect side {side or 'page'}): {pages} pages in {seconds:.1f} s = {seconds / pages:.2f} s/page; "
                  f"CPU {used:.1f} s = {used / pages:.2f} s/page")
    print(f"load average after: {' '.join(f'{x:.1f}' for x in os.getloadavg())}")


if __name__ == "__main__":
    main(sys.argv[1:])
