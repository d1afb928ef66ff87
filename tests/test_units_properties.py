"""Property test of the units reader: cells built from a model of unit names, separators,
tails, role phrases and labels read back as exactly the names and roles the model gives.

    name   := SCOPE? LEVEL? modifier HEAD (（alias）)?
    cell   := clause (；clause)*          clause := group (SEP group)*
    group  := name (SEP name)* TAIL? ROLE?
    or     := LABEL：names (；LABEL：names)*

Roles by the project's rules (grammars/units.toml): a role phrase governs every name back
to the previous role phrase in its clause; names with none after them cooperate once a lead
was written earlier in the cell, else are responsible; 按职能分工落实 is cooperate after a
lead, responsible otherwise; a label governs its clause.
"""
from __future__ import annotations

import pytest

hypothesis = pytest.importorskip("hypothesis")
from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from gongkai_parse.fragments.units import read_units  # noqa: E402

# ---------------------------------------------------------------- names

# Departments of a government: LEVEL? modifier 局 (委/办 for the few that are named so).
DEPARTMENTS = [
    "发展改革", "财政", "教育", "卫生健康", "市场监管", "生态环境", "应急管理", "交通运输",
    "农业农村", "自然资源和规划", "住房和城乡建设", "人力资源和社会保障", "退役军人事务",
    "司法", "民政", "商务", "文化和旅游", "水利", "医疗保障", "统计", "审计", "林业", "体育",
    "城市管理", "公安", "科技", "工业和信息化", "数据资源管理", "信访", "粮食和物资储备",
]
COMMISSIONS = ["发展改革", "卫生健康", "教育", "编", "政法", "网信"]  # + 委
OFFICES = ["政府", "外事", "人防", "金融", "乡村振兴", "营商环境"]  # + 办
# Centres and offices: LEVEL? modifier 中心 / 办公室.
CENTRES = ["政务服务", "政务公开", "大数据", "疾病预防控制", "融媒体", "公共资源交易",
           "便民服务", "不动产登记", "综合检验检测", "社会治安综合治理"]
# Divisions inside a body, no level: modifier 科 / 股 / 处.
DIVISIONS = ["政策法规", "综合", "财务", "人事", "规划发展", "行政审批", "安全生产", "宣传教育",
             "法制", "办公"]
# Stations, institutes, brigades: LEVEL? modifier 站 / 所 / 大队.
STATIONS = [("农业技术推广", "站"), ("水土保持", "站"), ("动物疫病防控", "站"), ("林业工作", "站"),
            ("财政", "所"), ("司法", "所"), ("自然资源", "所"), ("综合行政执法", "大队"),
            ("交通警察", "大队"), ("生态环境保护综合执法", "大队")]
COMPANIES = ["供电", "城投", "自来水", "燃气", "水务集团", "交通投资"]  # + 公司
TASK_FORCES = [("乡村振兴", "领导小组"), ("安全生产", "领导小组"), ("营商环境", "专班"),
               ("项目攻坚", "专班"), ("文明城市创建", "专班")]
PLACES = [("城关镇", "人民政府"), ("东城街道", "办事处"), ("经济开发区", "管委会"),
          ("高新区", "管委会"), ("河西乡", "人民政府")]
ALIASES = ["政务公开办", "大数据局", "外事办", "人防办", "档案局", "地震局"]
# Scoped names: SCOPE + (modifier) + head, only in the forms notices write.
SCOPED = ["各乡镇人民政府", "各街道办事处", "有关科室", "各科室", "各股室", "有关业务科室",
          "各成员单位", "有关单位", "各职能部门", "相关部门", "各直属单位", "有关乡镇"]

LEVELS = ["省", "市", "县", "区"]
level = st.sampled_from(LEVELS)
opt_level = st.one_of(st.just(""), level)


@st.composite
def unit_name(draw) -> tuple[str, bool]:
    """(name, complete) — complete: ends in a strong head, so a space may follow it."""
    kind = draw(st.sampled_from(["dept", "dept", "dept", "commission", "office", "centre",
                                 "division", "station", "company", "taskforce", "place", "scoped"]))
    if kind == "scoped":
        name = draw(st.sampled_from(SCOPED))
        return name, not name.endswith(("单位", "部门"))
    if kind == "dept":
        name = draw(level) + draw(st.sampled_from(DEPARTMENTS)) + "局"
    elif kind == "commission":
        name = draw(level) + draw(st.sampled_from(COMMISSIONS)) + "委"
    elif kind == "office":
        name = draw(level) + draw(st.sampled_from(OFFICES)) + "办"
    elif kind == "centre":
        name = draw(opt_level) + draw(st.sampled_from(CENTRES)) + draw(st.sampled_from(["中心", "办公室"]))
    elif kind == "division":
        name = draw(st.sampled_from(DIVISIONS)) + draw(st.sampled_from(["科", "股", "处"]))
    elif kind == "station":
        modifier, head = draw(st.sampled_from(STATIONS))
        name = draw(st.one_of(st.just(""), st.sampled_from(["县", "区", "镇", "乡"]))) + modifier + head
    elif kind == "company":
        name = draw(st.sampled_from(["市", "县", "区"])) + draw(st.sampled_from(COMPANIES)) + "公司"
    elif kind == "taskforce":
        modifier, head = draw(st.sampled_from(TASK_FORCES))
        name = draw(level) + modifier + head
    else:
        place, head = draw(st.sampled_from(PLACES))
        name = draw(st.sampled_from(["", "县", "区"])) + place + head
    if kind in ("office", "centre", "commission") and draw(st.sampled_from([False] * 3 + [True])):
        name += "（" + draw(st.sampled_from(ALIASES)) + "）"
    return name, True


# ---------------------------------------------------------------- role phrases, tails, labels

ROLES = {  # phrase -> role ("follow": cooperate after a lead, else responsible)
    "牵头": "lead", "牵头负责": "lead", "分别牵头": "lead", "为牵头单位": "lead",
    "配合": "cooperate", "协办": "cooperate", "参与": "cooperate",
    "负责": "responsible", "具体落实": "responsible", "负责落实": "responsible",
    "按职能分工落实": "follow",
}
TAILS = ["等", "等单位", "等有关部门"]
LABELS = {"牵头单位": "lead", "牵头部门": "lead", "主办单位": "lead",
          "配合单位": "cooperate", "协办单位": "cooperate", "参与单位": "cooperate",
          "责任单位": "responsible", "责任部门": "responsible", "落实单位": "responsible"}
LIST_SEPS = ["、", "，", ","]
CLAUSE_SEPS = ["；", ";"]


@st.composite
def plain_cell(draw) -> tuple[str, list[tuple[str, str]]]:
    """Groups of names with optional tail and role phrase; roles from the model."""
    n_groups = draw(st.integers(1, 4))
    text = ""
    expected: list[tuple[str, str]] = []
    pending: list[str] = []
    lead_seen = False
    last_complete = False  # the text so far ends in a complete name or a role phrase

    def flush(role: str | None) -> None:
        nonlocal lead_seen, pending
        if role == "follow":
            role = "cooperate" if lead_seen else "responsible"
        if role is None:
            role = "cooperate" if lead_seen else "responsible"
        elif role == "lead" and pending:
            lead_seen = True
        expected.extend((n, role) for n in pending)
        pending = []

    for g in range(n_groups):
        if g:
            sep = draw(st.sampled_from(LIST_SEPS + CLAUSE_SEPS + ([" "] if last_complete else [])))
            if sep in CLAUSE_SEPS:
                flush(None)
            text += sep
        names = draw(st.lists(unit_name(), min_size=1, max_size=3))
        for i, (name, complete) in enumerate(names):
            if i:
                text += draw(st.sampled_from(LIST_SEPS + ([" "] if names[i - 1][1] else [])))
            text += name
            pending.append(name)
        last_complete = names[-1][1]
        has_role = draw(st.booleans())
        phrase = draw(st.sampled_from(sorted(ROLES))) if has_role else None
        if phrase == "分别牵头" and len(pending) < 2:
            phrase = "牵头"
        # a tail closes a list: only before a role phrase or at the end of a clause
        tail_ok = (has_role and phrase != "为牵头单位") or g == n_groups - 1
        if tail_ok and draw(st.sampled_from([False] * 3 + [True])):
            text += draw(st.sampled_from(TAILS))
            last_complete = False
        if phrase:
            text += phrase
            flush(ROLES[phrase])
            last_complete = True
    flush(None)
    return text, expected


@st.composite
def labelled_cell(draw) -> tuple[str, list[tuple[str, str]]]:
    """牵头单位：A；配合单位：B、C；责任单位：D"""
    labels = draw(st.lists(st.sampled_from(sorted(LABELS)), min_size=1, max_size=3,
                           unique_by=lambda k: LABELS[k]))
    clauses, expected = [], []
    for label in labels:
        names = [n for n, _ in draw(st.lists(unit_name(), min_size=1, max_size=3))]
        body = names[0]
        for n in names[1:]:
            body += draw(st.sampled_from(LIST_SEPS)) + n
        if draw(st.sampled_from([False] * 4 + [True])):
            body += draw(st.sampled_from(TAILS))
        clauses.append(label + draw(st.sampled_from(["：", ":"])) + body)
        expected.extend((n, LABELS[label]) for n in names)
    text = clauses[0]
    for clause in clauses[1:]:
        text += draw(st.sampled_from(CLAUSE_SEPS)) + clause
    return text, expected


@settings(derandomize=True, max_examples=300, deadline=None)
@given(st.sampled_from(["plain", "labelled", "plain"]).flatmap(
    lambda form: plain_cell() if form == "plain" else labelled_cell()))
def test_generated_cells_read_as_modelled(cell):
    text, expected = cell
    reading = read_units(text)
    assert [(u.name, u.role) for u in reading.units] == expected, text
    assert list(reading.leftovers) == [], text
    assert all(u.headed for u in reading.units), text
