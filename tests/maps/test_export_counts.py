"""Legend counts in the exports and the deck's takeaways are the counts of /inspections/status and
/indicators/coverage, and the counts written here in plain SQL."""

from __future__ import annotations

import re

from sqlalchemy import text

import layers  # noqa: F401
from geo.store.database import get_engine
from maps import briefing_data
from maps.export import ExportOptions, render_map
from maps.spec import get
from tests.maps.exports_helpers import svg_texts
from tests.maps.test_status_truth import EXPECTED_SQL, REASON_WORDS_ZH

COUNT = re.compile(r"^(.*)（(\d+)）$")


def legend_counts(svg: bytes) -> dict[str, int]:
    """'label（n）' lines of the picture; a label wrapped over two text elements is joined first."""
    texts = [t for t, _s in svg_texts(svg)]
    out, i = {}, 0
    while i < len(texts):
        m = COUNT.match(texts[i])
        if not m and i + 1 < len(texts) and not COUNT.match(texts[i + 1]):
            m = COUNT.match(texts[i] + texts[i + 1])
            i += 1 if m else 0
        if m:
            out[m.group(1)] = int(m.group(2))
        i += 1
    return out


def export_svg(url: str, name: str, role: str = "official", **kw) -> bytes:
    with get_engine(url).connect() as conn:
        return render_map(conn, name, ExportOptions(fmt="svg", role=role, **kw)).content


def test_inspections_export_legend_counts_every_overdue_reason(client_as, db_url: str) -> None:
    with get_engine(db_url).connect() as conn:
        expected = dict(conn.execute(text(EXPECTED_SQL)).mappings().one())
        inspected = conn.execute(
            text(
                "SELECT count(*) FROM site WHERE kind IN ('live_station', 'village_station', 'township_station', "
                "'warehouse', 'sorting_centre')"
            )
        ).scalar_one()
    assert expected["overdue"] > 0 and expected["never_unannounced"] > 0
    official = client_as("official")
    api = official.get("/inspections/status", params={"overdue_only": "true"}).json()
    assert api["count"] == expected["overdue"]

    legend = legend_counts(export_svg(db_url, "inspections"))
    assert legend["逾期未检（合计，按原因分列如下）"] == expected["overdue"] == api["count"]
    for code, word in REASON_WORDS_ZH.items():
        if expected[code]:
            assert legend[word] == expected[code] == api["overdue_counts"][code], word
        else:
            assert word not in legend  # an empty reason is not listed

    with get_engine(db_url).connect() as conn:
        line = briefing_data.takeaway(conn, get("inspections"), "zh", settings=official.app.state.settings)
    assert f"督查对象 {inspected} 个，逾期 {expected['overdue']} 个" in line
    for code, word in REASON_WORDS_ZH.items():
        if expected[code]:
            assert f"{word} {expected[code]}" in line


def test_coverage_export_legend_counts_are_the_coverage_indicator(client_as, db_url: str) -> None:
    cov = client_as("official").get("/indicators/coverage").json()
    with get_engine(db_url).connect() as conn:
        located = conn.execute(
            text("SELECT count(*) FILTER (WHERE location IS NOT NULL) FROM village WHERE poverty_alleviated")
        ).scalar_one()
    t = cov["totals"]
    assert t["covered"] + t["uncovered"] == located  # the map draws the villages with a position
    legend = legend_counts(export_svg(db_url, "coverage"))

    def entry(prefix: str) -> int:
        (n,) = [n for label, n in legend.items() if label.startswith(prefix)]
        return n

    assert entry("已覆盖的脱贫村") == t["covered"]
    assert entry("未覆盖的脱贫村") == t["uncovered"]
    # townships by class of covered share, counted by hand from the indicator's own shares
    bounds = [
        (0, 20, "覆盖率 < 20%"),
        (20, 40, "覆盖率 20–40%"),
        (40, 60, "覆盖率 40–60%"),
        (60, 80, "覆盖率 60–80%"),
        (80, 1000, "覆盖率 ≥ 80%"),
    ]
    for lo, hi, label in bounds:
        n = sum(1 for town in cov["townships"] if town["share_pct"] is not None and lo <= town["share_pct"] < hi)
        assert legend.get(label, 0) == n, label
