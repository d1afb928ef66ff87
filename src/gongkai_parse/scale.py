"""A folder of notices parsed on a Dask cluster: one machine's worker processes, or many.

Needs the `scale` extra (`pip install 'gongkai-parse[scale]'`). How to run it, on a real
cluster too, and the same under Spark and Ray: docs/scale.md.

    from gongkai_parse.scale import parse_folder
    result = parse_folder("notices/", "out/", n_workers=4)     # a LocalCluster, closed after
    result = parse_folder("notices/", "out/", client=client)   # a cluster you connected to

or from the shell:

    python -m gongkai_parse.scale notices/ out/ --workers 4
    python -m gongkai_parse.scale notices/ out/ --scheduler tcp://10.0.0.5:8786

The files (the same the CLI takes from a folder: walked recursively, sorted, hidden ones
and unknown types left out) are cut into partitions of `files_per_partition` consecutive
files. Each partition is parsed on a worker with `parse_bytes` and written there as
`part-NNNNN.jsonl`, in the CLI's JSONL line shape; reading `part-*.jsonl` in name order
gives the records in file order, then record order, whatever the number of workers. A file
that cannot be parsed becomes a failure record (never an exception that stops the run);
the failures go to `errors.jsonl` ({"file", "reason"}, like the CLI's folder output).
"""
from __future__ import annotations

import json
import os
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import NamedTuple

from .errors import InputError, printable

ERRORS_FILE = "errors.jsonl"
PART_NAME = "part-{:05d}.jsonl"
_PART_PATTERN = re.compile(r"part-\d{5,}\.jsonl")


class FileResult(NamedTuple):
    """One input's outcome, as it travels from a worker: its JSONL lines, or why it failed."""

    file: str
    lines: bytes  # the CLI's JSONL lines for this file; empty when it failed
    records: int
    reason: str | None  # None when it parsed


@dataclass
class ScaleResult:
    parts: list[Path] = field(default_factory=list)  # in order: concatenated, the whole output
    files: int = 0
    parsed: int = 0
    records: int = 0
    failures: list[tuple[str, str]] = field(default_factory=list)  # (file, reason), in file order
    errors_file: Path | None = None


def list_notices(folder: str) -> tuple[object, list[str]]:
    """The filesystem (fsspec) and the notice files under `folder`, sorted: a local path,
    or a URL such as s3://bucket/notices/ when that filesystem's package is installed."""
    import fsspec

    from .readers import is_supported

    fs, root = fsspec.core.url_to_fs(str(folder))
    if not fs.exists(root):
        raise InputError("no such folder")
    if not fs.isdir(root):
        raise InputError("not a folder (give the folder of notices)")
    root = root.rstrip("/")
    files = []
    for path, info in fs.find(root, detail=True).items():
        relative = PurePosixPath(path[len(root):].lstrip("/"))
        # only regular files: a FIFO or a device in the folder would hang or flood a worker
        if info.get("type") != "file" or any(part.startswith(".") for part in relative.parts):
            continue
        if is_supported(Path(relative.name)):
            files.append(path)
    return fs, sorted(files)


def parse_file(path: str, fs, deadline_from_measure: bool = False) -> FileResult:
    """Read (through `fs`, an fsspec filesystem) and parse one file on a worker; never
    raises (a failure is a FileResult)."""
    from .pipeline import MAX_INPUT_BYTES, parse_bytes
    from .writers.jsonl_writer import render

    try:
        with fs.open(path, "rb") as f:
            data = f.read(MAX_INPUT_BYTES + 1)  # bounded: parse_bytes refuses anything larger
        document = parse_bytes(data, path, deadline_from_measure=deadline_from_measure)
        return FileResult(path, render([document]), len(document.tasks), None)
    except InputError as e:
        reason = e.reason
    except FileNotFoundError:
        reason = "no such file"  # removed after the folder was listed
    except IsADirectoryError:
        reason = "is a folder, not a file"
    except PermissionError:
        reason = "permission denied"
    except OSError as e:
        reason = f"cannot read: {e.strerror or e}"
    except RecursionError:
        reason = "too deeply nested to read"
    except MemoryError:
        reason = "too large to read in memory"
    except Exception as e:  # a bug of ours: one file fails, the run goes on
        reason = f"internal error ({type(e).__name__}: {e})"
    return FileResult(path, b"", 0, reason)


def write_part(results: list[FileResult], index: int, output: str) -> list[FileResult]:
    """On the worker: write one partition's lines as part-NNNNN.jsonl (whole or not at all),
    and hand back only the small part of each result (counts and reasons), not the lines."""
    from .writers import write_atomic

    try:
        write_atomic(Path(output) / PART_NAME.format(index), b"".join(r.lines for r in results))
    except OSError as e:  # a full disk or a read-only folder: this partition's files failed
        reason = f"cannot write output: {e.strerror or e}"
        return [FileResult(r.file, b"", 0, r.reason or reason) for r in results]
    return [r._replace(lines=b"") for r in results]


def parse_folder(folder: str | Path, output: str | Path, *, client=None, n_workers: int | None = None,
                 files_per_partition: int = 16, deadline_from_measure: bool = False) -> ScaleResult:
    """Parse every notice under `folder` on Dask workers into `output`/part-NNNNN.jsonl.

    client: a distributed.Client of a running cluster (its workers must see `folder`, and
    `output` at the same path); without one, a LocalCluster of n_workers processes (default:
    one per CPU) is started on 127.0.0.1, without a dashboard, and closed on return, also
    on error. Raises InputError when the folder is missing or has no notices."""
    fs, files = list_notices(str(folder))
    if not files:
        from .readers import READERS

        suffixes = " ".join(s for spec in READERS for s in spec.suffixes)
        raise InputError(f"no notices found (files read: {suffixes})")
    output = Path(output).resolve()
    output.mkdir(parents=True, exist_ok=True)
    if client is not None:
        return _run(client, fs, files, output, files_per_partition, deadline_from_measure)

    from distributed import Client, LocalCluster

    with LocalCluster(n_workers=n_workers or os.cpu_count() or 1, threads_per_worker=1, processes=True,
                      host="127.0.0.1", dashboard_address=None) as cluster, Client(cluster) as own_client:
        return _run(own_client, fs, files, output, files_per_partition, deadline_from_measure)


def _run(client, fs, files: list[str], output: Path, files_per_partition: int,
         deadline_from_measure: bool) -> ScaleResult:
    import dask
    import dask.bag as db

    size = max(1, files_per_partition)
    chunks = [files[i:i + size] for i in range(0, len(files), size)]
    # One chunk per partition, so that partition i is known to hold chunks[i] (and its
    # part file the records of those files, in order) even when a worker is lost.
    bag = db.from_sequence(chunks, partition_size=1).flatten()
    parsed = bag.map(parse_file, fs, deadline_from_measure=deadline_from_measure)
    writes = [dask.delayed(write_part)(part, index, str(output)) for index, part in enumerate(parsed.to_delayed())]
    futures = client.compute(writes)
    result = ScaleResult(files=len(files))
    written = set()
    try:
        for index, (chunk, future) in enumerate(zip(chunks, futures)):
            try:
                outcomes = future.result()
                written.add(PART_NAME.format(index))
            except Exception as e:  # the worker died on this partition more often than Dask retries
                reason = f"the worker parsing this file's partition failed ({type(e).__name__}: {e})"
                outcomes = [FileResult(path, b"", 0, reason) for path in chunk]
            for outcome in outcomes:
                if outcome.reason is None:
                    result.parsed += 1
                    result.records += outcome.records
                else:
                    result.failures.append((outcome.file, outcome.reason))
    finally:
        client.cancel(futures)  # on Ctrl-C too: nothing of this run goes on running
    result.parts = [output / name for name in sorted(written)]
    _remove_stale_parts(output, written)
    result.errors_file = _write_errors(output, result.failures)
    return result


def _remove_stale_parts(output: Path, written: set[str]) -> None:
    """Part files of an earlier run (more partitions, or one that failed now) would be read
    as part of this output."""
    for path in output.iterdir():
        if _PART_PATTERN.fullmatch(path.name) and path.name not in written:
            path.unlink()


def _write_errors(output: Path, failures: list[tuple[str, str]]) -> Path | None:
    from .writers import write_atomic

    path = output / ERRORS_FILE
    if not failures:
        if path.exists():
            path.unlink()  # a stale list from an earlier run would mislead
        return None
    lines = [json.dumps({"file": printable(file), "reason": reason}, ensure_ascii=False) for file, reason in failures]
    write_atomic(path, ("\n".join(lines) + "\n").encode("utf-8"))
    return path


def main(argv: list[str] | None = None) -> int:
    import argparse

    parser = argparse.ArgumentParser(prog="python -m gongkai_parse.scale",
                                     description="Parse a folder of notices on Dask workers into partitioned JSONL.")
    parser.add_argument("folder", help="the notices (a local folder, or an fsspec URL such as s3://bucket/notices)")
    parser.add_argument("output", help="the folder for part-NNNNN.jsonl and errors.jsonl (seen by every worker)")
    parser.add_argument("--scheduler", help="address of a running Dask scheduler (tcp://host:8786); "
                                            "default: a local cluster")
    parser.add_argument("--workers", type=int, default=None, help="local worker processes (default: one per CPU)")
    parser.add_argument("--files-per-partition", type=int, default=16)
    parser.add_argument("--deadline-from-measure", action="store_true")
    args = parser.parse_args(argv)
    try:
        if args.scheduler:
            from distributed import Client

            with Client(args.scheduler) as client:
                result = parse_folder(args.folder, args.output, client=client,
                                      files_per_partition=args.files_per_partition,
                                      deadline_from_measure=args.deadline_from_measure)
        else:
            result = parse_folder(args.folder, args.output, n_workers=args.workers,
                                  files_per_partition=args.files_per_partition,
                                  deadline_from_measure=args.deadline_from_measure)
    except InputError as e:
        print(f"error: {args.folder}: {e.reason}", file=sys.stderr)
        return 1
    except OSError as e:
        print(f"error: cannot write {args.output}: {e.strerror or e}", file=sys.stderr)
        return 1
    for file, reason in result.failures:
        print(f"error: {file}: {reason}", file=sys.stderr)
    where = f"; failures in {result.errors_file}" if result.errors_file else ""
    print(f"{result.parsed} of {result.files} file(s) parsed, {result.records} record(s) in "
          f"{len(result.parts)} part file(s) under {args.output}, {len(result.failures)} failed{where}",
          file=sys.stderr)
    return 1 if result.failures else 0


if __name__ == "__main__":
    sys.exit(main())
