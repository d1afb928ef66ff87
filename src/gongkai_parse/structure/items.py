"""What the structure stage hands to normalisation: raw records, before units and dates are read."""
from __future__ import annotations

from dataclasses import dataclass, field

from ..fragments.headers import role_of


@dataclass(eq=False, slots=True)
class RawRecord:
    section: str | None
    task: str | None
    task_no: str | None
    measure: str
    measure_no: str | None = None
    units: str | None = None
    lead: str | None = None
    cooperate: str | None = None
    deadline: str | None = None
    page: int | None = None
    review: list[str] = field(default_factory=list)


@dataclass
class Plan:
    """The plan found in a document: its records, header texts, and the text before it."""

    kind: str  # table | prose
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
