"""Migration 0002: training sessions, indicator entries and the coverage indexes, reversibly."""

from __future__ import annotations

from sqlalchemy import text

from geo.analysis.coverage import CoverageRule, village_coverage_sql
from geo.store import migrate
from geo.store.database import get_engine

NEW = {"training_session", "indicator_entry"}


def _indexes(url: str) -> set[str]:
    with get_engine(url).connect() as conn:
        return set(
            conn.execute(text("SELECT indexname FROM pg_indexes WHERE tablename IN ('site', 'inspection')")).scalars()
        )


def test_0002_upgrades_and_reverses(empty_url: str) -> None:
    migrate.upgrade(empty_url)
    assert NEW <= migrate.current_tables(empty_url)
    assert {"ix_site_location_metric", "ix_site_location_metric_spgist", "ix_inspection_site_latest"} <= _indexes(
        empty_url
    )
    migrate.downgrade(empty_url, "0001")
    assert not (NEW & migrate.current_tables(empty_url))
    assert not ({"ix_site_location_metric", "ix_site_location_metric_spgist"} & _indexes(empty_url))
    assert "site" in migrate.current_tables(empty_url)
    migrate.upgrade(empty_url)
    assert NEW <= migrate.current_tables(empty_url)


def test_coverage_query_uses_the_metric_indexes(db_url: str) -> None:
    with get_engine(db_url).connect() as conn:
        conn.execute(text("SET enable_seqscan = off"))
        plan = "\n".join(
            conn.execute(text("EXPLAIN " + village_coverage_sql(CoverageRule(3000), nearest="all"))).scalars()
        )
    assert "ix_site_location_metric" in plan
    assert "<->" in plan  # the nearest site by KNN on the index
