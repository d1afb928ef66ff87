"""Metadata of a notice: from its metadata table or lines (索引号 | … | 发布机构 | …), the
covering notice (letterhead, 文号, title, signature, date), driven by grammars/metadata.toml."""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from functools import lru_cache

from .. import grammars
from ..cjk_text import squeeze
from ..layout import Layout, Paragraph, Table
from ..fragments.numbering import cn_digits, cn_to_int

_LABEL_LINE = re.compile(r"^\s*(?P<label>[^:：|]{1,12}?)\s*[:：]\s*(?P<value>.*)$")
_ISO_DATE = re.compile(r"(?P<y>(?:19|20)\d{2})\s*[-./年]\s*(?P<m>\d{1,2})\s*[-./月]\s*(?P<d>\d{1,2})")
_YEAR = re.compile(r"((?:19|20)\d{2})\s*年?")


@dataclass(frozen=True)
class _Rules:
    labels: dict[str, str]
    doc_number: re.Pattern
    date_line: re.Pattern
    title_end: re.Pattern
    notice_end: re.Pattern
    cited_title: re.Pattern
    cited_title_bare: re.Pattern
    letterhead_suffix: str


@lru_cache(maxsize=None)
def _rules() -> _Rules:
    g = grammars.load("metadata")
    alt = grammars.alternation
    return _Rules(
        labels={label: field for field, labels in g["fields"].items() for label in labels},
        doc_number=re.compile(g["patterns"]["doc_number"]),
        date_line=re.compile(g["patterns"]["date_line"]),
        title_end=re.compile(f"(?:{alt(g['title']['endings'])})$"),
        notice_end=re.compile(f"(?:{alt(g['title']['notice_endings'])})$"),
        cited_title=re.compile(g["title"]["cited"]),
        cited_title_bare=re.compile(g["title"]["cited_bare"]),
        letterhead_suffix=g["notice"]["letterhead_suffix"],
    )


def normalise_doc_number(text: str) -> str:
    """惠府办函[2022]68 号 -> 惠府办函〔2022〕68号."""
    text = squeeze(text)
    return re.sub(r"[\[【［(（](\d{4})[\]】］)）]", r"〔\1〕", text).replace("第", "")


def parse_date(text: str | None) -> dt.date | None:
    if not text:
        return None
    m = _ISO_DATE.search(text)
    if m:
        try:
            return dt.date(int(m["y"]), int(m["m"]), int(m["d"]))
        except ValueError:
            return None
    m = _rules().date_line.match(text.strip())
    if m:
        year = cn_digits(m["y"])
        try:
            return dt.date(int(year), cn_to_int(m["m"]), cn_to_int(m["d"]))
        except ValueError:
            return None
    return None


def labelled_fields(layout: Layout) -> dict[str, str]:
    """Field -> value from metadata tables (label cell, value cell) and 'label: value' lines.
    The first value given for a field wins."""
    rules = _rules()
    found: dict[str, str] = {}

    def put(label: str, value: str) -> None:
        field = rules.labels.get(squeeze(label).strip(":："))
        if field and field != "other" and field not in found and value.strip():
            found[field] = value.strip()

    for block in layout.blocks:
        if isinstance(block, Table):
            for row in block.rows:
                texts = row.texts()
                for i in range(len(texts) - 1):
                    put(texts[i], texts[i + 1])
                for text in texts:  # 发布机构：… inside one cell
                    m = _LABEL_LINE.match(text)
                    if m:
                        put(m["label"], m["value"])
        elif isinstance(block, Paragraph):
            for line in block.text.split("\n"):
                m = _LABEL_LINE.match(line)
                if m:
                    put(m["label"], m["value"])
    return found


def _is_label_line(line: str) -> bool:
    m = _LABEL_LINE.match(line)
    return bool(m) and squeeze(m["label"]) in _rules().labels


def _title_start(line: str, title: str) -> str | None:
    """The line before a title that names no year or place (任务分工方案) when it is the
    title's first half: a short line with the plan's year (a year, not a day: a line that
    dates an inspection is not a title's half), no sentence and no notice words."""
    text = squeeze(line)
    if (_YEAR.search(title) or not _YEAR.search(text) or len(text) + len(title) > 60
            or re.search(r"[。，,；;：:《》]|关于|通知|^附件|月[0-9０-９一二三四五六七八九十]{1,3}日", text)
            or _rules().date_line.match(line.strip())):
        return None
    return text


def _title(front: list[str], fields: dict[str, str]) -> str | None:
    rules = _rules()
    candidates = []
    for i, line in enumerate(front):
        text = squeeze(line)
        text = re.sub(r"^附件\d*[:：]", "", text)
        if (rules.title_end.search(text) and not rules.notice_end.search(text) and len(text) <= 60
                and not re.search(r"[。，,；;]", text) and "关于印发" not in text and not _is_label_line(line)):
            if i and (before := _title_start(front[i - 1], text)):
                text = before + text  # 南丰县2025年政务公开工作要点 / 任务分工方案: one title
            candidates.append(text.strip("《》"))
    if candidates:
        return candidates[-1]
    for line in front:
        m = rules.cited_title.search(squeeze(line))
        if m:
            return m["title"]
    if fields.get("title"):
        text = squeeze(fields["title"])
        m = rules.cited_title.search(text) or rules.cited_title_bare.search(text)
        return m["title"] if m else text
    return None


def _signature(front: list[str]) -> tuple[str | None, dt.date | None]:
    """The signing body and date: a short line just above a line holding only a date."""
    rules = _rules()
    for i, line in enumerate(front):
        if rules.date_line.match(line.strip()):
            date = parse_date(line)
            for above in reversed(front[max(0, i - 2):i]):
                name = squeeze(above)
                if name and len(name) <= 30 and not re.search(r"[。，,；;：:（(]", name):
                    return name, date
            return None, date
    return None, None


def _closing_lines(layout: Layout, count: int = 6) -> list[str]:
    """The last lines of the notice's own text: its paragraphs, the page furniture and the
    publication notes after them left out."""
    from ..structure import is_end_matter

    lines = [line for block in layout.blocks if isinstance(block, Paragraph)
             for line in block.text.split("\n") if line.strip()]
    while lines and (is_end_matter(lines[-1]) or re.fullmatch(r"[（(]此件\S*[)）]", squeeze(lines[-1]))):
        lines.pop()
    return lines[-count:]


def _letterhead(front: list[str]) -> str | None:
    rules = _rules()
    for line in front[:3]:
        name = squeeze(line)
        if name.endswith(rules.letterhead_suffix):
            name = name[: -len(rules.letterhead_suffix)]
        if name and len(name) <= 30 and not re.search(r"[。，,；;：:《》]|关于|通知", name):
            return name
    return None


def _info_title(layout: Layout) -> str | None:
    """The title the file stores about itself, when it reads as a plan's title (not a file
    name or a template's placeholder)."""
    text = squeeze(layout.info.get("title") or "")
    return text if text and _rules().title_end.search(text) and len(text) <= 60 else None


def extract_metadata(layout: Layout, front_texts: list[str]) -> dict:
    """Metadata from labelled fields anywhere and the text before the plan (paragraphs
    whole: a title broken over two lines is one title)."""
    rules = _rules()
    fields = labelled_fields(layout)
    front = [line for text in front_texts for line in text.split("\n") if line.strip()]
    signer, signed = _signature(front)
    if signed is None:
        # a notice dated at its end, after the plan: the date only (the line above it may be
        # the last cell of a table copied as text, not the signing body)
        signed = _signature(_closing_lines(layout))[1]

    doc_number = None
    if fields.get("doc_number") and rules.doc_number.search(fields["doc_number"]):
        doc_number = normalise_doc_number(rules.doc_number.search(fields["doc_number"]).group(0))
    else:
        for line in front:
            m = rules.doc_number.fullmatch(line.strip())
            if m and not _is_label_line(line):
                doc_number = normalise_doc_number(m.group(0))
                break

    references: list[str] = []
    for line in front:
        if _is_label_line(line):
            continue
        for m in rules.doc_number.finditer(line):
            number = normalise_doc_number(m.group(0))
            if number != doc_number and number not in references:
                references.append(number)

    title = _title([t.replace("\n", "") for t in front_texts], fields) or _info_title(layout)
    date = parse_date(fields.get("date")) or signed or parse_date(layout.info.get("created"))
    year = None
    if title and (m := _YEAR.search(title)):
        year = int(m.group(1))
    elif date:
        year = date.year
    return {
        "title": title,
        "issuer": signer or (squeeze(fields["issuer"]) if fields.get("issuer") else None) or _letterhead(front),
        "doc_number": doc_number,
        "date": date,
        "published": parse_date(fields.get("published")),
        "index_no": squeeze(fields["index_no"]) if fields.get("index_no") else None,
        "year": year,
        "references": references,
    }
