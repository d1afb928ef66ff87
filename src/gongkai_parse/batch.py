"""Parsing many files: in worker processes, each file under a time and a memory limit,
results in input order (so output is the same whatever the number of processes).

The pool is pebble's ProcessPool: a worker whose file runs over the time limit is ended and
replaced, one that dies is replaced, and the file is reported; the rest of the batch goes
on. When the caller stops (Ctrl-C, SIGTERM, an error), the workers are ended before run()
returns. With debug, files are parsed in this process without limits, so that an internal
error shows its traceback.
"""
from __future__ import annotations

import multiprocessing
import os
import time
from collections.abc import Iterator
from concurrent.futures import TimeoutError as FutureTimeout
from dataclasses import dataclass
from pathlib import Path

from .errors import InputError

DEFAULT_MAX_MEMORY = 2 * 1024 ** 3

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


def _timeout_message(timeout: float) -> str:
    return f"took longer than {timeout:g} s and was stopped (raise --timeout for very large files)"


def _init_worker(max_memory: int) -> None:
    """Pool initializer: cap the worker's address space, so that a file that explodes fails
    alone with MemoryError instead of taking the machine's memory. Must never raise: pebble
    treats a failed initializer as a broken pool."""
    global _memory_limit
    try:
        import resource

        _, hard = resource.getrlimit(resource.RLIMIT_AS)
        limit = max_memory if hard == resource.RLIM_INFINITY else min(max_memory, hard)
        if limit > 0:
            resource.setrlimit(resource.RLIMIT_AS, (limit, hard))
            _memory_limit = limit
    except (ImportError, ValueError, OSError):  # no resource module (Windows), or not allowed
        pass


def _parse_one(path: str | DataInput, deadline_from_measure: bool,
               debug: bool = False, ocr: str = "auto") -> tuple[object | None, str | None, float]:
    """(document, None, seconds) or (None, the reason, seconds); never raises unless debug."""
    from .pipeline import parse, parse_bytes

    started = time.perf_counter()
    try:
        if isinstance(path, DataInput):
            document = parse_bytes(path.data, path.name, deadline_from_measure=deadline_from_measure, by_content=True,
                                   ocr=ocr)
        else:
            document = parse(path, deadline_from_measure=deadline_from_measure, ocr=ocr)
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


def _arg(path: Path | DataInput) -> str | DataInput:
    return path if isinstance(path, DataInput) else str(path)


def run(paths: list[Path | DataInput], *, jobs: int = 1, timeout: float = 60.0, max_memory: int = DEFAULT_MAX_MEMORY,
        deadline_from_measure: bool = False, debug: bool = False, ocr: str = "auto") -> Iterator[Result]:
    """Parse every path; yield one Result per path, in the order of `paths`.

    A path may be a DataInput (bytes already read, e.g. standard input).
    timeout: seconds per file (0: none); max_memory: bytes per worker process (0: none)."""
    if debug:
        for index, path in enumerate(paths):
            yield Result(index, *_parse_one(_arg(path), deadline_from_measure, debug=True, ocr=ocr))
        return
    if not paths:
        return
    from pebble import ProcessPool

    from . import pipeline  # noqa: F401  imported before the workers fork: they share it at no cost

    pool = ProcessPool(max_workers=max(1, min(jobs, len(paths))), initializer=_init_worker,
                       initargs=(max_memory,), context=_context())
    try:
        futures = [pool.schedule(_parse_one, (_arg(path), deadline_from_measure), {"ocr": ocr}, timeout=timeout or None)
                   for path in paths]
        for index, future in enumerate(futures):
            yield Result(index, *_outcome(future, timeout, max_memory))
    finally:
        # also on Ctrl-C, SIGTERM or the caller stopping early: no worker outlives the batch
        pool.stop()
        pool.join()


def _outcome(future, timeout: float, max_memory: int) -> tuple[object | None, str | None, float]:
    from pebble import ProcessExpired

    try:
        return future.result()
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
