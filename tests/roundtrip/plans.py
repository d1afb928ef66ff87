"""The plan model of the round-trip tests and the hypothesis strategies that draw plans.

A plan is what a task-division notice says, independent of its layout: optional sections
(一、), tasks (（一）, restarting per section, or unnumbered labels) or no task level, and
measures (1. continuous or restarting per task, or unnumbered), each with the units assigned
to it and an optional deadline. `expected_records` is what reading any rendering of the plan
must give back; it is computed from the plan alone, never from the parser.

All texts below are invented for these tests.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from hypothesis import strategies as st

YEAR = 2024

# ---------------------------------------------------------------------------------------------
# Pools of text

MEASURES = [
    "依托政府门户网站集中公开本级行政规范性文件，做好动态更新。",
    "全面梳理本部门权责清单，按照统一标准调整并向社会公开。",
    "规范政府信息公开申请办理流程，严格落实答复时限和文书规范要求。",
    "完善政策解读工作机制，重要政策文件与解读材料同步组织、同步审签、同步发布。",
    "围绕群众关注的教育、医疗、养老等民生事项，编制并公开办事指南。",
    "加强政府网站和政务新媒体日常监管，每季度开展一次全面检查。",
    "做好财政预决算信息公开，细化公开内容至功能分类项级科目。",
    "推进重大建设项目批准和实施领域信息公开，及时发布项目进展情况。",
    "健全政务舆情收集、研判和回应机制，对涉及本地区的重要舆情及时作出回应。",
    "组织开展政府开放日活动，邀请人大代表、政协委员和群众代表走进机关。",
    "持续优化政府信息公开专栏设置，确保栏目内容准确、完整、及时更新。",
    "编制年度政府信息公开工作报告，按规定时间向社会公布。",
    "加大涉企优惠政策集中公开力度，推动惠企政策免申即享、直达快享。",
    "公开行政许可、行政处罚事项的办理依据、流程和结果，接受社会监督。",
    "建立健全政务公开考核评估机制，将考核结果纳入年度绩效考评。",
    "加强基层政务公开标准目录动态调整，推动目录在村（社区）公开栏上墙。",
    "深化重大行政决策预公开，对涉及群众切身利益的决策事项广泛征求意见。",
    "及时公开疫苗接种、传染病防控等公共卫生信息，回应社会关切。",
    "做好就业创业扶持政策宣传解读，定期发布公益性岗位招聘信息。",
    "规范公共资源交易信息发布，做到交易公告、中标结果全流程公开。",
    "推进生态环境信息公开，按月公布空气质量和重点污染源监测情况。",
    "加强政务服务事项清单管理，在政务服务网同步更新办事指南。",
    "开展政府信息公开业务培训，提升工作人员依法公开意识和业务能力。",
    "完善依申请公开转主动公开机制，对多次申请的信息及时主动公开。",
    "推动政务公开专区建设，在政务服务大厅提供政策查询和咨询服务。",
    "公开年度重点民生实事项目清单和推进情况，接受群众监督。",
    "落实政府信息公开保密审查制度，防止泄露国家秘密和个人隐私。",
    "做好政府公报编辑发行工作，推进公报数字化并提供免费下载。",
    "围绕乡村振兴战略，公开农业补贴资金发放对象、标准和金额。",
    "加强住房保障信息公开，及时公布保障性住房分配和退出情况。",
    "推进义务教育招生入学政策公开，公布学区划分和招生计划。",
    "公开养老服务机构名录和服务收费标准，方便群众查询选择。",
    "做好安全生产和应急管理信息发布，及时公开突发事件处置进展。",
    "梳理历年政策文件，对已废止和失效的文件进行标注并集中公开。",
    "完善政策咨询服务，在政府网站开设政策问答栏目并定期更新。",
    "推进市场监管领域信息公开，依法公示企业抽查检查结果。",
    "公开城乡规划编制和调整情况，重大规划草案向社会征求意见。",
    "加强医疗保障信息公开，公布医保目录、报销比例和经办流程。",
    "推进统计数据公开，按时发布主要经济指标和统计公报。",
    "深化政务新媒体矩阵建设，提升政策发布和解读回应的传播效果。",
    "建立政策文件起草、审签、发布全流程台账，做到应公开尽公开。",
]

TASKS = [
    "推进政务公开标准化规范化",
    "加强政策解读和回应关切",
    "深化重点领域信息公开",
    "规范政府信息公开申请办理",
    "加强政府网站和政务新媒体管理",
    "推进决策公开和公众参与",
    "强化政务公开平台建设",
    "做好财政资金信息公开",
    "推进惠企政策集中公开",
    "加强民生领域信息公开",
    "推进基层政务公开",
    "完善政务公开工作机制",
    "加强公共企事业单位信息公开",
    "推进行政执法信息公开",
    "强化政策文件管理",
    "做好政府信息公开年度报告",
    "加强政务公开队伍建设",
    "推进政务服务信息公开",
    "推进公共资源配置信息公开",
    "加强生态环境信息公开",
    "做好重大项目信息公开",
    "推进教育医疗信息公开",
    "加强监督考核",
    "优化政务公开专区服务",
    "深化放管服改革信息公开",
]

SECTIONS = [
    "围绕优化营商环境加强信息公开",
    "聚焦民生关切深化信息公开",
    "提升政策解读回应实效",
    "夯实政务公开工作基础",
    "推进政务公开平台建设",
    "加强政务公开制度建设",
    "强化组织保障和监督考核",
    "围绕重大决策部署做好公开",
    "推进基层政务公开标准化",
    "提升政务服务透明度",
]

# Unit names by the level of the plan that assigns them.
UNITS = {
    "区": ["区政府办公室", "区发展改革局", "区财政局", "区司法局", "区教育局", "区卫生健康局", "区市场监管局",
          "区生态环境局", "区住房城乡建设局", "区人力资源社会保障局", "区政务服务数据管理局", "区统计局",
          "区直各单位", "各街道办事处", "各镇（街道）"],
    "县": ["县政府办公室", "县发展改革局", "县财政局", "县自然资源局", "县农业农村局", "县交通运输局",
          "县卫生健康局", "县应急管理局", "县民政局", "县医保局", "县信访局", "县融媒体中心", "县直各单位",
          "各乡镇人民政府"],
    "市": ["市政府办公室", "市发展改革委", "市市场监管局", "市商务局", "市公安局", "市文化广电旅游局",
          "市退役军人事务局", "市住房公积金中心", "市政务服务数据管理局", "市直各单位", "各区县人民政府"],
    "科室": ["办公室", "政策法规科", "综合科", "行政审批科", "财务科", "信息中心", "执法大队", "各科室"],
}
PLACES = ["临江", "东山", "清河", "云溪", "北湖"]
PLAN_KINDS = ["政务公开重点工作任务分工方案", "政务公开工作要点分工方案", "政务公开工作任务清单"]

CN_NUMERALS = "一二三四五六七八九十"


@dataclass(frozen=True)
class Deadline:
    raw: str
    date: dt.date | None
    kind: str


DEADLINES = [
    Deadline(f"{YEAR}年底前", dt.date(YEAR, 12, 31), "by_date"),
    Deadline(f"{YEAR}年6月30日前", dt.date(YEAR, 6, 30), "by_date"),
    Deadline(f"{YEAR}年9月底前", dt.date(YEAR, 9, 30), "by_date"),
    Deadline(f"{YEAR}年11月底前", dt.date(YEAR, 11, 30), "by_date"),
    Deadline("年底前", dt.date(YEAR, 12, 31), "by_date"),  # the year comes from the title
    Deadline("长期坚持", None, "ongoing"),
    Deadline("持续推进", None, "ongoing"),
    Deadline("每季度", None, "recurring"),
    Deadline("按要求完成", None, "as_required"),
    Deadline("按上级要求", None, "as_required"),
]

# ---------------------------------------------------------------------------------------------
# The model

LEAD, COOPERATE, RESPONSIBLE = "lead", "cooperate", "responsible"

# How a units cell is written:
#   list        A、B               every unit responsible
#   fuze        A、B负责            responsible
#   lead_coop   A牵头，B、C配合      lead, cooperate
#   lead_plain  A牵头，B、C          lead, cooperate (listed after a lead, no role word)
#   lead_only   A、B牵头            lead
#   lead_resp   A牵头，B、C负责      lead, responsible (the role word wins)
UNIT_STYLES = ["list", "fuze", "lead_coop", "lead_plain", "lead_only", "lead_resp"]


@dataclass(frozen=True)
class Units:
    style: str
    lead: tuple[str, ...] = ()
    cooperate: tuple[str, ...] = ()
    responsible: tuple[str, ...] = ()

    def cell(self) -> str:
        """The units cell as a notice writes it."""
        j = "、".join
        return {
            "list": lambda: j(self.responsible),
            "fuze": lambda: j(self.responsible) + "负责",
            "lead_coop": lambda: f"{j(self.lead)}牵头，{j(self.cooperate)}配合",
            "lead_plain": lambda: f"{j(self.lead)}牵头，{j(self.cooperate)}",
            "lead_only": lambda: j(self.lead) + "牵头",
            "lead_resp": lambda: f"{j(self.lead)}牵头，{j(self.responsible)}负责",
        }[self.style]()

    def roles(self) -> tuple[tuple[str, str], ...]:
        """(name, role) in the order written: what the cell, or role labels, say."""
        return (tuple((n, LEAD) for n in self.lead) + tuple((n, COOPERATE) for n in self.cooperate)
                + tuple((n, RESPONSIBLE) for n in self.responsible))

    # Separate 牵头单位 / 配合单位 columns.
    def lead_cell(self) -> str:
        """The 牵头单位 cell: the leads, or, where nobody leads, the units that carry it out."""
        return "、".join(self.lead or self.responsible)

    def cooperate_cell(self) -> str:
        """The 配合单位 cell: the cooperating units; units responsible beside a lead keep 负责
        (a role word written in the cell wins over the column)."""
        if self.cooperate:
            return "、".join(self.cooperate)
        if self.lead and self.responsible:
            return "、".join(self.responsible) + "负责"
        return ""

    def split_roles(self) -> tuple[tuple[str, str], ...]:
        """What the two columns say: the 牵头单位 column gives lead (also when the 配合单位
        cell is empty), the 配合单位 column cooperate, unless a role word is written."""
        if not self.lead:
            return tuple((n, LEAD) for n in self.responsible)
        return self.roles()


@dataclass(frozen=True)
class Measure:
    text: str
    no: str | None  # its own number as written, without the separator: "1"
    units: Units
    deadline: Deadline | None


@dataclass(frozen=True)
class Task:
    title: str | None  # None: the plan has no task level (a single group under the section)
    no: str | None  # "（一）" / "(一)" as written, or None for an unnumbered label
    measures: tuple[Measure, ...]


@dataclass(frozen=True)
class Section:
    title: str | None  # None: the plan has no section level
    no: str | None  # "一、"
    tasks: tuple[Task, ...]


@dataclass(frozen=True)
class Plan:
    title: str
    level: str
    sections: tuple[Section, ...]
    has_sections: bool
    has_tasks: bool
    has_deadlines: bool
    task_numbering: str  # "full" （一）, "half" (一), "none"
    measure_numbering: str  # "continuous", "per_task", "none"
    measure_sep: str  # what follows a measure's number: "." or "、"

    def measures(self):
        """(section, task, measure) for every measure, in order."""
        for s in self.sections:
            for t in s.tasks:
                for m in t.measures:
                    yield s, t, m

    def measure_label(self, m: Measure) -> str:
        """The measure as written in its cell or line, with its number."""
        return f"{m.no}{self.measure_sep}{m.text}" if m.no else m.text

    @staticmethod
    def task_label(t: Task) -> str:
        return f"{t.no}{t.title}" if t.no else t.title

    @staticmethod
    def section_label(s: Section) -> str:
        return f"{s.no}{s.title}"

    def outline(self) -> str:
        """The plan in a few lines (what a failing example prints)."""
        lines = [f"Plan({self.title}; sections={self.has_sections} tasks={self.has_tasks}/{self.task_numbering} "
                 f"measures={self.measure_numbering}{self.measure_sep!r} deadlines={self.has_deadlines})"]
        for s in self.sections:
            if self.has_sections:
                lines.append(f"  {self.section_label(s)}")
            for t in s.tasks:
                if self.has_tasks:
                    lines.append(f"    {self.task_label(t)}")
                for m in t.measures:
                    lines.append(f"      {self.measure_label(m)[:16]}… | {m.units.cell()} ({m.units.style}) | "
                                 f"{m.deadline.raw if m.deadline else '-'}")
        return "\n".join(lines)

    def _repr_pretty_(self, p, cycle) -> None:  # hypothesis prints a drawn plan this way
        p.text(self.outline())


@dataclass(frozen=True)
class Expected:
    """The fields of a record that the round trip compares."""
    section: str | None
    task: str | None
    task_no: str | None
    measure: str
    measure_no: str | None
    units: tuple[tuple[str, str], ...]
    deadline: dt.date | None
    deadline_kind: str | None


FIELDS = list(Expected.__dataclass_fields__)


def expected_records(plan: Plan, *, units: str = "cell", seq_column: bool = False) -> list[Expected]:
    """The records any rendering of `plan` must read back to.

    units: "cell" when the units are written as one cell, bracket or role labels (their own
    role words decide), "split" for 牵头单位 + 配合单位 columns.
    seq_column: the rendering is a table with a 序号 column counting the measure rows, which
    is the measure_no of a measure that has no number of its own."""
    out = []
    for i, (s, t, m) in enumerate(plan.measures(), start=1):
        out.append(Expected(
            section=s.title,
            task=t.title,
            task_no=t.no,
            measure=m.text,
            measure_no=m.no if m.no else (str(i) if seq_column else None),
            units=m.units.split_roles() if units == "split" else m.units.roles(),
            deadline=m.deadline.date if m.deadline else None,
            deadline_kind=m.deadline.kind if m.deadline else None,
        ))
    return out


# ---------------------------------------------------------------------------------------------
# Strategies

def _distinct(pool: list[str], n_min: int, n_max: int):
    return st.lists(st.sampled_from(pool), min_size=n_min, max_size=n_max, unique=True).map(tuple)


@st.composite
def units_cells(draw, pool: list[str]) -> Units:
    """The units of one measure, written in one of UNIT_STYLES."""
    style = draw(st.sampled_from(UNIT_STYLES))
    if style in ("list", "fuze"):
        return Units(style, responsible=draw(_distinct(pool, 1, 3)))
    if style == "lead_only":
        return Units(style, lead=draw(_distinct(pool, 1, 2)))
    n_lead = draw(st.integers(1, 2))
    n_other = draw(st.integers(1, 3))
    names = draw(_distinct(pool, n_lead + n_other, n_lead + n_other))
    lead, other = tuple(names[:n_lead]), tuple(names[n_lead:])
    if style == "lead_resp":
        return Units(style, lead=lead, responsible=other)
    return Units(style, lead=lead, cooperate=other)


def _choose(draw, value, strategy):
    return draw(strategy) if value is None else value


@st.composite
def plans(draw, *, sections: bool | None = None, tasks: bool | None = None, task_numbering: str | None = None,
          measure_numbering: str | None = None, deadlines: bool | None = None,
          task_numberings=("full", "half", "none"), measure_numberings=("continuous", "per_task", "none")) -> Plan:
    """A plan; each keyword fixes one dimension (None: drawn)."""
    level = draw(st.sampled_from(list(UNITS)))
    place = draw(st.sampled_from(PLACES))
    kind = draw(st.sampled_from(PLAN_KINDS))
    owner = f"{place}区市场监督管理局" if level == "科室" else f"{place}{level}"
    title = f"{owner}{YEAR}年{kind}"
    pool = UNITS[level]

    has_sections = _choose(draw, sections, st.booleans())
    has_tasks = _choose(draw, tasks, st.booleans())
    has_deadlines = _choose(draw, deadlines, st.booleans())
    t_numbering = _choose(draw, task_numbering, st.sampled_from(task_numberings)) if has_tasks else "none"
    m_numbering = _choose(draw, measure_numbering, st.sampled_from(measure_numberings))
    measure_sep = draw(st.sampled_from([".", "、"]))

    # The shape first (shrinks towards one section, one task, one measure).
    n_sections = draw(st.integers(1, 3)) if has_sections else 1
    shape = []
    for _ in range(n_sections):
        n_tasks = draw(st.integers(1, 3)) if has_tasks else 1
        shape.append([draw(st.integers(1, 3)) for _ in range(n_tasks)])
    n_measures = sum(sum(s) for s in shape)
    n_tasks_total = sum(len(s) for s in shape)

    texts = iter(draw(_distinct(MEASURES, n_measures, n_measures)))
    task_titles = iter(draw(_distinct(TASKS, n_tasks_total, n_tasks_total)))
    section_titles = draw(_distinct(SECTIONS, n_sections, n_sections))

    counter = 0
    sections_out = []
    for si, task_sizes in enumerate(shape):
        tasks_out = []
        for ti, size in enumerate(task_sizes):
            # Measures of one task may share their units / deadline (merged cells).
            shared_units = draw(units_cells(pool)) if draw(st.booleans()) else None
            shared_deadline = draw(st.sampled_from(DEADLINES)) if has_deadlines and draw(st.booleans()) else None
            measures = []
            for mi in range(size):
                counter += 1
                no = {"continuous": str(counter), "per_task": str(mi + 1), "none": None}[m_numbering]
                units = shared_units or draw(units_cells(pool))
                deadline = (shared_deadline or draw(st.sampled_from(DEADLINES))) if has_deadlines else None
                measures.append(Measure(next(texts), no, units, deadline))
            if has_tasks:
                numeral = CN_NUMERALS[ti]
                t_no = {"full": f"（{numeral}）", "half": f"({numeral})", "none": None}[t_numbering]
                tasks_out.append(Task(next(task_titles), t_no, tuple(measures)))
            else:
                tasks_out.append(Task(None, None, tuple(measures)))
        if has_sections:
            sections_out.append(Section(section_titles[si], f"{CN_NUMERALS[si]}、", tuple(tasks_out)))
        else:
            sections_out.append(Section(None, None, tuple(tasks_out)))

    return Plan(title=title, level=level, sections=tuple(sections_out), has_sections=has_sections,
                has_tasks=has_tasks, has_deadlines=has_deadlines, task_numbering=t_numbering,
                measure_numbering=m_numbering, measure_sep=measure_sep)
