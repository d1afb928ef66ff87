"""Units written at the end of a measure, in brackets, where the plan has no units column.

    （一）推进公开。做好决策公开（责任单位：市司法局；完成时限：2022年底前）做好结果公开（责任单位：市政府办）
      -> two measures, each with its units and deadline
"""
from __future__ import annotations

from dataclasses import replace

from ..normalise.units import split_assignments
from .items import RawRecord


def attach_inline_units(records: list[RawRecord]) -> list[RawRecord]:
    out = []
    for rec in records:
        if rec.units or rec.lead or rec.cooperate or rec.deadline:
            out.append(rec)
            continue
        pieces = split_assignments(rec.measure)
        if len(pieces) == 1 and pieces[0].units_raw is None and pieces[0].deadline_raw is None:
            out.append(rec)
            continue
        for i, piece in enumerate(pieces):
            out.append(replace(rec, measure=piece.measure, units=piece.units_raw, deadline=piece.deadline_raw,
                               measure_no=rec.measure_no if i == 0 else None))
    return out
