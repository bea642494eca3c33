"""The county's metric CRS (a WGS 84 UTM zone, EPSG 326xx) and the indexes that serve it.

``county.metric_srid`` (migration 0011) holds the zone of the county outline's centroid;
distances, areas and coverage are measured in it. The expression indexes on
``ST_Transform(location, srid)`` only help queries that use the same SRID, so they are
rebuilt for the county's zone whenever a county is loaded.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from sqlalchemy import text
from sqlalchemy.engine import Connection

from geo.vocab import DEFAULT_METRIC_EPSG

if TYPE_CHECKING:
    from geo.store.settings import Settings

# 32600 + zone (northern hemisphere), zone = floor((lon + 180) / 6) + 1, as geo.vocab.utm_epsg
UTM_FROM_CENTROID_SQL = (
    "(CASE WHEN ST_Y(ST_Centroid(geom)) >= 0 THEN 32600 ELSE 32700 END"
    " + floor((ST_X(ST_Centroid(geom)) + 180) / 6)::int + 1)"
)
METRIC_INDEXES = (("ix_site_location_metric", "gist"), ("ix_site_location_metric_spgist", "spgist"))


def metric_srid(conn: Connection) -> int:
    """The county's metric SRID, or the default (Mangshi's UTM 47N) when none is set."""
    srid = conn.execute(text("SELECT metric_srid FROM county WHERE metric_srid IS NOT NULL LIMIT 1")).scalar()
    return int(srid) if srid is not None else DEFAULT_METRIC_EPSG


def ensure_metric_indexes(conn: Connection, srid: int) -> None:
    """Drop and recreate the site metric expression indexes for ``srid`` (no-op when they already match)."""
    srid = int(srid)
    for name, method in METRIC_INDEXES:
        indexdef = conn.execute(text("SELECT indexdef FROM pg_indexes WHERE indexname = :n"), {"n": name}).scalar()
        if indexdef is not None and f", {srid})" in indexdef:
            continue
        conn.execute(text(f"DROP INDEX IF EXISTS {name}"))
        conn.execute(text(f"CREATE INDEX {name} ON site USING {method} (ST_Transform(location, {srid}))"))


def set_county_metric(conn: Connection) -> int:
    """Fill ``county.metric_srid`` from the outline's centroid where unset; align the indexes; return the SRID."""
    conn.execute(text(f"UPDATE county SET metric_srid = {UTM_FROM_CENTROID_SQL} WHERE metric_srid IS NULL"))
    srid = metric_srid(conn)
    ensure_metric_indexes(conn, srid)
    return srid


def with_county(settings: Settings, database_url: str) -> Settings:
    """``settings`` carrying the county's metric SRID and names (read once from the database where not given).

    An unreachable or not yet migrated database leaves them unset (the defaults apply)."""
    if settings.metric_srid is not None and settings.county_name_zh is not None:
        return settings
    from sqlalchemy.exc import SQLAlchemyError

    from geo.store.database import get_engine

    try:
        with get_engine(database_url).connect() as conn:
            srid = metric_srid(conn)
            row = conn.execute(text("SELECT name, name_en FROM county ORDER BY code LIMIT 1")).first()
    except SQLAlchemyError:
        return settings
    update: dict[str, object] = {}
    if settings.metric_srid is None:
        update["metric_srid"] = srid
    if settings.county_name_zh is None and row is not None:
        update["county_name_zh"] = row[0]
        update["county_name_en"] = settings.county_name_en or row[1]
    return settings.model_copy(update=update)
