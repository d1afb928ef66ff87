#!/usr/bin/env python3
"""Command-line speed: start-up, batch throughput and memory.

    python benchmarks/cli_speed.py

- start-up: `gongkai-parse --help`, and one small text notice (median of 7 runs), and
  which heavy modules (pdfplumber, pdfminer, lxml, openpyxl, docx) the text notice
  loaded (none should be);
- throughput: a folder of 200 mixed notices (the samples of every format, repeated),
  with --jobs 1 and --jobs 2;
- peak memory: the largest max RSS among the processes of each run.
"""
from __future__ import annotations

import itertools
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "samples"
CLI = [sys.executable, "-m", "gongkai_parse"]
HEAVY = ("pdfplumber", "pdfminer", "lxml", "openpyxl", "docx", "charset_normalizer")


def timed(args: list[str], repeat: int = 7) -> float:
    runs = []
    for _ in range(repeat):
        t = time.perf_counter()
        subprocess.run(args, capture_output=True, check=False)
        runs.append(time.perf_counter() - t)
    return statistics.median(runs)


def loaded_heavy(args: list[str]) -> list[str]:
    out = subprocess.run([sys.executable, "-X", "importtime", *args[1:]], capture_output=True, text=True)
    names = {line.split("|")[-1].strip().split(".")[0] for line in out.stderr.splitlines() if "|" in line}
    return sorted(n for n in HEAVY if n in names)


def mixed_folder(target: Path, count: int = 200) -> dict[str, int]:
    sources = [p for fmt in ("text", "gb18030", "docx", "html", "pdf") for p in sorted((SAMPLES / fmt).iterdir())
               if not p.name.endswith(".pages.json")]
    kinds: dict[str, int] = {}
    for k, src in zip(range(count), itertools.cycle(sources)):
        shutil.copy(src, target / f"{k:03d}_{src.name}")
        kinds[src.suffix] = kinds.get(src.suffix, 0) + 1
    return kinds


def batch(folder: Path, out: Path, jobs: int) -> tuple[float, float]:
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    t = time.perf_counter()
    subprocess.run([*CLI, str(folder), "-o", str(out), "--jobs", str(jobs), "-q"], check=False)
    seconds = time.perf_counter() - t
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return seconds, max(peak, before) / 1024


def main() -> int:
    notice = SAMPLES / "text" / "001_520aea2342db30b4.txt"
    help_s = timed([*CLI, "--help"])
    one_s = timed([*CLI, str(notice), "-o", "-", "-q"])
    print(f"start-up  --help: {help_s:.3f} s   one text notice: {one_s:.3f} s   (median of 7)")
    heavy = loaded_heavy([*CLI, str(notice), "-o", "-", "-q"])
    print(f"heavy modules loaded for a text notice: {', '.join(heavy) if heavy else 'none'}")
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "in"
        folder.mkdir()
        kinds = mixed_folder(folder)
        print(f"batch of {sum(kinds.values())} notices: " + ", ".join(f"{n} {k}" for k, n in sorted(kinds.items())))
        results = {}
        for jobs in (1, 2):
            seconds, peak = batch(folder, Path(tmp) / f"out{jobs}", jobs)
            results[jobs] = seconds
            print(f"  --jobs {jobs}: {seconds:6.2f} s  {200 / seconds:6.1f} files/s  peak RSS {peak:.0f} MB")
        print(f"  scaling --jobs 2 / --jobs 1: {results[1] / results[2]:.2f}x")
    return 0


if __name__ == "__main__":
    sys.exit(main())
