"""The data version over a raw psycopg2 connection in autocommit, for a LISTEN/NOTIFY watcher
(``api.version_watch``): the SQL lives here, the thread and its reconnects there."""

from __future__ import annotations

from typing import Any

VERSION_SQL = "SELECT version, changed_at FROM data_state WHERE id = 1"


def listen(conn: Any, channels: tuple[str, ...]) -> None:  # noqa: ANN401 - a psycopg2 connection
    """LISTEN on each of ``channels`` (identifiers of our own, never user input)."""
    with conn.cursor() as cur:
        cur.execute("; ".join(f"LISTEN {channel}" for channel in channels))


def read_version(conn: Any) -> tuple[int, str]:  # noqa: ANN401 - a psycopg2 connection
    """(version, changed_at ISO) of the data, as ``geo.store.database.data_version`` reads it."""
    with conn.cursor() as cur:
        cur.execute(VERSION_SQL)
        version, changed_at = cur.fetchone()
    return int(version), changed_at.isoformat()
