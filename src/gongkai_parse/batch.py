"""Parsing many files: in worker processes, each file under a time and a memory limit,
results in input order (so output is the same whatever the number of processes).

The pool is pebble's ProcessPool: a worker whose file runs over the time limit is ended and
replaced, one that dies is replaced, and the file is reported; the rest of the batch goes
on. The time limit grows with the file (time_limit): the timeout is per 100 pages of a PDF,
per MB of another file. pebble counts it from the moment a worker starts the file, so a
worker's start-up is never part of it. When the caller stops (Ctrl-C, SIGTERM, an error),
the workers are ended before run() returns. With debug, files are parsed in this process without limits, so that an internal
error shows its traceback.

A scan of several pages is split: each page is read by OCR in a task of its own (a page
takes seconds, so pages in parallel keep every worker busy even for one long scan), then the
file is parsed from what its pages showed, by the same reader as in one process.
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
    return _limit(_measure(source)[0], timeout)


def _limit(scale: float, timeout: float) -> float:
    return timeout * min(MAX_TIMEOUT_SCALE, max(1.0, scale)) if timeout else 0.0


def plan(source: str | Path | DataInput, timeout: float, ocr: str = "auto") -> tuple[float, str | None, int]:
    """(time limit, kind, pages): a scan of several pages, "pdf" or "image", whose pages are
    read by OCR each in a task of its own before the file is parsed; else (limit, None, 0).
    A scan read from standard input, or with --ocr never or the extra missing, is read whole."""
    scale, kind, pages = _measure(source, ocr)
    if kind is None or pages < 2 or isinstance(source, DataInput) or ocr == "never":
        return _limit(scale, timeout), None, 0
    from .readers import scan

    if not scan.available():
        return _limit(scale, timeout), None, 0
    return _limit(scale, timeout), kind, pages


def _measure(source: str | Path | DataInput, ocr: str = "auto") -> tuple[float, str | None, int]:
    """(how many timeouts the file may take, "pdf" or "image" for a scan else None, its pages)."""
    if isinstance(source, DataInput):
        size, head = len(source.data), source.data[:5]
    else:
        try:
            info = os.stat(source)
            if not stat.S_ISREG(info.st_mode):  # a FIFO would never answer: the parser refuses it
                return 1.0, None, 0
            size = info.st_size
            with open(source, "rb") as f:
                head = f.read(5)
        except OSError:
            return 1.0, None, 0
    if head.startswith(b"%PDF"):
        counted = _pdf_pages(source.data if isinstance(source, DataInput) else str(source))
        if counted is not None:
            pages, scanned = counted
            if scanned:
                return pages / SCAN_PAGES_PER_TIMEOUT, "pdf", pages
            return pages / PAGES_PER_TIMEOUT, "pdf" if ocr == "always" else None, pages
    elif head.startswith(_IMAGE_MAGIC):
        from .readers import scan

        pages = 1 if isinstance(source, DataInput) else scan.frame_count(str(source))
        return max(1, size // BYTES_PER_TIMEOUT) / SCAN_PAGES_PER_TIMEOUT, "image", pages
    return size / BYTES_PER_TIMEOUT, None, 0


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
    alone with MemoryError instead of taking the machine's memory. The cap is max_memory on
    top of what the worker starts with: a forked worker inherits its parent's mappings (a
    program that loaded the OCR models itself passes on over a GB of them), which are not the
    file's doing. Must never raise: pebble treats a failed initializer as a broken pool.
    cpu_share: the cores this worker may use for OCR (0: all)."""
    global _memory_limit
    from .readers import scan

    scan.THREADS = cpu_share
    if max_memory <= 0:
        return
    try:
        import resource

        _, hard = resource.getrlimit(resource.RLIMIT_AS)
        limit = _address_space() + max_memory
        if hard != resource.RLIM_INFINITY:
            limit = min(limit, hard)
        resource.setrlimit(resource.RLIMIT_AS, (limit, hard))
        _memory_limit = max_memory
    except (ImportError, ValueError, OSError):  # no resource module (Windows), or not allowed
        pass


def _address_space() -> int:
    """The bytes this process has mapped (Linux; 0 where that cannot be read)."""
    try:
        with open("/proc/self/statm") as f:
            return int(f.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError):
        return 0


def _cpu_share(workers: int) -> int:
    """The cores each of the pool's workers may compute with."""
    return max(1, (os.cpu_count() or 1) // max(1, workers))


def _guarded(work, debug: bool = False) -> tuple[object | None, str | None, float]:
    """(work(), None, seconds) or (None, the reason, seconds); never raises unless debug."""
    started = time.perf_counter()
    try:
        value, error = work(), None
    except InputError as e:
        value, error = None, e.reason
    except RecursionError:
        value, error = None, "too deeply nested to read"
    except MemoryError:
        value, error = None, _out_of_memory()
    except Exception as e:  # a bug of ours: one line, and the batch goes on
        if debug:
            raise
        value, error = None, f"internal error ({type(e).__name__}: {e}); rerun with --debug for details"
    return value, error, time.perf_counter() - started


def _parse_one(path: str | DataInput, deadline_from_measure: bool, debug: bool = False,
               pdf_engine: str = "pdfium", ocr: str = "auto", seen: dict | None = None) -> tuple[object | None, str | None, float]:
    """(document, None, seconds) or (None, the reason, seconds); never raises unless debug."""
    from .pipeline import parse, parse_bytes

    def work():
        if isinstance(path, DataInput):
            return parse_bytes(path.data, path.name, deadline_from_measure=deadline_from_measure, by_content=True,
                               pdf_engine=pdf_engine, ocr=ocr)
        return parse(path, deadline_from_measure=deadline_from_measure, pdf_engine=pdf_engine, ocr=ocr, seen=seen)

    return _guarded(work, debug)


def _look_at_page(path: str, kind: str, number: int, ocr: str) -> tuple[object | None, str | None, float]:
    """One page of a scan read by OCR in a worker: (its PageScan or None for a page with a
    text layer, None, seconds) or (None, the reason, seconds)."""
    from .readers import pdf, scan

    if kind == "pdf":
        return _guarded(lambda: pdf.look_at_page(path, number, ocr))
    return _guarded(lambda: scan.look_at_frame(path, number))


PACKED_RECORDS = 1000  # records pickled together when a document crosses from a worker


def _parse_packed(path: str | DataInput, deadline_from_measure: bool, pdf_engine: str = "pdfium",
                  ocr: str = "auto", seen: dict | None = None) -> tuple[object, str | None, float]:
    """_parse_one in a worker. Pickling keeps a memo entry for every object it writes: for a
    100,000-record document, about as much memory again as the document. Its records are
    pickled a thousand at a time (a small memo each), the rest of the document apart."""
    document, error, seconds = _parse_one(path, deadline_from_measure, pdf_engine=pdf_engine, ocr=ocr, seen=seen)
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
        ocr: str = "auto", on_pages=None) -> Iterator[Result]:
    """Parse every path; yield one Result per path, in the order of `paths`.

    A path may be a DataInput (bytes already read, e.g. standard input).
    timeout: seconds per file (0: none); max_memory: bytes per worker process (0: none);
    pdf_engine: what reads a PDF's pages ("pdfium" or "pdfplumber"); ocr: auto, always or never.
    The pages of a scan are read by OCR each in a task of its own, in parallel with the
    other tasks, then the file is parsed from what they saw; on_pages(index, done, pages) is
    called when they start (done 0) and as they are read."""
    if debug:
        for index, path in enumerate(paths):
            yield Result(index, *_parse_one(_arg(path), deadline_from_measure, True, pdf_engine, ocr))
        return
    if not paths:
        return
    from . import pipeline  # noqa: F401  imported before the workers fork: they share it at no cost

    workers = min(jobs, len(paths))
    pool = _pool(workers, max_memory)
    try:
        plans = _plans(pool, paths, timeout, ocr)
        at_once = sum(pages if kind else 1 for _, kind, pages in plans)
        if min(jobs, at_once) > workers:
            # a scan's pages give more tasks than there are files: as many workers as they can
            # keep busy, each computing with its share of the cores
            pool.stop()
            pool.join()
            pool = _pool(min(jobs, at_once), max_memory)
        yield from _Schedule(pool, paths, plans, jobs, timeout, (deadline_from_measure, pdf_engine, ocr), max_memory,
                             on_pages).results()
    finally:
        # also on Ctrl-C, SIGTERM or the caller stopping early: no worker outlives the batch
        pool.stop()
        pool.join()


def _pool(workers: int, max_memory: int):
    from pebble import ProcessPool

    workers = max(1, workers)
    return ProcessPool(max_workers=workers, initializer=_init_worker, initargs=(max_memory, _cpu_share(workers)),
                       context=_context())


class _Schedule:
    """Feeds the pool a few tasks ahead of its workers, in input order, a scan's parse as soon
    as its pages are read (before any later file's task), and yields results in input order.
    Tasks are not all queued at once, so the first files' results come while the rest wait."""

    def __init__(self, pool, paths, plans, jobs: int, timeout: float, options: tuple, max_memory: int, on_pages):
        from collections import deque

        self.pool, self.paths, self.plans, self.timeout = pool, paths, plans, timeout
        self.options, self.max_memory, self.on_pages = options, max_memory, on_pages
        self.ahead = 2 * max(1, jobs)
        self.todo = deque()  # ("page", index, number) and ("parse", index, 0), in input order
        for index, (_, kind, pages) in enumerate(plans):
            if kind:
                self.todo.extend(("page", index, number) for number in range(1, pages + 1))
            else:
                self.todo.append(("parse", index, 0))
        self.ready = deque()  # scans whose pages are all read: parsed next
        self.running: dict = {}  # future -> task
        self.seen: dict[int, dict] = {}  # a scan's pages read so far, by page number
        self.page_error: dict[int, str] = {}
        self.page_seconds: dict[int, float] = {}
        self.done: dict[int, Result] = {}

    def results(self) -> Iterator[Result]:
        from concurrent.futures import FIRST_COMPLETED, wait

        for index in range(len(self.paths)):
            while index not in self.done:
                self._feed()
                finished, _ = wait(list(self.running), return_when=FIRST_COMPLETED)
                for future in finished:
                    self._finish(future, self.running.pop(future))
            yield self.done.pop(index)

    def _feed(self) -> None:
        while len(self.running) < self.ahead and (self.ready or self.todo):
            what, index, number = self.ready.popleft() if self.ready else self.todo.popleft()
            path = _arg(self.paths[index])
            limit, kind, _ = self.plans[index]
            if what == "page":
                if number == 1 and self.on_pages is not None:
                    self.on_pages(index, 0, self.plans[index][2])
                # one page: the timeout itself (a scan's limit is the timeout per two pages)
                future = self.pool.schedule(_look_at_page, (path, kind, number, self.options[2]),
                                            timeout=self.timeout or None)
            else:
                deadline_from_measure, pdf_engine, ocr = self.options
                future = self.pool.schedule(_parse_packed, (path, deadline_from_measure, pdf_engine, ocr,
                                                            self.seen.pop(index, None)), timeout=limit or None)
            self.running[future] = (what, index, number)

    def _finish(self, future, task) -> None:
        what, index, number = task
        if what == "parse":
            document, error, seconds = _outcome(future, self.plans[index][0], self.max_memory)
            self.done[index] = Result(index, document, error, seconds + self.page_seconds.pop(index, 0.0))
            return
        seen, error, seconds = _outcome(future, self.timeout, self.max_memory, packed=False)
        pages = self.seen.setdefault(index, {})
        pages[number] = seen
        self.page_seconds[index] = self.page_seconds.get(index, 0.0) + seconds
        if error is not None and index not in self.page_error:
            self.page_error[index] = f"page {number}: {error}"
        total = self.plans[index][2]
        if self.on_pages is not None:
            self.on_pages(index, len(pages), total)
        if len(pages) < total:
            return
        if index in self.page_error:  # not parsed: a page could not be read
            del self.seen[index]
            self.done[index] = Result(index, None, self.page_error.pop(index), self.page_seconds.pop(index))
        else:
            self.seen[index] = {n: page for n, page in pages.items() if page is not None}
            self.ready.append(("parse", index, 0))


def _plans(pool, paths: list[Path | DataInput], timeout: float, ocr: str) -> list[tuple[float, str | None, int]]:
    """Each file's plan (time limit, scan kind, pages), measured in the workers (a few
    milliseconds a file)."""
    futures = [pool.schedule(plan, (_arg(path), timeout, ocr), timeout=timeout or None) for path in paths]
    plans = []
    for future in futures:
        try:
            plans.append(future.result())
        except Exception:  # the measure itself hung or died: the file gets the plain timeout
            plans.append((timeout, None, 0))
    return plans


def _outcome(future, timeout: float, max_memory: int, packed: bool = True) -> tuple[object | None, str | None, float]:
    from pebble import ProcessExpired

    try:
        return _unpack(future.result()) if packed else future.result()
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
