"""The one schema (docs/output.md): every output is validated through these models."""
from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

Role = Literal["lead", "cooperate", "responsible"]
DeadlineKind = Literal["by_date", "ongoing", "recurring", "as_required"]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", validate_assignment=True)


class Unit(_Strict):
    # frozen: one Unit is shared by every record whose cell names it (memory of long tables)
    model_config = ConfigDict(extra="forbid", frozen=True)

    name: str = Field(min_length=1, description="the unit as written, role words removed")
    role: Role
    canonical: str | None = Field(None, description="the name with a shared level prefix restored "
                                  "(市教育局、生态环境局 -> 市生态环境局) and brackets unified")


class Record(_Strict):
    seq: int = Field(ge=1, description="1-based order of the record in the notice")
    section: str | None = Field(None, description="enclosing top-level heading, numbering stripped")
    task: str | None = Field(None, description="the 工作任务 text, numbering stripped")
    task_no: str | None = Field(None, description="the task's numbering as written, e.g. （一）")
    measure: str = Field(min_length=1, description="the measure's text, its own number stripped")
    measure_no: str | None = Field(None, description="the measure's own number as written, e.g. 14")
    units_raw: str | None = Field(None, description="the units cell as written, whitespace collapsed")
    units: list[Unit] = Field(default_factory=list)
    deadline_raw: str | None = None
    deadline: dt.date | None = Field(None, description="last day on which the measure is on time")
    deadline_kind: DeadlineKind | None = None
    deadline_source: Literal["column", "measure"] | None = Field(
        None, description="where deadline came from: the deadline cell, or a date inside the measure")
    deadlines: list[dt.date] = Field(default_factory=list, description="every date in the deadline cell, in order")
    measure_deadlines: list[dt.date] = Field(default_factory=list, description="dates written inside the measure")
    page: int | None = Field(None, ge=1, description="1-based page where the measure starts")
    review: list[str] = Field(default_factory=list, description="why this record may be wrong, a few words "
                              "each; empty when every field was read with confidence")


class Metadata(_Strict):
    title: str | None = None
    issuer: str | None = None
    doc_number: str | None = None
    date: dt.date | None = None
    published: dt.date | None = None
    index_no: str | None = None
    year: int | None = Field(None, ge=1949, le=2100)
    references: list[str] = Field(default_factory=list)


class Document(_Strict):
    source: str
    format: str
    metadata: Metadata = Field(default_factory=Metadata)
    columns: list[str] = Field(default_factory=list)
    tasks: list[Record] = Field(default_factory=list)
    warnings: list[str] = Field(default_factory=list)


class JsonlLine(Record):
    """One line of JSONL output: a record, with the source file and the plan title it came from."""

    source: str = Field(description="the input file the record came from")
    title: str | None = Field(description="the plan's title (metadata.title), null when none was found")


SCHEMA_KINDS = ("document", "list", "jsonl")


def output_schema(kind: str = "document") -> dict:
    """JSON Schema of the output: one document (JSON from one file), a list of them (combined
    JSON from a folder or several inputs), or one line of JSONL output."""
    if kind == "document":
        return Document.model_json_schema()
    if kind == "list":
        from pydantic import TypeAdapter

        schema = TypeAdapter(list[Document]).json_schema()
        schema["title"] = "Documents"
        return schema
    if kind == "jsonl":
        return JsonlLine.model_json_schema()
    raise ValueError(f"unknown schema kind {kind!r}; one of {', '.join(SCHEMA_KINDS)}")
