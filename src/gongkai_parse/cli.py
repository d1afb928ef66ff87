"""The command line: walks the inputs, runs the parser (batch.py) and a writer, reports on stderr.

No parsing happens here. Messages, the progress bar and the summary go to stderr; stdout
carries only the output, so it can be piped.
"""
from __future__ import annotations

import json
import os
import re
import signal
import sys
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import click

from . import __version__

EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2  # stopped by a signal: 128 + its number (Ctrl-C 130, SIGTERM 143)
ERRORS_FILE = "errors.jsonl"


STDIN = "-"  # as an input: read standard input


@dataclass
class Job:
    path: Path  # the input file
    name: Path  # its path relative to the folder given, for naming its output
    stdin: bool = False  # '-': standard input, its bytes in data
    data: bytes | None = None

    @property
    def label(self) -> str:
        """How messages name the input."""
        return "stdin" if self.stdin else str(self.path)

    def source(self):
        from .batch import DataInput

        return DataInput("stdin", self.data or b"") if self.stdin else self.path


@dataclass
class Outcome:
    parsed: int = 0
    records: int = 0
    flagged: int = 0  # records that need review
    flagged_notices: int = 0  # notices with such records or warnings
    failures: list[tuple[Path, str]] = field(default_factory=list)
    skipped: list[Path] = field(default_factory=list)
    up_to_date: int = 0
    by_format: Counter = field(default_factory=Counter)
    records_by_format: Counter = field(default_factory=Counter)
    failed_by_format: Counter = field(default_factory=Counter)


@dataclass(frozen=True)
class Target:
    """Where the output goes: stdout, one file, or a folder with one file per input."""

    output: str | None
    fmt: str
    bom: bool
    to_stdout: bool
    to_folder: bool
    lang: str | None = None  # CSV/XLSX headers and values: zh or en (None: each format's default)
    split_by: str | None = None  # "unit": one file per unit in the folder, not one per input

    def path_for(self, job: Job) -> Path:
        from .writers import FORMATS

        return Path(self.output) / job.name.parent / (job.name.name + FORMATS[self.fmt])


def _stderr():
    from rich.console import Console

    return Console(stderr=True, soft_wrap=True, highlight=False)


def collect_jobs(inputs: tuple[Path, ...]) -> tuple[list[Job], list[Path]]:
    """Files to parse (folders walked recursively) and files skipped as of unknown type."""
    from .readers import is_supported

    jobs, skipped = [], []
    for given in inputs:
        if str(given) == STDIN:
            jobs.append(Job(given, Path("stdin"), stdin=True))
        elif given.is_dir():
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
    counts = Counter(p.suffix.lower() or "(no extension)" for p in paths)
    return ", ".join(f"{n} {suffix}" for suffix, n in counts.most_common())


_FORMAT_WORDS = {"pdf": "a PDF file", "docx": "a Word .docx file", "html": "a web page", "text": "text",
                 "doc": "an old Word/WPS file", "sheet": "a spreadsheet", "ofd": "an OFD file"}


def _format_of_input(path: Path) -> str:
    from .readers import spec_for

    spec = spec_for(path)
    return spec.format if spec else (path.suffix.lower().lstrip(".") or "?")


def _is_folder_target(output: str, many: bool) -> bool:
    from .writers import format_of, is_special

    path = Path(output)
    if is_special(output):  # /dev/null, a FIFO: one stream, like stdout
        return False
    return path.is_dir() or output.endswith(("/", os.sep)) or (many and format_of(path) is None)


def _memory_size(text: str) -> int:
    """--max-memory: '2G', '512M', '1.5GB', '0' (no limit) -> bytes."""
    m = re.fullmatch(r"\s*(\d+(?:\.\d+)?)\s*([kmgt]?)i?b?\s*", text.lower())
    if not m:
        raise click.BadParameter(f"'{text}' is not a size like 2G or 512M (0: no limit)")
    return int(float(m.group(1)) * 1024 ** " kmgt".index(m.group(2) or " "))


_stopping = 0  # the signal that is stopping the run, once one has


def _handle_stop_signals() -> None:
    global _stopping
    _stopping = 0
    for signum in (signal.SIGINT, signal.SIGTERM):
        signal.signal(signum, _on_stop_signal)


def _on_stop_signal(signum, frame):
    """SIGTERM as Ctrl-C: unwind through the same cleanup (workers ended, temp files removed).
    A second signal while that cleanup runs is ignored, so that it is never cut short."""
    global _stopping
    if _stopping:
        return
    _stopping = signum
    raise KeyboardInterrupt


EXIT_CODES_HELP = """\b
Exit status:
  0    every input parsed
  1    an input failed (the others are still written), no notice was found,
       or an output could not be written
  2    usage error (a wrong option, an output format that cannot be told)
  130  stopped by Ctrl-C; 143 stopped by SIGTERM (outputs already written are whole)"""


@click.command(context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100},
               epilog=EXIT_CODES_HELP)
@click.argument("inputs", nargs=-1, type=click.Path(path_type=Path))
@click.option("-o", "--output", metavar="PATH",
              help="Output file, folder (one file per input), or '-' for stdout (the default).")
@click.option("-f", "--format", "fmt", type=click.Choice(["json", "jsonl", "csv", "xlsx"]),
              help="Output format. Default: from the output file's extension, else json.")
@click.option("--bom/--no-bom", default=None,
              help="Start CSV/JSONL output with a UTF-8 BOM (Excel needs it for Chinese). "
                   "Default: on for CSV files, off on stdout.")
@click.option("-j", "--jobs", type=click.IntRange(min=1), default=None,
              help="Files parsed at once, in separate processes. Default: the number of CPUs.")
@click.option("--timeout", type=click.FloatRange(min=0), default=60.0, show_default=True,
              help="Seconds a file may take before it is stopped and reported, per 100 pages of a PDF, per "
                   "2 pages of a scan and per MB of another file, up to 20 times this (0: no limit).")
@click.option("--max-memory", default="2G", show_default=True, metavar="SIZE",
              help="Memory one parser process may take for a file, beyond what it starts with (e.g. 512M, "
                   "4G; 0: no limit); a file that needs more fails alone.")
@click.option("--skip-existing", is_flag=True,
              help="With a folder output: parse only inputs whose output is missing or older than the input.")
@click.option("--lang", type=click.Choice(["zh", "en"]), default=None,
              help="Headers and values of CSV and XLSX (and of --units-report): zh gives Chinese headers "
                   "(需核对 for review) and roles / deadline kinds in Chinese (牵头, 按期 …); en the English field "
                   "names and values. Default: zh for XLSX, en for CSV (so scripts keep working).")
@click.option("--split-by", type=click.Choice(["unit"]), default=None,
              help="Write one CSV or XLSX per unit into the -o folder, each with that unit's measures from all "
                   "the inputs and its role in each (a folder per issuer when the notices have several).")
@click.option("--units-report", type=click.Path(path_type=Path), metavar="CSV",
              help="Also write every unit, per issuer, with its lead / cooperate / responsible counts and the "
                   "notices it appears in.")
@click.option("--deadline-from-measure", is_flag=True,
              help="Where a notice has no deadline column, take a measure's own date (2022年11月底前建成…) "
                   "as its deadline (deadline_source: measure).")
@click.option("--pdf-engine", type=click.Choice(["pdfium", "pdfplumber"]), default="pdfium", show_default=True,
              help="What reads a PDF's pages: PDFium (fast) or pdfplumber (pure Python, slower); same output.")
@click.option("--ocr", type=click.Choice(["auto", "always", "never"]), default="auto", show_default=True,
              help="Read scans (PDF pages without a text layer, .png .jpg .tif images) by OCR: auto does so "
                   "where a page has no text; needs pip install 'gongkai-parse[ocr]'.")
@click.option("--review-only", is_flag=True,
              help="Write only the records that need review (their reasons are in `review`, or 需核对 in XLSX).")
@click.option("--schema", type=click.Choice(["document", "list", "jsonl"]), is_flag=False, flag_value="document",
              default=None, metavar="[document|list|jsonl]",
              help="Print the JSON Schema of the output and exit: of one document (the default), of combined "
                   "JSON (a list of documents), or of one JSONL line.")
@click.option("-q", "--quiet", is_flag=True, help="Only errors on stderr: no progress bar, no summary.")
@click.option("--debug", is_flag=True,
              help="Parse in this process, without time or memory limits, and show the traceback of an internal error.")
@click.version_option(__version__, prog_name="gongkai-parse")
def main(inputs, output, fmt, bom, jobs, timeout, max_memory, skip_existing, lang, split_by, units_report,
         deadline_from_measure, pdf_engine, ocr, review_only, schema, quiet, debug):
    """Turn task-division notices (分工方案, 工作要点, 任务清单) into task rows.

    INPUTS are notice files (.txt .md .docx .html .pdf, scans as .png .jpg .tif) or folders of them.

    \b
    Examples:
      gongkai-parse notice.pdf -o tasks.json
      gongkai-parse notice.docx -f csv -o - | head
      gongkai-parse notices/ -o out/          one <input name>.json per notice, errors.jsonl
      gongkai-parse notices/ -o all.xlsx      a ledger (台账): tasks, 说明, a sheet per unit
      gongkai-parse notices/ -f csv --lang zh -o all.csv      Chinese headers and values
      gongkai-parse notices/ -o units/ -f xlsx --split-by unit   one workbook per unit
    """
    if schema:
        from .model import output_schema

        click.echo(json.dumps(output_schema(schema), ensure_ascii=False, indent=2))
        return
    if not inputs:
        raise click.UsageError("no input given (a notice file or a folder)")
    try:
        max_memory = _memory_size(max_memory)
    except click.BadParameter as e:
        raise click.UsageError(f"--max-memory: {e.message}") from None
    target = _target(inputs, output, fmt, bom, lang, split_by)
    err = _stderr()
    found, skipped = collect_jobs(inputs)
    _read_stdin(found)
    if not target.to_stdout and not target.to_folder:
        out = Path(output).resolve()
        if any(j.path.resolve() == out for j in found if not j.stdin and j.path.exists()):
            raise click.UsageError(f"output '{output}' is one of the inputs; it would be overwritten")
    if target.fmt == "xlsx" and target.to_stdout and sys.stdout.isatty():
        raise click.UsageError("xlsx output is a file: give -o tasks.xlsx")
    if skip_existing and (not target.to_folder or split_by):
        raise click.UsageError("--skip-existing needs a folder output with one file per input (-o DIR, no --split-by)")

    outcome = Outcome(skipped=skipped)
    if skipped and not quiet:
        err.print(f"skipped {len(skipped)} file(s) of a type gongkai-parse does not read: "
                  f"{_count_suffixes(skipped)}", markup=False)
    if not found:
        from .readers import READERS

        suffixes = " ".join(s for spec in READERS for s in spec.suffixes)
        err.print(f"error: no notices found in {', '.join(map(str, inputs))} (files read: {suffixes})", markup=False)
        sys.exit(EXIT_FAILED)
    todo = found
    if skip_existing:
        todo = [j for j in found if not _up_to_date(j, target)]
        outcome.up_to_date = len(found) - len(todo)

    from .unit_index import UnitIndex
    from .writers import STREAMED

    index = UnitIndex()
    started = time.perf_counter()
    documents = []
    many = len(inputs) > 1 or any(p.is_dir() for p in inputs)
    combined = not target.to_folder and not target.split_by
    stream = _Stream(target) if combined and target.fmt in STREAMED else None
    _handle_stop_signals()
    try:
        documents = _run(todo, target, jobs or os.cpu_count() or 1, timeout, max_memory, deadline_from_measure,
                         review_only, many, quiet, debug, err, outcome, index, stream, pdf_engine, ocr)
        if stream is not None:
            stream.commit()
        elif combined and documents:
            _write_combined(documents, target, as_list=many)
        if target.split_by:
            _write_by_unit(documents, target, err, quiet)
        if target.to_folder:
            _write_errors_file(Path(output), outcome)
        if units_report:
            from .writers import write_atomic

            write_atomic(units_report, index.render_csv(bom=bom is not False, lang=lang or "en"))
    except KeyboardInterrupt:
        signum = _stopping or signal.SIGINT
        what = "terminated" if signum == signal.SIGTERM else "interrupted"
        if target.to_folder:  # the files that failed before the stop; a second signal is ignored now
            try:
                _write_errors_file(Path(output), outcome)
            except OSError as e:
                err.print(f"error: cannot write {Path(output) / ERRORS_FILE}: {e.strerror or e}", markup=False)
        err.print(f"{what}: the outputs already written are complete; nothing half-written was left",
                  markup=False)
        sys.exit(128 + signum)
    except BrokenPipeError:
        # the reader of our stdout went away (| head): not an error of ours
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        sys.exit(EXIT_FAILED if outcome.failures else EXIT_OK)
    except OSError as e:
        err.print(f"error: cannot write {output}: {e.strerror or e}", markup=False)
        sys.exit(EXIT_FAILED)
    finally:
        if stream is not None:
            stream.discard()  # after commit(), nothing to do; else no temp file is left

    if not quiet:
        _summary(err, outcome, len(found), time.perf_counter() - started, len(todo) > 1,
                 Path(output) / ERRORS_FILE if target.to_folder else None)
    sys.exit(EXIT_FAILED if outcome.failures else EXIT_OK)


def _read_stdin(jobs: list[Job]) -> None:
    """Read standard input for the '-' input, bounded like a file (the parser refuses more)."""
    from .pipeline import MAX_INPUT_BYTES

    readers = [j for j in jobs if j.stdin]
    if not readers:
        return
    if len(readers) > 1:
        raise click.UsageError("'-' (standard input) given more than once")
    if sys.stdin is None or sys.stdin.isatty():
        raise click.UsageError("'-' reads a notice from standard input, which is a terminal: "
                               "pipe one in (cat notice.txt | gongkai-parse -)")
    readers[0].data = sys.stdin.buffer.read(MAX_INPUT_BYTES + 1)


def _target(inputs, output, fmt, bom, lang=None, split_by=None) -> Target:
    from .writers import format_of, is_special

    many = len(inputs) > 1 or any(p.is_dir() for p in inputs)
    to_stdout = output in (None, "-")
    if split_by:
        if to_stdout or is_special(output) or Path(output).is_file():
            raise click.UsageError(f"--split-by {split_by} writes one file per {split_by}: give a folder, -o DIR/")
        if fmt not in ("csv", "xlsx"):
            raise click.UsageError(f"--split-by {split_by} writes CSV or XLSX files: give -f csv or -f xlsx")
        return Target(output, fmt, bom if bom is not None else fmt == "csv", False, True, lang, split_by)
    stream = to_stdout or is_special(output)  # a device or a FIFO is written like stdout
    to_folder = not to_stdout and _is_folder_target(output, many)
    if not to_stdout and not to_folder and fmt is None:
        fmt = format_of(output)
        if fmt is None and not stream:
            raise click.UsageError(f"cannot tell the output format from '{output}': name it .json, .jsonl, "
                                   ".csv or .xlsx, or give -f")
    fmt = fmt or "json"
    if bom is None:
        bom = fmt == "csv" and not stream
    return Target(output, fmt, bom, to_stdout, to_folder, lang)


def _up_to_date(job: Job, target: Target) -> bool:
    out = target.path_for(job)
    try:
        return out.stat().st_mtime >= job.path.stat().st_mtime
    except OSError:
        return False


def _run(jobs, target: Target, workers, timeout, max_memory, deadline_from_measure, review_only, many, quiet, debug,
         err, outcome, index, stream=None, pdf_engine="pdfium", ocr="auto"):
    """Parse the jobs; write each notice's output as it is parsed (a folder's file, or its
    rows into the stream), and return the documents kept for an output written at the end."""
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    from . import batch
    from .errors import printable
    from .writers import render, write_atomic

    documents = []
    inputs = {j.path.resolve() for j in jobs if not j.stdin and j.path.exists()}
    columns = (TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn())
    with Progress(*columns, console=err, disable=quiet or not err.is_terminal, transient=True) as progress:
        bar = progress.add_task("parsing", total=len(jobs), visible=many)
        page_bars: dict[int, int] = {}  # a scan's bar of pages read by OCR, while they are read

        def on_pages(index: int, done: int, pages: int) -> None:
            if index not in page_bars:
                page_bars[index] = progress.add_task(f"OCR {jobs[index].name}", total=pages)
            progress.update(page_bars[index], completed=done)
            if done == pages:
                progress.remove_task(page_bars.pop(index))

        for result in batch.run([j.source() for j in jobs], jobs=workers, timeout=timeout, max_memory=max_memory,
                                deadline_from_measure=deadline_from_measure, debug=debug, pdf_engine=pdf_engine,
                                ocr=ocr, on_pages=on_pages):
            job = jobs[result.index]
            named = "stdin" if job.stdin else _format_of_input(job.path)
            fmt = result.document.format if result.document is not None else named
            if not quiet and not job.stdin and named != fmt:  # a PDF named .txt: read as what it is
                err.print(f"note: {job.path}: named {job.path.suffix} but the content is {_FORMAT_WORDS.get(fmt, fmt)}; "
                          f"read as such", markup=False)
            if not quiet and printable(job.path.name) != job.path.name:  # GBK bytes in a name on Linux
                err.print(f"note: {job.path}: the file name is not valid UTF-8; it is written as "
                          f"'{printable(job.path.name)}' in the output", markup=False)
            outcome.by_format[fmt] += 1
            progress.update(bar, description=f"parsing {job.name}")
            error = result.error
            if error is None:
                doc = result.document
                if not doc.tasks and not quiet:  # a plan table whose rows gave nothing: say so at once
                    err.print(f"warning: {job.label}: {doc.warnings[0]}", markup=False)
                flagged = sum(1 for r in doc.tasks if r.review)
                outcome.flagged += flagged
                outcome.flagged_notices += bool(flagged or doc.warnings)
                if review_only:
                    doc = doc.model_copy(update={"tasks": [r for r in doc.tasks if r.review]})
                try:
                    if target.to_folder and not target.split_by:
                        out = target.path_for(job)
                        if out.resolve() in inputs:
                            raise OSError(f"the output {out} would overwrite an input")
                        write_atomic(out, render([doc], target.fmt, bom=target.bom, lang=target.lang))
                    elif stream is None:
                        documents.append(doc)
                    index.add(doc)
                    outcome.parsed += 1
                    outcome.records += len(doc.tasks)
                    outcome.records_by_format[fmt] += len(doc.tasks)
                except OSError as e:  # a read-only folder, a full disk
                    error = f"cannot write output: {e.strerror or e}"
                if error is None and stream is not None:
                    stream.add(doc)  # an error writing it stops the batch: one output, not a part of it
            if error is not None:
                outcome.failures.append((Path(job.label), error))
                outcome.failed_by_format[fmt] += 1
                err.print(f"error: {job.label}: {error}", markup=False)
            progress.advance(bar)
    return documents


class _Stream:
    """A combined JSONL or CSV output written notice by notice, as they are parsed, so that
    memory does not grow with the batch. A file appears whole when the batch ends, or not at
    all (it is written to a temp file); standard output gets each notice's rows at once.
    Nothing is written when no notice parsed, as for the outputs written at the end."""

    def __init__(self, target: Target):
        self.target = target
        self._out = None
        self._lines = None

    def add(self, doc) -> None:
        from .writers import AtomicOutput, streamed

        if self._lines is None:
            head, self._lines = streamed(self.target.fmt, bom=self.target.bom, lang=self.target.lang)
            self._out = _StdoutOutput() if self.target.to_stdout else AtomicOutput(Path(self.target.output))
            self._out.write(head)
        for chunk in self._lines(doc):
            self._out.write(chunk)

    def commit(self) -> None:
        if self._out is not None:
            self._out.commit()

    def discard(self) -> None:
        if self._out is not None:
            self._out.discard()


class _StdoutOutput:
    def write(self, data: bytes) -> None:
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()

    def commit(self) -> None:
        pass

    def discard(self) -> None:
        pass


def _write_combined(documents, target: Target, as_list: bool) -> None:
    from .writers import render, write_atomic

    data = render(documents, target.fmt, bom=target.bom, as_list=as_list, lang=target.lang)
    if target.to_stdout:
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()
    else:
        write_atomic(Path(target.output), data)


def _write_by_unit(documents, target: Target, err, quiet: bool) -> None:
    """--split-by unit: one file per unit (a folder per issuer when there are several). A
    measure that names no unit is in no file: say how many."""
    from .writers import render_by_unit, write_atomic

    folder = Path(target.output)
    for relative, data in render_by_unit(documents, target.fmt, bom=target.bom, lang=target.lang):
        write_atomic(folder / relative, data)
    unassigned = sum(1 for doc in documents for record in doc.tasks if not record.units)
    if unassigned and not quiet:
        err.print(f"note: {unassigned} measure(s) name no unit and are in no unit's file", markup=False)


def _write_errors_file(folder: Path, outcome: Outcome) -> None:
    """errors.jsonl beside the outputs: one line per file that failed; none when none did."""
    from .errors import printable
    from .writers import write_atomic

    path = folder / ERRORS_FILE
    if outcome.failures:
        lines = [json.dumps({"file": printable(str(p)), "reason": reason}, ensure_ascii=False)
                 for p, reason in outcome.failures]
        write_atomic(path, ("\n".join(lines) + "\n").encode("utf-8"))
    elif path.exists():
        path.unlink()  # a stale list from an earlier run would mislead


def _summary(err, outcome: Outcome, total: int, seconds: float, table: bool, errors_file: Path | None) -> None:
    """The closing table and lines. Each failure was printed once, as it happened: here it is
    only counted, so that the summary stays on screen."""
    if table:
        from rich.table import Table

        t = Table(title="gongkai-parse", title_justify="left", show_edge=False)
        for col in ("format", "files", "records", "failed"):
            t.add_column(col, justify="left" if col == "format" else "right")
        for fmt, n in sorted(outcome.by_format.items()):
            t.add_row(fmt, str(n), str(outcome.records_by_format[fmt]), str(outcome.failed_by_format[fmt]))
        err.print(t)
    notes = []
    if outcome.skipped:
        notes.append(f"{len(outcome.skipped)} skipped")
    if outcome.up_to_date:
        notes.append(f"{outcome.up_to_date} up to date")
    extra = (", " + ", ".join(notes)) if notes else ""
    err.print(f"{outcome.parsed} of {total - outcome.up_to_date} file(s) parsed, {outcome.records} record(s), "
              f"{len(outcome.failures)} failed{extra} in {seconds:.1f} s", markup=False)
    if outcome.failures:
        where = f" and in {errors_file}" if errors_file else ""
        err.print(f"the {len(outcome.failures)} failed file(s) are listed above (lines starting 'error:'){where}",
                  markup=False)
    if outcome.flagged_notices:
        err.print(f"to check: {outcome.flagged} record(s) marked for review, in {outcome.flagged_notices} "
                  f"notice(s) with marked records or warnings (--review-only writes just those records)", markup=False)


if __name__ == "__main__":  # pragma: no cover
    main()
