"""Single records staff enter through the API, validated exactly like an imported file."""

from __future__ import annotations

import geopandas as gpd
import pandas as pd

from geo.io.load import LoadReport, load_frame
from geo.store.database import get_engine


def record(url: str, table: str, row: dict, actor: str) -> LoadReport:
    """Upsert one row of ``table`` (e.g. training_session, indicator_entry) in one transaction."""
    frame = gpd.GeoDataFrame(pd.DataFrame([{**row, "source": row.get("source") or "staff"}]))
    with get_engine(url).begin() as conn:
        return load_frame(conn, table, frame, actor=actor, label="api")
