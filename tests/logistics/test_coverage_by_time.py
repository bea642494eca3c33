"""The coverage rule by travel time (coverage_travel_time_min) on the hand-made road graph."""

from __future__ import annotations

from sqlalchemy import text

from geo.analysis.coverage import CoverageRule
from geo.analysis.coverage_report import compute_coverage
from geo.store.database import get_engine
from tests.logistics.road_fixture import install


def _uncovered(url: str, rule: CoverageRule) -> set[str]:
    with get_engine(url).begin() as conn:
        report = compute_coverage(conn, rule)
    return {g["code"] for g in report.uncovered}


def test_rule_by_travel_time_uses_the_roads(db_url: str, tmp_path) -> None:  # noqa: ANN001
    codes = install(db_url, tmp_path)
    # times to S1 (hand-computed in road_fixture): E 13.5, B 21, A 22 min; C and D unreachable
    within_14 = _uncovered(db_url, CoverageRule(3000.0, travel_time_min=14.0))
    assert within_14 == {codes[k] for k in "ABCD"}
    within_22 = _uncovered(db_url, CoverageRule(3000.0, travel_time_min=22.0))  # limit included
    assert within_22 == {codes[k] for k in "CD"}
    rule = CoverageRule(3000.0, travel_time_min=22.0)
    assert "22 分钟" in rule.text("zh") and "pgRouting" in rule.text("zh") and "3 公里" not in rule.text("zh")
    assert "22 minutes of travel" in rule.text("en")


def test_rule_by_travel_time_without_roads_is_straight_line(db_url: str, tmp_path) -> None:  # noqa: ANN001
    codes = install(db_url, tmp_path)
    with get_engine(db_url).begin() as conn:
        conn.execute(text("DELETE FROM road"))
    # E is 7.6 km from S1 in a straight line: × 1.35 at 35 km/h = 17.6 min; B 10.1 km = 23.5 min
    assert codes["E"] not in _uncovered(db_url, CoverageRule(3000.0, travel_time_min=18.0))
    assert codes["B"] in _uncovered(db_url, CoverageRule(3000.0, travel_time_min=18.0))
    assert codes["C"] not in _uncovered(db_url, CoverageRule(3000.0, travel_time_min=60.0))  # no road: no disconnection
