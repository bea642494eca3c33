"""Why a poverty-alleviated village is not covered: its own station's state, or nothing within the rule."""

from __future__ import annotations

from sqlalchemy import text

from geo.analysis.coverage import CoverageRule
from geo.analysis.coverage_report import compute_coverage
from geo.store.database import get_engine

RULE = CoverageRule(3000.0)


def _reason(conn, code: str) -> str | None:  # noqa: ANN001
    report = compute_coverage(conn, RULE)
    return next((g["gap_reason"] for g in report.uncovered if g["code"] == code), None)


def test_own_station_state_is_the_reason_and_a_working_one_covers(db_url: str) -> None:
    with get_engine(db_url).begin() as conn:
        report = compute_coverage(conn, RULE)
        # an uncovered village with no site of its own at all
        own = {
            r[0] for r in conn.execute(text("SELECT DISTINCT village_code FROM site WHERE village_code IS NOT NULL"))
        }
        gap = next(g for g in report.uncovered if g["code"] not in own)
        assert gap["gap_reason"] == "none_within_rule"
        code = gap["code"]
        site = conn.execute(
            text(
                "INSERT INTO site (ref, kind, name, location, status, village_code, township_code, capabilities, source) "
                "SELECT 't-own', 'village_station', '测试村站', location, 'suspended', code, township_code, '{}', 'test' "
                "FROM village WHERE code = :c RETURNING id"
            ),
            {"c": code},
        ).scalar_one()
        assert _reason(conn, code) == "own_suspended"
        conn.execute(text("UPDATE site SET status = 'building' WHERE id = :s"), {"s": site})
        assert _reason(conn, code) == "own_building"
        conn.execute(text("UPDATE site SET status = 'closed' WHERE id = :s"), {"s": site})
        assert _reason(conn, code) == "own_closed"
        conn.execute(text("UPDATE site SET status = 'operating' WHERE id = :s"), {"s": site})
        conn.execute(
            text(
                "INSERT INTO inspection (site_id, visited_at, mode, inspector, outcome, stalled, idle_funds, idle_assets, source) "
                "VALUES (:s, now(), 'unannounced', '督查一组', 'needs_rectification', false, false, true, 'test')"
            ),
            {"s": site},
        )
        assert _reason(conn, code) == "own_idle"
        conn.execute(
            text(
                "INSERT INTO inspection (site_id, visited_at, mode, inspector, outcome, stalled, idle_funds, idle_assets, source) "
                "VALUES (:s, now() + interval '1 minute', 'announced', '督查一组', 'normal', false, false, false, 'test')"
            ),
            {"s": site},
        )
        assert _reason(conn, code) is None  # covered now: its own operating station counts
        assert code not in {g["code"] for g in compute_coverage(conn, RULE).uncovered}
