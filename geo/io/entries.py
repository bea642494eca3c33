"""Single records staff enter through the API, validated exactly like an imported file."""

from __future__ import annotations

import geopandas as gpd
import pandas as pd
from sqlalchemy import text

from geo.errors import NotFound
from geo.io.load import LoadReport, load_frame
from geo.store.database import get_engine


def _village_exists(url: str, code: str) -> None:
    with get_engine(url).connect() as conn:
        if conn.execute(text("SELECT 1 FROM village WHERE code = :c"), {"c": code}).first() is None:
            raise NotFound(f"没有代码为“{code}”的村 / No village with code '{code}'")


def record(url: str, table: str, row: dict, actor: str) -> LoadReport:
    """Upsert one row of ``table`` (e.g. training_session, indicator_entry) in one transaction."""
    if row.get("village_code"):  # naming a village that does not exist is a missing thing, not bad input
        _village_exists(url, row["village_code"])
    frame = gpd.GeoDataFrame(pd.DataFrame([{**row, "source": row.get("source") or "staff"}]))
    with get_engine(url).begin() as conn:
        return load_frame(conn, table, frame, actor=actor, label="api")
