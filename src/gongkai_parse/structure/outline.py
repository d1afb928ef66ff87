"""One outline for every layout: headings and measures nested by how they are numbered.

Tables and prose both feed it. A node's key says which level it belongs to: a numbering
style in prose (一、 / （一） / 1.), or a column and a style in a table. The first key met is
the top level, a new key goes one deeper, a key met before closes the levels below it and
opens a sibling. Nothing is dropped for being out of order: the item stays, and says so.

The leaves are the measures. Their ancestors give section and task: with one level above,
the column it came from decides (工作任务 -> task, a section row or a prose heading ->
section); with two or more, the top is the section and the next the task, and levels in
between are not recorded.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from ..cjk_text import remove_cjk_spaces, squeeze
from .items import UNIT_FIELDS, RawRecord


@dataclass(eq=False, slots=True)
class Node:
    text: str  # numbering stripped
    no: str | None = None  # numbering as written
    key: tuple | None = None  # level: (origin, style)
    # section | task | measure: the column the text sits in, or for a prose item the level
    # its numbering usually marks (with one level above a measure it decides the field)
    column: str | None = None
    n: int | None = None  # numbering value
    page: int | None = None
    implicit: bool = False  # an unnumbered title line read as a heading
    parent: "Node | None" = None
    children: list["Node"] = field(default_factory=list)
    fields: dict[str, str] = field(default_factory=dict)  # units, lead, cooperate, deadline
    source: str = ""  # a prose item's text as written, brackets and all, lines joined
    review: list[str] = field(default_factory=list)

    def add_text(self, text: str) -> None:
        self.text = remove_cjk_spaces(f"{self.text} {text}") if self.text else remove_cjk_spaces(text)

    def ancestors(self) -> list["Node"]:
        out, node = [], self.parent
        while node is not None and node.parent is not None:
            out.append(node)
            node = node.parent
        return out[::-1]


def same_heading(a: Node, b: Node) -> bool:
    """The same heading again (a merged cell repeated on a new page, a task written on every
    row): the same words, and the same number where both have one."""
    if a.no and b.no and squeeze(a.no) != squeeze(b.no):
        return False
    return squeeze(a.text) == squeeze(b.text)


class Outline:
    def __init__(self) -> None:
        self.root = Node("")
        self.stack: list[Node] = []  # open headings, outermost first
        self.leaves: list[Node] = []
        self.warnings: list[str] = []  # what could not be placed

    @property
    def current(self) -> Node:
        return self.stack[-1] if self.stack else self.root

    def open(self, node: Node) -> Node:
        """Place a node that may have children (a heading, a prose item) by its key."""
        keys = [n.key for n in self.stack]
        if node.key in keys:
            i = keys.index(node.key)
            earlier = self.stack[i]
            if same_heading(earlier, node):
                del self.stack[i + 1:]
                return earlier
            if earlier.n is not None and node.n is not None and node.n != earlier.n + 1 and node.n != 1:
                if node.n > earlier.n:  # a gap: the notice may skip a number, or an item was lost
                    self.warnings.append(f"numbering skips from {earlier.no} to {node.no}: an item may be missing")
                else:
                    node.review.append(f"numbering out of order: {node.no} after {earlier.no}")
            del self.stack[i:]
        parent = self.current
        node.parent = parent
        parent.children.append(node)
        self.stack.append(node)
        return node

    def add_leaf(self, node: Node) -> Node:
        """A measure that is never a parent (a table's measure cell)."""
        node.parent = self.current
        self.current.children.append(node)
        self.leaves.append(node)
        return node

    def measures(self) -> list[Node]:
        """The leaves in reading order: nodes without children, implicit headings excepted."""
        out: list[Node] = []

        def walk(node: Node) -> None:
            for child in node.children:
                # a heading that heads nothing (a signature line read as one) makes no parent
                if any(c.children or not c.implicit for c in child.children):
                    walk(child)
                elif not child.implicit and child.text.strip():
                    out.append(child)

        walk(self.root)
        return out


def fill_merged(leaves: list[Node]) -> None:
    """An empty units or deadline cell under a merged cell: within one parent, take the value
    above (Word and PDF show a merged cell on its first row), or for rows before any value,
    the value below (web copies show it after the last row it covers)."""
    groups: dict[int, list[Node]] = {}
    for leaf in leaves:
        groups.setdefault(id(leaf.parent), []).append(leaf)
    for group in groups.values():
        for f in ("units", "lead", "deadline"):  # an empty 配合单位 cell usually means none
            values = [leaf.fields.get(f) for leaf in group]
            if all(values) or not any(values):
                continue
            for order in (group, group[::-1]):
                previous = None
                for leaf in order:
                    if leaf.fields.get(f):
                        previous = leaf.fields[f]
                    elif previous:
                        leaf.fields[f] = previous


def records_of(leaves: list[Node]) -> list[RawRecord]:
    out = []
    for leaf in leaves:
        chain = leaf.ancestors()
        section = task = None
        if len(chain) == 1:
            if chain[0].column == "task":
                task = chain[0]
            else:
                section = chain[0]
        elif len(chain) >= 2:
            section, task = chain[0], chain[1]
        out.append(RawRecord(
            section=section.text if section else None,
            task=task.text if task else None,
            task_no=task.no if task else None,
            measure=leaf.text,
            measure_no=leaf.no,
            page=leaf.page,
            review=[reason for node in chain + [leaf] for reason in node.review],
            **{f: leaf.fields.get(f) for f in UNIT_FIELDS},
        ))
    return out
