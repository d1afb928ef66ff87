"""readers -> structure -> normalise -> model: one notice from bytes to a validated Document."""
from __future__ import annotations

import os
import stat
from pathlib import Path

from .errors import InputError, printable
from .model import Document, Metadata
from .normalise.metadata import extract_metadata
from .normalise.records import build_records
from .normalise.review import review_records
from .readers import read_layout
from .structure import find_plan

# Larger inputs are refused before reading: no notice is this big, and a mistaken path
# (a disk image, a video) should fail at once rather than fill the memory.
MAX_INPUT_BYTES = 200 * 1024 * 1024


def parse_bytes(data: bytes, name: str, *, deadline_from_measure: bool = False, by_content: bool = False,
                pdf_engine: str = "pdfium", ocr: str = "auto", seen: dict | None = None) -> Document:
    """by_content: tell the format from the content, not from the name's suffix (standard input).
    pdf_engine: what reads a PDF's pages, "pdfium" (fast) or "pdfplumber"; the output is the same.
    ocr: auto (scanned pages and images are read by OCR), always, or never; seen: scanned pages
    already read by OCR (readers.pdf.look_at_page, readers.scan.look_at_frame), by page number."""
    if len(data) > MAX_INPUT_BYTES:
        raise InputError(_too_large(len(data)))
    layout, fmt = read_layout(data, name, by_content=by_content, pdf_engine=pdf_engine, ocr=ocr, seen=seen)
    del data  # a long notice's bytes need not outlive its layout (parse() keeps no copy)
    plan = find_plan(layout)
    if not plan.records:
        if plan.kind != "table":
            raise InputError("no tasks found: no plan table, and no numbered plan in the text")
        # A plan table was found but no row gave a measure (cells left empty): the notice is a
        # plan, so its columns and what went wrong are written, as a document with no records.
        plan.warnings.insert(0, f"no records: the plan table ({'、'.join(plan.columns[:5])}) gave no measures")
    metadata = Metadata(**extract_metadata(layout, plan.front))
    warnings, uncertain = plan.warnings + layout.warnings, layout.uncertain
    del layout  # the records hold their own strings: a long table's cells need not outlive its reading
    records = build_records(plan.records, metadata.year, has_deadline_column=plan.has_deadline_column,
                            deadline_from_measure=deadline_from_measure)
    _flag_uncertain(records, uncertain)
    warnings += review_records(records)
    return Document(source=printable(Path(name).name), format=fmt, metadata=metadata, columns=plan.columns,
                    tasks=records, warnings=warnings)


def parse(path: str | Path, *, deadline_from_measure: bool = False, pdf_engine: str = "pdfium",
          ocr: str = "auto", seen: dict | None = None) -> Document:
    """Parse one notice file into a Document (raises InputError for bad input).

    deadline_from_measure: where the notice has no deadline column, use the last date a
    measure sets itself as its deadline (deadline_source "measure").
    pdf_engine: what reads a PDF's pages, "pdfium" (fast) or "pdfplumber"; the output is the same.
    ocr: auto (scanned pages and images are read by OCR), always, or never; seen: as parse_bytes."""
    # the bytes are handed over, not kept here: parse_bytes lets them go once they are read
    return parse_bytes(_read_file(Path(path)), str(path), deadline_from_measure=deadline_from_measure,
                       pdf_engine=pdf_engine, ocr=ocr, seen=seen)


def _read_file(path: Path) -> bytes:
    try:
        info = os.stat(path)  # follows a symlink: what is read is what it points to
    except FileNotFoundError:
        raise InputError("no such file") from None
    except OSError as e:
        raise InputError(f"cannot read: {e.strerror or e}") from None
    if stat.S_ISDIR(info.st_mode):
        raise InputError("is a folder, not a file")
    if not stat.S_ISREG(info.st_mode):
        # a device or a pipe reports size 0 and may never end (/dev/zero) or never start (a FIFO)
        raise InputError("not a regular file (a device, a pipe or a socket); only files are read")
    if info.st_size > MAX_INPUT_BYTES:
        raise InputError(_too_large(info.st_size))
    try:
        with open(path, "rb") as f:
            data = f.read(MAX_INPUT_BYTES + 1)  # bounded: the file may grow after the check
    except PermissionError:
        raise InputError("permission denied") from None
    except OSError as e:
        raise InputError(f"cannot read: {e.strerror or e}") from None
    if len(data) > MAX_INPUT_BYTES:
        raise InputError(_too_large(len(data)))
    return data


def _flag_uncertain(records, uncertain: list[tuple[int | None, str, str]]) -> None:
    """A record holding text that OCR read with low confidence (on the record's page) says so,
    and which characters of it OCR was unsure of ("" where only the whole text's score says so)."""
    if not uncertain:
        return
    from .cjk_text import squeeze
    from .fragments import numbering

    def own_text(text: str) -> str:  # a line opening with its item's number (4.加快…): the record holds it without
        enumerator = numbering.leading(text)
        return squeeze(text[enumerator.end:] if enumerator and enumerator.end < len(text) else text)

    for record in records:
        fields = squeeze(" ".join(filter(None, (record.section, record.task, record.measure, record.units_raw,
                                                record.deadline_raw))))
        doubtful = [(text, unsure) for page, text, unsure in uncertain
                    if (record.page is None or page is None or page == record.page)
                    and (squeeze(text) in fields or own_text(text) in fields)]
        if doubtful:
            record.review.append("OCR read this text with low confidence: " + "、".join(
                f"“{text}”" + (f" (unsure of {'、'.join(f'“{ch}”' for ch in unsure)})" if unsure else "")
                for text, unsure in doubtful[:3]))


def _too_large(size: int) -> str:
    return f"file too large ({size // (1024 * 1024)} MB; the limit is {MAX_INPUT_BYTES // (1024 * 1024)} MB)"
