"""Units cells -> named units with roles, driven by grammars/units.toml.

    市政府办公室、市司法局牵头,市直其他单位按职能分工落实
      -> 市政府办公室 lead, 市司法局 lead, 市直其他单位 cooperate
    各县(区)人民政府(管委会);市直有关单位按职能分工落实
      -> both responsible (no lead before them)
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from .. import grammars
from ..cjk_text import collapse_whitespace


@dataclass(frozen=True)
class NamedUnit:
    name: str
    role: str


@dataclass(frozen=True)
class _Rules:
    clause_split: re.Pattern
    segment_split: re.Pattern
    name_split: re.Pattern
    role_suffix: re.Pattern  # names + role word at the end of a segment
    follow_only: re.Pattern  # a segment that is only a phrase of manner
    follow_suffix: re.Pattern
    label: re.Pattern
    label_roles: dict[str, str]
    strip_suffix: re.Pattern
    strip_prefix: re.Pattern
    unit_end: re.Pattern
    role_of_word: dict[str, str]


@lru_cache(maxsize=None)
def _rules() -> _Rules:
    g = grammars.load("units")
    alt = grammars.alternation
    role_of_word = {}
    for role, words in g["role_suffixes"].items():
        if role != "follow":
            role_of_word.update({w: role for w in words})
    words = alt(list(role_of_word))
    follow = "|".join(f"(?:{p})" for p in g["role_suffixes"]["follow"])
    label_roles = {w: role for role, ws in g["labels"].items() for w in ws}
    return _Rules(
        clause_split=re.compile(f"[{re.escape(g['clause_separators'])}]+"),
        segment_split=re.compile(f"[{re.escape(g['segment_separators'])}]+"),
        name_split=re.compile(f"[{re.escape(g['name_separators'])}]+"),
        role_suffix=re.compile(f"^(?P<names>.*?)\\s*(?P<word>{words})[。.]?$"),
        follow_only=re.compile(f"^(?:{follow})[。.]?$"),
        follow_suffix=re.compile(f"^(?P<names>.+?)\\s*(?:{follow})[。.]?$"),
        label=re.compile(f"^(?P<label>{alt(list(label_roles))})\\s*[:：]\\s*"),
        label_roles=label_roles,
        strip_suffix=re.compile(f"(?:{alt(g['names']['strip_suffixes'])})$"),
        strip_prefix=re.compile(f"^(?:{alt(g['names']['strip_prefixes'])})"),
        unit_end=re.compile(f"(?:{alt(g['names']['unit_suffixes'])}|{words})[)）]?$"),
        role_of_word=role_of_word,
    )


def _split_spaces(segment: str, rules: _Rules) -> list[str]:
    """Split on spaces only after a complete name or a role word: 办公室牵头 各科室 -> 2;
    市政务服务数 据管理局 (a PDF line break) stays one name."""
    parts = segment.split(" ")
    out = [parts[0]]
    for part in parts[1:]:
        if rules.unit_end.search(_without_brackets(out[-1])):
            out.append(part)
        else:
            out[-1] += part
    return [p for p in out if p]


def _without_brackets(name: str) -> str:
    # 各县(区)人民政府(管委会) ends with 政府 once the trailing bracket is set aside
    return re.sub(r"[（(][^（()）]*[)）]$", "", name) or name


def clean_name(name: str) -> str:
    rules = _rules()
    name = name.strip(" 。.：:")
    name = rules.strip_prefix.sub("", name)
    for _ in range(2):
        name = rules.strip_suffix.sub("", name).strip(" 。.")
    return name


def split_units(cell: str | None) -> list[NamedUnit]:
    """The units named in a cell, in order, each with its role."""
    if not cell:
        return []
    rules = _rules()
    text = collapse_whitespace(cell.replace("\n", "；"))
    units: list[NamedUnit] = []
    lead_seen = False
    for clause in rules.clause_split.split(text):
        clause = clause.strip()
        label_role = None
        m = rules.label.match(clause)
        if m:
            label_role = rules.label_roles[m.group("label")]
            clause = clause[m.end():]
        for segment in rules.segment_split.split(clause):
            for piece in _split_spaces(segment.strip(), rules):
                if rules.follow_only.match(piece):
                    continue  # 按职能分工落实 alone: the role of names already placed stands
                role, names = label_role, piece
                m = rules.follow_suffix.match(piece)
                if m:
                    names = m.group("names")
                else:
                    m = rules.role_suffix.match(piece)
                    if m and m.group("names"):
                        names, role = m.group("names"), rules.role_of_word[m.group("word")]
                if role is None:
                    role = "cooperate" if lead_seen else "responsible"
                for name in rules.name_split.split(names):
                    name = clean_name(name)
                    if name:
                        units.append(NamedUnit(name, role))
                if role == "lead":
                    lead_seen = True
    return units


def looks_like_units(text: str) -> bool:
    """Whether a line is a units cell (in a table flattened one cell per line)."""
    if not text or len(text) > 120 or re.search(r"[。！？]", text.rstrip("。")):
        return False
    units = split_units(text)
    if not units:
        return False
    rules = _rules()
    return all(rules.unit_end.search(_without_brackets(u.name)) and len(u.name) <= 30 for u in units)
