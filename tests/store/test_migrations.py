"""Migrations build the schema from empty, enforce the data rules, and reverse cleanly."""

from __future__ import annotations

import pytest
from sqlalchemy import text
from sqlalchemy.exc import IntegrityError

from geo.store import migrate
from geo.store.database import get_engine

TABLES = {"county", "township", "village", "site", "specialty_village", "inspection", "road", "audit_log", "data_state"}


def test_upgrade_from_empty_creates_schema_with_gist_indexes(empty_url: str) -> None:
    migrate.upgrade(empty_url)
    assert TABLES <= migrate.current_tables(empty_url)
    with get_engine(empty_url).connect() as conn:
        gist = set(conn.execute(text("SELECT tablename FROM pg_indexes WHERE indexdef ILIKE '%USING gist%'")).scalars())
        srids = dict(
            conn.execute(text("SELECT f_table_name || '.' || f_geometry_column, srid FROM geometry_columns")).all()
        )
    assert {"county", "township", "village", "site", "road"} <= gist
    assert set(srids.values()) == {4326}


def test_downgrade_removes_everything_and_upgrade_again(empty_url: str) -> None:
    migrate.upgrade(empty_url)
    migrate.downgrade(empty_url, "base")
    assert not (TABLES & migrate.current_tables(empty_url))
    migrate.upgrade(empty_url)
    assert TABLES <= migrate.current_tables(empty_url)


@pytest.mark.parametrize(
    "sql",
    [
        # village code whose first nine digits are not its township
        "INSERT INTO village (code, name, township_code, kind, poverty_alleviated, source) "
        "VALUES ('533103999001', 'x', '533103101', 'village', false, 'test')",
        # village in a township that does not exist
        "INSERT INTO village (code, name, township_code, kind, poverty_alleviated, source) "
        "VALUES ('533103999001', 'x', '533103999', 'village', false, 'test')",
        # an 11-digit code
        "INSERT INTO village (code, name, township_code, kind, poverty_alleviated, source) "
        "VALUES ('53310310100', 'x', '533103101', 'village', false, 'test')",
        # unknown site kind
        "INSERT INTO site (ref, kind, name, location, status, capabilities, source) "
        "VALUES ('x', 'shop', 'x', ST_SetSRID(ST_MakePoint(98.58, 24.43), 4326), 'operating', '{}', 'test')",
        # unknown site status
        "INSERT INTO site (ref, kind, name, location, status, capabilities, source) "
        "VALUES ('x', 'village_station', 'x', ST_SetSRID(ST_MakePoint(98.58, 24.43), 4326), 'idle', '{}', 'test')",
        # an inspection outcome the domain does not use
        "INSERT INTO inspection (site_id, visited_at, mode, inspector, outcome, stalled, idle_funds, idle_assets, version, source) "
        "SELECT id, now(), 'announced', '督查一组', 'fine', false, false, false, 1, 'test' FROM site LIMIT 1",
        # more poverty-alleviated households than households
        "UPDATE village SET households = 10, poverty_households = 11 WHERE code = '533103102201'",
    ],
)
def test_constraints_refuse_bad_rows(db_url: str, sql: str) -> None:
    with pytest.raises(IntegrityError):
        with get_engine(db_url).begin() as conn:
            conn.execute(text(sql))


def test_every_write_bumps_the_data_version(db_url: str) -> None:
    with get_engine(db_url).begin() as conn:
        before = conn.execute(text("SELECT version FROM data_state")).scalar_one()
        conn.execute(text("UPDATE site SET status = 'suspended' WHERE id = (SELECT min(id) FROM site)"))
        after = conn.execute(text("SELECT version FROM data_state")).scalar_one()
    assert after > before
