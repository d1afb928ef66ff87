"""Web-page notices: layout frames, the metadata table, rowspan/colspan, <br> in cells,
declared charsets, prose pages, and pages that are not notices."""
from __future__ import annotations

import pytest

from gongkai_parse import InputError, parse_bytes

PAGE = """<!DOCTYPE html><html><head><meta http-equiv="Content-Type" content="text/html; charset=gb2312">
<title>关于印发某某市2023年政务公开工作要点分工方案的通知_某某市人民政府</title></head><body>
<table class="layout"><tr><td>
  <div class="nav"><a href="#">首页</a> &gt; 政务公开</div>
  <table class="xxgk"><tr><td>索引号：</td><td>114400/2023-00012</td><td>发布机构：</td><td>某某市人民政府办公室</td></tr>
  <tr><td>成文日期：</td><td>2023-03-01</td><td>文号：</td><td>某府办函[2023]9号</td></tr></table>
  <h1>某某市人民政府办公室关于印发某某市2023年政务公开工作要点分工方案的通知</h1>
  <p>各县（区）人民政府，市直各单位：</p>
  <p>现将《某某市2023年政务公开工作要点分工方案》印发给你们，请认真贯彻落实。</p>
  <p style="text-align:right">某某市人民政府办公室</p><p style="text-align:right">2023年3月1日</p>
  <p><strong>某某市2023年政务公开工作要点分工方案</strong></p>
  <table border="1"><thead><tr><th>工作任务</th><th>具体措施</th><th>责任单位</th><th>完成时限</th></tr></thead>
  <tbody>
  <tr><td colspan="4"><b>一、加强重点领域公开</b></td></tr>
  <tr><td rowspan="2">（一）推进决策公开</td><td>1.完善决策&nbsp;目录。<br>2.公开决策草案。</td><td rowspan="2">市司法局</td><td>2023年6月底前</td></tr>
  <tr><td>3.公开执行结果。</td><td>2023年底前</td></tr>
  </tbody></table>
  <p>公开方式：主动公开</p>
</td></tr></table>
<div class="foot">主办：某某市人民政府办公室 版权所有</div>
</body></html>"""


def test_saved_government_page_with_gb2312_charset():
    doc = parse_bytes(PAGE.encode("gb18030"), "notice.html")
    assert [(r.section, r.task, r.measure_no, r.measure, r.units_raw, r.deadline_raw) for r in doc.tasks] == [
        ("加强重点领域公开", "推进决策公开", "1", "完善决策目录。", "市司法局", "2023年6月底前"),
        ("加强重点领域公开", "推进决策公开", "2", "公开决策草案。", "市司法局", "2023年6月底前"),
        ("加强重点领域公开", "推进决策公开", "3", "公开执行结果。", "市司法局", "2023年底前"),
    ]
    m = doc.metadata
    assert (m.title, m.issuer, m.doc_number, m.date.isoformat(), m.index_no, m.year) == (
        "某某市2023年政务公开工作要点分工方案", "某某市人民政府办公室", "某府办函〔2023〕9号", "2023-03-01",
        "114400/2023-00012", 2023)
    assert doc.format == "html" and doc.columns == ["工作任务", "具体措施", "责任单位", "完成时限"]


def test_prose_page():
    page = ("<html><body><p>某某县2023年政务公开工作要点</p><p><strong>一、加强公开</strong></p>"
            "<p><strong>（一）推进财政公开。</strong>做好预决算公开。</p>"
            "<p><strong>（二）推进项目公开。</strong>公开重大项目信息。</p>"
            "<p>【打印本页】【关闭窗口】</p></body></html>")
    doc = parse_bytes(page.encode("utf-8"), "p.html")
    assert [(r.section, r.task, r.measure) for r in doc.tasks] == [
        ("加强公开", "推进财政公开", "做好预决算公开。"), ("加强公开", "推进项目公开", "公开重大项目信息。")]


def test_a_page_named_txt_is_read_as_a_page():
    doc = parse_bytes(PAGE.encode("utf-8").replace(b"gb2312", b"utf-8"), "saved.txt")
    assert doc.format == "html" and len(doc.tasks) == 3


def test_deeply_nested_page_does_not_crash():
    page = "<html><body>" + "<div>" * 5000 + "文字" + "</div>" * 5000 + "</body></html>"
    with pytest.raises(InputError):
        parse_bytes(page.encode(), "deep.html")


@pytest.mark.parametrize("data,reason", [(b"", "empty"), (b"<html><body></body></html>", "empty page"),
                                         (b"\x00\x01\x02" * 100, "binary")])
def test_bad_pages(data, reason):
    with pytest.raises(InputError) as e:
        parse_bytes(data, "x.html")
    assert reason in e.value.reason


def test_a_header_in_two_rows_with_colspan():
    page = """<html><head><meta charset="utf-8"><title>某区2024年重点任务分工</title></head><body>
    <table border="1">
    <tr><th rowspan="2">工作任务</th><th rowspan="2">具体措施</th><th colspan="2">责任单位</th><th rowspan="2">完成时限</th></tr>
    <tr><th>牵头单位</th><th>配合单位</th></tr>
    <tr><td rowspan="2">（一）推进决策公开</td><td>1.公开重大决策草案。</td><td>区司法局</td><td>各街道</td><td>2024年底前</td></tr>
    <tr><td>2.公开决策结果。</td><td>区政府办</td><td>区直各部门</td><td>每季度</td></tr>
    </table></body></html>"""
    doc = parse_bytes(page.encode("utf-8"), "plan.html")
    assert [(r.task, r.measure_no, [(u.name, u.role) for u in r.units]) for r in doc.tasks] == [
        ("推进决策公开", "1", [("区司法局", "lead"), ("各街道", "cooperate")]),
        ("推进决策公开", "2", [("区政府办", "lead"), ("区直各部门", "cooperate")]),
    ]
