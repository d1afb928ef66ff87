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
    canonical: str = ""


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
    level_prefix: re.Pattern
    own_scope: re.Pattern
    run_on_cut: re.Pattern
    strong_end: re.Pattern
    strong_suffixes: tuple[str, ...]
    inner_role: re.Pattern
    suffix_words: frozenset[str]


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
        level_prefix=re.compile(f"^(?:{alt(g['names']['level_prefixes'])})(?![{''.join(g['names']['not_prefix_before'])}])"),
        own_scope=re.compile(f"^(?:{alt(g['names']['own_scope_starts'])})"),
        run_on_cut=re.compile(f"(?:{alt(g['names']['strong_suffixes'])})(?=(?:{alt(g['names']['level_prefixes'])}).{{2}})"),
        strong_end=re.compile(f"(?:{alt(g['names']['strong_suffixes'])})$"),
        strong_suffixes=tuple(g["names"]["strong_suffixes"]),
        suffix_words=frozenset(g["names"]["unit_suffixes"]),
        # role words, longest first: 为牵头单位 and 牵头负责 are read whole, never as 牵头 + rest
        inner_role=re.compile(f"(?:{words})"),
    )


def _split_spaces(segment: str, rules: _Rules) -> list[str]:
    """Split on spaces only after a complete name or a role word: 办公室牵头 各科室 -> 2;
    市政务服务数 据管理局 (a PDF line break) stays one name."""
    parts = segment.split(" ")
    out = [parts[0]]
    for part in parts[1:]:
        left = out[-1]
        goes_on = (
            part.startswith(("(", "（"))  # 各科室 (中心): a bracket belongs to the name before it
            or len(_without_role(part, rules).strip("。.，,、")) <= 1  # 各科 室配合: no unit is one character
            or left.count("(") + left.count("（") > left.count(")") + left.count("）")  # (管委 会)
            or part.rstrip("。.") in rules.role_of_word  # 各科室 协办: a role word for the names before
        )
        if rules.unit_end.search(_without_brackets(left)) and not goes_on:
            out.append(part)
        else:
            out[-1] += part
    return [p for p in out if p]


_NOT_A_NAME_START = frozenset("，,、；;。.的等及和（( ")


def _without_role(text: str, rules: _Rules) -> str:
    m = rules.role_suffix.match(text)
    return m.group("names") if m else text


def _split_after_roles(piece: str, rules: _Rules) -> list[str]:
    """政策法规科牵头各科室（中心） -> 政策法规科牵头, 各科室（中心）: a role word inside a run of
    text closes the names before it (a line break where a space was, in a PDF cell)."""
    out, start = [], 0
    for m in rules.inner_role.finditer(piece):
        rest_names = _without_role(piece[m.end():], rules)
        # only where a unit name of its own follows (not 负责统筹, not 牵头, 等 or a bracket)
        if (m.start() > start and len(rest_names) >= 2 and rest_names[0] not in _NOT_A_NAME_START
                and rules.unit_end.search(_without_brackets(rest_names)) and rest_names not in rules.suffix_words):
            out.append(piece[start:m.end()])
            start = m.end()
    out.append(piece[start:])
    return [p for p in out if p]


def _without_brackets(name: str) -> str:
    # 各县(区)人民政府(管委会) ends with 政府 once the trailing bracket is set aside
    return re.sub(r"[（(][^（()）]*[)）]$", "", name) or name


def unify_brackets(name: str) -> str:
    """Half-width brackets and spaces in a name -> 各县（区）人民政府 with full-width brackets."""
    return re.sub(r"\s+", "", name).replace("(", "（").replace(")", "）")


def _split_run_on(name: str, rules: _Rules) -> list[str]:
    """市发改局市财政局 -> 市发改局, 市财政局: names written with no delimiter, cut with jieba
    where one word ends a unit name and the next starts with a level prefix."""
    if len(name) < 6 or not rules.run_on_cut.search(name):
        return [name]
    out, current = [], ""
    for token in _jieba().lcut(name, HMM=False):
        if len(current) >= 3 and rules.strong_end.search(current) and rules.level_prefix.match(token):
            out.append(current)
            current = token
        else:
            current += token
    out.append(current)
    return [n for n in out if n]


@lru_cache(maxsize=None)
def _jieba():
    """jieba, loaded only when a cell runs names together (its dictionary takes a second)."""
    import logging

    import jieba

    jieba.setLogLevel(logging.WARNING)
    for word in _rules().strong_suffixes:
        jieba.add_word(word, freq=100000)
    return jieba


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
            pieces = [p for spaced in _split_spaces(segment.strip(), rules) for p in _split_after_roles(spaced, rules)]
            for piece in pieces:
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
                prefix = None
                for written in rules.name_split.split(names):
                    for name in _split_run_on(clean_name(written), rules):
                        if not name:
                            continue
                        canonical = unify_brackets(name)
                        if level := rules.level_prefix.match(canonical):
                            prefix = level.group(0)
                        elif prefix and not rules.own_scope.match(canonical) and rules.unit_end.search(canonical):
                            canonical = prefix + canonical
                        units.append(NamedUnit(name, role, canonical))
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


@dataclass(frozen=True)
class Assignment:
    """A measure with the units (and deadline) written in brackets at its end."""

    measure: str
    units_raw: str | None
    deadline_raw: str | None


# One level of nested brackets inside: （各县(区)人民政府负责）
_BRACKETED = re.compile(r"[（(]((?:[^（()）]|[（(][^（()）]*[)）])+)[)）]")


@lru_cache(maxsize=None)
def _inline_rules():
    g = grammars.load("units")["inline"]
    alt = grammars.alternation
    return (re.compile(f"^(?:{alt(g['deadline_labels'])})\\s*[:：]\\s*"),
            re.compile(f"^(?:{alt(g['plain_labels'])})\\s*[:：]\\s*"))


def _read_assignment(content: str) -> tuple[str | None, str | None] | None:
    """(units_raw, deadline_raw) when bracketed text assigns units, else None."""
    deadline_label, plain_label = _inline_rules()
    rules = _rules()
    units_parts, deadline = [], None
    for part in re.split(r"[；;]", content):
        part = part.strip()
        if not part:
            continue
        if m := deadline_label.match(part):
            deadline = part[m.end():].strip() or None
            continue
        labelled = bool(rules.label.match(part) or plain_label.match(part))
        has_role = any(u.role != "responsible" for u in split_units(part)) or rules.role_suffix.match(part)
        if not (labelled or (has_role and looks_like_units(part))):
            return None
        units_parts.append(part)
    if not units_parts and deadline is None:
        return None
    # 责任单位：X alone is the generic label: units_raw is X. Beside a 牵头单位：label the
    # labels carry the roles and stay.
    if not any(rules.label.match(p) and not plain_label.match(p) for p in units_parts):
        units_parts = [plain_label.sub("", p) for p in units_parts]
    return ("；".join(units_parts) or None), deadline


def split_assignments(text: str) -> list[Assignment]:
    """Cut text after each bracketed assignment of units: several unnumbered measures of a
    prose paragraph each end with their own. Text with none comes back whole, unassigned."""
    pieces: list[Assignment] = []
    pos = 0
    for m in _BRACKETED.finditer(text):
        found = _read_assignment(m.group(1))
        if found is None:
            continue
        measure = text[pos:m.start()].strip()
        if measure:
            pieces.append(Assignment(measure, *found))
        pos = m.end()
        while pos < len(text) and text[pos] in "。；; ":
            pos += 1
    rest = text[pos:].strip()
    if rest or not pieces:
        pieces.append(Assignment(rest, None, None))
    return pieces
