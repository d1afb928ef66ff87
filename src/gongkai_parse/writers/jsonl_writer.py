"""JSON Lines: one record per line, each with the source file and plan title it came from.

Written in pieces (head, then each document's lines) so that a batch is written as it is
parsed; render() is the pieces joined."""
from __future__ import annotations

import json

CHUNK = 1000  # records rendered at a time


def head(*, bom: bool = False) -> bytes:
    return "\ufeff".encode() if bom else b""


def lines(doc):
    """The document's lines, as bytes, a thousand records at a time (a notice of 100,000
    rows is not rendered whole in memory)."""
    for start in range(0, len(doc.tasks), CHUNK):
        out = []
        for record in doc.tasks[start:start + CHUNK]:
            row = {"source": doc.source, "title": doc.metadata.title, **record.model_dump(mode="json")}
            out.append(json.dumps(row, ensure_ascii=False) + "\n")
        # errors="replace": a stray lone surrogate (from a damaged input) must not lose the output
        yield "".join(out).encode("utf-8", "replace")


def render(documents, *, bom: bool = False) -> bytes:
    return head(bom=bom) + b"".join(chunk for doc in documents for chunk in lines(doc))
