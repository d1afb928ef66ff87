"""JSON Lines: one record per line, each with the source file and plan title it came from."""
from __future__ import annotations

import json


def render(documents, *, bom: bool = False) -> bytes:
    lines = []
    for doc in documents:
        for record in doc.tasks:
            row = {"source": doc.source, "title": doc.metadata.title, **record.model_dump(mode="json")}
            lines.append(json.dumps(row, ensure_ascii=False))
    text = "".join(line + "\n" for line in lines)
    # errors="replace": a stray lone surrogate (from a damaged input) must not lose the output
    return ("\ufeff" if bom else "").encode() + text.encode("utf-8", "replace")
