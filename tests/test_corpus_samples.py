"""Real notices (copied from the shared corpus into samples/) against their reference answers,
in each format: the original text, GB18030, and the Word and web-page renderings.

Each layout of the corpus is covered by one notice:
  000  tab table, header repeated per page, continuation rows, <p> measures in one cell,
       units separated by spaces, no measure numbers
  001  tab table, bold <b> section rows, no deadline column, markdown headings
  002  web table flattened one cell per line; units/deadline blocks shared by measures;
       a metadata block of 索引号/发布机构/… lines
  003  numbered prose in one long line, inside a pipe-separated metadata table
  004  工作要求 section column, rows broken across pages (merged section/task text
       continued on the next page), <p> fragments
"""
from __future__ import annotations

import pytest

from gongkai_parse import parse

from .conftest import GOLD, SAMPLES, contract_text, contract_view, load_json

STEMS = sorted(p.stem for p in GOLD.glob("*.json"))


FORMATS = {"text": "{}.txt", "gb18030": "{}.gb18030.txt", "docx": "{}.docx", "html": "{}.html"}


def _sample(fmt: str, stem: str):
    return SAMPLES / fmt / FORMATS[fmt].format(stem)


@pytest.mark.parametrize("fmt", list(FORMATS))
@pytest.mark.parametrize("stem", STEMS)
def test_records_match_gold(stem, fmt):
    gold = load_json(GOLD / f"{stem}.json")
    doc = parse(_sample(fmt, stem)).model_dump(mode="json")
    got = [contract_view(r) for r in doc["tasks"]]
    want = [contract_view(r) for r in gold["tasks"]]
    assert len(got) == len(want)
    for i, (g, w) in enumerate(zip(got, want), 1):
        assert g == w, f"record {i}"


@pytest.mark.parametrize("fmt", list(FORMATS))
@pytest.mark.parametrize("stem", STEMS)
def test_metadata_matches_gold(stem, fmt):
    gold = load_json(GOLD / f"{stem}.json")["metadata"]
    meta = parse(_sample(fmt, stem)).model_dump(mode="json")["metadata"]
    fields = ["title", "issuer", "doc_number", "date", "year"]
    if fmt != "docx":  # 发布日期 and 索引号 belong to the web page, not to the Word file
        fields += ["published", "index_no"]
    for field in fields:
        assert contract_text(meta[field]) == contract_text(gold[field]), field
    assert [contract_text(r) for r in meta["references"]] == [contract_text(r) for r in gold["references"]]


@pytest.mark.parametrize("stem", STEMS)
def test_raw_cells_and_numbers_as_written(stem):
    gold = load_json(GOLD / f"{stem}.json")["tasks"]
    doc = parse(_sample("text", stem))
    for rec, want in zip(doc.tasks, gold):
        assert rec.task_no == want["task_no"]
        assert rec.measure_no == want["measure_no"]
        assert (rec.units_raw or "").replace(" ", "") == (want["units_raw"] or "").replace(" ", "")
        assert rec.deadline_raw == want["deadline_raw"]
        assert rec.page is None
