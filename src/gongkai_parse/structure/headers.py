"""Column headers: which column holds the section, task, measure, units, deadline…

Header words vary between notices; grammars/headers.toml lists them per role.
"""
from __future__ import annotations

import re

from .. import grammars
from ..cjk_text import squeeze
from .numbering import leading_any

ROLES = ("seq", "section", "task", "measure", "units", "lead", "cooperate", "deadline", "other")


def role_of(text: str) -> str | None:
    """The column role a header cell names, or None."""
    g = grammars.load("headers")
    word = squeeze(text).strip("：:*＊")
    if not word or len(word) > g["limits"]["max_cell_chars"]:
        return None
    for role, words in g["exact"].items():
        if word in words:
            return role
    # Root words only for header-like cells: a numbered or punctuated line is content
    # (一、推进重点领域公开 names no column, though it contains 领域).
    if re.search(r"[，,。；;、]", word) or leading_any(word):
        return None
    for role in g["priority"]:
        if any(root in word for root in g["contains"].get(role, [])):
            return role
    return None


def map_header(cells: list[str]) -> dict[int, str] | None:
    """Column index -> role for a header row, or None when the row is not a header."""
    limits = grammars.load("headers")["limits"]
    filled = [(i, c) for i, c in enumerate(cells) if c.strip()]
    roles = {i: role_of(c) for i, c in filled}
    mapped = {i: r for i, r in roles.items() if r}
    if len(mapped) < limits["min_roles"] or len(mapped) < len(filled) * 0.6:
        return None
    values = list(mapped.values())
    if "measure" not in values and "task" not in values:
        return None
    # Two task columns (重点任务 | 工作任务): the outer one is the section level.
    task_cols = [i for i, r in mapped.items() if r == "task"]
    if len(task_cols) > 1 and "section" not in values:
        mapped[task_cols[0]] = "section"
    # No measure column: the finest text column holds the measures.
    if "measure" not in mapped.values():
        for level in ("task", "section"):
            cols = [i for i, r in mapped.items() if r == level]
            if cols:
                mapped[cols[-1]] = "measure"
                break
    # A role named twice keeps its first column; later ones are kept as "other".
    seen: set[str] = set()
    for i in sorted(mapped):
        if mapped[i] in seen and mapped[i] != "other":
            mapped[i] = "other"
        seen.add(mapped[i])
    return mapped
