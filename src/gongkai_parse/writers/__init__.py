"""Writers: documents -> bytes in one output format, and atomic file writes.

A writer module has render(documents, *, bom) -> bytes. One document renders as itself;
several render as one combined output (a JSON list, or JSONL/CSV rows with a source column).
JSONL and CSV also render in pieces (streamed), so that a batch is written notice by notice.
"""
from __future__ import annotations

import importlib
import os
import secrets
import stat
from pathlib import Path

FORMATS = {"json": ".json", "jsonl": ".jsonl", "csv": ".csv", "xlsx": ".xlsx"}
_SUFFIXES = {".json": "json", ".jsonl": "jsonl", ".ndjson": "jsonl", ".csv": "csv", ".xlsx": "xlsx"}


def format_of(path: str | Path) -> str | None:
    """The output format an output file name asks for (tasks.csv -> csv)."""
    return _SUFFIXES.get(Path(path).suffix.lower())


def render(documents, fmt: str, *, bom: bool = False, as_list: bool | None = None, lang: str | None = None) -> bytes:
    """as_list: JSON as a list of documents (True) or one document (False); by default a
    list unless there is exactly one. The CLI decides from the inputs given, so the shape
    never depends on how many of them parsed. lang: headers and values of CSV and XLSX,
    "zh" or "en" (default_lang when None); JSON and JSONL are always the English fields."""
    module = importlib.import_module(f"{__name__}.{fmt}_writer")
    if fmt == "json":
        return module.render(list(documents), bom=bom, as_list=as_list)
    if fmt in ("csv", "xlsx"):
        return module.render(list(documents), bom=bom, lang=lang or default_lang(fmt))
    return module.render(list(documents), bom=bom)


STREAMED = ("jsonl", "csv")  # formats whose combined output is written notice by notice


def streamed(fmt: str, *, bom: bool = False, lang: str | None = None):
    """For a STREAMED format: (its head, a function giving one document's rows in pieces of
    bytes), so that a batch is written as each notice is parsed: render() is the head and
    every document's pieces, joined."""
    module = importlib.import_module(f"{__name__}.{fmt}_writer")
    if fmt == "csv":
        lang = lang or default_lang(fmt)
        return module.head(bom=bom, lang=lang), lambda doc: module.lines(doc, lang=lang)
    return module.head(bom=bom), module.lines


def default_lang(fmt: str) -> str:
    """XLSX is read by people (Chinese); CSV by scripts too, which rely on the English fields."""
    return "zh" if fmt == "xlsx" else "en"


def render_by_unit(documents, fmt: str, *, bom: bool = False, lang: str | None = None) -> list[tuple[Path, bytes]]:
    """One file per unit (CSV or XLSX), each with that unit's measures from all the documents
    and its role in each: (relative path, bytes). Units are keyed by issuer: with one issuer
    the files are named after the units; with several, each issuer has a folder of its own."""
    from .ledger import by_unit, file_names

    module = importlib.import_module(f"{__name__}.{fmt}_writer")
    lang = lang or default_lang(fmt)
    ledgers = by_unit(list(documents))
    issuers = list(dict.fromkeys(u.issuer for u in ledgers))
    files = []
    folders = dict(zip(issuers, file_names(issuers, ""))) if len(issuers) > 1 else {issuers[0]: ""} if issuers else {}
    for issuer in issuers:
        mine = [u for u in ledgers if u.issuer == issuer]
        for ledger, name in zip(mine, file_names([u.name for u in mine], FORMATS[fmt])):
            files.append((Path(folders[issuer]) / name, module.render_unit(ledger, bom=bom, lang=lang)))
    return files


def is_special(path: str | Path) -> bool:
    """An existing file that is not a regular file or a folder: a device, a FIFO, a terminal."""
    try:
        mode = os.stat(path).st_mode
    except OSError:
        return False
    return not stat.S_ISREG(mode) and not stat.S_ISDIR(mode)


def write_atomic(path: Path, data: bytes) -> None:
    """Write a file whole or not at all (see AtomicOutput)."""
    with AtomicOutput(path) as out:
        out.write(data)


class AtomicOutput:
    """A file written in pieces, whole or not at all: a temp file beside it, renamed to the
    final name when the `with` block ends without an error, removed when it does not.

    A special file (/dev/null, /dev/full, a FIFO, /dev/stdout) is written directly: a rename
    would put a regular file in its place, and a full device must fail, not vanish. A new
    file gets the usual permissions (0666 less the umask); one overwritten keeps its mode.
    """

    def __init__(self, path: Path):
        self._tmp = None
        try:
            existing = os.stat(path)
        except FileNotFoundError:
            existing = None
        if existing is not None and not stat.S_ISREG(existing.st_mode):
            self.path = Path(path)
            self._file = open(path, "wb")  # a folder raises IsADirectoryError here, as it should
            return
        # After the check above: /dev/stdout's link must not be resolved (to "pipe:[…]").
        self.path = Path(os.path.realpath(path))  # a symlink stays: the file it points to is replaced
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd, self._tmp = _temp_beside(self.path.parent)
        try:
            if existing is not None and hasattr(os, "fchmod"):
                os.fchmod(fd, stat.S_IMODE(existing.st_mode))
            self._file = os.fdopen(fd, "wb")
        except BaseException:
            os.close(fd)
            self._remove_temp()
            raise

    def write(self, data: bytes) -> None:
        self._file.write(data)

    def __enter__(self) -> "AtomicOutput":
        return self

    def __exit__(self, kind, error, traceback) -> None:
        if kind is None:
            self.commit()
        else:
            self.discard()

    def commit(self) -> None:
        """The file in place, whole."""
        try:
            self._file.close()  # a full disk may fail only here, at the last flush
            if self._tmp is not None:
                os.replace(self._tmp, self.path)
                self._tmp = None
        finally:
            self._remove_temp()

    def discard(self) -> None:
        """Nothing of it left (on an error, Ctrl-C or SIGTERM too); what was there stays."""
        try:
            self._file.close()
        except OSError:
            pass
        finally:
            self._remove_temp()

    def _remove_temp(self) -> None:
        if self._tmp is not None:
            try:
                os.unlink(self._tmp)
            except FileNotFoundError:
                pass
            self._tmp = None


def _temp_beside(folder: Path) -> tuple[int, Path]:
    """A new temp file in `folder` (so the rename stays on one file system). Its name is
    short: one made from the final name could pass the 255-byte limit when that one does not.
    Created with mode 0666, which the umask trims, as for any new file."""
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)
    while True:
        tmp = folder / f".gongkai-{secrets.token_hex(6)}.part"
        try:
            return os.open(tmp, flags, 0o666), tmp
        except FileExistsError:  # 48 random bits: practically never
            continue
