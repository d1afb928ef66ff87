#!/usr/bin/env python3
"""Do the two PDF engines give the same output? Parses every PDF in the folders with
`pdf_engine="pdfium"` and `"pdfplumber"` and compares the documents' JSON.

    python benchmarks/pdf_engines_compare.py [FOLDER ...]     (default: the PDFs in samples/)

Prints one line per folder (identical / all) and, for each PDF that differs, the first
difference; exits 1 if any differs.
"""
from __future__ import annotations

import json
import sys
from pathlib import Path

from gongkai_parse import parse
from gongkai_parse.errors import InputError

ROOT = Path(__file__).resolve().parents[1]


def outcome(path: Path, engine: str):
    try:
        return json.loads(parse(path, pdf_engine=engine).model_dump_json())
    except InputError as e:
        return {"error": e.reason}


def first_difference(a, b, where: str = "") -> str:
    if type(a) is not type(b):
        return f"{where}: {a!r:.120} != {b!r:.120}"
    if isinstance(a, dict):
        for key in sorted(set(a) | set(b), key=str):
            if a.get(key) != b.get(key):
                return first_difference(a.get(key), b.get(key), f"{where}.{key}")
    elif isinstance(a, list):
        if len(a) != len(b):
            return f"{where}: {len(a)} items != {len(b)}"
        for k, (x, y) in enumerate(zip(a, b)):
            if x != y:
                return first_difference(x, y, f"{where}[{k}]")
    return f"{where}: {a!r:.160} != {b!r:.160}"


def main() -> int:
    folders = [Path(f) for f in sys.argv[1:]] or sorted({p.parent for p in (ROOT / "samples").rglob("*.pdf")})
    differ = 0
    for folder in folders:
        pdfs = sorted(folder.glob("*.pdf"))
        same = 0
        for path in pdfs:
            fast, reference = outcome(path, "pdfium"), outcome(path, "pdfplumber")
            if fast == reference:
                same += 1
            else:
                differ += 1
                print(f"  differs: {path.name}: {first_difference(fast, reference)} (pdfium != pdfplumber)")
        print(f"{folder}: {same} of {len(pdfs)} identical")
    return 1 if differ else 0


if __name__ == "__main__":
    sys.exit(main())
