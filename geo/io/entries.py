"""Single records staff enter through the API, validated exactly like an imported file."""

from __future__ import annotations

import geopandas as gpd
import pandas as pd
from sqlalchemy import Connection, text

from geo.errors import NotFound
from geo.io.load import LoadReport, load_frame


def _village_exists(conn: Connection, code: str) -> None:
    if conn.execute(text("SELECT 1 FROM village WHERE code = :c"), {"c": code}).first() is None:
        raise NotFound(f"没有代码为“{code}”的村 / No village with code '{code}'")


def record(conn: Connection, table: str, row: dict, actor: str) -> LoadReport:
    """Upsert one row of ``table`` (e.g. training_session, indicator_entry) inside the caller's
    transaction (the route's write connection: the row and its audit row commit together)."""
    if row.get("village_code"):  # naming a village that does not exist is a missing thing, not bad input
        _village_exists(conn, row["village_code"])
    frame = gpd.GeoDataFrame(pd.DataFrame([{**row, "source": row.get("source") or "staff"}]))
    return load_frame(conn, table, frame, actor=actor, label="api")
