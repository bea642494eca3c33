"""``fieldmap db backup`` then ``fieldmap db restore`` gives the same rows, byte for byte."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from sqlalchemy import text

from geo.store.database import get_engine
from tests.conftest import add_user, dispose


def _fingerprint(url: str) -> dict[str, tuple[int, str]]:
    """(row count, md5 of the ordered rows) of every table in the public schema."""
    with get_engine(url).connect() as conn:
        tables = (
            conn.execute(text("SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename"))
            .scalars()
            .all()
        )
        out = {}
        for t in tables:
            out[t] = tuple(
                conn.execute(
                    text(
                        f"SELECT count(*), coalesce(md5(string_agg(r::text, chr(10) ORDER BY r::text)), '') FROM \"{t}\" r"
                    )
                ).one()
            )
    dispose(url)
    return out


def _cli(url: str, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "api.cli", "db", *args],
        capture_output=True,
        text=True,
        env={**os.environ, "DATABASE_URL": url},
        timeout=300,
    )


def test_backup_then_restore_into_an_empty_database(db_url: str, empty_url: str, tmp_path: Path) -> None:
    add_user(db_url, "keeper", "admin")  # accounts and their audit rows travel too
    original = _fingerprint(db_url)
    assert original["site"][0] > 0 and original["app_user"][0] == 1 and original["audit_log"][0] > 0
    dump = tmp_path / "fieldmap.dump"
    made = _cli(db_url, "backup", str(dump))
    assert made.returncode == 0, made.stderr
    assert dump.read_bytes()[:5] == b"PGDMP"
    restored = _cli(empty_url, "restore", str(dump), "--yes")
    assert restored.returncode == 0, restored.stderr
    assert _fingerprint(empty_url) == original


def test_restore_replaces_changed_data_and_refuses_garbage(db_url: str, tmp_path: Path) -> None:
    dump = tmp_path / "before.dump"
    assert _cli(db_url, "backup", str(dump)).returncode == 0
    original = _fingerprint(db_url)
    with get_engine(db_url).begin() as conn:
        conn.execute(text("DELETE FROM inspection"))
        conn.execute(text("UPDATE site SET name = name || '（改）'"))
    dispose(db_url)
    assert _fingerprint(db_url) != original
    assert _cli(db_url, "restore", str(dump), "--yes").returncode == 0
    assert _fingerprint(db_url) == original
    junk = tmp_path / "junk.dump"
    junk.write_bytes(b"not a dump")
    refused = _cli(db_url, "restore", str(junk), "--yes")
    assert refused.returncode == 2 and "pg_dump" in refused.stderr
    assert _fingerprint(db_url) == original
