"""JSON in the shape docs/output.md describes: UTF-8, Chinese as written (not \\u-escaped)."""
from __future__ import annotations

import json


def render(documents, *, bom: bool = False, as_list: bool | None = None) -> bytes:
    """One document as an object, or a list of them (as_list; by default when not exactly one)."""
    data = [d.model_dump(mode="json") for d in documents]
    if as_list is None:
        as_list = len(data) != 1
    text = json.dumps(data if as_list else data[0], ensure_ascii=False, indent=2) + "\n"
    # errors="replace": a stray lone surrogate (from a damaged input) must not lose the output
    return ("\ufeff" if bom else "").encode() + text.encode("utf-8", "replace")
