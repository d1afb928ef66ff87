"""tests/phrasebook/units.toml as a table: units cell -> units with roles, leftovers."""
from __future__ import annotations

import sys
from pathlib import Path

import pytest

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

PHRASEBOOK = Path(__file__).parent / "phrasebook" / "units.toml"

with PHRASEBOOK.open("rb") as _f:
    CASES = tomllib.load(_f)["case"]


@pytest.mark.parametrize("case", CASES, ids=[c["text"] for c in CASES])
def test_units_phrase(case):
    from gongkai_parse.fragments.units import read_units

    reading = read_units(case["text"], column=case.get("column"))
    expected_units = [tuple(u) for u in case["units"]]
    expected_leftover = list(case.get("leftover", []))
    assert [(u.name, u.role) for u in reading.units] == expected_units
    assert list(reading.leftovers) == expected_leftover


def test_phrasebook_size():
    assert len(CASES) >= 200


def test_phrasebook_texts_unique():
    seen = set()
    repeats = [c["text"] for c in CASES if c["text"] in seen or seen.add(c["text"])]
    assert repeats == []


def test_phrasebook_well_formed():
    for case in CASES:
        assert set(case) <= {"text", "units", "leftover", "column", "note"}, case["text"]
        assert case.get("column") in (None, "lead", "cooperate"), case["text"]
        for unit in case["units"]:
            assert len(unit) == 2 and unit[1] in ("lead", "cooperate", "responsible"), case["text"]
