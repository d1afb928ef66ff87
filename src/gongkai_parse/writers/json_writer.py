"""JSON in the shape of CONTRACT.md: UTF-8, Chinese as written (not \\u-escaped)."""
from __future__ import annotations

import json


def render(documents, *, bom: bool = False) -> bytes:
    data = [d.model_dump(mode="json") for d in documents]
    text = json.dumps(data[0] if len(data) == 1 else data, ensure_ascii=False, indent=2) + "\n"
    return ("\ufeff" if bom else "").encode() + text.encode("utf-8")
