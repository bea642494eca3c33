"""The demo programme figures (training sessions, staff entries) round-trip through files."""

from __future__ import annotations

from sqlalchemy import text

from geo.io.demo_programme import write_programme
from geo.io.load import load_file
from geo.store.database import get_engine
from tests.conftest import SEED

TABLES = {"training_session": "ref", "indicator_entry": "indicator, period"}


def _digest(url: str, table: str, key: str) -> tuple[int, str]:
    cols = {
        "training_session": "ref, held_on, title, level, village_code, attendees, satisfaction_pct, source",
        "indicator_entry": "indicator, period, value, note, entered_by, source",
    }[table]
    with get_engine(url).connect() as conn:
        return conn.execute(
            text(f"SELECT count(*), md5(string_agg(({cols})::text, '|' ORDER BY {key})) FROM {table}")
        ).one()


def test_programme_files_load_back_unchanged(db_url: str, tmp_path) -> None:
    before = {t: _digest(db_url, t, k) for t, k in TABLES.items()}
    assert all(n > 0 for n, _ in before.values())
    with get_engine(db_url).connect() as conn:
        specialty = sorted(conn.execute(text("SELECT DISTINCT village_code FROM specialty_village")).scalars())
    paths = write_programme(specialty, tmp_path, seed=SEED)
    with get_engine(db_url).begin() as conn:
        conn.execute(text("DELETE FROM training_session; DELETE FROM indicator_entry"))
    for table, path in zip(TABLES, paths):
        load_file(db_url, path, table)
    assert {t: _digest(db_url, t, k) for t, k in TABLES.items()} == before
