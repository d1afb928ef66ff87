"""The text reader: encodings, line endings, web-page fragments, table line forms."""
from __future__ import annotations

import pytest

from gongkai_parse import InputError, parse_bytes
from gongkai_parse.layout import Paragraph, Table
from gongkai_parse.readers.text import clean_fragment, decode, read, split_cells

TABLE = "工作任务\t具体措施\t责任单位\t完成时限\n（一）推进公开\t1.及时公开信息。\t办公室牵头，各科室配合\t2022年底前\n"


@pytest.mark.parametrize("encode", [
    lambda s: s.encode("utf-8"),
    lambda s: b"\xef\xbb\xbf" + s.encode("utf-8"),
    lambda s: s.encode("gb18030"),
    lambda s: s.encode("gbk"),
    lambda s: s.encode("utf-16"),
    lambda s: s.replace("\n", "\r\n").encode("utf-8"),
], ids=["utf8", "utf8-bom", "gb18030", "gbk", "utf16", "crlf"])
def test_encodings_and_line_endings_give_the_same_records(encode):
    doc = parse_bytes(encode(TABLE), "notice.txt")
    assert [(r.task, r.measure, r.deadline.isoformat()) for r in doc.tasks] == [("推进公开", "及时公开信息。", "2022-12-31")]
    assert [(u.name, u.role) for u in doc.tasks[0].units] == [("办公室", "lead"), ("各科室", "cooperate")]


def test_gb18030_detected_on_a_real_notice(samples):
    data = (samples / "gb18030" / "001_520aea2342db30b4.gb18030.txt").read_bytes()
    with pytest.raises(UnicodeDecodeError):
        data.decode("utf-8")
    assert "肇 庆 市 商 务 局" in decode(data)


def test_html_fragments_are_stripped_and_bold_marked():
    assert clean_fragment("<b>一、加强公开</b>") == ("一、加强公开", True)
    assert clean_fragment("<p>甲。</p> <p>乙。</p>") == ("甲。\n乙。", False)
    assert clean_fragment("决策&nbsp;机制&amp;流程") == ("决策 机制&流程", False)


def test_table_line_forms():
    assert split_cells("a\tb\tc") == ["a", "b", "c"]
    assert split_cells("| a | b |") == [" a ", " b "]
    assert split_cells("a | b | c") == ["a ", " b ", " c"]
    assert split_cells("一、深化重点领域信息公开") is None


def test_blank_line_inside_a_table_marks_a_page_break():
    layout = read("标题\n\n工作任务\t具体措施\n任务\t1.甲\n\n\t乙\n".encode())
    assert isinstance(layout.blocks[0], Paragraph)
    table = layout.blocks[1]
    assert isinstance(table, Table)
    assert [r.after_break for r in table.rows] == [False, False, True]


@pytest.mark.parametrize("data,reason", [
    (b"", "empty file"),
    (b"  \n\r\n ", "empty file"),
    (b"%PDF-1.7\n...", "content is a PDF file"),
    (b"PK\x03\x04\x14\x00", "ZIP archive"),
    (bytes(range(256)) * 8, "binary data"),
])
def test_bad_text_input_is_an_input_error(data, reason):
    with pytest.raises(InputError) as e:
        parse_bytes(data, "notice.txt")
    assert reason in e.value.reason


def test_text_without_tasks_is_an_input_error():
    with pytest.raises(InputError, match="no tasks found"):
        parse_bytes("这是一段普通的文字，没有任何任务表格。\n第二行。\n".encode(), "notice.txt")
