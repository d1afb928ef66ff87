"""Column headers: which column holds the section, task, measure, units, deadline…

Header words vary between notices; grammars/headers.toml lists them per role.
"""
from __future__ import annotations

import re

from .. import grammars
from ..cjk_text import fold, squeeze
from .numbering import leading

ROLES = ("seq", "section", "task", "measure", "units", "lead", "cooperate", "deadline", "other")
# 2022年预期目标: a header may name the plan's year
_YEAR_PREFIX = re.compile(r"^\d{4}年(?:度)?")


def _word(text: str) -> str:
    word = _YEAR_PREFIX.sub("", fold(squeeze(text)).strip("：:*＊|｜"))
    return word.split("、")[0] if "、" in word and len(word) <= 8 else word  # 责任科室、单位


def exact_role(text: str) -> str | None:
    """The role of a header cell that is one of the known header words exactly."""
    word = _word(text)
    for role, words in grammars.load("headers")["exact"].items():
        if word in words:
            return role
    return None


def role_of(text: str) -> str | None:
    """The column role a header cell names, or None (level and target columns are resolved
    by map_header: see there)."""
    g = grammars.load("headers")
    word = _word(text)
    if not word or len(word) > g["limits"]["max_cell_chars"]:
        return None
    if role := exact_role(text):
        return role
    # Root words only for header-like cells: a numbered or punctuated line is content
    # (一、推进重点领域公开 names no column, though it contains 领域).
    if re.search(r"[，,。；;、]", word) or leading(word):
        return None
    for role in g["priority"]:
        if role == "person" and any(root in word for root in g["contains"]["units"]):
            continue  # 责任单位及责任人 names units first
        if any(root in word for root in g["contains"].get(role, [])):
            return role
    return None


def map_header(cells: list[str]) -> dict[int, str] | None:
    """Column index -> role for a header row, or None when the row is not a header."""
    limits = grammars.load("headers")["limits"]
    filled = [(i, c) for i, c in enumerate(cells) if c.strip()]
    if sum(1 for _, c in filled if c.strip().endswith(("：", ":"))) * 2 >= len(filled):
        return None  # 标题： | … : the labels of a page's metadata table, not column headers
    # a column of people (责任领导) is kept as other: its names are not units
    roles = {i: ("other" if (r := role_of(c)) == "person" else r) for i, c in filled}
    mapped = {i: r for i, r in roles.items() if r}
    if len(mapped) < limits["min_roles"] or len(mapped) < len(filled) * 0.6:
        return None
    values = list(mapped.values())
    if not {"measure", "task", "level", "target"} & set(values):
        return None
    # 一级指标 … 五级指标 are nested heading columns; the finest holds the measures.
    for i, r in mapped.items():
        if r == "level":
            mapped[i] = "task"
    # A target column is the measure only where there is no measure column.
    has_measure = "measure" in mapped.values()
    for i, r in mapped.items():
        if r == "target":
            mapped[i] = "other" if has_measure else "measure"
            has_measure = True
    # No measure column: the finest text column holds the measures.
    if "measure" not in mapped.values():
        for level in ("task", "section"):
            cols = [i for i, r in mapped.items() if r == level]
            if cols:
                mapped[cols[-1]] = "measure"
                break
    # Two task columns left (重点任务 | 工作任务 | 具体措施): the outer one is the section level.
    task_cols = [i for i, r in mapped.items() if r == "task"]
    if len(task_cols) > 1 and "section" not in values:
        mapped[task_cols[0]] = "section"
    # A role named twice keeps its first column; later ones are kept as "other". Heading
    # columns (建设任务 | 工作事项 | …) all stay: each is a level of the outline.
    seen: set[str] = set()
    for i in sorted(mapped):
        if mapped[i] in seen and mapped[i] not in ("other", "section", "task"):
            mapped[i] = "other"
        seen.add(mapped[i])
    return mapped
