"""Loads the rule files in grammars/ (TOML), wherever the package is installed.

In a wheel the files sit inside the package (gongkai_parse/grammars); in an editable
install they are read from the repository's top-level grammars/ folder.
"""
from __future__ import annotations

import re
import sys
from functools import lru_cache
from pathlib import Path

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10
    import tomli as tomllib


def grammar_dir() -> Path:
    inside = Path(__file__).parent / "grammars"
    if inside.is_dir():
        return inside
    repo = Path(__file__).resolve().parents[2] / "grammars"
    if repo.is_dir():
        return repo
    raise RuntimeError(f"grammar files not found (looked in {inside} and {repo})")


@lru_cache(maxsize=None)
def load(name: str) -> dict:
    """The parsed rule file grammars/<name>.toml."""
    with open(grammar_dir() / f"{name}.toml", "rb") as f:
        return tomllib.load(f)


def alternation(words: list[str]) -> str:
    """A regex alternation of literal words, longest first so 牵头负责 wins over 牵头."""
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))
