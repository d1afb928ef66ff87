"""grammars/metadata.toml: 文号 forms, dates, labelled fields, the plan's title, issuer."""
from __future__ import annotations

import pytest

from gongkai_parse import parse_bytes
from gongkai_parse.normalise.metadata import normalise_doc_number, parse_date


@pytest.mark.parametrize("written,normal", [
    ("惠府办函〔2022〕68号", "惠府办函〔2022〕68号"),
    ("惠府办函[2022]68号", "惠府办函〔2022〕68号"),
    ("惠府办函【2022】68号", "惠府办函〔2022〕68号"),
    ("惠府办函（2022）68号", "惠府办函〔2022〕68号"),
    ("惠府办函(2022)68号", "惠府办函〔2022〕68号"),
    ("惠府办函［2022］68号", "惠府办函〔2022〕68号"),
    ("肇府办函〔2020〕89 号", "肇府办函〔2020〕89号"),
    ("江建管〔2022〕第39号", "江建管〔2022〕39号"),
])
def test_doc_number_forms(written, normal):
    assert normalise_doc_number(written) == normal


@pytest.mark.parametrize("written,iso", [
    ("2022年7月15日", "2022-07-15"), ("2022-06-18", "2022-06-18"), ("2022.6.18", "2022-06-18"),
    ("2022/06/18", "2022-06-18"), ("二〇二二年十一月二十三日", "2022-11-23"), ("2022年13月1日", None), ("", None),
])
def test_dates(written, iso):
    got = parse_date(written)
    assert (got.isoformat() if got else None) == iso


PLAN = "工作任务\t具体措施\t责任单位\n（一）推进公开\t1.甲。\t办公室\n"


def meta(front: str):
    return parse_bytes((front + "\n" + PLAN).encode("utf-8"), "n.txt").metadata


def test_metadata_lines_of_a_web_page():
    m = meta("索 引 号: 114400/2023-001\n发布机构: 某某市人民政府办公室\n成文日期: 2023-03-01\n"
             "文  号: 某府办函[2023]7号\n发布日期: 2023-03-05\n某某市2023年政务公开工作要点\n")
    assert (m.index_no, m.issuer, m.date.isoformat(), m.doc_number, m.published.isoformat(), m.title, m.year) == (
        "114400/2023-001", "某某市人民政府办公室", "2023-03-01", "某府办函〔2023〕7号", "2023-03-05",
        "某某市2023年政务公开工作要点", 2023)


def test_metadata_table_of_a_web_page():
    m = meta("索引号 | 11/2022-1 | 公开目录 | 政务公开 |\n发布机构 | 某某市商务局 | 发布日期 | 2022-05-23 |\n"
             "文号 | | 标 题 | 某某市商务局2022年政务公开重点工作任务 |\n")
    assert (m.issuer, m.published.isoformat(), m.doc_number, m.title) == (
        "某某市商务局", "2022-05-23", None, "某某市商务局2022年政务公开重点工作任务")


def test_covering_notice_signature_and_references():
    m = meta("某某市生态环境局文件\n某环〔2023〕12号\n关于印发《某某市生态环境局2023年政务公开工作要点分工方案》的通知\n"
             "各科室：\n根据《某某市政务公开工作要点》（某府办〔2023〕3号）和（粤府办〔2023〕1号）要求，现印发给你们。\n"
             "某某市生态环境局办公室\n2023年4月6日\n某某市生态环境局 2023 年政务公开工作要点分工方案\n")
    assert (m.issuer, m.doc_number, m.date.isoformat(), m.title, m.year) == (
        "某某市生态环境局办公室", "某环〔2023〕12号", "2023-04-06", "某某市生态环境局2023年政务公开工作要点分工方案", 2023)
    assert m.references == ["某府办〔2023〕3号", "粤府办〔2023〕1号"]


def test_letterhead_is_the_issuer_without_a_signature():
    m = meta("# 肇 庆 市 商 务 局\n关于印发《肇庆市商务局2020年政务公开工作要点分工方案》的通知\n")
    assert (m.issuer, m.title, m.year, m.date) == ("肇庆市商务局", "肇庆市商务局2020年政务公开工作要点分工方案", 2020, None)


def test_a_title_over_two_lines_is_joined_but_not_a_dated_line_above_it():
    table = "序号 | 检查点位 | 存在问题 | 责任单位\n1 | 人民路 | 路面破损 | 城管局\n"
    joined = meta("某县2025年安全生产专项整治\n工作计划\n" + table)
    assert joined.title == "某县2025年安全生产专项整治工作计划"
    # the line above dates an inspection (a day, not a year): the title is the line alone
    dated = meta("2019年4月21日卫生城市检查（督查路段）\n全国卫生城市测评路段问题汇总表\n" + table)
    assert dated.title == "全国卫生城市测评路段问题汇总表"
