"""Parsing many files: in worker processes, each file under a time and a memory limit,
results in input order (so output is the same whatever the number of processes).

The pool is pebble's ProcessPool: a worker whose file runs over the time limit is ended and
replaced, one that dies is replaced, and the file is reported; the rest of the batch goes
on. The time limit grows with the file (time_limit): the timeout is per 100 pages of a PDF,
per MB of another file. pebble counts it from the moment a worker starts the file, so a
worker's start-up is never part of it. When the caller stops (Ctrl-C, SIGTERM, an error),
the workers are ended before run() returns. With debug, files are parsed in this process without limits, so that an internal
error shows its traceback.
"""
from __future__ import annotations

import io
import multiprocessing
import os
import pickle
import stat
import time
from collections.abc import Iterator
from concurrent.futures import TimeoutError as FutureTimeout
from dataclasses import dataclass
from pathlib import Path

from .errors import InputError

DEFAULT_MAX_MEMORY = 2 * 1024 ** 3
# The timeout (--timeout) is the time allowed per this much of a file, and at most this many
# times over: a 1,000-page PDF takes about 80 s (0.08 s a page) and a MB of text about 4 s, so
# a file within the limit is never stopped for its size, while a file that hangs still is.
PAGES_PER_TIMEOUT = 100
BYTES_PER_TIMEOUT = 1024 ** 2
MAX_TIMEOUT_SCALE = 20
# OCR takes 2–5 s a page on two busy cores: a scan (a PDF whose first page is an image, or
# an image file, taken as a page per MB) gets the timeout per this many pages.
SCAN_PAGES_PER_TIMEOUT = 2
_IMAGE_MAGIC = (b"\x89PNG", b"\xff\xd8\xff", b"II*\x00", b"MM\x00*")

_memory_limit = 0  # in a worker: the address-space limit it runs under, for the message


@dataclass(frozen=True)
class DataInput:
    """An input already read (standard input): its bytes, and the name it is reported under.
    Its format is told from its content."""

    name: str
    data: bytes


@dataclass
class Result:
    index: int
    document: object | None  # a model.Document
    error: str | None
    seconds: float


def size_text(n: int) -> str:
    """2147483648 -> '2 GB', 536870912 -> '512 MB'."""
    for unit, size in (("GB", 1024 ** 3), ("MB", 1024 ** 2), ("kB", 1024)):
        if n >= size:
            return f"{n / size:g} {unit}" if n % size == 0 else f"{n / size:.1f} {unit}"
    return f"{n} bytes"


def _out_of_memory() -> str:
    if _memory_limit:
        return f"out of memory (limit {size_text(_memory_limit)}; raise --max-memory)"
    return "too large to read in memory"


def time_limit(source: str | Path | DataInput, timeout: float) -> float:
    """The seconds allowed to parse this file: `timeout` per PAGES_PER_TIMEOUT pages of a PDF
    (counted by pdfium, which reads only the page tree) or per SCAN_PAGES_PER_TIMEOUT pages of
    a scan, per BYTES_PER_TIMEOUT of another file or of a PDF whose pages cannot be counted; never less than `timeout` nor more than
    MAX_TIMEOUT_SCALE times it. 0 (no limit) stays 0. Run in a worker: a hostile PDF's page
    tree is read under the worker's memory limit, not in the main process."""
    if not timeout:
        return 0.0
    if isinstance(source, DataInput):
        size, head = len(source.data), source.data[:5]
    else:
        try:
            info = os.stat(source)
            if not stat.S_ISREG(info.st_mode):  # a FIFO would never answer: the parser refuses it
                return timeout
            size = info.st_size
            with open(source, "rb") as f:
                head = f.read(5)
        except OSError:
            return timeout
    scale = size / BYTES_PER_TIMEOUT
    if head.startswith(b"%PDF"):
        counted = _pdf_pages(source.data if isinstance(source, DataInput) else str(source))
        if counted is not None:
            pages, scanned = counted
            scale = pages / (SCAN_PAGES_PER_TIMEOUT if scanned else PAGES_PER_TIMEOUT)
    elif head.startswith(_IMAGE_MAGIC):
        scale = max(1, size // BYTES_PER_TIMEOUT) / SCAN_PAGES_PER_TIMEOUT
    return timeout * min(MAX_TIMEOUT_SCALE, max(1.0, scale))


def _pdf_pages(pdf: str | bytes) -> tuple[int, bool] | None:
    """The PDF's page count (pdfium reads only the page tree), and whether it is a scan (its
    first page an image, told without drawing the page: a hostile page costs nothing here)."""
    try:
        import pypdfium2

        from .readers.pdf import first_page_is_image

        document = pypdfium2.PdfDocument(pdf)
        try:
            pages = len(document)
        finally:
            document.close()
        if isinstance(pdf, bytes):
            return pages, first_page_is_image(io.BytesIO(pdf))
        with open(pdf, "rb") as f:  # pdfminer seeks to the objects it needs: the file is not read whole
            return pages, first_page_is_image(f)
    except Exception:  # damaged, encrypted: the parser says why; the limit is the size's
        return None


def _timeout_message(timeout: float) -> str:
    return f"took longer than {timeout:g} s and was stopped (raise --timeout for very large files)"


def _init_worker(max_memory: int, cpu_share: int = 0) -> None:
    """Pool initializer: cap the worker's address space, so that a file that explodes fails
    alone with MemoryError instead of taking the machine's memory. Must never raise: pebble
    treats a failed initializer as a broken pool. cpu_share: the cores this worker may use
    for OCR (0: all)."""
    global _memory_limit
    from .readers import scan

    scan.THREADS = cpu_share
    try:
        import resource

        _, hard = resource.getrlimit(resource.RLIMIT_AS)
        limit = max_memory if hard == resource.RLIM_INFINITY else min(max_memory, hard)
        if limit > 0:
            resource.setrlimit(resource.RLIMIT_AS, (limit, hard))
            _memory_limit = limit
    except (ImportError, ValueError, OSError):  # no resource module (Windows), or not allowed
        pass


def _cpu_share(jobs: int, files: int) -> int:
    """The cores each of the pool's workers may compute with."""
    workers = max(1, min(jobs, files))
    return max(1, (os.cpu_count() or 1) // workers)


def _parse_one(path: str | DataInput, deadline_from_measure: bool, debug: bool = False,
               pdf_engine: str = "pdfium", ocr: str = "auto") -> tuple[object | None, str | None, float]:
    """(document, None, seconds) or (None, the reason, seconds); never raises unless debug."""
    from .pipeline import parse, parse_bytes

    started = time.perf_counter()
    try:
        if isinstance(path, DataInput):
            document = parse_bytes(path.data, path.name, deadline_from_measure=deadline_from_measure, by_content=True,
                                   pdf_engine=pdf_engine, ocr=ocr)
        else:
            document = parse(path, deadline_from_measure=deadline_from_measure, pdf_engine=pdf_engine, ocr=ocr)
        error = None
    except InputError as e:
        document, error = None, e.reason
    except RecursionError:
        document, error = None, "too deeply nested to read"
    except MemoryError:
        document, error = None, _out_of_memory()
    except Exception as e:  # a bug of ours: one line, and the batch goes on
        if debug:
            raise
        document, error = None, f"internal error ({type(e).__name__}: {e}); rerun with --debug for details"
    return document, error, time.perf_counter() - started


PACKED_RECORDS = 1000  # records pickled together when a document crosses from a worker


def _parse_packed(path: str | DataInput, deadline_from_measure: bool, pdf_engine: str = "pdfium",
                  ocr: str = "auto") -> tuple[object, str | None, float]:
    """_parse_one in a worker. Pickling keeps a memo entry for every object it writes: for a
    100,000-record document, about as much memory again as the document. Its records are
    pickled a thousand at a time (a small memo each), the rest of the document apart."""
    document, error, seconds = _parse_one(path, deadline_from_measure, pdf_engine=pdf_engine, ocr=ocr)
    if document is None:
        return None, error, seconds
    tasks = document.tasks
    packed = [pickle.dumps(tasks[i:i + PACKED_RECORDS], pickle.HIGHEST_PROTOCOL)
              for i in range(0, len(tasks), PACKED_RECORDS)]
    shell = document.model_copy(update={"tasks": []})
    return (shell, packed), None, seconds


def _unpack(result: tuple[object, str | None, float]) -> tuple[object, str | None, float]:
    packed_document, error, seconds = result
    if packed_document is None:
        return None, error, seconds
    shell, packed = packed_document
    tasks = [record for part in packed for record in pickle.loads(part)]
    return shell.model_copy(update={"tasks": tasks}), None, seconds


def _arg(path: Path | DataInput) -> str | DataInput:
    return path if isinstance(path, DataInput) else str(path)


def run(paths: list[Path | DataInput], *, jobs: int = 1, timeout: float = 60.0, max_memory: int = DEFAULT_MAX_MEMORY,
        deadline_from_measure: bool = False, debug: bool = False, pdf_engine: str = "pdfium",
        ocr: str = "auto") -> Iterator[Result]:
    """Parse every path; yield one Result per path, in the order of `paths`.

    A path may be a DataInput (bytes already read, e.g. standard input).
    timeout: seconds per file (0: none); max_memory: bytes per worker process (0: none);
    pdf_engine: what reads a PDF's pages ("pdfium" or "pdfplumber"); ocr: auto, always or never."""
    if debug:
        for index, path in enumerate(paths):
            yield Result(index, *_parse_one(_arg(path), deadline_from_measure, True, pdf_engine, ocr))
        return
    if not paths:
        return
    from pebble import ProcessPool

    from . import pipeline  # noqa: F401  imported before the workers fork: they share it at no cost

    pool = ProcessPool(max_workers=max(1, min(jobs, len(paths))), initializer=_init_worker,
                       initargs=(max_memory, _cpu_share(jobs, len(paths))), context=_context())
    try:
        limits = _time_limits(pool, paths, timeout)
        futures = [pool.schedule(_parse_packed, (_arg(path), deadline_from_measure, pdf_engine, ocr),
                                 timeout=limit or None)
                   for path, limit in zip(paths, limits)]
        for index, (future, limit) in enumerate(zip(futures, limits)):
            yield Result(index, *_outcome(future, limit, max_memory))
    finally:
        # also on Ctrl-C, SIGTERM or the caller stopping early: no worker outlives the batch
        pool.stop()
        pool.join()


def _time_limits(pool, paths: list[Path | DataInput], timeout: float) -> list[float]:
    """Each file's time limit, measured in the workers (a few milliseconds a file)."""
    if not timeout:
        return [0.0] * len(paths)
    futures = [pool.schedule(time_limit, (_arg(path), timeout), timeout=timeout) for path in paths]
    limits = []
    for future in futures:
        try:
            limits.append(future.result())
        except Exception:  # the measure itself hung or died: the file gets the plain timeout
            limits.append(timeout)
    return limits


def _outcome(future, timeout: float, max_memory: int) -> tuple[object | None, str | None, float]:
    from pebble import ProcessExpired

    try:
        return _unpack(future.result())
    except FutureTimeout:
        return None, _timeout_message(timeout), timeout
    except ProcessExpired as e:  # killed (the kernel's OOM killer) or crashed in native code
        hint = f" (out of memory? the limit is {size_text(max_memory)})" if max_memory else ""
        return None, f"the parser process died on this file, exit code {e.exitcode}{hint}", 0.0
    except Exception as e:  # the pool could not run it (a result that did not pickle …)
        return None, f"internal error ({type(e).__name__}: {e}); rerun with --debug for details", 0.0


def _context():
    # fork shares the imported parser with the workers at no cost; elsewhere, spawn
    methods = multiprocessing.get_all_start_methods()
    return multiprocessing.get_context("fork" if "fork" in methods and os.name == "posix" else "spawn")
