"""The coverage rule on hand-built cases with known answers, against real PostGIS."""

from __future__ import annotations

import pytest
from sqlalchemy import text

from geo.analysis.coverage import CoverageRule, village_coverage_sql
from geo.analysis.coverage_report import compute_coverage
from geo.errors import InvalidInput
from geo.store.database import get_engine
from tests.geo import coverage_fixtures
from tests.geo.coverage_fixtures import RULE_M


@pytest.fixture
def fixture_db(db_url: str):
    with get_engine(db_url).begin() as conn:
        fx = coverage_fixtures.build(conn)
    return db_url, fx


def _reasons(url: str, rule: CoverageRule) -> dict[str, dict]:
    with get_engine(url).connect() as conn:
        rows = conn.execute(text(f"SELECT * FROM ({village_coverage_sql(rule, nearest='all')}) c")).mappings().all()
    return {r["code"]: dict(r) for r in rows}


def test_known_answers(fixture_db) -> None:
    url, fx = fixture_db
    rows = _reasons(url, CoverageRule(RULE_M))
    v = fx.villages
    got = {case: rows[code]["reason"] for case, code in v.items()}
    assert got == {
        "limit": "within_distance",  # 2,500 m east, at a 2,500 m rule (checked exactly below)
        "border": "within_distance",
        "closed": "uncovered",
        "idle": "uncovered",
        "recovered": "in_village",
        "closed_by_inspection": "uncovered",
        "no_position": "no_position",
        "no_position_in_village": "in_village",
    }
    assert set(rows) == set(v.values())  # only the poverty-alleviated villages


def test_station_exactly_at_the_limit_counts_and_a_centimetre_less_does_not(fixture_db) -> None:
    url, fx = fixture_db
    with get_engine(url).connect() as conn:
        d = conn.execute(
            text(
                "SELECT ST_Distance(ST_Transform(s.location, 32647), ST_Transform(v.location, 32647)) "
                "FROM site s, village v WHERE s.id = :s AND v.code = :v"
            ),
            {"s": fx.sites["limit"], "v": fx.villages["limit"]},
        ).scalar_one()
    assert abs(d - RULE_M) < 1.0  # the fixture put it there
    at_limit = _reasons(url, CoverageRule(d))[fx.villages["limit"]]
    assert at_limit["covered"] and at_limit["reason"] == "within_distance"
    short = _reasons(url, CoverageRule(d - 0.01))[fx.villages["limit"]]
    assert not short["covered"] and short["reason"] == "uncovered"
    assert short["nearest_site_id"] == fx.sites["limit"]
    assert short["distance_m"] == pytest.approx(d, abs=1e-6)


def test_station_across_the_township_border_covers(fixture_db) -> None:
    url, fx = fixture_db
    village_township, site_township = fx.border_townships
    with get_engine(url).connect() as conn:
        s_town = conn.execute(
            text("SELECT t.code FROM site s JOIN township t ON ST_Within(s.location, t.geom) WHERE s.id = :s"),
            {"s": fx.sites["border"]},
        ).scalar_one()
        v_town = conn.execute(
            text("SELECT t.code FROM village v JOIN township t ON ST_Within(v.location, t.geom) WHERE v.code = :v"),
            {"v": fx.villages["border"]},
        ).scalar_one()
    assert (v_town, s_town) == (village_township, site_township) and v_town != s_town
    row = _reasons(url, CoverageRule(RULE_M))[fx.villages["border"]]
    assert row["covered"] and row["nearest_site_id"] == fx.sites["border"]
    assert 700 < row["distance_m"] < 900


def test_closed_and_idle_stations_are_not_counted(fixture_db) -> None:
    url, fx = fixture_db
    rows = _reasons(url, CoverageRule(RULE_M))
    for case in ("closed", "idle", "closed_by_inspection"):
        row = rows[fx.villages[case]]
        assert not row["covered"], case
        assert row["nearest_site_id"] != fx.sites[case]  # the station 100 m away is not a candidate
        assert row["distance_m"] > 5000
    assert rows[fx.villages["recovered"]]["covered"]  # the latest inspection decides


def test_report_totals_townships_and_village_without_position(fixture_db) -> None:
    url, fx = fixture_db
    with get_engine(url).connect() as conn:
        report = compute_coverage(conn, CoverageRule(RULE_M))
    t = report.totals
    assert (t["villages"], t["covered"], t["uncovered"], t["no_position"]) == (8, 4, 3, 1)
    assert t["share_pct"] == 50.0
    assert [v["code"] for v in report.no_position] == [fx.villages["no_position"]]
    assert {v["code"] for v in report.uncovered} == {fx.villages[c] for c in ("closed", "idle", "closed_by_inspection")}
    assert all(v["nearest_site_name"] and v["distance_m"] > 5000 for v in report.uncovered)
    assert sum(r["villages"] for r in report.townships) == 8
    assert sum(r["covered"] for r in report.townships) == 4
    assert len(report.townships) == 13
    assert report.rule.distance_m == RULE_M and "2.5 公里" in report.rule.text("zh")


def test_rule_refuses_nonsense() -> None:
    with pytest.raises(InvalidInput):
        CoverageRule(0)
    with pytest.raises(InvalidInput):
        CoverageRule(3000, ("shop",))
