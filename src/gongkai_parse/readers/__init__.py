"""One reader per format, chosen here by file suffix and checked against the file's first bytes.

A reader is a module with FORMAT and read(data: bytes, name: str) -> Layout. Modules are
imported only when a file of their format is read, so the CLI starts fast.
Adding a format is one module and one line in READERS.
"""
from __future__ import annotations

import importlib
import io
import zipfile
from dataclasses import dataclass
from pathlib import Path

from ..errors import InputError
from ..layout import Layout


@dataclass(frozen=True)
class ReaderSpec:
    format: str
    suffixes: tuple[str, ...]
    module: str
    # What the first bytes may say for this format (None: no magic, e.g. text).
    accepts: tuple[str | None, ...] = (None,)


READERS: tuple[ReaderSpec, ...] = (
    ReaderSpec("text", (".txt", ".text", ".md", ".markdown"), "gongkai_parse.readers.text"),
    ReaderSpec("docx", (".docx", ".docm"), "gongkai_parse.readers.docx", ("zip", "ole")),
    ReaderSpec("html", (".html", ".htm", ".xhtml", ".shtml"), "gongkai_parse.readers.html", (None, "html")),
    ReaderSpec("doc", (".doc", ".wps"), "gongkai_parse.readers.legacy_word", ("ole", None, "zip")),
    ReaderSpec("pdf", (".pdf",), "gongkai_parse.readers.pdf", ("pdf",)),
    ReaderSpec("sheet", (".xlsx", ".xlsm", ".xls", ".ods", ".et"), "gongkai_parse.readers.sheets", ("zip", "ole")),
    ReaderSpec("ofd", (".ofd",), "gongkai_parse.readers.ofd", ("zip",)),
    # scans, read by OCR (the [ocr] extra)
    ReaderSpec("image", (".png", ".jpg", ".jpeg", ".tif", ".tiff"), "gongkai_parse.readers.scan",
               ("png", "jpeg", "tiff")),
)

# What reads a PDF's pages (readers/pdf.py): PDFium by default, pdfplumber on request.
PDF_ENGINES = ("pdfium", "pdfplumber")
# Readers that take the --ocr choice (auto | always | never).
_OCR_FORMATS = ("pdf", "image")

# What a file's first bytes say it is, whatever its name.
_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"%PDF", "pdf"),
    (b"PK\x03\x04", "zip"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "ole"),
    (b"\x89PNG", "png"),
    (b"\xff\xd8\xff", "jpeg"),
    (b"GIF8", "gif"),
    (b"II*\x00", "tiff"),
    (b"MM\x00*", "tiff"),
    (b"\x1f\x8b", "gzip"),
    (b"Rar!", "rar"),
    (b"7z\xbc\xaf", "7z"),
)
_MAGIC_NAMES = {
    "pdf": "a PDF file", "zip": "a ZIP archive (e.g. a Word .docx)", "ole": "an old Office/WPS file (.doc/.wps/.xls/.et)",
    "png": "a PNG image", "jpeg": "a JPEG image", "tiff": "a TIFF image", "gif": "a GIF image", "gzip": "a gzip archive",
    "rar": "a RAR archive", "7z": "a 7z archive", "html": "a web page",
}

_FORMAT_NAMES = {"pdf": "PDF", "docx": "Word", "doc": "Word", "sheet": "spreadsheet", "ofd": "OFD",
                 "image": "scanned image"}

# Formats users hand us that have no reader yet: named, so the message says so.
_PLANNED: dict[str, str] = {}

# Stream names in an OLE file's directory (UTF-16): a workbook, or an encrypted OOXML package.
_OLE_WORKBOOK = ("Workbook".encode("utf-16-le"), "Book\x00\x00".encode("utf-16-le"))
_OLE_WORD = "WordDocument".encode("utf-16-le")


def spec_for(path: Path) -> ReaderSpec | None:
    suffix = path.suffix.lower()
    for spec in READERS:
        if suffix in spec.suffixes:
            return spec
    return None


def is_supported(path: Path) -> bool:
    return spec_for(path) is not None


def sniff(data: bytes) -> str | None:
    for magic, kind in _MAGIC:
        if data.startswith(magic):
            return kind
    head = data[:512].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if head.startswith((b"<!doctype html", b"<html")):
        return "html"
    return None


def _spec_of_format(fmt: str) -> ReaderSpec:
    return next(s for s in READERS if s.format == fmt)


def format_by_content(data: bytes) -> str | None:
    """The format the first bytes clearly show (a PDF, a Word .docx, a workbook, an OFD, a web
    page, an image), else None."""
    kind = sniff(data)
    if kind in ("pdf", "html"):
        return kind
    if kind in ("png", "jpeg", "tiff"):
        return "image"
    if kind == "zip":
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as z:
                names = set(z.namelist())
                if "word/document.xml" in names:
                    return "docx"
                if "xl/workbook.xml" in names:
                    return "sheet"
                if "OFD.xml" in names:
                    return "ofd"
                if "mimetype" in names and z.read("mimetype")[:80].startswith(
                        b"application/vnd.oasis.opendocument.spreadsheet"):
                    return "sheet"
        except (zipfile.BadZipFile, ValueError, OSError, EOFError, NotImplementedError):
            pass
    if kind == "ole" and any(s in data for s in _OLE_WORKBOOK) and _OLE_WORD not in data:
        return "sheet"  # an Excel 97 / WPS workbook
    return None


def read_layout(data: bytes, name: str, *, by_content: bool = False,
                pdf_engine: str = "pdfium", ocr: str = "auto", seen: dict | None = None) -> tuple[Layout, str]:
    """The layout of a file's bytes and the format it was read as.

    The format is the one the name's suffix says, unless the content is clearly another
    format that is read (a PDF named .txt). by_content: the name has no suffix to go by
    (standard input): the format is the one the content shows, text by default.
    pdf_engine: what reads a PDF's pages, "pdfium" or "pdfplumber" (readers/pdf.py).
    ocr: auto | always | never, for scans (PDF pages without text, images); seen: scanned
    pages already read by OCR (in parallel), by page number."""
    if pdf_engine not in PDF_ENGINES:
        raise ValueError(f"unknown PDF engine {pdf_engine!r} (one of {', '.join(PDF_ENGINES)})")
    path = Path(name)
    if by_content:
        if not data.strip():
            raise InputError("empty file")
        kind = sniff(data)
        fmt = format_by_content(data) or ("text" if kind is None else None)
        if fmt is None:
            raise InputError(f"the content is {_MAGIC_NAMES[kind]}, not a notice gongkai-parse reads")
        return _read(_spec_of_format(fmt), data, name, pdf_engine, ocr, seen)
    spec = spec_for(path)
    if spec is None:
        planned = _PLANNED.get(path.suffix.lower())
        if planned:
            raise InputError(f"{planned} files are not supported yet")
        raise InputError(f"unknown file type '{path.suffix or '(none)'}'")
    if not data.strip():
        raise InputError("empty file")
    kind = sniff(data)
    if kind in ("zip", "ole") and kind in spec.accepts:
        # one container, several formats (a workbook named .docx, a .docx named .doc): the
        # parts inside say which
        actual = format_by_content(data)
        if actual is not None and actual != spec.format:
            spec = _spec_of_format(actual)
    if kind == "html" and spec.format == "text":
        spec = _spec_of_format("html")  # a saved page named .txt
    elif kind not in spec.accepts:
        actual = format_by_content(data)
        if actual is not None:  # a PDF or a .docx under a wrong name: read as what it is (the CLI notes it)
            try:
                return _read(_spec_of_format(actual), data, name, pdf_engine, ocr, seen)
            except InputError as e:  # say what it was read as, since the name says otherwise
                raise InputError(f"named {path.suffix} but the content is {_MAGIC_NAMES[kind]}, "
                                 f"which could not be read: {e.reason}") from None
        else:
            fmt_name = _FORMAT_NAMES.get(spec.format, spec.format)
            what = _MAGIC_NAMES[kind] if kind else f"not {'an' if fmt_name[0] in 'AEIOU' else 'a'} {fmt_name} file"
            raise InputError(f"named {path.suffix} but the content is {what}")
    return _read(spec, data, name, pdf_engine, ocr, seen)


def _read(spec: ReaderSpec, data: bytes, name: str, pdf_engine: str = "pdfium",
          ocr: str = "auto", seen: dict | None = None) -> tuple[Layout, str]:
    module = importlib.import_module(spec.module)
    options = {"ocr": ocr, "seen": seen} if spec.format in _OCR_FORMATS else {}
    if spec.format == "pdf":
        options["engine"] = pdf_engine
    try:
        layout = module.read(data, name, **options)
    except (ValueError, LookupError, OverflowError, EOFError, zipfile.BadZipFile) as e:
        # What the libraries under a reader raise on malformed content (a bad number in the
        # XML, an unknown encoding, a truncated stream): a reason for the user, not an
        # "internal error". UnicodeError is a ValueError.
        raise InputError(f"damaged or unreadable {_FORMAT_NAMES.get(spec.format, spec.format)} file "
                         f"({type(e).__name__}: {' '.join(str(e).split())[:200]})") from None
    layout.replace_lone_surrogates()  # whatever the reader, text a writer can encode
    return layout, spec.format
