"""Round trip, the main test of the structure stage: a plan drawn by hypothesis
(tests/roundtrip/plans.py), rendered in every layout a notice comes in
(tests/roundtrip/render.py), must read back to the plan's own records, field by field:
section, task, task_no, measure, measure_no, units with roles, deadline and its kind.
The expected records come from the plan, never from the parser."""
from __future__ import annotations

import difflib
import io

import pytest

pytest.importorskip("hypothesis")
from hypothesis import HealthCheck, Phase, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from gongkai_parse import parse_bytes  # noqa: E402

from .roundtrip.plans import FIELDS, Expected, Plan, expected_records, plans  # noqa: E402
from .roundtrip.render import (  # noqa: E402
    PIPE_STYLES,
    TableOpts,
    render_docx,
    render_flat,
    render_html,
    render_labelled,
    render_markdown,
    render_pipe,
    render_prose,
    render_tab,
)

# Deterministic and quick: 15 plans per layout variant, no example database; a failing variant
# reports one shrunk example (no "explain" phase, which re-runs it many times).
ROUNDTRIP = settings(derandomize=True, database=None, max_examples=15, deadline=None, report_multiple_bugs=False,
                     phases=[Phase.explicit, Phase.generate, Phase.shrink],
                     suppress_health_check=[HealthCheck.too_slow])


# ---------------------------------------------------------------------------------------------
# Comparing, and saying what differs

def got_records(doc) -> list[Expected]:
    return [Expected(section=r.section, task=r.task, task_no=r.task_no, measure=r.measure, measure_no=r.measure_no,
                     units=tuple((u.name, u.role) for u in r.units), deadline=r.deadline, deadline_kind=r.deadline_kind)
            for r in doc.tasks]


def show_rendering(data: bytes, name: str, max_lines: int = 80) -> str:
    """The rendering as text: a DOCX table row by row (^ under a vertical merge)."""
    if name.endswith(".docx"):
        import docx
        from docx.oxml.ns import qn

        d = docx.Document(io.BytesIO(data))
        lines = [p.text for p in d.paragraphs if p.text]
        for table in d.tables:
            for tr in table._tbl.tr_lst:
                cells = []
                for tc in tr.tc_lst:
                    text = "".join(t.text or "" for t in tc.iter(qn("w:t")))
                    span = tc.grid_span
                    cells.append(("^" if tc.vMerge == "continue" else text) + (f" <span {span}>" if span > 1 else ""))
                lines.append(" ‖ ".join(cells))
    else:
        lines = data.decode("utf-8").splitlines()
    if len(lines) > max_lines:
        lines = lines[:max_lines] + [f"… ({len(lines) - max_lines} more lines)"]
    return "\n".join(f"    {line}" for line in lines)


def _short(rec: Expected) -> str:
    units = "、".join(f"{n}/{r}" for n, r in rec.units)
    return (f"[{rec.section}|{rec.task_no}{rec.task}|{rec.measure_no}.{rec.measure[:14]}…|{units}|"
            f"{rec.deadline or ''}{rec.deadline_kind or ''}]")


def diff_records(got: list[Expected], want: list[Expected]) -> list[str]:
    """Records aligned on their measure text; for each pair the fields that differ."""
    out = []
    matcher = difflib.SequenceMatcher(a=[r.measure for r in want], b=[r.measure for r in got], autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal" or (op == "replace" and i2 - i1 == j2 - j1):
            for i, j in zip(range(i1, i2), range(j1, j2)):
                w, g = want[i], got[j]
                bad = [f for f in FIELDS if getattr(w, f) != getattr(g, f)]
                for f in bad:
                    out.append(f"  #{i + 1} {f}: got {getattr(g, f)!r}  want {getattr(w, f)!r}")
            continue
        for i in range(i1, i2):
            out.append(f"  #{i + 1} missing: {_short(want[i])}")
        for j in range(j1, j2):
            out.append(f"  extra (parsed #{j + 1}): {_short(got[j])}")
    return out


def check(rendering: tuple[bytes, str], want: list[Expected], layout: str) -> None:
    __tracebackhide__ = True
    data, name = rendering
    try:
        doc = parse_bytes(data, name)
    except Exception as exc:  # noqa: BLE001 - an InputError is as much a failure as wrong records
        raise AssertionError(f"{layout}: parse_bytes raised {type(exc).__name__}: {exc}\n"
                             f"--- rendering ({name}) ---\n{show_rendering(data, name)}") from exc
    got = got_records(doc)
    if got == want:
        return
    lines = diff_records(got, want)
    raise AssertionError(
        f"{layout}: {len(want)} records expected, {len(got)} parsed\n"
        f"--- rendering ({name}) ---\n{show_rendering(data, name)}\n"
        f"--- differences ({len(lines)}) ---\n" + "\n".join(lines[:40])
        + (f"\n  … {len(lines) - 40} more" if len(lines) > 40 else ""))


def table_expected(plan: Plan, opts: TableOpts) -> list[Expected]:
    return expected_records(plan, units="split" if opts.split else "cell", seq_column=opts.seq)


@st.composite
def table_opts(draw, merges=("none", "task")) -> TableOpts:
    """The columns of a table (序号? one units column or 牵头单位 + 配合单位? which words?)."""
    return TableOpts(seq=draw(st.booleans()), split=draw(st.booleans()), merge=draw(st.sampled_from(merges)),
                     deadline_first=draw(st.booleans()), words=draw(st.integers(0, 2)))


# ---------------------------------------------------------------------------------------------
# 1. Tab tables

TAB_VARIANTS = {
    "task_merged": (TableOpts(), {"deadlines": True}),
    "task_repeated": (TableOpts(merge="none"), {"deadlines": True}),
    "seq": (TableOpts(seq=True), {"deadlines": True}),
    "no_deadline_column": (TableOpts(), {"deadlines": False}),
    "lead_cooperate": (TableOpts(split=True), {"deadlines": True}),
    "seq_lead_cooperate_repeated_no_deadline": (TableOpts(seq=True, split=True, merge="none"), {"deadlines": False}),
    "units_deadline_merged": (TableOpts(merge="runs"), {"deadlines": True}),
    "deadline_before_units_other_words": (TableOpts(deadline_first=True, words=1), {"deadlines": True}),
    "padded_section_rows": (TableOpts(pad_sections=True, words=2), {"sections": True}),
}


@pytest.mark.parametrize("variant", list(TAB_VARIANTS))
@ROUNDTRIP
@given(data=st.data())
def test_tab_table(variant, data):
    opts, constraints = TAB_VARIANTS[variant]
    plan = data.draw(plans(**constraints), label="plan")
    check(render_tab(plan, opts), table_expected(plan, opts), f"tab/{variant}")


# ---------------------------------------------------------------------------------------------
# 2. Pipe tables

@pytest.mark.parametrize("style", list(PIPE_STYLES))
@ROUNDTRIP
@given(data=st.data())
def test_pipe_table(style, data):
    plan = data.draw(plans(), label="plan")
    opts = data.draw(table_opts(), label="opts")
    check(render_pipe(plan, opts, style), table_expected(plan, opts), f"pipe/{style}")


# ---------------------------------------------------------------------------------------------
# 3. Markdown tables

@pytest.mark.parametrize("sections", ["rows", "headings"])
@ROUNDTRIP
@given(data=st.data())
def test_markdown_table(sections, data):
    plan = data.draw(plans(sections=True if sections == "headings" else None), label="plan")
    opts = data.draw(table_opts(), label="opts")
    check(render_markdown(plan, opts, sections), table_expected(plan, opts), f"markdown/{sections}")


# ---------------------------------------------------------------------------------------------
# 4. A web table flattened one cell per line

# A merged task cell is always copied before its measures (a page lists a rowspan cell on
# its first row); only units and deadlines are met after the measures they cover.
FLAT_VARIANTS = [
    ("plain", "none"), ("plain", "first"), ("plain", "after"),
    ("pipe_end", "first"), ("pipe_line", "first"), ("pipe_line", "after"), ("blank", "first"), ("blank", "after"),
]


def flat_plans(merge: str):
    if merge == "none":
        return plans()
    # With merged cells an unnumbered task label needs numbered measures to stand apart from them.
    return plans().filter(lambda p: p.task_numbering != "none" or p.measure_numbering != "none")


@pytest.mark.parametrize("sep,merge", FLAT_VARIANTS, ids=[f"{s}-{m}" for s, m in FLAT_VARIANTS])
@ROUNDTRIP
@given(data=st.data())
def test_flat_web_table(sep, merge, data):
    plan = data.draw(flat_plans(merge), label="plan")
    seq = data.draw(st.booleans(), label="seq")
    check(render_flat(plan, sep=sep, merge=merge, seq=seq), expected_records(plan, seq_column=seq),
          f"flat/{sep}-{merge}")


# ---------------------------------------------------------------------------------------------
# 5. Numbered prose with the assignment in a bracket

def prose_plans():
    """Plans for numbered prose: tasks, where there are any, numbered (（一）); and something
    numbered at all (a plan of bare unnumbered paragraphs is no numbered prose)."""
    return plans(task_numberings=("full", "half")).filter(
        lambda p: p.has_sections or p.has_tasks or p.measure_numbering != "none")


PROSE_VARIANTS = {"labels": ("labels", False, 0), "cell": ("cell", False, 0), "zeren_cell": ("zeren", False, 0),
                  "labels_after_intro": ("labels", True, 0), "labels_wrapped": ("labels", False, 23),
                  "cell_wrapped": ("cell", False, 17)}


@pytest.mark.parametrize("variant", list(PROSE_VARIANTS))
@ROUNDTRIP
@given(data=st.data())
def test_numbered_prose(variant, data):
    bracket, intro, wrap = PROSE_VARIANTS[variant]
    plan = data.draw(prose_plans(), label="plan")
    check(render_prose(plan, bracket=bracket, intro=intro, wrap=wrap), expected_records(plan), f"prose/{variant}")


# ---------------------------------------------------------------------------------------------
# 6. Labelled lines under each measure

LABELLED_VARIANTS = {"role_labels": ("roles", False), "units_cell": ("cell", False),
                     "role_labels_after_intro": ("roles", True)}


@pytest.mark.parametrize("variant", list(LABELLED_VARIANTS))
@ROUNDTRIP
@given(data=st.data())
def test_labelled_lines(variant, data):
    units, intro = LABELLED_VARIANTS[variant]
    plan = data.draw(prose_plans(), label="plan")
    check(render_labelled(plan, units=units, intro=intro), expected_records(plan), f"labelled/{variant}")


# ---------------------------------------------------------------------------------------------
# 7. DOCX tables with real merged cells

@pytest.mark.parametrize("merge", ["runs", "task", "none"])
@ROUNDTRIP
@given(data=st.data())
def test_docx_table(merge, data):
    plan = data.draw(plans(), label="plan")
    opts = data.draw(table_opts(merges=(merge,)), label="opts")
    check(render_docx(plan, opts), table_expected(plan, opts), f"docx/{merge}")


# ---------------------------------------------------------------------------------------------
# 8. HTML tables with rowspan / colspan

HTML_VARIANTS = {"rowspan_runs_th": ("runs", True), "rowspan_task_td": ("task", False), "no_merge_th": ("none", True)}


@pytest.mark.parametrize("variant", list(HTML_VARIANTS))
@ROUNDTRIP
@given(data=st.data())
def test_html_table(variant, data):
    merge, th = HTML_VARIANTS[variant]
    plan = data.draw(plans(), label="plan")
    opts = data.draw(table_opts(merges=(merge,)), label="opts")
    check(render_html(plan, opts, th=th), table_expected(plan, opts), f"html/{variant}")
