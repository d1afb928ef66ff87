#!/usr/bin/env python3
"""OCR confidence: how the recogniser scores the characters it reads right and wrong, and what
its per-character scores cost (needs the [ocr] extra).

    python benchmarks/ocr_confidence.py scores TEXT_DIR SCAN.pdf...
    python benchmarks/ocr_confidence.py speed SCAN.pdf...

scores: every page OCR'd as the scan reader does (rendered, straightened), each box's text
aligned with the notice's source text (TEXT_DIR/<stem>.txt, where <stem> is the file name
before `.scan.pdf`, or the text layer of TEXT_DIR/<stem>.pdf), characters compared after
NFKC. Prints the score quantiles of characters read right and of characters read as another
one (a substitution in the alignment; text the source lacks, such as a page number or a label
the rendering added, is left out), how many of each score below a few thresholds (marks of
either width apart), and every substitution with its scores, to be read by a person: an
alignment off by a line shows up there as a run of unrelated characters.
speed: CPU seconds per page of OCR with and without per-character scores, on the first two
pages of each file, alternating, in one process.
"""
from __future__ import annotations

import difflib
import sys
import time
import unicodedata
from pathlib import Path

THRESHOLDS = (0.6, 0.7, 0.8, 0.9)


def _pages(path: str, limit: int | None = None):
    import numpy as np
    import pypdfium2

    from gongkai_parse.readers import scan

    document = pypdfium2.PdfDocument(path)
    for index in range(len(document) if limit is None else min(limit, len(document))):
        page = scan._straighten(scan.render_pdf_page(document, index))
        yield index + 1, np.asarray(page.convert("RGB"))[:, :, ::-1]


def _source_text(text_dir: Path, scan_file: Path) -> str:
    stem = scan_file.name.removesuffix(".scan.pdf")
    if (text_dir / f"{stem}.txt").exists():
        return (text_dir / f"{stem}.txt").read_text(encoding="utf-8")
    import pypdfium2

    document = pypdfium2.PdfDocument(str(text_dir / f"{stem}.pdf"))
    return "\n".join(document[i].get_textpage().get_text_range() for i in range(len(document)))


def _label(box_text: str, scores: list[float], source: str):
    """(character, score, read right?) for a box's characters aligned with the source text,
    and its substitutions (source, read, scores); None when the box is not in the source."""
    chars = [(n, s) for ch, s in zip(box_text, scores) if not ch.isspace() for n in unicodedata.normalize("NFKC", ch)]
    read = "".join(n for n, _ in chars)
    if len(read) < 2:
        return None
    i, j, size = difflib.SequenceMatcher(None, source, read, autojunk=False).find_longest_match(0, len(source), 0, len(read))
    if size < 2:
        return None
    start = max(0, i - j - 3)
    window = source[start:i - j + len(read) + 3]
    wrong, substitutions = [False] * len(read), []
    for tag, a0, a1, b0, b1 in difflib.SequenceMatcher(None, window, read, autojunk=False).get_opcodes():
        if tag == "replace":
            wrong[b0:b1] = [True] * (b1 - b0)
            substitutions.append((window[a0:a1], read[b0:b1], [round(s, 3) for _, s in chars[b0:b1]]))
        elif tag == "insert":  # text the source lacks: not counted either way
            wrong[b0:b1] = [None] * (b1 - b0)
    return [(n, s, w is False) for (n, s), w in zip(chars, wrong) if w is not None], substitutions


def scores(text_dir: str, files: list[str]) -> None:
    from gongkai_parse.readers import scan

    ocr = scan._engine().ocr
    right, wrong, substitutions = [], [], []
    for path in files:
        source = "".join(ch for ch in unicodedata.normalize("NFKC", _source_text(Path(text_dir), Path(path)))
                         if not ch.isspace() and ch != "|")
        for number, page in _pages(path):
            result = scan._read_with_character_scores(ocr, page)
            if result.boxes is None:
                continue
            for text, chars in zip(result.txts, scan._character_scores(result)):
                labelled = _label(text, chars or [], source) if chars else None
                if labelled is None:
                    continue
                characters, found = labelled
                for ch, s, ok in characters:
                    (right if ok else wrong).append((ch, s))
                substitutions += [(Path(path).name, number, *found_one, text) for found_one in found]
        print(f"{Path(path).name}: {len(right)} right, {len(wrong)} substituted so far", file=sys.stderr)

    def quantiles(values):
        values = sorted(values)
        return "  ".join(f"p{p:g}={values[int(p / 100 * (len(values) - 1))]:.3f}" for p in (0.1, 0.5, 1, 5, 50)) if values else "-"

    marks = scan._WIDTH_ONLY_MARKS
    for name, group in (("read right", right), ("read as another character", wrong)):
        other = [s for ch, s in group if ch not in marks]
        width = [s for ch, s in group if ch in marks]
        print(f"{name}: {len(group)} characters; marks of either width apart: {len(other)}: {quantiles(other)}")
        print("  below " + "  ".join(f"{t}: {sum(s < t for s in other)}" for t in THRESHOLDS)
              + f"   (marks of either width: {len(width)}, below " + "  ".join(f"{t}: {sum(s < t for s in width)}" for t in THRESHOLDS) + ")")
    print("substitutions (source -> read, scores, box):")
    for name, number, was, read, found_scores, text in substitutions:
        print(f"  {name} p{number}: {was} -> {read}  {found_scores}  {text}")


def speed(files: list[str]) -> None:
    from gongkai_parse.readers import scan

    ocr = scan._engine().ocr
    pages = [page for path in files for _, page in _pages(path, limit=2)]
    ocr(pages[0])  # the models' first run is slower
    cpu = {True: 0.0, False: 0.0}
    for round_ in range(2):
        for page in pages:
            for words in ((True, False) if round_ == 0 else (False, True)):
                start = time.process_time()
                ocr(page, return_word_box=words, return_single_char_box=words)
                cpu[words] += time.process_time() - start
    n = 2 * len(pages)
    print(f"{len(pages)} pages read twice each way, load {open('/proc/loadavg').read().split()[0]}: CPU s/page "
          f"without character scores {cpu[False] / n:.3f}, with {cpu[True] / n:.3f} ({(cpu[True] / cpu[False] - 1) * 100:+.1f}%)")


if __name__ == "__main__":
    if len(sys.argv) < 3 or sys.argv[1] not in ("scores", "speed"):
        sys.exit(__doc__)
    if sys.argv[1] == "scores":
        scores(sys.argv[2], sys.argv[3:])
    else:
        speed(sys.argv[2:])
