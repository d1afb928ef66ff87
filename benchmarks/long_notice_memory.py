#!/usr/bin/env python3
"""Peak memory of one very long notice: a 100,000-row plan table as text, parsed to JSONL.

    python benchmarks/long_notice_memory.py [ROWS]

The notice is generated here (the same every run). The CLI runs as a user runs it
(`gongkai-parse long.txt -o long.jsonl`); the peak resident memory (VmHWM) of the main
process and of the worker that parsed the file are read from /proc while it runs, and the
largest of all from getrusage once it ends. Linux only.
"""
from __future__ import annotations

import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

UNITS = ["市发展改革委", "市财政局", "市教育局、市人社局", "市政务服务数据管理局牵头，各区人民政府配合",
         "各县（市、区）人民政府"]


def notice(rows: int) -> str:
    rng = random.Random(1)
    lines = ["XX市2024年重点工作任务分工方案", "", "序号\t工作任务\t具体措施\t责任单位\t完成时限"]
    for i in range(1, rows + 1):
        lines.append(f"{i}\t推进第{(i - 1) // 10 + 1}项重点工作\t完善第{i}项制度机制，加强统筹协调，确保各项措施落地见效。"
                     f"\t{rng.choice(UNITS)}\t2024年{rng.randint(1, 12)}月底前")
    return "\n".join(lines) + "\n"


def high_water(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/status") as f:
            return next((int(line.split()[1]) for line in f if line.startswith("VmHWM")), 0)
    except OSError:
        return 0


def children(pid: int) -> list[int]:
    try:
        with open(f"/proc/{pid}/task/{pid}/children") as f:
            return [int(x) for x in f.read().split()]
    except OSError:
        return []


def main() -> None:
    rows = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
    with tempfile.TemporaryDirectory() as tmp:
        source, out = Path(tmp) / "long.txt", Path(tmp) / "long.jsonl"
        source.write_text(notice(rows), encoding="utf-8")
        started = time.perf_counter()
        proc = subprocess.Popen([sys.executable, "-m", "gongkai_parse", str(source), "-o", str(out), "--timeout", "0"],
                                stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        main_kb = worker_kb = 0
        while proc.poll() is None:
            main_kb = max(main_kb, high_water(proc.pid))
            for child in children(proc.pid):
                worker_kb = max(worker_kb, high_water(child))
            time.sleep(0.1)
        seconds = time.perf_counter() - started
        largest = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
        records = sum(1 for _ in out.open(encoding="utf-8")) if out.exists() else 0
        print(f"{rows:,}-row text notice ({source.stat().st_size / 2**20:.1f} MB) -> JSONL: exit {proc.returncode}, "
              f"{records:,} records, {seconds:.0f} s")
        print(f"peak memory: main process {main_kb / 1024:.0f} MB, worker {worker_kb / 1024:.0f} MB, "
              f"largest process {largest / 1024:.0f} MB")
        if proc.returncode:
            print(proc.stderr.read().decode(errors="replace"))


if __name__ == "__main__":
    main()
