"""Writers: documents -> bytes in one output format, and atomic file writes.

A writer module has render(documents, *, bom) -> bytes. One document renders as itself;
several render as one combined output (a JSON list, or JSONL/CSV rows with a source column).
"""
from __future__ import annotations

import importlib
import os
import tempfile
from pathlib import Path

FORMATS = {"json": ".json", "jsonl": ".jsonl", "csv": ".csv", "xlsx": ".xlsx"}
_SUFFIXES = {".json": "json", ".jsonl": "jsonl", ".ndjson": "jsonl", ".csv": "csv", ".xlsx": "xlsx"}


def flat_record(document, record) -> dict:
    """A record as one spreadsheet row's values: its fields (dates as dates), the source,
    its units joined with 、 (all of them, the lead ones, the cooperating ones) and its
    reasons for review joined with ；."""
    def names(role=None) -> str:
        return "、".join(u.name for u in record.units if role is None or u.role == role)

    values = record.model_dump()
    values.update(source=document.source, units=names(), lead=names("lead"), cooperate=names("cooperate"),
                  review="；".join(record.review) or None)
    return values


def format_of(path: str | Path) -> str | None:
    """The output format an output file name asks for (tasks.csv -> csv)."""
    return _SUFFIXES.get(Path(path).suffix.lower())


def render(documents, fmt: str, *, bom: bool = False) -> bytes:
    module = importlib.import_module(f"{__name__}.{fmt}_writer")
    return module.render(list(documents), bom=bom)


def write_atomic(path: Path, data: bytes) -> None:
    """Write a file whole or not at all: a temp file beside it, then a rename."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".part")
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except FileNotFoundError:
            pass
        raise
