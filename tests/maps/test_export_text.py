"""Legend text broken to a column: counts stay whole, no line starts with a closing mark, columns start at headings."""

from __future__ import annotations

import matplotlib

from maps.export import fonts
from maps.export.layout import column_starts
from maps.export.text import width_px, wrap


def test_a_count_and_a_closing_mark_stay_whole() -> None:
    label = "道路骨架（OpenStreetMap，仅主干道路）（141）"
    with matplotlib.rc_context(fonts.rc_params()):
        # room for everything up to "（14": the break moves back before the whole count
        budget = width_px("道路骨架（OpenStreetMap，仅主干道路）（14", 11.25) + 0.5
        assert wrap(label, budget, 11.25) == ["道路骨架（OpenStreetMap，仅主干道路）", "（141）"]
        # room up to "道路" but not its "）": the "）" does not start the next line
        budget = width_px("道路骨架（OpenStreetMap，仅主干道路", 11.25) + 0.5
        assert wrap(label, budget, 11.25) == ["道路骨架（OpenStreetMap，仅主干道", "路）（141）"]
        # a space in the line's second half is the break, in Chinese text too
        spaced = "上行货量：咖啡、大米、水果进城（圆面积 ∝ 件数）"
        budget = width_px("上行货量：咖啡、大米、水果进城（圆面积 ∝ 件", 11.25) + 0.5
        assert wrap(spaced, budget, 11.25) == ["上行货量：咖啡、大米、水果进城（圆面积 ∝", "件数）"]


def test_columns_start_at_a_heading() -> None:
    # heading + 2 entries, heading + 4 entries, heading + 1 entry (one line each)
    heading = [True, False, False, True, False, False, False, False, True, False]
    lines = [1] * len(heading)
    assert column_starts(lines, heading, 2) == [0, 3]  # 3 | 7 rows: the tallest is 7 (an 8th would not help)
    assert column_starts(lines, heading, 3) == [0, 3, 8]
    assert column_starts(lines, heading, 1) == [0]
