"""Parsing many files: in parallel processes, each file under a time limit, results in input
order (so output is the same whatever the number of processes).

One process: files are parsed here, and a file over its time limit is stopped by an alarm.
Several: a pool of worker processes; a worker whose file runs over the limit, or that
dies, is replaced and the file reported, and the rest of the batch goes on.
"""
from __future__ import annotations

import multiprocessing
import os
import queue
import signal
import time
from collections import deque
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from .errors import InputError


@dataclass
class Result:
    index: int
    document: object | None  # a model.Document
    error: str | None
    seconds: float


class _Timeout(Exception):
    pass


def _parse_one(path: str, deadline_from_measure: bool) -> tuple[object | None, str | None]:
    from .pipeline import parse

    try:
        return parse(path, deadline_from_measure=deadline_from_measure), None
    except InputError as e:
        return None, e.reason
    except _Timeout:
        raise
    except RecursionError:
        return None, "too deeply nested to read"
    except MemoryError:
        return None, "too large to read in memory"


def _timeout_message(timeout: float) -> str:
    return f"took longer than {timeout:g} s and was stopped (raise --timeout for very large files)"


def run(paths: list[Path], *, jobs: int = 1, timeout: float = 60.0, deadline_from_measure: bool = False,
        debug: bool = False) -> Iterator[Result]:
    """Parse every path; yield one Result per path, in the order of `paths`."""
    if jobs <= 1 or len(paths) <= 1:
        yield from _in_process(paths, timeout, deadline_from_measure, debug)
    else:
        yield from _in_pool(paths, min(jobs, len(paths)), timeout, deadline_from_measure)


def _in_process(paths, timeout, deadline_from_measure, debug) -> Iterator[Result]:
    can_alarm = hasattr(signal, "setitimer") and timeout > 0
    previous = None
    if can_alarm:
        def on_alarm(signum, frame):
            raise _Timeout()
        try:
            previous = signal.signal(signal.SIGALRM, on_alarm)
        except ValueError:  # not the main thread: no alarms
            can_alarm = False
    try:
        for index, path in enumerate(paths):
            started = time.perf_counter()
            try:
                if can_alarm:
                    signal.setitimer(signal.ITIMER_REAL, timeout)
                document, error = _parse_one(str(path), deadline_from_measure)
            except _Timeout:
                document, error = None, _timeout_message(timeout)
            except Exception as e:  # a bug of ours: one line, and the batch goes on
                if debug:
                    raise
                document, error = None, f"internal error ({type(e).__name__}: {e}); rerun with --debug for details"
            finally:
                if can_alarm:
                    signal.setitimer(signal.ITIMER_REAL, 0)
            yield Result(index, document, error, time.perf_counter() - started)
    finally:
        if can_alarm and previous is not None:
            signal.signal(signal.SIGALRM, previous)


def _worker(tasks, results, deadline_from_measure: bool) -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle
    while True:
        item = tasks.get()
        if item is None:
            return
        index, path = item
        started = time.perf_counter()
        try:
            document, error = _parse_one(path, deadline_from_measure)
        except Exception as e:
            document, error = None, f"internal error ({type(e).__name__}: {e}); rerun with --jobs 1 --debug for details"
        results.put((index, document, error, time.perf_counter() - started))


class _Worker:
    def __init__(self, ctx, results, deadline_from_measure: bool):
        self.tasks = ctx.Queue()
        self.process = ctx.Process(target=_worker, args=(self.tasks, results, deadline_from_measure), daemon=True)
        self.process.start()
        self.task: tuple[int, float] | None = None  # (index, started)

    def stop(self, kill: bool = False) -> None:
        if kill:
            self.process.kill()
        else:
            try:
                self.tasks.put(None)
            except (OSError, ValueError):
                pass
        self.process.join(timeout=5)
        if self.process.is_alive():
            self.process.kill()
            self.process.join(timeout=5)
        self.tasks.close()


def _context():
    # fork shares the imported parser with the workers at no cost; elsewhere, spawn
    methods = multiprocessing.get_all_start_methods()
    return multiprocessing.get_context("fork" if "fork" in methods and os.name == "posix" else "spawn")


def _in_pool(paths, jobs, timeout, deadline_from_measure) -> Iterator[Result]:
    ctx = _context()
    results = ctx.Queue()
    workers = [_Worker(ctx, results, deadline_from_measure) for _ in range(jobs)]
    pending = deque(enumerate(paths))
    done: dict[int, Result] = {}
    next_out = 0
    try:
        while next_out < len(paths):
            for w in workers:
                if w.task is None and pending:
                    index, path = pending.popleft()
                    w.task = (index, time.monotonic())
                    w.tasks.put((index, str(path)))
            try:
                index, document, error, seconds = results.get(timeout=0.05)
                done[index] = Result(index, document, error, seconds)
                for w in workers:
                    if w.task and w.task[0] == index:
                        w.task = None
            except queue.Empty:
                pass
            now = time.monotonic()
            for k, w in enumerate(workers):
                if w.task is None:
                    continue
                index, started = w.task
                over = timeout > 0 and now - started > timeout
                if over or not w.process.is_alive():
                    if index not in done:
                        reason = _timeout_message(timeout) if over else "the parser process died on this file"
                        done[index] = Result(index, None, reason, now - started)
                    w.stop(kill=True)
                    workers[k] = _Worker(ctx, results, deadline_from_measure)
            while next_out in done:
                yield done.pop(next_out)
                next_out += 1
    finally:
        for w in workers:
            w.stop(kill=w.task is not None)
        results.close()
