"""Plans written as prose into the outline: numbered items nested by style, unnumbered
title lines as headings, units and deadlines attached wherever they are written.

    一、深化重点领域信息公开
    （一）推进商务规划主动公开。主动公开临沂商务发展规划…     <- a title, then its measure
    1.地区生产总值增长8%以上。（责任领导：张某；牵头单位：区发改局）
    1.地区生产总值增长5%左右。
    牵头单位：区发改委                                        <- labelled lines after an item
    ● 白茶市场存在…
    （主体责任：白茶村委会，监督责任：市工商局）                 <- a bracket line after an item

Items may each have a line, or share one long line (text copied off a web page).
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from .. import grammars
from ..cjk_text import SENTENCE_END, fold, remove_cjk_spaces
from ..fragments import numbering
from ..fragments.deadlines import looks_like_deadline, shared_deadline
from ..fragments.titles import title_ending
from ..fragments.units import has_role_phrase, looks_like_units, units_label
from ..layout import TextLine
from .inline import deadline_label, read_assignment, split_assignments, split_deadline
from .outline import Node, Outline

_SENTENCE = re.compile(r"[。；;！!？?：:]")
_MEASURE_STYLES = (None, "arabic", "paren_arabic", "circled", "bullet")
_TITLE_END = re.compile(r"[。；;]")
_WHOLE_BRACKET = re.compile(r"^\s*[（(【\[]((?:[^（()）【】\[\]]|[（(][^（()）]*[)）])+)[)）】\]]\s*[。；;]?\s*$")
_TRAILING_UNITS = re.compile(r"(?<=[。])\s*(?P<units>[^。；;：:]+?)[。；;]?\s*$")
_TRAILING_LABEL = re.compile(r"(?:^|(?<=[。；;]))\s*(?P<label>[^。；;：:]{2,10})[:：](?P<rest>[^。]*)[。；;]?\s*$")


@dataclass
class _Piece:
    enum: numbering.Enumerator | None
    text: str
    line: TextLine
    start: int  # where its text begins in the line

    def page(self, offset: int = 0) -> int | None:
        return self.line.page_at(self.start + offset)


def _split_line(line: TextLine, last: dict[str, int]) -> list[_Piece]:
    """Cut a line where items begin: at its start any enumerator; inside it only one that
    goes on from the numbers before (一、… （一）… （二）… on one line copied from a page),
    so a number cited in a sentence stays text."""
    cuts: list[numbering.Enumerator] = []
    first = numbering.leading(line)
    if first is not None:
        cuts.append(first)
        last[first.style] = first.n
    pos = first.end if first else 0
    while True:
        found = None
        for style in ("cn", "paren_cn", "arabic", "paren_arabic", "circled"):
            for e in numbering.inline(line, style, pos):
                if e.n == last.get(style, 0) + 1 or (e.n == 1 and style in last):
                    if found is None or e.start < found.start:
                        found = e
                    break
        if found is None:
            break
        cuts.append(found)
        last[found.style] = found.n
        pos = found.end
    pieces: list[_Piece] = []
    if not cuts or cuts[0].start > 0 and line[: cuts[0].start].strip():
        stop = cuts[0].start if cuts else len(line)
        pieces.append(_Piece(None, line[:stop].strip(), line, 0))
    for k, e in enumerate(cuts):
        stop = cuts[k + 1].start if k + 1 < len(cuts) else len(line)
        pieces.append(_Piece(e, line[e.end:stop].strip(), line, e.end))
    return [p for p in pieces if p.text or p.enum]


@lru_cache(maxsize=None)
def _marker() -> re.Pattern:
    """附件1, or a plan's own title: the plan starts after the last one before its items."""
    return re.compile(f"^(?:附件\\s*\\d*\\s*[:：]?\\s*$|[^。；;，,：:]{{6,40}}(?:{title_ending()})$)")


@lru_cache(maxsize=None)
def _date_line() -> re.Pattern:
    return re.compile(grammars.load("metadata")["patterns"]["date_line"])


def _is_title_like(text: str) -> bool:
    """A short line with no sentence in it (加强基础设施建设, 整改较好的点位)."""
    t = text.strip()
    if t.endswith("。") and len(t) <= 20:
        t = t[:-1]  # 整改较好的点位。
    return (2 <= len(t) <= 30 and not _SENTENCE.search(t) and not re.search(r"[，,]", t) and not _WHOLE_BRACKET.match(t)
            and not looks_like_deadline(t) and not re.search(r"\d{4}年\d", t))


def plan_start(pieces: list[_Piece]) -> int | None:
    """Index of the first piece of the plan: the first item after the last 附件 line or plan
    title that items follow, with the title lines just before it that head it."""
    items = [i for i, p in enumerate(pieces) if p.enum is not None]
    if not items:
        return None
    markers = [i for i, p in enumerate(pieces) if p.enum is None and _marker().match(p.text.strip())]
    after = [m for m in markers if any(i > m for i in items)]
    first = next(i for i in items if i > after[-1]) if after else items[0]
    k = first
    while k - 1 >= 0 and first - (k - 1) <= 3 and pieces[k - 1].enum is None and _is_title_like(pieces[k - 1].text) \
            and not (after and k - 1 <= after[-1]):
        k -= 1
    return k


def read_prose(outline: Outline, lines: list[TextLine], is_end) -> tuple[int, list[str]] | None:
    """Feed a prose plan into the outline. Returns (index of the line where the plan starts,
    text inside the plan that became no record), or None when there is no numbered plan."""
    last: dict[str, int] = {}
    pieces: list[_Piece] = []
    line_of: list[int] = []
    for index, line in enumerate(lines):
        for piece in _split_line(line, last):
            pieces.append(piece)
            line_of.append(index)
    start = plan_start(pieces)
    if start is None:
        return None
    reader = _ProseReader(outline)
    for k in range(start, len(pieces)):
        piece = pieces[k]
        if piece.enum is None and (is_end(piece.text) or _date_line().match(piece.text)) and outline.root.children:
            break  # end matter, or the signature's date
        if piece.enum is not None:
            reader.item(piece)
        else:
            reader.line(piece, pieces[k + 1] if k + 1 < len(pieces) else None)
    reader.finish()
    return line_of[start], reader.unplaced


class _ProseReader:
    """The state of a prose plan being read: the items waiting for units written after
    them, and whether they have had them."""

    def __init__(self, outline: Outline) -> None:
        self.outline = outline
        self.unplaced: list[str] = []
        self.pending: list[Node] = []  # items since the last units/deadline written after them
        self.attached = False  # the pending items have had units or a deadline after them
        self.heading: Node | None = None  # the heading just opened, nothing under it yet

    def new_item(self, node: Node) -> Node:
        if self.attached:
            self.pending, self.attached = [], False
        self.pending.append(node)
        self.heading = None
        return node

    @property
    def open_item(self) -> Node | None:
        """The item still open for more text: the last one, with no units after it yet."""
        return self.pending[-1] if self.pending and not self.attached else None

    def item(self, piece: _Piece) -> None:
        """A numbered item: placed by its numbering style, with the units written in it."""
        (body, fields), *more = cut_attachments(piece.text)
        # with one level above a measure, 一、 heads a section, （一） or 1. a task
        column = "section" if piece.enum.kind == "section" else "task"
        no = None if piece.enum.style == "bullet" else piece.enum.no  # ● is no number
        node = self.outline.open(Node(remove_cjk_spaces(body), no, ("prose", piece.enum.style), column,
                                      piece.enum.n or None, piece.page(), fields=fields, source=piece.text))
        self.new_item(node)
        for body, fields in more:  # measures after it in the same paragraph, each assigned
            _sibling(self.outline, node, Node(remove_cjk_spaces(body), None, ("prose", None), None, None,
                                              piece.page(), fields=fields))
        self.attached = bool(fields)

    def line(self, piece: _Piece, following: _Piece | None) -> None:
        """An unnumbered line: units or a deadline for the items before it, a heading, the
        rest of the open item, an unnumbered measure, or text that is no record."""
        text, last = piece.text, self.open_item
        # a bracket left open at a line break: the line goes on with it, even 时限：… )
        fields = attachment(text) if last is None or not _unclosed(last.source or last.text) else None
        if fields is not None:
            if self.pending:
                _attach(self.pending, fields)
                self.attached = True
            else:
                self.unplaced.append(text)
            return
        # a measure cut before the end of its sentence goes on on this line (text copied
        # from a PDF keeps its line breaks), whatever the line looks like
        wrapped = last is not None and not last.children and (
            _unclosed(last.source or last.text)
            or ((last.key is None or last.key[1] in _MEASURE_STYLES) and not SENTENCE_END.search(last.text)))
        if not wrapped and _heads(text, following):
            self.implicit_heading(piece)
            return
        top = self.outline.current
        # a heading is an implicit one, or an item numbered as a heading whose text is a title
        # (一、围绕…) that a sentence follows on a line of its own
        titled = (not wrapped and top is not self.outline.root and not top.children and not top.fields
                  and top.key is not None and top.key[1] in ("cn", "paren_cn") and _is_title_like(top.text))
        if last is not None and not (titled and last is top):
            self.continue_item(last, piece)
            return
        (body, fields), *more = cut_attachments(text)
        if fields or ((top.implicit or titled) and not top.children) or (
                self.pending and self.pending[-1].key == ("prose", None)):
            # an unnumbered measure: under the heading just opened, or beside the item before
            # (unnumbered measures, each followed by its units)
            under_heading = top is self.outline.root or top.implicit or titled
            for body, fields in [(body, fields), *more]:
                node = Node(remove_cjk_spaces(body), None, ("prose", None), None, None, piece.page(), fields=fields,
                            source=text)
                self.new_item(self.outline.open(node) if under_heading or not self.pending
                              else _sibling(self.outline, self.pending[-1], node))
            self.attached = bool(fields)
        else:
            self.unplaced.append(text)

    def continue_item(self, item: Node, piece: _Piece) -> None:
        """A line continuing an item: its units may have been cut by the line break, so the
        item's whole text is read again."""
        item.source = f"{item.source or item.text}\n{piece.text}"
        (body, fields), *more = cut_attachments(item.source.replace("\n", ""))
        item.text, item.fields = remove_cjk_spaces(body), fields
        self.attached = bool(item.fields)
        for body, fields in more:  # and measures after it, each with its own units
            self.new_item(_sibling(self.outline, item, Node(remove_cjk_spaces(body), None, ("prose", None), None,
                                                            None, piece.page(), fields=fields)))
            self.attached = bool(fields)

    def implicit_heading(self, piece: _Piece) -> None:
        """加强基础设施建设 before its items. Headings met one after another nest; one met
        after content is a sibling of the last unnumbered heading."""
        if self.heading is not None and self.heading.implicit:
            depth = self.heading.key[1] + 1
        else:
            open_implicit = [n.key[1] for n in self.outline.stack if n.implicit]
            depth = open_implicit[-1] if open_implicit else 0
            # a heading after measures heads what follows, not the measure before it
            while self.outline.stack and not self.outline.stack[-1].implicit and (
                    self.outline.stack[-1].fields or self.outline.stack[-1].key[1] in _MEASURE_STYLES):
                self.outline.stack.pop()
        self.heading = self.outline.open(Node(remove_cjk_spaces(piece.text).rstrip("。"), None, ("implicit", depth),
                                              None, None, piece.page(), implicit=True))
        self.pending, self.attached = [], False

    def finish(self) -> None:
        _drop_unassigned_paragraphs(self.outline, self.unplaced)  # before titles split: their text is a measure
        _split_titles(self.outline)
        # 上述问题务必于4月19日前整改完毕 after the items: their deadline, where none is their own
        for text in list(self.unplaced):
            if deadline := shared_deadline(text):
                for leaf in self.outline.measures():
                    leaf.fields.setdefault("deadline", deadline)
                self.unplaced.remove(text)


def _heads(text: str, following: _Piece | None) -> bool:
    """A title-like line heads what follows: items, another heading, or a longer line of text
    (a line as long as the next is a line of a paragraph wrapped at a fixed width)."""
    return _is_title_like(text) and following is not None and (
        following.enum is not None or _is_title_like(following.text)
        or (attachment(following.text) is None and len(following.text) > len(text) + 2))


def _drop_unassigned_paragraphs(outline: Outline, unplaced: list[str]) -> None:
    """Where most measures name their units, an unnumbered paragraph with none (三、工作要求
    and its text) is the notice speaking, not a measure: it is reported, not recorded."""
    leaves = outline.measures()
    with_units = sum(1 for leaf in leaves if leaf.fields.get("units"))
    if with_units * 2 < len(leaves):
        return
    for leaf in leaves:
        if leaf.no is None and not leaf.fields and leaf.parent is not None:
            leaf.parent.children.remove(leaf)
            unplaced.append(leaf.text)
            heading = leaf.parent
            while heading.parent is not None and not heading.children and not heading.fields:
                heading.parent.children.remove(heading)  # its heading heads nothing now
                heading = heading.parent


def _unclosed(text: str) -> bool:
    return sum(text.count(c) for c in "（(【[") > sum(text.count(c) for c in "）)】]")


def _sibling(outline: Outline, of: Node, node: Node) -> Node:
    """An unnumbered measure beside an item: a sibling on the stack when both are
    unnumbered, else under the item's parent (a numbered item keeps its level open)."""
    if of.key == node.key:
        return outline.open(node)
    node.parent = of.parent
    of.parent.children.append(node)
    return node


def _attach(nodes: list[Node], fields: dict[str, str]) -> None:
    """Labelled lines after items add up (牵头单位：… then 责任单位：…)."""
    for node in nodes:
        for f, value in fields.items():
            old = node.fields.get(f)
            node.fields[f] = f"{old}；{value}" if old and f != "deadline" else (old or value)


def attachment(text: str) -> dict[str, str] | None:
    """The units or deadline a line states and nothing else: a labelled line (牵头单位：…,
    责任领导：…, 完成时限：…), or a bracket holding units (（主体责任：…）, （法规科、执法大队））."""
    t = text.strip()
    m = _WHOLE_BRACKET.match(t)
    inner = m.group(1) if m else t
    if m and (found := read_assignment(inner)) is not None:
        units, deadline = found
        return {k: v for k, v in (("units", units), ("deadline", deadline)) if v}
    units, deadline = split_deadline(inner)
    if deadline and not units:
        return {"deadline": deadline}
    if units and units_label(units):
        return {k: v for k, v in (("units", units), ("deadline", deadline)) if v}
    return None


def cut_attachments(text: str) -> list[tuple[str, dict[str, str]]]:
    """A measure's own text and the units and deadline written in it: brackets at its end or
    inside it that assign units (…开业运营。（区商务局主办）, 联盛快乐城(责任单位:县商务局):…),
    and a labelled sentence at its end (…设施。责任单位：华龙区人民办。). Several measures
    of one paragraph, each ending with its own bracket, come back one by one."""
    pieces = split_assignments(text)
    assigned = [p for p in pieces if p.units_raw or p.deadline_raw]
    if len(assigned) >= 2:
        out = [(p.measure, _fields(p.units_raw, p.deadline_raw)) for p in pieces if p.measure]
    else:
        # one bracket, at the end or inside (a place, then its units, then the problem)
        body = "".join(p.measure for p in pieces).strip() if assigned else text
        out = [(body, _fields(assigned[0].units_raw, assigned[0].deadline_raw) if assigned else {})]
    body, fields = out[-1]
    # …垃圾未清理。责任单位：城关街道办事处。整改时限：5月10日前。: labelled sentences at the end
    while (m := _TRAILING_LABEL.search(body)) and m.start() > 0 and not _unclosed(body[: m.start()]) and (
            units_label(m.group("label") + "：") or deadline_label().match(fold(m.group("label") + "："))):
        found = attachment(body[m.start():].strip())
        if not found:
            break
        body = body[: m.start()].rstrip()
        fields = {**found, **fields}
    # …电子化应用。由县行政审批局负责；完成时限：…: a last sentence naming units with a role
    if "units" not in fields and (m := _TRAILING_UNITS.search(body)) and m.start() > 0 \
            and not _unclosed(body[: m.start()]) and not _unclosed(m.group("units")) \
            and has_role_phrase(m.group("units")) \
            and looks_like_units(m.group("units")):
        fields = {"units": m.group("units").strip(), **fields}
        body = body[: m.start()].rstrip()
    out[-1] = (body, fields)
    return out


def _fields(units: str | None, deadline: str | None) -> dict[str, str]:
    return {k: v for k, v in (("units", units), ("deadline", deadline)) if v}


def _split_titles(outline: Outline) -> None:
    """（一）推进商务规划主动公开。主动公开… : an item numbered as a heading that has a title
    sentence and text after it is a task and a measure: the title heads the items under it,
    the text is its first measure."""

    def walk(node: Node) -> None:
        for child in list(node.children):
            walk(child)
            if child.key is None or child.key[0] != "prose" or child.key[1] not in ("cn", "paren_cn"):
                continue
            m = _TITLE_END.search(child.text)
            if not m or not child.text[m.end():].strip():
                continue
            body = Node(child.text[m.end():].strip(), None, ("prose", None), None, None, child.page,
                        fields=child.fields, review=child.review, parent=child)
            child.text, child.fields, child.review, child.column = child.text[: m.start()].strip(), {}, [], "task"
            child.children.insert(0, body)

    walk(outline.root)
