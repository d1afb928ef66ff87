"""What the structure stage hands to normalisation: raw records, before units and dates are read."""
from __future__ import annotations

from dataclasses import dataclass, field

from ..cjk_text import remove_cjk_spaces
from .headers import role_of


@dataclass(eq=False)
class Heading:
    """A section or task: its text may arrive in pieces (a merged cell cut by a page break),
    so every record under it refers to the one object and reads its text at the end."""

    level: str  # section | task
    parts: list[str] = field(default_factory=list)

    def add(self, text: str) -> None:
        if text.strip():
            self.parts.append(text.strip())

    @property
    def text(self) -> str:
        return remove_cjk_spaces(" ".join(self.parts))


@dataclass(eq=False)
class RawRecord:
    section: Heading | None
    task: Heading | None
    measure: str
    measure_no: str | None = None
    units: str | None = None
    lead: str | None = None
    cooperate: str | None = None
    deadline: str | None = None
    page: int | None = None

    def append_measure(self, text: str) -> None:
        self.measure = remove_cjk_spaces(f"{self.measure} {text}")


@dataclass
class Plan:
    """The plan found in a document: its records, header texts, and the text before it."""

    kind: str  # table | flat | prose
    columns: list[str]
    records: list[RawRecord]
    front: list[str]  # lines before the plan: covering notice, title, metadata
    warnings: list[str] = field(default_factory=list)

    @property
    def has_deadline_column(self) -> bool:
        """A deadline column, or deadlines written beside the measures (prose, flattened)."""
        return any(role_of(c) == "deadline" for c in self.columns) or any(r.deadline for r in self.records)


UNIT_FIELDS = ("units", "lead", "cooperate", "deadline")


def join_cell(old: str | None, new: str | None) -> str | None:
    """A units or deadline cell continued by a fragment on the next page. The cut may fall
    between two names or inside one: a space is kept, and the units grammar decides."""
    if not new:
        return old
    if not old:
        return new
    return f"{old} {new}"
