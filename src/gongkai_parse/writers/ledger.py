"""What the CSV and XLSX writers share to make a 台账 (task ledger): the column labels in
Chinese and English, Chinese values for roles and deadline kinds, the grouping of measures by
unit, and names made safe for sheets and files.

A unit is keyed by (issuer, name): 办公室 in two offices' notices is two units, while one
issuer's several notices give one unit all its measures.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..messages import localised

LANGS = ("zh", "en")
ROLE_ZH = {"lead": "牵头", "cooperate": "配合", "responsible": "负责"}
ROLE_ORDER = {"lead": 0, "responsible": 1, "cooperate": 2}
KIND_ZH = {"by_date": "按期", "ongoing": "长期", "recurring": "定期", "as_required": "按要求"}
# The progress a person records in 完成情况; the first three in order, 逾期 when it slipped.
STATUS = {"zh": ("未开始", "推进中", "已完成", "逾期"), "en": ("not started", "in progress", "done", "overdue")}
DONE = {"zh": "已完成", "en": "done"}

# Column headers by field. In English a column is named by its field (as the CSV always was).
HEADERS_ZH = {
    "source": "来源", "title": "通知标题", "doc_number": "文号", "issuer": "发文机关", "seq": "序号",
    "section": "工作类别", "task_no": "任务编号", "task": "工作任务", "measure_no": "措施编号",
    "measure": "具体措施", "units": "责任单位", "lead": "牵头单位", "cooperate": "配合单位",
    "units_raw": "责任单位（原文）", "deadline_raw": "完成时限（原文）", "deadline": "完成时限",
    "deadline_kind": "时限类型", "page": "页码", "review": "需核对", "status": "完成情况", "note": "备注",
    "unit": "单位", "role": "角色",
}
SHEETS = {"zh": {"tasks": "任务", "units": "单位", "about": "说明"},
          "en": {"tasks": "tasks", "units": "units", "about": "about"}}


def header(field_name: str, lang: str) -> str:
    return HEADERS_ZH.get(field_name, field_name) if lang == "zh" else field_name


def role_label(role: str, lang: str) -> str:
    return ROLE_ZH[role] if lang == "zh" else role


def kind_label(kind: str | None, lang: str) -> str | None:
    return KIND_ZH.get(kind, kind) if lang == "zh" and kind else kind


def issuer_of(document) -> str:
    """Whose notice it is: the issuer, else the title, else the file (never empty)."""
    meta = document.metadata
    return meta.issuer or meta.title or document.source


def record_values(document, record, lang: str) -> dict:
    """A record as one row's values by field: its own fields (dates as dates), the notice's
    source, title, 文号 and issuer, its units joined with 、 (all, lead, cooperate), its review
    reasons joined with ；, and the reasons and the deadline kind in the language asked for."""
    def names(role=None) -> str:
        return "、".join(u.name for u in record.units if role is None or u.role == role)

    values = record.model_dump()
    meta = document.metadata
    values.update(source=document.source, title=meta.title, doc_number=meta.doc_number, issuer=issuer_of(document),
                  units=names(), lead=names("lead"), cooperate=names("cooperate"),
                  review="；".join(localised(reason, lang) for reason in record.review) or None,
                  deadline_kind=kind_label(record.deadline_kind, lang),
                  status=None, note=None)
    return values


@dataclass
class UnitLedger:
    """One unit's measures: (role, document, record) in the notices' order."""

    issuer: str
    name: str
    entries: list = field(default_factory=list)


def by_unit(documents) -> list[UnitLedger]:
    """Every (issuer, unit) with its measures, sorted by issuer then unit name. A unit named
    twice in one record (as lead and as cooperating) appears once per role."""
    ledgers: dict[tuple[str, str], UnitLedger] = {}
    for doc in documents:
        issuer = issuer_of(doc)
        for record in doc.tasks:
            seen = set()
            for unit in record.units:
                name = unit.canonical or unit.name
                if (name, unit.role) in seen:
                    continue
                seen.add((name, unit.role))
                ledgers.setdefault((issuer, name), UnitLedger(issuer, name)).entries.append((unit.role, doc, record))
    return [ledgers[key] for key in sorted(ledgers)]


# Excel refuses these in a sheet name, and a name longer than 31 characters.
_SHEET_FORBIDDEN = re.compile(r"[\[\]:*?/\\\x00-\x1f]")
SHEET_MAX = 31


def sheet_names(wanted: list[str], taken=()) -> list[str]:
    """Valid, unique sheet names for `wanted`, in order: forbidden characters become _, a
    leading or trailing apostrophe goes, at most 31 characters; a name already used (Excel
    compares without case) gets ~2, ~3 …, cut so that it still fits."""
    used = {t.casefold() for t in taken} | {"history"}  # Excel keeps "History" for itself
    names = []
    for raw in wanted:
        base = _SHEET_FORBIDDEN.sub("_", raw).strip("'").strip() or "_"
        name, n = base[:SHEET_MAX], 1
        while name.casefold() in used:
            n += 1
            suffix = f"~{n}"
            name = base[:SHEET_MAX - len(suffix)] + suffix
        used.add(name.casefold())
        names.append(name)
    return names


FILE_NAME_MAX = 80  # characters; a Chinese one is 240 bytes in UTF-8, under the usual 255


def file_names(wanted: list[str], suffix: str) -> list[str]:
    """Safe, unique file names (suffix included) for `wanted`, on Windows, macOS and Linux
    alike: pathvalidate drops what a file system refuses (/ : * ? " < > | …) and reserved
    names; a name met twice (ignoring case) gets ~2, ~3 …"""
    from pathvalidate import sanitize_filename

    used, names = set(), []
    for raw in wanted:
        base = sanitize_filename(raw.replace("/", "_").replace("\\", "_"), replacement_text="_",
                                 max_len=FILE_NAME_MAX * 4).strip(" .")[:FILE_NAME_MAX] or "_"
        name, n = base, 1
        while (name + suffix).casefold() in used:
            n += 1
            name = f"{base}~{n}"
        used.add((name + suffix).casefold())
        names.append(name + suffix)
    return names
