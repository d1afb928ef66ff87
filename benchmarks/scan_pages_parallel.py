#!/usr/bin/env python3
"""The pages of one scan read in parallel: the CLI with --jobs N against --jobs 1, same run.

    python benchmarks/scan_pages_parallel.py SCAN [--jobs N] [--rounds R]

With --jobs 1 the scan's pages are read one after another by one worker whose OCR computes
with every core; with --jobs N (default: the cores) N workers read a page each, each with its
share of the cores. The two are run alternately, R rounds (default 3), so that a change in the
machine's load falls on both; printed: each run's wall time, the best of each, their ratio
(above 1: the pages in parallel are faster), and whether both wrote the same JSON.
"""
from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _cli() -> list[str]:
    local = ROOT / ".venv" / "bin" / "gongkai-parse"
    return [str(local)] if local.exists() else [sys.executable, "-m", "gongkai_parse"]


def _run(scan: str, jobs: int, out: Path) -> float:
    started = time.perf_counter()
    subprocess.run([*_cli(), scan, "-o", str(out), "-q", "--jobs", str(jobs)], check=True)
    return time.perf_counter() - started


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("scan")
    ap.add_argument("--jobs", type=int, default=os.cpu_count() or 2)
    ap.add_argument("--rounds", type=int, default=3)
    args = ap.parse_args()
    print(f"cores {os.cpu_count()}; load average before: {' '.join(f'{x:.1f}' for x in os.getloadavg())}")
    times: dict[int, list[float]] = {1: [], args.jobs: []}
    with tempfile.TemporaryDirectory() as tmp:
        outputs = {jobs: Path(tmp) / f"jobs{jobs}.json" for jobs in times}
        for round_ in range(args.rounds):
            for jobs in (times if round_ % 2 == 0 else reversed(list(times))):
                seconds = _run(args.scan, jobs, outputs[jobs])
                times[jobs].append(seconds)
                print(f"round {round_ + 1}: --jobs {jobs}: {seconds:.1f} s", flush=True)
        same = outputs[1].read_bytes() == outputs[args.jobs].read_bytes()
    best = {jobs: min(t) for jobs, t in times.items()}
    print(f"best: --jobs 1 {best[1]:.1f} s, --jobs {args.jobs} {best[args.jobs]:.1f} s; "
          f"ratio {best[1] / best[args.jobs]:.2f}; same JSON: {same}")
    print(f"load average after: {' '.join(f'{x:.1f}' for x in os.getloadavg())}")


if __name__ == "__main__":
    main()
