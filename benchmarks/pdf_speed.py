#!/usr/bin/env python3
"""PDF speed and memory: gongkai-parse, with each PDF engine, against pdfplumber's own
extract_words over the same pages (the floor).

    python benchmarks/pdf_speed.py [PDF_DIR]        (default: samples/pdf)

For each PDF, and for 100- and 300-page PDFs built by repeating the pages of the samples
(pypdf, from the test extras), each measurement runs in a fresh process so its peak
memory (max RSS) is its own; the measurements of a case run one after the other.
Times are the process's CPU time (the work is single-threaded), the least of 3 runs, so
other load on a shared machine disturbs the figures less than one wall-clock time would.
Prints pages per second for the floor and both engines, and the speed-up of each engine
over the floor (floor time / engine time; the target for pdfium is >= 4).
"""
from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

FLOOR = """
import sys, time, resource, pdfplumber
t = time.process_time()
with pdfplumber.open(sys.argv[1]) as pdf:
    n = 0
    for page in pdf.pages:
        page.extract_words()
        page.close()
        n += 1
print(n, time.process_time() - t, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)
"""

# The libraries are imported before the clock starts, as the floor imports pdfplumber.
OURS = """
import sys, time, resource
from gongkai_parse import parse
import pdfplumber, pypdfium2
t = time.process_time()
doc = parse(sys.argv[1], pdf_engine=sys.argv[2])
print(len(doc.tasks), time.process_time() - t, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)
"""


RUNS = 3  # each measurement's best of this many fresh processes: the least disturbed by other load


def measure(code: str, path: Path, *args: str) -> tuple[float, float, float]:
    """(count, CPU seconds, peak MB) of the least CPU time over RUNS fresh processes."""
    best = None
    for _ in range(RUNS):
        out = subprocess.run([sys.executable, "-c", code, str(path), *args], capture_output=True, text=True, check=True)
        count, seconds, rss = out.stdout.split()
        if best is None or float(seconds) < best[1]:
            best = (float(count), float(seconds), float(rss))
    return best


def repeated(sources: list[Path], pages: int, target: Path) -> Path:
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter()
    readers = [PdfReader(str(s)) for s in sources]
    while len(writer.pages) < pages:
        for reader in readers:
            for page in reader.pages[1:]:  # the table pages; page 1 is the covering notice
                if len(writer.pages) < pages:
                    writer.add_page(page)
    writer.write(str(target))
    return target


def main() -> int:
    folder = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "samples" / "pdf"
    pdfs = sorted(folder.glob("*.pdf"))
    if not pdfs:
        print(f"no PDFs in {folder}")
        return 1
    from pypdf import PdfReader

    with tempfile.TemporaryDirectory() as tmp:
        cases = [(p.name, p, True) for p in pdfs]
        for pages in (100, 300):
            cases.append((f"{pages} pages (repeated)", repeated(pdfs, pages, Path(tmp) / f"r{pages}.pdf"), False))
        print(f"{'pdf':<32}{'pages':>6}{'floor p/s':>11}{'pdfium p/s':>12}{'plumber p/s':>13}"
              f"{'speed-up':>10}{'plumber x':>11}{'floor MB':>10}{'pdfium MB':>11}{'plumber MB':>12}{'records':>9}")
        total = {"pages": 0, "floor": 0.0, "pdfium": 0.0, "pdfplumber": 0.0}
        for name, path, is_sample in cases:
            pages = len(PdfReader(str(path)).pages)
            _, floor_s, floor_mb = measure(FLOOR, path)
            records, fast_s, fast_mb = measure(OURS, path, "pdfium")
            _, plumber_s, plumber_mb = measure(OURS, path, "pdfplumber")
            print(f"{name:<32}{pages:>6}{pages / floor_s:>11.1f}{pages / fast_s:>12.1f}{pages / plumber_s:>13.1f}"
                  f"{floor_s / fast_s:>10.2f}{floor_s / plumber_s:>11.2f}{floor_mb:>10.0f}{fast_mb:>11.0f}"
                  f"{plumber_mb:>12.0f}{int(records):>9}")
            if is_sample:
                total["pages"] += pages
                total["floor"] += floor_s
                total["pdfium"] += fast_s
                total["pdfplumber"] += plumber_s
        print(f"{'samples together':<32}{total['pages']:>6}{total['pages'] / total['floor']:>11.1f}"
              f"{total['pages'] / total['pdfium']:>12.1f}{total['pages'] / total['pdfplumber']:>13.1f}"
              f"{total['floor'] / total['pdfium']:>10.2f}{total['floor'] / total['pdfplumber']:>11.2f}")
    print("(CPU time, each number the best of 3 fresh processes; 'speed-up' = floor time / pdfium engine time, target >= 4;"
          " 'plumber x' the same for the pdfplumber engine)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
