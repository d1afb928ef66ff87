#!/usr/bin/env python3
"""PDF speed and memory: gongkai-parse against pdfplumber's own extract_words (the floor).

    python benchmarks/pdf_speed.py [PDF_DIR]        (default: samples/pdf)

For each PDF, and for 100- and 300-page PDFs built by repeating the pages of the samples
(pypdf, from the test extras), each measurement runs in a fresh process so its peak
memory (max RSS) is its own. Prints pages per second for both and the time ratio.
"""
from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

FLOOR = """
import sys, time, resource, pdfplumber
t = time.perf_counter()
with pdfplumber.open(sys.argv[1]) as pdf:
    n = 0
    for page in pdf.pages:
        page.extract_words()
        page.close()
        n += 1
print(n, time.perf_counter() - t, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)
"""

OURS = """
import sys, time, resource
from gongkai_parse import parse
t = time.perf_counter()
doc = parse(sys.argv[1])
print(len(doc.tasks), time.perf_counter() - t, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)
"""


def measure(code: str, path: Path) -> tuple[float, float, float]:
    out = subprocess.run([sys.executable, "-c", code, str(path)], capture_output=True, text=True, check=True)
    count, seconds, rss = out.stdout.split()
    return float(count), float(seconds), float(rss)


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
        print(f"{'pdf':<32}{'pages':>6}{'floor p/s':>11}{'ours p/s':>10}{'time ratio':>11}"
              f"{'floor MB':>10}{'ours MB':>9}{'records':>9}")
        total = {"pages": 0, "floor": 0.0, "ours": 0.0}
        for name, path, is_sample in cases:
            pages = len(PdfReader(str(path)).pages)
            _, floor_s, floor_mb = measure(FLOOR, path)
            records, ours_s, ours_mb = measure(OURS, path)
            print(f"{name:<32}{pages:>6}{pages / floor_s:>11.1f}{pages / ours_s:>10.1f}{ours_s / floor_s:>11.2f}"
                  f"{floor_mb:>10.0f}{ours_mb:>9.0f}{int(records):>9}")
            if is_sample:
                total["pages"] += pages
                total["floor"] += floor_s
                total["ours"] += ours_s
        print(f"{'samples together':<32}{total['pages']:>6}{total['pages'] / total['floor']:>11.1f}"
              f"{total['pages'] / total['ours']:>10.1f}{total['ours'] / total['floor']:>11.2f}")
    print("(each number from one fresh process; 'time ratio' = ours / floor, target <= 2)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
