"""The units grammar: a units text -> unit names with roles, and what could not be read.

    市财政局、市税务局分别牵头落实        -> 市财政局 lead, 市税务局 lead
    市法制局牵头,市有关单位,各县(市、区)人民政府(管委会)负责
                                      -> lead, responsible, responsible
    牵头单位：县发改局；责任单位：各乡（镇、街道）人民政府
                                      -> lead, responsible (one unit: brackets do not split)
    政务服务科做好资金保障              -> 政务服务科 responsible, leftover 做好资金保障

One reader for every place a units text occurs (a column cell, a bracket after a measure, a
labelled line); its vocabulary is grammars/units.toml. The same reading answers "is this a
units text?" for the structure stage: it reads wholly as names, with nothing left over.
Matching runs on the text folded to simplified characters; names are cut from the text as
written.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from .. import grammars
from ..cjk_text import collapse_whitespace, fold, remove_cjk_spaces

ROLE_STRENGTH = {"lead": 3, "cooperate": 2, "responsible": 1}
_OPEN, _CLOSE = "（(〔[【", "）)〕]】"


@dataclass(frozen=True)
class NamedUnit:
    name: str
    role: str
    canonical: str = ""
    headed: bool = True  # the name ends in a known head noun (局, 委, 中心, 人民政府 …)


@dataclass(frozen=True)
class UnitsReading:
    units: tuple[NamedUnit, ...] = ()
    leftovers: tuple[str, ...] = ()  # text cut from the names: predicates, stray words
    persons: tuple[str, ...] = ()  # people named under 责任领导：… (never units)
    labelled: bool = False  # a units label (牵头单位：, 责任单位：) was read

    @property
    def mostly_units(self) -> bool:
        """Read as units with a few names the vocabulary lacks (区商务 among twelve bureaus):
        enough for a cell standing where units stand."""
        headed = sum(1 for u in self.units if u.headed)
        short = all(u.headed or len(u.name) <= 5 for u in self.units)  # 配备自助查询终端 is text
        return len(self.units) >= 3 and not self.leftovers and short and headed * 4 >= len(self.units) * 3

    @property
    def is_units(self) -> bool:
        """Read wholly as units: at least one name, each with a head noun, nothing left over."""
        return bool(self.units) and not self.leftovers and all(u.headed for u in self.units)


@dataclass(frozen=True)
class _Grammar:
    clause_seps: str
    list_seps: str
    head_end: re.Pattern
    no_cut_heads: frozenset[str]
    branch_end: re.Pattern
    superior_end: re.Pattern
    division_end: re.Pattern
    weak_heads: frozenset[str]
    parent_end: re.Pattern
    level_start: re.Pattern
    scope_start: re.Pattern
    fragments: frozenset[str]
    role_end: re.Pattern
    role_inner: re.Pattern
    role_bracket_end: re.Pattern
    verb_role: dict[str, str]
    alone_verbs: frozenset[str]
    partner_end: re.Pattern
    verb: re.Pattern
    manner: re.Pattern
    tail: re.Pattern
    prefix: re.Pattern
    label: re.Pattern
    label_roles: tuple[tuple[str, re.Pattern], ...]
    predicate_start: re.Pattern


@lru_cache(maxsize=None)
def _grammar() -> _Grammar:
    g = grammars.load("units")
    alt = grammars.alternation
    roles = g["roles"]
    verb_role = {w: role for role in ("responsible", "cooperate", "lead") for w in roles[role]}
    verb_role.update({w: "lead" for w in roles["lead_alone"]})
    verbs = alt(list(verb_role))
    manner = "|".join(f"(?:{p})" for p in roles["manner"])
    # 为? (adverb | manner)* verb+ closer?
    phrase = (f"(?:{alt(roles['openers'])})?(?:{alt(roles['adverbs'])}|{manner})*"
              f"(?:{verbs})+(?:{alt(roles['closers'])})?")
    heads = g["heads"]
    level_not = alt(heads["level_not_before"])
    labels = g["labels"]
    return _Grammar(
        clause_seps=g["separators"]["clause"],
        list_seps=g["separators"]["list"],
        head_end=re.compile(f"(?:{alt(heads['words'])})$"),
        # heads after which no second name starts: places (住房城乡建设局) and weak heads
        no_cut_heads=frozenset(heads["levels"] + heads["weak"] + ["乡镇", "镇街", "县区", "县市区", "区县", "社区",
                                                                  "开发区", "高新区", "经开区", "园区", "新区", "片区"]),
        branch_end=re.compile(f"(?:{alt(heads['branch'])})$"),
        superior_end=re.compile(f"(?:{alt(heads['superior'])})$"),
        division_end=re.compile(f"(?:{alt(heads['division'])})$"),
        weak_heads=frozenset(heads["weak"]),
        parent_end=re.compile(f"(?:{alt(heads['parent'])})$"),
        level_start=re.compile(f"^(?:{alt(heads['levels'])})(?!{level_not})"),
        scope_start=re.compile(f"^(?:{alt(heads['scopes'])})"),
        fragments=frozenset(heads["fragments"]),
        role_end=re.compile(f"^(?P<names>.*?)(?P<role>{phrase})$"),
        role_inner=re.compile(phrase),
        role_bracket_end=re.compile(f"^(?P<names>.*?)[（(](?P<role>{phrase})[)）]$"),
        verb_role=verb_role,
        alone_verbs=frozenset(roles["lead_alone"]),
        partner_end=re.compile(f"(?:{alt(roles['lead_with_partners'])})$"),
        verb=re.compile(verbs),
        manner=re.compile(manner),
        tail=re.compile(g["tails"]["pattern"]),
        prefix=re.compile(f"^(?:{alt(g['tails']['prefixes'])})"),
        label=re.compile(f"^(?P<label>[^：:，,、；;（()）]{{1,{labels['max_chars']}}})\\s*[：:]\\s*"),
        label_roles=tuple((role, re.compile(alt(labels[role])))
                          for role in ("person", "lead", "cooperate", "responsible")),
        predicate_start=re.compile(f"^(?:{alt(g['leftover']['predicate_starts'])})"),
    )


# ---------------------------------------------------------------- splitting outside brackets

def _depths(text: str) -> list[int]:
    """Bracket depth at each offset (an opening bracket is already inside)."""
    out, depth = [], 0
    for ch in text:
        if ch in _OPEN:
            depth += 1
        out.append(depth)
        if ch in _CLOSE and depth:
            depth -= 1
    return out


def _split_outside(text: str, separators: str) -> list[str]:
    """Pieces of text cut at separators that stand outside brackets."""
    pieces, start = [], 0
    for i, (ch, depth) in enumerate(zip(text, _depths(text))):
        if ch in separators and depth == 0:
            pieces.append(text[start:i])
            start = i + 1
    pieces.append(text[start:])
    return pieces


def _without_alias(key: str) -> str:
    """各县(区)人民政府(管委会) -> 各县(区)人民政府: a trailing bracket is an alias or a note."""
    while key and key[-1] in _CLOSE:
        depths = _depths(key)
        opening = max((i for i, ch in enumerate(key) if ch in _OPEN and depths[i] == 1), default=-1)
        if opening <= 0:
            break
        key = key[:opening].rstrip()
    return key


# ---------------------------------------------------------------- names

def _head(key: str) -> str | None:
    m = _grammar().head_end.search(_without_alias(key))
    return m.group(0) if m else None


def _ends_name(key: str) -> bool:
    """Whether text ends like a complete name, so a space or line break after it separates:
    a weak head (社, 会) does not count (市人力资源和社会 保障局 is one name cut by a wrap)."""
    head = _head(key)
    return head is not None and head not in _grammar().weak_heads


def _modifier(key: str, head: str) -> str:
    """What stands between a name's scope/level prefix and its head noun."""
    g = _grammar()
    core = _without_alias(key)[: -len(head)]
    for _ in range(2):  # 各县 / 市直各
        m = g.scope_start.match(core) or g.level_start.match(core)
        if not m:
            break
        core = core[m.end():]
    return core


def is_name(key: str) -> bool:
    """A complete unit name: something before a head noun (局 alone is not a name)."""
    head = _head(key)
    return bool(head) and len(_without_alias(key)) > len(head)


def _run_on_cut(key: str) -> int | None:
    """Where two names run together with no separator split (市发改局市财政局,
    派出所工商质监所), or None. One name: a body and its subordinate (县公安局城关派出所,
    市生态环境局咸安分局), a level word inside a name (住房城乡建设局), an organ of a level
    (市委宣传部, 市政府办公室)."""
    g = _grammar()
    depths = _depths(key)
    for i in range(2, len(key) - 1):
        if depths[i] or key[i] in _OPEN or depths[i - 1]:
            continue
        left, right = key[:i], key[i:]
        head = _head(left)
        if not head or head in g.no_cut_heads or not _modifier(left, head) or g.parent_end.search(left):
            continue
        right_head = _head(right)
        if not right_head or not is_name(right) or g.predicate_start.match(right):
            continue
        branch = g.branch_end.search(_without_alias(right))
        if (g.level_start.match(right) or g.scope_start.match(right)) and not (branch and not _modifier(right, branch.group(0))):
            return i  # a new level starts a new name (but 县支行 is a branch of the bank before)
        if g.superior_end.search(left):
            continue  # a body's branch or subordinate (市公安局交通警察支队, 县公安局城关派出所)
        if g.division_end.search(_without_alias(right)):
            continue
        if len(_modifier(right, right_head)) >= 2 and not g.head_end.match(right):
            return i
    return None


def _split_run_on(text: str, key: str) -> list[tuple[str, str]]:
    out = []
    while (cut := _run_on_cut(key)) is not None:
        out.append((text[:cut], key[:cut]))
        text, key = text[cut:], key[cut:]
    out.append((text, key))
    return out


def unify_brackets(name: str) -> str:
    """Half-width brackets and spaces in a name -> 各县（区）人民政府 with full-width brackets."""
    return re.sub(r"\s+", "", name).replace("(", "（").replace(")", "）")


# ---------------------------------------------------------------- role phrases and labels

def _phrase_role(phrase_key: str) -> str | None:
    """The strongest verb of a role phrase decides; a phrase of manner (按职能分工落实)
    with no stronger verb than 落实 follows the names before it ("follow"). A verb that is
    a role only alone (指导) counts only as the whole phrase: None for 加强督促指导."""
    g = _grammar()
    verbs = [m.group(0) for m in g.verb.finditer(phrase_key)]
    if verbs and all(v in g.alone_verbs for v in verbs):
        return g.verb_role[verbs[0]] if phrase_key in g.alone_verbs else None
    best = max((g.verb_role[v] for v in verbs if v not in g.alone_verbs),
               key=ROLE_STRENGTH.get, default="responsible")
    if best == "responsible" and g.manner.search(phrase_key):
        return "follow"
    return best


def units_label(text: str) -> tuple[str, int] | None:
    """(role, end offset) of a units label opening text (牵头单位： -> lead; 责任领导： ->
    person), or None."""
    m = _grammar().label.match(fold(text))
    role = _label_role(m.group("label")) if m else None
    return (role, m.end()) if role else None


def _label_role(label_key: str) -> str | None:
    for role, words in _grammar().label_roles:
        if words.search(label_key):
            return role
    return None


@dataclass
class _Piece:
    text: str  # as written
    key: str  # folded, same length

    def cut(self, start: int, end: int | None = None) -> "_Piece":
        return _Piece(self.text[start:end], self.key[start:end])

    def strip(self, chars: str = " 。.；;，,、：:") -> "_Piece":
        left = len(self.key) - len(self.key.lstrip(chars))
        right = len(self.key.rstrip(chars))
        return self.cut(left, max(left, right))


def _names_and_role(piece: _Piece) -> tuple[_Piece, str | None]:
    """Split a role phrase off the end: 市财政局分别牵头落实 -> 市财政局, lead."""
    g = _grammar()
    for pattern in (g.role_bracket_end, g.role_end):
        m = pattern.match(piece.key)
        if m and _has_name_before(m.group("names")) and (role := _phrase_role(m.group("role"))):
            # 指导 alone is a role only right after a name (not 加强业务指导)
            if m.group("role") not in g.alone_verbs or _ends_name(_tail_cut(piece.cut(0, m.end("names"))).key.strip()):
                return piece.cut(0, m.end("names")), role
    # 按职责根据需要发布: a phrase of manner runs to the end of the piece
    m = g.manner.search(piece.key)
    if m and (m.start() == 0 or _has_name_before(piece.key[: m.start()])):
        return piece.cut(0, m.start()), "follow"
    m = g.role_end.fullmatch(piece.key)
    if m and not m.group("names") and (role := _phrase_role(piece.key)):
        # a role phrase alone (协办): it governs the names before it
        return piece.cut(0, 0), role
    return piece, None


def _has_name_before(key: str) -> bool:
    """Names before a role phrase: not nothing, and not a bare scope (各实施单位 is a name)."""
    key = key.strip()
    if not key:
        return False
    g = _grammar()
    m = g.scope_start.match(key)
    return not (m and m.end() == len(key))


def _split_spaces(piece: _Piece) -> list[_Piece]:
    """A space separates two units only after a complete name or a role phrase:
    办公室牵头 各科室 -> 2; 市政务服务数 据管理局 (a PDF line break) stays one name."""
    depths = _depths(piece.key)
    cuts = [i for i, ch in enumerate(piece.key) if ch == " " and depths[i] == 0]
    parts, start = [], 0
    for cut in cuts + [len(piece.key)]:
        parts.append(piece.cut(start, cut))
        start = cut + 1
    parts = [p for p in parts if p.key.strip()]
    if not parts:
        return []
    out = [parts[0]]
    for part in parts[1:]:
        left = out[-1]
        names, role = _names_and_role(part)
        goes_on = (part.key.lstrip()[:1] in _OPEN or len(names.key.strip(" 。.，,、")) <= 1
                   or (role and not names.key.strip()) or part.key.startswith("等"))
        left_names, left_role = _names_and_role(left)
        complete = left_role is not None or _ends_name(_tail_cut(left_names).key.strip())
        if complete and not goes_on:
            out.append(part)
        else:
            out[-1] = _Piece(left.text + part.text, left.key + part.key)
    return out


def _split_inner_roles(piece: _Piece) -> list[_Piece]:
    """政策法规科牵头各科室（中心） -> 政策法规科牵头 | 各科室（中心）: a role phrase inside a run
    of text closes the names before it when a name of its own follows."""
    g = _grammar()
    out, start = [], 0
    for m in g.role_inner.finditer(piece.key):
        if _phrase_role(m.group(0)) is None:
            continue
        before, after = piece.key[start:m.start()], piece.key[m.end():]
        rest, _ = _names_and_role(_Piece(after, after))
        rest_key = _tail_cut(rest).key.strip()
        if (m.end() < len(piece.key) and _head(before.strip()) and is_name(rest_key)
                and rest_key[:1] not in "等" + _OPEN and not g.predicate_start.match(after)):
            out.append(piece.cut(start, m.end()))
            start = m.end()
    out.append(piece.cut(start))
    return [p for p in out if p.key.strip()]


def _split_bracket_roles(piece: _Piece) -> list[_Piece]:
    """县卫健局（牵头）县医保局（配合） -> 县卫健局（牵头） | 县医保局（配合）: a bracketed role
    closes the name before it, so a name written right after it is a unit of its own."""
    g = _grammar()
    out, start = [], 0
    for m in re.finditer(r"[（(][^（()）]{1,12}[)）]", piece.key):
        inner = m.group(0)[1:-1]
        if not g.role_end.fullmatch(inner) or _phrase_role(inner) is None:
            continue
        rest_key = _tail_cut(_names_and_role(piece.cut(m.end()))[0]).key.strip()
        if _head(piece.key[start:m.start()].strip()) and is_name(rest_key):
            out.append(piece.cut(start, m.end()))
            start = m.end()
    out.append(piece.cut(start))
    return [p for p in out if p.key.strip()]


# A person written in brackets after a unit (市农业农村局（张某某）): two to four characters
# that are no unit, level or role; dropped like the names under 责任领导：.
_PERSON_BRACKET = re.compile(r"[（(](?P<people>[\u4e00-\u9fff]{2,4}(?:[、，,][\u4e00-\u9fff]{2,4})*)[)）]$")


def _person_bracket(key: str) -> re.Match | None:
    m = _PERSON_BRACKET.search(key)
    if not m or m.start() == 0:
        return None
    g = _grammar()
    for person in re.split(r"[、，,]", m.group("people")):
        if (g.head_end.search(person) or g.level_start.match(person) or g.scope_start.match(person)
                or g.verb.search(person) or person in g.fragments):
            return None
    return m


def _tail_cut(piece: _Piece) -> _Piece:
    m = _grammar().tail.search(piece.key)
    return piece.cut(0, m.start()) if m and m.start() > 0 else piece


@dataclass
class _Name:
    text: str
    key: str
    headed: bool


def _read_names(piece: _Piece, leftovers: list[str], persons: list[str] | None = None) -> list[_Name]:
    """The names in a piece with its role phrase removed: tails and a leading 由 cut, names
    run together split, a person in brackets after a name dropped (into persons), a
    predicate after a name cut off as a leftover."""
    g = _grammar()
    piece = _tail_cut(piece.strip()).strip()
    if m := _person_bracket(piece.key):
        if persons is not None:
            persons.extend(re.split(r"[、，,]", remove_cjk_spaces(piece.text[m.start("people"):m.end("people")])))
        piece = piece.cut(0, m.start()).strip()
    if m := g.prefix.match(piece.key):
        piece = piece.cut(m.end())
    if not piece.key:
        return []
    names = []
    for text, key in _split_run_on(piece.text, piece.key):
        name = _Piece(text, key)
        if _head(key) is None or _head(key) in g.weak_heads:
            name, rest = _cut_predicate(name)
            if rest:
                leftovers.append(remove_cjk_spaces(rest))
            if not name.key:
                continue
        names.append(_Name(remove_cjk_spaces(name.text), name.key, _head(name.key) is not None))
    return names


def _cut_predicate(piece: _Piece) -> tuple[_Piece, str]:
    """市财政局做好资金保障 -> 市财政局, 做好资金保障. A headless text that is only a
    predicate is all leftover; one that is not (政府网站, 移动) stays a name."""
    g = _grammar()
    if g.predicate_start.match(piece.key):
        return piece.cut(0, 0), piece.text
    for i in range(1, len(piece.key) - 1):
        head = _head(piece.key[:i])
        if head and head not in g.weak_heads and g.predicate_start.match(piece.key[i:]):
            return piece.cut(0, i), piece.text[i:]
    return piece, ""


# ---------------------------------------------------------------- the reader

@lru_cache(maxsize=4096)  # units cells repeat (各区县人民政府 down a whole table); a reading is immutable
def read_units(text: str | None, column: str | None = None) -> UnitsReading:
    """The units named in a text, in order, each with its role.

    column: "lead" or "cooperate" when the text sits in a 牵头单位 / 配合单位 column.
    Role, strongest first: a label (牵头单位：) > a role phrase after the names > cooperate
    after a lead > the column > responsible."""
    if not text or not text.strip():
        return UnitsReading()
    g = _grammar()
    source = _labels_on_lines(_join_wrapped_lines(collapse_whitespace(text)))
    key = fold(source)
    units: list[NamedUnit] = []
    leftovers: list[str] = []
    persons: list[str] = []
    lead_seen = False
    lead_written_here = False  # a lead written with a role phrase under the current label
    labelled = False
    label: str | None = None  # the role of the current label, or "person"

    def place(names: list[_Name], role: str | None) -> None:
        nonlocal lead_seen, lead_written_here
        if role == "follow":
            role = "cooperate" if lead_seen else "responsible"
        if label in ("lead", "cooperate"):
            role = label
        elif label == "responsible":
            # the generic 责任单位：is like a 责任单位 column: a role phrase written in it wins
            # (责任单位：市财政局牵头，市直各部门配合), names after a lead written so cooperate;
            # after a 牵头单位：label it names the responsible units
            role = role or ("cooperate" if lead_written_here else "responsible")
        # names the column alone makes lead (县委办、县政府办 under 牵头单位) are all lead
        written_lead = role == "lead"
        if role is None:
            role = "cooperate" if lead_seen else (column or "responsible")
        for n in names:
            units.append(NamedUnit(n.text, role, "", n.headed))
        if written_lead and names:
            lead_seen = True
            lead_written_here = label == "responsible"

    offset = 0
    for clause_text in _split_outside(source, g.clause_seps + "\n"):
        clause = _Piece(clause_text, key[offset:offset + len(clause_text)])
        offset += len(clause_text) + 1
        label, lead_written_here = None, False
        group: list[_Name] = []  # names waiting for a role phrase after them
        partners_next = False  # after A会同: the names next are A's partners
        for piece in _pieces(clause, g.list_seps):
            piece = piece.strip()
            if not piece.key:
                continue
            # 责任单位：牵头单位：… : a label inside a generic one is the one that counts
            while (m := g.label.match(piece.key)) and (role := _label_role(m.group("label"))) is not None:
                place(group, None)
                group = []
                label, labelled, lead_written_here = role, True, False
                piece = piece.cut(m.end()).strip()
            if label == "person":
                persons.extend(remove_cjk_spaces(p.text) for p in _split_spaces(piece) if p.key.strip())
                continue
            for part in (r for p in _split_spaces(piece) for q in _split_bracket_roles(p)
                         for r in _split_inner_roles(q)):
                names, role = _names_and_role(part.strip())
                group.extend(_read_names(names, leftovers, persons))
                if role is not None:
                    if partners_next and role in ("responsible", "follow"):
                        role = "cooperate"  # 市财政局会同市发改委负责: 负责 is the pair's duty
                    partners_next = bool(g.partner_end.search(part.key.strip()))
                    place(group, role)
                    group = []
        place(group, None)
    return UnitsReading(tuple(_canonical(units)), tuple(x for x in leftovers if x), tuple(persons), labelled)


_SPACED_LABEL = re.compile(r"[ \u3000]+(?=(?P<label>[^：:，,、；;（()）\s]{1,10})[：:])")


def _labels_on_lines(text: str) -> str:
    """牵头领导：刘某　主责单位：县城管局 -> two clauses: a label after a space starts one of its
    own, so the names under a person label end there."""
    return _SPACED_LABEL.sub(lambda m: "\n" if _label_role(fold(m.group("label"))) is not None else m.group(0), text)


def _join_wrapped_lines(text: str) -> str:
    """Lines of a cell are units of their own (办公室\n各科室) unless the line before stops
    short of a name: 县发展和改革\n局 is one name wrapped in a narrow column."""
    lines = text.split("\n")
    out = lines[0]
    for line in lines[1:]:
        before = _Piece(out.split("\n")[-1], fold(out.split("\n")[-1])).strip(" ")
        names, role = _names_and_role(before)
        complete = (role is not None or before.key[-1:] in "、，,；;。：:" or not before.key
                    or _ends_name(_tail_cut(names).key.strip()))
        starts_label = bool(_grammar().label.match(fold(line.strip())))
        wraps = not starts_label and (not complete or line.strip()[:1] in _OPEN or len(line.strip()) <= 1)
        out += ("" if wraps else "\n") + line
    return out


def _pieces(clause: _Piece, separators: str) -> list[_Piece]:
    """The clause cut at list separators outside brackets; 各县、市、区政府 is one piece: a
    piece that is only a level word is no name of its own, so the run it stands in is one
    unit, its separators kept."""
    g = _grammar()
    spans, start = [], 0
    for text in _split_outside(clause.text, separators):
        spans.append([start, start + len(text)])
        start += len(text) + 1
    merged: list[list[int]] = []
    join_next = False
    for span in spans:
        bare = clause.key[span[0]:span[1]].strip() in g.fragments
        if merged and (bare or join_next):
            merged[-1][1] = span[1]
        else:
            merged.append(span)
        join_next = bare
    return [clause.cut(a, b) for a, b in merged]


def _canonical(units: list[NamedUnit]) -> list[NamedUnit]:
    """A level prefix a list shares restored: 市教育局、生态环境局 -> 市生态环境局."""
    g = _grammar()
    out, prefix = [], None
    for u in units:
        canonical = unify_brackets(u.name)
        key = fold(canonical)
        if m := g.level_start.match(key):
            prefix = canonical[: m.end()]
        elif prefix and not g.scope_start.match(key) and u.headed:
            canonical = prefix + canonical
        out.append(NamedUnit(u.name, u.role, canonical, u.headed))
    return out


def has_role_phrase(text: str) -> bool:
    """Whether a text gives a unit a role in words (由县财政局负责, 市住建局牵头), not only
    lists names."""
    key = fold(text)
    return any(_phrase_role(m.group(0)) for m in _grammar().role_inner.finditer(key))


def looks_like_units(text: str) -> bool:
    """Whether a line or cell is a units text and nothing else: no sentence, every name a
    known kind of unit, or a few unknown ones among many (区商务 among twelve bureaus)."""
    if not text or len(text) > 200 or re.search(r"[。！？!?]", text.rstrip("。. ")):
        return False
    reading = read_units(text)
    return reading.is_units or reading.mostly_units
