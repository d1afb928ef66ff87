"""Review reasons and warnings in Chinese, for the 台账 outputs written with --lang zh.

The parser writes its reasons and warnings in English (the JSON and the English CSV keep them
so: scripts match on them). A Chinese ledger shows them in Chinese: each entry below is a
reason as the code writes it, with {name} where it varies (a unit, a deadline, a number), and
its Chinese; the varying parts are carried over as they are. A text no entry matches stays as
it is (a warning a reader adds later, say) rather than being lost.
"""
from __future__ import annotations

import re
from functools import lru_cache

_ZH = [
    # review reasons (a record's `review`)
    ("column headers inside the measure: a table whose cells ran together",
     "具体措施中夹有表头文字：表格的单元格可能连在了一起"),
    ("the measure reads like a heading or a title", "具体措施读来像标题"),
    ("the measure may begin with a heading: {title}", "具体措施开头可能是标题：{title}"),
    ("the measure begins with a list of units", "具体措施以一串单位名称开头"),
    ("no units found where most measures have them", "未找到责任单位（多数措施都有）"),
    ("the same measure text in several records", "多条记录的具体措施相同"),
    ("units written in groups with no roles: a 牵头/配合 label may be lost",
     "责任单位分组列出而无分工：可能漏读了“牵头/配合”标注"),
    ("unit name incomplete: {unit}", "单位名称不完整：{unit}"),
    ("units text not read: {text}", "责任单位中有未读成单位的文字：{text}"),
    ("not a known kind of unit: {units}", "不是常见类型的单位名称：{units}"),
    ("deadline not understood: {deadline}", "完成时限未能识别：{deadline}"),
    ("numbering out of order: {this} after {earlier}", "编号顺序异常：{this} 在 {earlier} 之后"),
    ("text beside a plan table that gave no measures: not surely a measure",
     "取自未读出措施的任务表旁的文字：未必是措施"),
    ("OCR read this text with low confidence: {texts}", "OCR 识别这段文字把握不大：{texts}"),
    # warnings (a notice's `warnings`)
    ("numbering skips from {earlier} to {this}: an item may be missing", "编号从 {earlier} 跳到 {this}：可能漏了一项"),
    ("a table with the plan's columns ({columns}) gave {count} measures; the text around it was read instead",
     "有方案栏目的表格（{columns}）只读出 {count} 条措施，改读了表格周围的文字"),
    ("{count} rows of the plan table have units or a deadline but no measure text",
     "任务表有 {count} 行有责任单位或时限，却没有措施文字"),
    ("{count} of the plan table's {rows} rows hold no text", "任务表的 {rows} 行中有 {count} 行没有文字"),
    ("the plan may be a table whose cells ran together; records may be missing",
     "方案可能是单元格连在一起的表格，可能漏了记录"),
    ("{flagged} of {count} records need review: the layout may not have been read right, and records may be missing",
     "{count} 条记录中有 {flagged} 条需核对：版式可能未读对，也可能漏了记录"),
    ("{count} character(s) of the input are not valid Unicode (lone surrogates) and were replaced with U+FFFD",
     "输入中有 {count} 个字符不是有效的 Unicode（孤立代理项），已替换为 U+FFFD"),
    ("no records: the plan table ({columns}) gave no measures", "无记录：任务表（{columns}）中没有读出措施"),
]


@lru_cache(maxsize=1)
def _patterns() -> list[tuple[re.Pattern, str]]:
    out = []
    for english, chinese in _ZH:
        parts = re.split(r"\{(\w+)\}", english)  # literal, name, literal, name, …
        regex = "".join(re.escape(p) if i % 2 == 0 else f"(?P<{p}>.+?)" for i, p in enumerate(parts))
        out.append((re.compile(regex + r"\Z", re.S), chinese))
    return out


def templates() -> list[str]:
    """The English texts known here, with their {fields}."""
    return [english for english, _ in _ZH]


# English words inside a reason's details: the characters OCR was unsure of, after each text
_DETAILS_ZH = [(re.compile(r" \(unsure of (.+?)\)(?=、“|$)"), r"（存疑的字：\1）")]


def in_chinese(text: str) -> str:
    """A reason or warning in Chinese (the text itself when none of the entries matches)."""
    for pattern, chinese in _patterns():
        m = pattern.match(text)
        if m:
            said = chinese.format(**m.groupdict())
            for words, replacement in _DETAILS_ZH:
                said = words.sub(replacement, said)
            return said
    return text


def localised(text: str, lang: str) -> str:
    return in_chinese(text) if lang == "zh" else text
