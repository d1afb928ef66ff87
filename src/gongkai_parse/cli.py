"""The command line: walks the inputs, calls the parser and a writer, reports on stderr.

No parsing happens here. Messages and the progress bar go to stderr; stdout carries only
the output, so it can be piped.
"""
from __future__ import annotations

import os
import sys
from dataclasses import dataclass, field
from pathlib import Path

import click

from . import __version__

EXIT_OK, EXIT_FAILED, EXIT_USAGE, EXIT_INTERRUPTED = 0, 1, 2, 130


@dataclass
class Job:
    path: Path  # the input file
    name: Path  # its path relative to the folder given, for naming its output


@dataclass
class Outcome:
    parsed: int = 0
    records: int = 0
    failures: list[tuple[Path, str]] = field(default_factory=list)
    skipped: list[Path] = field(default_factory=list)


def _stderr():
    from rich.console import Console

    return Console(stderr=True, soft_wrap=True, highlight=False)


def collect_jobs(inputs: tuple[Path, ...]) -> tuple[list[Job], list[Path]]:
    """Files to parse (folders walked recursively) and files skipped as of unknown type."""
    from .readers import is_supported

    jobs, skipped = [], []
    for given in inputs:
        if given.is_dir():
            for path in sorted(given.rglob("*")):
                if not path.is_file() or any(part.startswith(".") for part in path.relative_to(given).parts):
                    continue
                if is_supported(path):
                    jobs.append(Job(path, path.relative_to(given)))
                else:
                    skipped.append(path)
        else:
            jobs.append(Job(given, Path(given.name)))  # a missing or odd file fails with its reason
    return jobs, skipped


def _count_suffixes(paths: list[Path]) -> str:
    from collections import Counter

    counts = Counter(p.suffix.lower() or "(no extension)" for p in paths)
    return ", ".join(f"{n} {suffix}" for suffix, n in counts.most_common())


def _is_folder_target(output: str, many: bool) -> bool:
    from .writers import format_of

    path = Path(output)
    return path.is_dir() or output.endswith(("/", os.sep)) or (many and format_of(path) is None)


@click.command(context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.argument("inputs", nargs=-1, type=click.Path(path_type=Path))
@click.option("-o", "--output", metavar="PATH",
              help="Output file, folder (one file per input), or '-' for stdout (the default).")
@click.option("-f", "--format", "fmt", type=click.Choice(["json", "jsonl", "csv"]),
              help="Output format. Default: from the output file's extension, else json.")
@click.option("--bom/--no-bom", default=None,
              help="Start CSV/JSONL output with a UTF-8 BOM (Excel needs it for Chinese). "
                   "Default: on for CSV files, off on stdout.")
@click.option("--units-report", type=click.Path(path_type=Path), metavar="CSV",
              help="Also write every unit with its lead / cooperate / responsible counts across the inputs.")
@click.option("--deadline-from-measure", is_flag=True,
              help="Where a notice has no deadline column, take a measure's own date (2022年11月底前建成…) "
                   "as its deadline (deadline_source: measure).")
@click.option("--schema", is_flag=True, help="Print the JSON Schema of the output and exit.")
@click.option("-q", "--quiet", is_flag=True, help="Only errors on stderr: no progress bar, no summary.")
@click.option("--debug", is_flag=True, help="Show the traceback of an internal error.")
@click.version_option(__version__, prog_name="gongkai-parse")
def main(inputs, output, fmt, bom, units_report, deadline_from_measure, schema, quiet, debug):
    """Turn task-division notices (分工方案, 工作要点, 任务清单) into task rows.

    INPUTS are notice files (.txt, .md) or folders of them.

    \b
    Examples:
      gongkai-parse notice.txt -o tasks.json
      gongkai-parse notice.txt -f csv -o - | head
      gongkai-parse notices/ -o out/          one <input name>.json per notice
      gongkai-parse notices/ -o all.csv       one combined CSV with a source column
    """
    if schema:
        import json

        from .model import output_schema

        click.echo(json.dumps(output_schema(), ensure_ascii=False, indent=2))
        return
    if not inputs:
        raise click.UsageError("no input given (a notice file or a folder)")
    from .writers import format_of

    err = _stderr()
    jobs, skipped = collect_jobs(inputs)
    many = len(jobs) > 1 or any(p.is_dir() for p in inputs)
    to_stdout = output in (None, "-")
    to_folder = not to_stdout and _is_folder_target(output, many)
    if not to_stdout and not to_folder and fmt is None:
        fmt = format_of(output)
        if fmt is None:
            raise click.UsageError(f"cannot tell the output format from '{output}': name it .json, .jsonl "
                                   "or .csv, or give -f")
    fmt = fmt or "json"
    report_bom = bom is not False  # the units report is a CSV file: BOM unless --no-bom
    if bom is None:
        bom = fmt == "csv" and not to_stdout
    if not to_stdout and not to_folder:
        target = Path(output).resolve()
        if any(j.path.resolve() == target for j in jobs if j.path.exists()):
            raise click.UsageError(f"output '{output}' is one of the inputs; it would be overwritten")

    outcome = Outcome(skipped=skipped)
    options = RunOptions(output, fmt, bom, to_folder, deadline_from_measure, quiet, debug)
    from .unit_index import UnitIndex

    index = UnitIndex()
    if skipped and not quiet:
        err.print(f"skipped {len(skipped)} file(s) of a type gongkai-parse does not read: "
                  f"{_count_suffixes(skipped)}", markup=False)
    try:
        documents = _run(jobs, options, many, err, outcome, index)
        if not to_folder and documents:
            _write_combined(documents, output, fmt, bom, to_stdout)
        if units_report:
            from .writers import write_atomic

            write_atomic(units_report, index.render_csv(bom=report_bom))
    except KeyboardInterrupt:
        err.print("interrupted: outputs already written are complete; nothing half-written was left", markup=False)
        sys.exit(EXIT_INTERRUPTED)
    except BrokenPipeError:
        # the reader of our stdout went away (| head): not an error of ours
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        sys.exit(EXIT_OK if not outcome.failures else EXIT_FAILED)

    if not quiet:
        note = f", {len(outcome.skipped)} skipped" if outcome.skipped else ""
        err.print(f"{outcome.parsed} of {len(jobs)} file(s) parsed, {outcome.records} record(s), "
                  f"{len(outcome.failures)} failed{note}", markup=False)
    sys.exit(EXIT_FAILED if outcome.failures else EXIT_OK)


@dataclass(frozen=True)
class RunOptions:
    output: str | None
    fmt: str
    bom: bool
    to_folder: bool
    deadline_from_measure: bool
    quiet: bool
    debug: bool


def _run(jobs, options: RunOptions, many, err, outcome, index) -> list:
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    from .errors import InputError
    from .pipeline import parse
    from .writers import FORMATS, render, write_atomic

    documents = []
    show_bar = many and not options.quiet and err.is_terminal
    columns = (TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn())
    with Progress(*columns, console=err, disable=not show_bar, transient=True) as progress:
        bar = progress.add_task("parsing", total=len(jobs))
        for job in jobs:
            progress.update(bar, description=f"parsing {job.name}")
            try:
                doc = parse(job.path, deadline_from_measure=options.deadline_from_measure)
                index.add(doc)
                if options.to_folder:
                    target = Path(options.output) / job.name.parent / (job.name.name + FORMATS[options.fmt])
                    write_atomic(target, render([doc], options.fmt, bom=options.bom))
                else:
                    documents.append(doc)
                outcome.parsed += 1
                outcome.records += len(doc.tasks)
            except InputError as e:
                outcome.failures.append((job.path, e.reason))
                err.print(f"error: {job.path}: {e.reason}", markup=False)
            except OSError as e:  # writing the output failed (read-only folder, disk full)
                reason = f"cannot write output: {e.strerror or e}"
                outcome.failures.append((job.path, reason))
                err.print(f"error: {job.path}: {reason}", markup=False)
            except Exception as e:  # a bug of ours: say so in one line, keep going
                if options.debug:
                    raise
                reason = f"internal error ({type(e).__name__}: {e}); rerun with --debug for details"
                outcome.failures.append((job.path, reason))
                err.print(f"error: {job.path}: {reason}", markup=False)
            progress.advance(bar)
    return documents


def _write_combined(documents, output, fmt, bom, to_stdout) -> None:
    from .writers import render, write_atomic

    data = render(documents, fmt, bom=bom)
    if to_stdout:
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()
    else:
        write_atomic(Path(output), data)


if __name__ == "__main__":  # pragma: no cover
    main()
