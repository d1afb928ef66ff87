"""The 台账 (task ledger) outputs: the XLSX workbook, --lang, --split-by unit and the units report.

Documents are built from the model here (or parsed from samples/), and the expected values
are written by hand from what was put in.
"""
from __future__ import annotations

import csv
import datetime as dt
import io

import pytest

from gongkai_parse.model import Document, Metadata, Record, Unit
from gongkai_parse.unit_index import UnitIndex
from gongkai_parse.writers import render, render_by_unit
from gongkai_parse.writers.ledger import file_names, sheet_names

from .conftest import SAMPLES
from .test_cli import run

openpyxl = pytest.importorskip("openpyxl")

NOTICE = SAMPLES / "text" / "002_04b061482e0d1150.txt"  # 惠州市人民政府办公室, 惠府办函〔2022〕68号
OTHER = SAMPLES / "text" / "001_520aea2342db30b4.txt"  # 肇庆市商务局


def notice(source="a.txt", issuer="某县人民政府办公室", title="某县2024年政务公开工作要点分工方案",
           doc_number="某府办〔2024〕1号", warnings=("numbering skips from 1 to 3: an item may be missing",)) -> Document:
    return Document(
        source=source, format="text",
        metadata=Metadata(title=title, issuer=issuer, doc_number=doc_number, date=dt.date(2024, 3, 1), year=2024),
        tasks=[
            Record(seq=1, task="推进决策公开", measure="公开重大决策草案。",
                   units=[Unit(name="县司法局", role="lead"), Unit(name="县财政局", role="cooperate")],
                   deadline_raw="2024年底前", deadline=dt.date(2024, 12, 31), deadline_kind="by_date"),
            Record(seq=2, task="推进决策公开", measure="公开决策结果。", units=[Unit(name="县财政局", role="lead")],
                   deadline_raw="长期坚持", deadline_kind="ongoing",
                   review=["units text not read: 做好保障", "deadline not understood: 待定"]),
            Record(seq=3, task="推进执行公开", measure="公开执行情况。", units=[Unit(name="县司法局", role="responsible")],
                   deadline_raw="每季度", deadline_kind="recurring"),
            Record(seq=4, task="推进执行公开", measure="按要求报送。", units=[], deadline_raw="按要求",
                   deadline_kind="as_required"),
        ],
        warnings=list(warnings))


def workbook(documents, **kw):
    return openpyxl.load_workbook(io.BytesIO(render(documents, "xlsx", **kw)))


def table(ws) -> list[dict]:
    header = [c.value for c in ws[1]]
    return [dict(zip(header, [c.value for c in row])) for row in ws.iter_rows(min_row=2)]


# --- the XLSX ledger ---------------------------------------------------------------------------

def test_task_sheet_is_a_ledger_with_the_notice_on_every_row_and_chinese_values():
    wb = workbook([notice()])
    assert wb.sheetnames == ["任务", "说明", "单位", "县司法局", "县财政局"]  # units in name order
    ws = wb["任务"]
    assert ws.freeze_panes == "A2"
    rows = table(ws)
    for name in ("通知标题", "文号", "序号", "工作任务", "具体措施", "责任单位", "牵头单位", "配合单位", "完成时限",
                 "时限类型", "完成情况", "备注", "需核对", "来源"):
        assert name in rows[0], name
    assert [r["通知标题"] for r in rows] == ["某县2024年政务公开工作要点分工方案"] * 4
    assert [r["文号"] for r in rows] == ["某府办〔2024〕1号"] * 4
    assert [r["时限类型"] for r in rows] == ["按期", "长期", "定期", "按要求"]
    assert [(r["完成情况"], r["备注"]) for r in rows] == [(None, None)] * 4
    assert (rows[0]["牵头单位"], rows[0]["配合单位"], rows[0]["责任单位"]) == ("县司法局", "县财政局", "县司法局、县财政局")
    assert [r["需核对"] for r in rows] == [None, "责任单位中有未读成单位的文字：做好保障；完成时限未能识别：待定", None, None]
    # the row to check stands out, the others do not
    assert ws.cell(3, 1).fill.fgColor.rgb.endswith("FFF2CC") and ws.cell(2, 1).fill.fill_type is None


def test_deadlines_are_excel_dates():
    ws = workbook([notice()])["任务"]
    column = [c.value for c in ws[1]].index("完成时限") + 1
    first, second = ws.cell(2, column), ws.cell(3, column)
    assert first.is_date and first.value == dt.datetime(2024, 12, 31) and first.number_format == "yyyy-mm-dd"
    assert second.value is None  # 长期坚持 has no date


def test_status_is_a_drop_down_list_and_overdue_deadlines_are_marked():
    from openpyxl.utils import get_column_letter

    ws = workbook([notice()])["任务"]
    header = [c.value for c in ws[1]]
    status = get_column_letter(header.index("完成情况") + 1)
    deadline = get_column_letter(header.index("完成时限") + 1)
    (validation,) = ws.data_validations.dataValidation
    assert validation.type == "list" and validation.formula1 == '"未开始,推进中,已完成,逾期"'
    assert str(validation.sqref) == f"{status}2:{status}5"
    (rules_range,) = [r for r in ws.conditional_formatting]
    assert str(rules_range.sqref) == f"{deadline}2:{deadline}5"
    (rule,) = rules_range.rules
    formula = rule.formula[0]
    assert "TODAY()" in formula and f"${deadline}2<TODAY()" in formula and f'${status}2<>"已完成"' in formula


def test_a_sheet_per_unit_with_its_measures_and_its_role_in_each():
    wb = workbook([notice()])
    finance = table(wb["县财政局"])
    assert [(r["角色"], r["序号"], r["具体措施"]) for r in finance] == [
        ("配合", 1, "公开重大决策草案。"), ("牵头", 2, "公开决策结果。")]
    assert {r["单位"] for r in finance} == {"县财政局"}
    justice = table(wb["县司法局"])
    assert [(r["角色"], r["序号"]) for r in justice] == [("牵头", 1), ("负责", 3)]
    assert justice[0]["通知标题"] == "某县2024年政务公开工作要点分工方案" and justice[0]["文号"] == "某府办〔2024〕1号"
    # the 单位 sheet: every unit's rows, the unit sheets put together
    summary = table(wb["单位"])
    assert [(r["单位"], r["角色"], r["序号"]) for r in summary] == [
        ("县司法局", "牵头", 1), ("县司法局", "负责", 3), ("县财政局", "配合", 1), ("县财政局", "牵头", 2)]
    # the unit sheets have the drop-down too: they are what each unit fills in
    assert wb["县财政局"].data_validations.dataValidation[0].formula1 == '"未开始,推进中,已完成,逾期"'


def many_units(n: int) -> Document:
    records = [Record(seq=k + 1, measure=f"措施{k + 1}。", units=[Unit(name=f"第{k + 1}科", role="responsible")])
               for k in range(n)]
    return Document(source="many.txt", format="text", metadata=Metadata(title="某县方案", issuer="某县政府"),
                    tasks=records)


def test_sixty_units_get_a_sheet_each_and_sixty_one_only_the_summary():
    sixty = workbook([many_units(60)])
    assert len(sixty.sheetnames) == 3 + 60 and "第60科" in sixty.sheetnames
    sixty_one = workbook([many_units(61)])
    assert sixty_one.sheetnames == ["任务", "说明", "单位"]
    assert len(table(sixty_one["单位"])) == 61
    about = [c.value for row in sixty_one["说明"].iter_rows() for c in row if c.value]
    assert any("单位超过 60 个" in v for v in about)


def test_sheet_names_are_made_valid_and_unique():
    names = sheet_names(["a[1]:b*c?d/e\\f", "x" * 40, "x" * 40, "任务", "'引号'", "history", "X" * 40], taken=["任务"])
    assert names == ["a_1__b_c_d_e_f", "x" * 31, "x" * 29 + "~2", "任务~2", "引号", "history~2", "X" * 29 + "~3"]
    assert all(len(n) <= 31 for n in names)

    long = "某某市某某区人民政府办公室政务公开科（政府信息与政务公开办公室）"  # 33 characters
    units = [Unit(name="科/室", role="lead"), Unit(name=long, role="cooperate"), Unit(name=long + "一", role="cooperate")]
    doc = Document(source="s.txt", format="text", metadata=Metadata(issuer="某区政府"),
                   tasks=[Record(seq=1, measure="公开。", units=units)])
    wb = workbook([doc])
    assert len(long) > 31
    assert wb.sheetnames[3:] == [long[:31], long[:29] + "~2", "科_室"]
    assert table(wb[long[:29] + "~2"])[0]["单位"] == long + "一"  # the full name is in the sheet


def test_about_sheet_explains_the_columns_and_lists_each_notice_with_its_warnings():
    second = notice(source="b.docx", issuer=None, title="某县2025年政务公开工作要点", doc_number=None, warnings=())
    wb = workbook([notice(), second])
    pairs = [(row[0].value, row[1].value) for row in wb["说明"].iter_rows()]
    meanings = dict(p for p in pairs if p[0] and p[1])
    for column in ("通知标题", "文号", "完成时限", "时限类型", "完成情况", "备注", "需核对", "单位", "角色"):
        assert meanings.get(column), column
    for kind in ("按期", "长期", "定期", "按要求"):
        assert meanings.get(kind), kind
    for role in ("牵头", "配合", "负责"):
        assert meanings.get(role), role
    values = [v for _, v in pairs]
    for expected in ("a.txt", "某县2024年政务公开工作要点分工方案", "某府办〔2024〕1号", "某县人民政府办公室", "2024-03-01",
                     "编号从 1 跳到 3：可能漏了一项", "b.docx", "某县2025年政务公开工作要点"):
        assert expected in values, expected
    # the second notice has no warnings: said so, after its own source line
    assert values[values.index("b.docx"):].count("无") == 1


def test_english_ledger_keeps_field_names_and_values():
    wb = workbook([notice()], lang="en")
    assert wb.sheetnames[:3] == ["tasks", "about", "units"]
    rows = table(wb["tasks"])
    assert [r["deadline_kind"] for r in rows] == ["by_date", "ongoing", "recurring", "as_required"]
    assert rows[0]["title"] == "某县2024年政务公开工作要点分工方案" and "status" in rows[0]
    assert wb["tasks"].data_validations.dataValidation[0].formula1 == '"not started,in progress,done,overdue"'
    assert [r["role"] for r in table(wb["县司法局"])] == ["lead", "responsible"]


def test_ledger_from_a_sample_notice_through_the_cli(tmp_path):
    out = tmp_path / "ledger.xlsx"
    assert run(NOTICE, "-o", out).returncode == 0
    wb = openpyxl.load_workbook(out)
    rows = table(wb["任务"])
    assert len(rows) == 53 and {r["文号"] for r in rows} == {"惠府办函〔2022〕68号"}
    assert {r["通知标题"] for r in rows} == {"惠州市2022年政务公开重点工作任务分工方案"}
    # measure 2: 市政府办公室、市司法局牵头,市直其他单位按职能分工落实
    office = table(wb["市政府办公室"])
    assert ("牵头", 2) in [(r["角色"], r["序号"]) for r in office]
    assert ("配合", 2) in [(r["角色"], r["序号"]) for r in table(wb["市直其他单位"])]


# --- CSV in Chinese ----------------------------------------------------------------------------

def test_csv_in_chinese_has_chinese_headers_and_values():
    r = run(NOTICE, "-f", "csv", "--lang", "zh", "-o", "-")
    assert r.returncode == 0, r.stderr
    rows = list(csv.DictReader(io.StringIO(r.stdout.decode("utf-8"))))
    assert len(rows) == 53
    assert list(rows[0])[:3] == ["来源", "序号", "工作类别"] and "需核对" in rows[0] and "review" not in rows[0]
    assert (rows[1]["牵头单位"], rows[1]["配合单位"]) == ("市政府办公室、市司法局", "市直其他单位")
    assert (rows[1]["完成时限"], rows[1]["时限类型"]) == ("2022-12-31", "按期")
    assert {row["时限类型"] for row in rows} <= {"按期", "长期", "定期", "按要求", ""}


def test_csv_in_english_is_the_default_and_unchanged():
    default, english = run(NOTICE, "-f", "csv"), run(NOTICE, "-f", "csv", "--lang", "en")
    assert default.stdout == english.stdout
    assert default.stdout.startswith(b"source,seq,section,task_no,task,measure_no,measure,units,lead,cooperate,"
                                     b"units_raw,deadline_raw,deadline,deadline_kind,page,review\r\n")
    assert b",by_date," in default.stdout and "按期".encode() not in default.stdout


def test_csv_render_in_chinese_translates_roles_kinds_and_review():
    text = render([notice()], "csv", lang="zh").decode("utf-8")
    rows = list(csv.DictReader(io.StringIO(text)))
    assert [r["时限类型"] for r in rows] == ["按期", "长期", "定期", "按要求"]
    assert rows[1]["需核对"] == "责任单位中有未读成单位的文字：做好保障；完成时限未能识别：待定"
    english = list(csv.DictReader(io.StringIO(render([notice()], "csv", lang="en").decode("utf-8"))))
    assert english[1]["review"] == "units text not read: 做好保障；deadline not understood: 待定"  # scripts match on it


# --- --split-by unit ---------------------------------------------------------------------------

def test_split_by_unit_writes_one_csv_per_unit_with_its_role(tmp_path):
    out = tmp_path / "units"
    r = run(NOTICE, "-o", f"{out}/", "-f", "csv", "--split-by", "unit", "--lang", "zh")
    assert r.returncode == 0, r.stderr
    files = sorted(p.name for p in out.iterdir())
    assert "市政府办公室.csv" in files and "市直其他单位.csv" in files
    assert all(p.suffix == ".csv" for p in out.iterdir())  # one issuer: no folder of its own
    rows = list(csv.DictReader(io.StringIO((out / "市直其他单位.csv").read_text(encoding="utf-8-sig"))))
    assert {(row["单位"], row["角色"]) for row in rows} == {("市直其他单位", "配合")}
    assert rows[0]["序号"] == "2" and rows[0]["通知标题"] == "惠州市2022年政务公开重点工作任务分工方案"
    assert rows[0]["文号"] == "惠府办函〔2022〕68号" and rows[0]["来源"] == NOTICE.name


def test_split_by_unit_across_notices_of_several_issuers_gives_a_folder_per_issuer(tmp_path):
    out = tmp_path / "units"
    r = run(NOTICE, OTHER, "-o", out, "-f", "xlsx", "--split-by", "unit")
    assert r.returncode == 0, r.stderr
    assert sorted(p.name for p in out.iterdir()) == ["惠州市人民政府办公室", "肇庆市商务局"]
    book = openpyxl.load_workbook(out / "惠州市人民政府办公室" / "市政府办公室.xlsx")
    assert book.sheetnames == ["市政府办公室", "说明"]
    rows = table(book["市政府办公室"])
    assert {r["角色"] for r in rows} == {"牵头", "负责"} and {r["来源"] for r in rows} == {NOTICE.name}


def test_split_by_unit_puts_one_issuers_notices_together_and_names_files_safely():
    first = notice()
    second = notice(source="b.txt", title="某县2025年政务公开工作要点分工方案", doc_number="某府办〔2025〕2号")
    second.tasks[2].units = [Unit(name="县司法局", role="responsible"), Unit(name="政务/公开:科?", role="lead"),
                             Unit(name="政务_公开_科_", role="cooperate")]
    files = dict(render_by_unit([first, second], "csv", lang="en"))
    assert sorted(map(str, files)) == sorted(["县司法局.csv", "县财政局.csv", "政务_公开_科_.csv", "政务_公开_科_~2.csv"])
    rows = list(csv.DictReader(io.StringIO(files[next(p for p in files if str(p) == "县司法局.csv")].decode())))
    assert [(r["role"], r["source"], r["seq"]) for r in rows] == [
        ("lead", "a.txt", "1"), ("responsible", "a.txt", "3"), ("lead", "b.txt", "1"), ("responsible", "b.txt", "3")]
    assert {r["title"] for r in rows} == {"某县2024年政务公开工作要点分工方案", "某县2025年政务公开工作要点分工方案"}


def test_file_names_are_safe_and_unique():
    assert file_names(["a/b", "a:b", "A:B", "con", "..", "x" * 300], ".csv") == [
        "a_b.csv", "a_b~2.csv", "A_B~3.csv", "con_.csv", "_.csv", "x" * 80 + ".csv"]


@pytest.mark.parametrize("args", [("-f", "json", "-o", "OUT"), ("-o", "OUT"), ("-f", "csv", "-o", "-"), ("-f", "csv")])
def test_split_by_unit_needs_a_folder_and_csv_or_xlsx(tmp_path, args):
    r = run(NOTICE, "--split-by", "unit", *[str(tmp_path / "out") if a == "OUT" else a for a in args])
    assert r.returncode == 2 and b"--split-by unit" in r.stderr and b"Traceback" not in r.stderr
    assert not (tmp_path / "out").exists()


# --- the units report --------------------------------------------------------------------------

def test_units_report_keeps_same_named_units_of_different_issuers_apart():
    index = UnitIndex()
    index.add(notice())
    index.add(notice(source="b.txt"))  # the same issuer's second notice: same units
    index.add(notice(source="c.txt", issuer="另一县人民政府办公室"))
    index.add(notice(source="d.txt", issuer=None, title="无发文机关的方案"))  # the title stands in
    rows = {(r["issuer"], r["unit"]): r for r in index.rows()}
    assert sorted(rows) == sorted([(i, u) for i in ("某县人民政府办公室", "另一县人民政府办公室", "无发文机关的方案")
                                   for u in ("县司法局", "县财政局")])
    justice = rows[("某县人民政府办公室", "县司法局")]
    assert (justice["lead"], justice["cooperate"], justice["responsible"], justice["total"]) == (2, 0, 2, 4)
    assert (justice["notices"], justice["sources"]) == (2, "a.txt；b.txt")
    assert rows[("另一县人民政府办公室", "县财政局")]["sources"] == "c.txt"


def test_units_report_through_the_cli_in_chinese(tmp_path):
    report = tmp_path / "units.csv"
    r = run(NOTICE, OTHER, "-o", tmp_path / "all.json", "--units-report", report, "--lang", "zh")
    assert r.returncode == 0, r.stderr
    rows = list(csv.DictReader(io.StringIO(report.read_text(encoding="utf-8-sig"))))
    assert list(rows[0]) == ["发文机关", "单位", "牵头", "配合", "负责", "合计", "通知数", "来源文件", "原文写法"]
    office = next(r for r in rows if r["单位"] == "市政府办公室")
    assert (office["发文机关"], office["合计"], office["来源文件"]) == ("惠州市人民政府办公室", "12", NOTICE.name)
    assert {r["发文机关"] for r in rows} == {"惠州市人民政府办公室", "肇庆市商务局"}


def test_help_lists_the_exit_codes_and_the_ledger_options():
    r = run("--help")
    text = r.stdout.decode()
    assert r.returncode == 0
    for expected in ("--lang", "--split-by", "Exit status", "130", "143"):
        assert expected in text, expected
