from __future__ import annotations

import json
import re
import unicodedata
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "samples"
GOLD = Path(__file__).parent / "gold"
EXPECTED = Path(__file__).parent / "expected"

# The contract's scoring normalisation (CONTRACT.md, "Text normalisation used when scoring").
_ENUM = re.compile(r"^(?:[一二三四五六七八九十百]+[、.．]|[(（][一二三四五六七八九十百]+[)）]、?|\d+[.、．](?!\d)|[(（]\d+[)）]|[①-⑳])")
_BRACKETS = str.maketrans({"〔": "[", "〕": "]", "【": "[", "】": "]", "［": "[", "］": "]"})


def contract_text(text):
    if text is None:
        return None
    text = re.sub(r"\s+", "", unicodedata.normalize("NFKC", str(text)).translate(_BRACKETS))
    for _ in range(2):
        text = _ENUM.sub("", text)
    return re.sub(r"[。；;，,]+$", "", text) or None


def contract_view(record: dict) -> dict:
    """What the contract fixes about a record, in comparable form."""
    units = lambda role=None: sorted(  # noqa: E731
        re.sub(r"(等单位|等部门|等)$", "", contract_text(u["name"]))
        for u in record["units"] if role is None or u["role"] == role)
    return {
        "measure": contract_text(record["measure"]),
        "task": contract_text(record["task"]),
        "section": contract_text(record["section"]),
        "units": units(),
        "lead": units("lead"),
        "deadline": record["deadline"],
        "deadline_kind": record["deadline_kind"],
    }


def load_json(path: Path):
    return json.loads(path.read_text(encoding="utf-8"))


@pytest.fixture(scope="session")
def samples() -> Path:
    return SAMPLES
