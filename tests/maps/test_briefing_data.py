"""The deck's tables and takeaways agree with the database, counted independently in SQL."""

from __future__ import annotations

from sqlalchemy import text

import layers  # noqa: F401
from geo.store.database import get_engine
from maps import briefing_data
from maps.spec import get

COVERED_SQL = """
SELECT t.name, count(*) FILTER (WHERE v.poverty_alleviated) AS poor,
       count(*) FILTER (WHERE v.poverty_alleviated AND EXISTS (
           SELECT 1 FROM site s WHERE s.village_code = v.code AND s.kind = 'village_station' AND s.status = 'operating'
       )) AS covered, count(*) AS villages
FROM village v JOIN township t ON t.code = v.township_code GROUP BY t.code, t.name ORDER BY t.code
"""


def test_coverage_table_matches_sql(db_url: str) -> None:
    with get_engine(db_url).connect() as conn:
        expected = conn.execute(text(COVERED_SQL)).all()
        table = briefing_data.coverage_table(conn, "zh")
    assert [(r[0], r[1], r[2], r[3]) for r in table.rows[:-1]] == [(e.name, e.villages, e.poor, e.covered) for e in expected]
    total = table.rows[-1]
    assert total[:4] == ("合计", sum(e.villages for e in expected), sum(e.poor for e in expected), sum(e.covered for e in expected))
    assert int(total[5]) == total[2] - total[3]  # uncovered count
    assert table.demo


def test_coverage_follows_a_station_closing(db_url: str) -> None:
    with get_engine(db_url).begin() as conn:
        before = briefing_data.coverage_table(conn, "en").rows[-1][3]
        conn.execute(text(
            "UPDATE site SET status = 'closed' WHERE id = (SELECT s.id FROM site s JOIN village v ON v.code = s.village_code "
            "WHERE v.poverty_alleviated AND s.kind = 'village_station' AND s.status = 'operating' ORDER BY s.id LIMIT 1)"))
        after = briefing_data.coverage_table(conn, "en").rows[-1][3]
        line = briefing_data.takeaway(conn, get("overview"), "en")
    assert after == before - 1
    assert f"{after} of " in line


def test_target_table_uses_only_recorded_figures(db_url: str) -> None:
    with get_engine(db_url).connect() as conn:
        table = briefing_data.target_table(conn, "en")
        year, sales = conn.execute(text(
            "SELECT year, sum(online_sales_yuan) FROM specialty_village GROUP BY year ORDER BY year DESC LIMIT 1")).one()
    rows = {r[0]: r for r in table.rows}
    assert rows["Specialty-village online sales"][2] == f"{sales:,.0f}"
    assert str(year) in rows["Specialty-village online sales"][3]
    assert rows["Live-streaming base built"][2:] == ("1", "sites: operating live base", "met")
    assert rows["Trainee satisfaction"][2:] == ("—", "no data in the database", "unknown")
