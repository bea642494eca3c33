"""Load files into PostGIS: validated first, then upserted in one transaction.

Idempotent: rows are matched on their key (codes, site ``ref``) and only rows whose
values differ are written, so loading the same file twice changes nothing.
Transactional: a bad row anywhere means nothing at all is written.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass
from pathlib import Path

import geopandas as gpd
import shapely
from psycopg2.extras import execute_values
from sqlalchemy import Connection, text
from sqlalchemy.exc import DBAPIError, IntegrityError

from geo.errors import InvalidInput, NotFound
from geo.io import roads, shipments
from geo.io.crs import to_wgs84
from geo.io.read import read_frame
from geo.io.tables import SPECS, TableSpec
from geo.io.validate import Context, validate
from geo.store import audit
from geo.store.database import get_engine

LOAD_ORDER = ("county", "township", "village", "site", "specialty_village", "inspection", "training_session",
              "indicator_entry", "shipment", "fund_item", "fund_payment", "asset", "inspection_asset")


@dataclass(frozen=True)
class LoadReport:
    table: str
    read: int
    inserted: int
    updated: int

    @property
    def unchanged(self) -> int:
        return self.read - self.inserted - self.updated

    def as_dict(self) -> dict:
        return {**asdict(self), "unchanged": self.unchanged}


def spec_for(table: str) -> TableSpec:
    try:
        return SPECS[table]
    except KeyError:
        raise NotFound(
            f"没有名为“{table}”的数据表。可导入：{', '.join(SPECS)}\n"
            f"No table named '{table}'. Importable tables: {', '.join(SPECS)}",
            detail={"valid": list(SPECS)},
        ) from None


def load_file(url: str, path: str | Path, table: str, crs: str | None = None, actor: str = "cli",
              road_speeds: roads.RoadSpeeds | None = None) -> LoadReport:
    """Read, convert to WGS 84, validate and load one file into ``table``.

    ``road`` is replaced as a whole: roads not in the file are removed (one network at a time);
    ``road_speeds`` gives the speed of each road class the file names (settings)."""
    spec = spec_for(table)
    gdf = roads.read_osm_pbf(path) if table == "road" and str(path).lower().endswith(".osm.pbf") else read_frame(path)
    if spec.geometry is not None and gdf.geometry.notna().any():
        gdf = to_wgs84(gdf, crs)
    with get_engine(url).begin() as conn:
        return load_frame(conn, table, gdf, actor=actor, label=Path(path).name, road_speeds=road_speeds)


def load_frame(conn: Connection, table: str, gdf: gpd.GeoDataFrame, actor: str = "cli", label: str = "",
               road_speeds: roads.RoadSpeeds | None = None) -> LoadReport:
    """Validate ``gdf`` (already WGS 84) and upsert it inside the caller's transaction."""
    spec = spec_for(table)
    removed = 0
    if table == "road":
        gdf = roads.with_speeds(roads.with_refs(gdf), road_speeds)
    if table == "shipment":
        gdf = shipments.prepare(gdf)
    rows = validate(spec, gdf, read_context(conn))
    try:
        report = _upsert(conn, spec, rows)
        if table == "road":
            removed = roads.remove_others(conn, [r["ref"] for r in rows])
            roads.build_topology(conn)
        if table == "site":
            _check_parents(conn)
    except IntegrityError as exc:
        raise InvalidInput(
            f"导入 {table} 违反数据规则，数据库未做任何修改：{exc.orig.diag.constraint_name or exc.orig}\n"
            f"Import of {table} breaks a data rule; nothing was changed: {exc.orig}"
        ) from exc
    except DBAPIError as exc:
        raise InvalidInput(
            f"导入 {table} 失败，数据库未做任何修改。/ Import of {table} failed; nothing was changed: {exc.orig}"
        ) from exc
    after = report.as_dict() | ({"removed": removed} if table == "road" else {})
    audit.record(conn, actor, "import", table, label or None, after=after)
    return report


def _check_parents(conn: Connection) -> None:
    """Every ``parent_site`` names a site that exists (in the database or the same file) and not itself."""
    bad = conn.execute(text(
        "SELECT ref, parent_site FROM site s WHERE parent_site IS NOT NULL AND (parent_site = ref OR NOT EXISTS "
        "(SELECT 1 FROM site p WHERE p.ref = s.parent_site)) ORDER BY ref LIMIT 10")).all()
    if bad:
        listed = "; ".join(f"{ref} → {parent}" for ref, parent in bad)
        raise InvalidInput(
            f"导入 site 失败，数据库未做任何修改：上级站点（parent_site）不存在或是自身：{listed}\n"
            f"Import of site failed; nothing was changed: parent_site does not exist or is the site itself: {listed}",
            detail={"table": "site", "problems": [f"{r} → {p}" for r, p in bad]})


def read_context(conn: Connection) -> Context:
    county = conn.execute(text("SELECT ST_AsBinary(ST_Union(geom)) FROM county")).scalar()
    return Context(
        county=shapely.from_wkb(bytes(county)) if county is not None else None,
        county_codes=set(conn.execute(text("SELECT code FROM county")).scalars()),
        township_codes=set(conn.execute(text("SELECT code FROM township")).scalars()),
        village_codes=set(conn.execute(text("SELECT code FROM village")).scalars()),
        site_refs=set(conn.execute(text("SELECT ref FROM site")).scalars()),
        fund_item_codes=set(conn.execute(text("SELECT code FROM fund_item")).scalars()),
        asset_sites=dict(conn.execute(text("SELECT a.ref, s.ref FROM asset a LEFT JOIN site s ON s.id = a.site_id")).all()),
        inspection_sites=dict(conn.execute(text(
            "SELECT i.ref, s.ref FROM inspection i JOIN site s ON s.id = i.site_id WHERE i.ref IS NOT NULL")).all()),
    )


# -- SQL ------------------------------------------------------------------

_GEOM = "ST_SetSRID(ST_GeomFromWKB(decode(%(_geom)s, 'hex')), 4326)"
_EXPRESSIONS = {
    ("county", "geom"): f"ST_Multi({_GEOM})",
    ("township", "geom"): f"ST_Multi({_GEOM})",
    ("township", "seat"): "ST_SetSRID(ST_MakePoint(%(seat_lon)s::float8, %(seat_lat)s::float8), 4326)",
    ("village", "location"): _GEOM,
    ("site", "location"): _GEOM,
    ("site", "capabilities"): "%(capabilities)s::text[]",
    # a site given without its township gets the township its point lies in
    ("site", "township_code"): f"coalesce(%(township_code)s, (SELECT code FROM township WHERE ST_Intersects(geom, {_GEOM}) ORDER BY code LIMIT 1))",
    ("inspection", "position"): _GEOM,
    ("inspection", "site_id"): "(SELECT id FROM site WHERE ref = %(site_ref)s)",
    ("inspection", "gps_distance_m"): f"ST_Distance(({_GEOM})::geography, (SELECT location FROM site WHERE ref = %(site_ref)s)::geography)",
    ("shipment", "site_id"): "(SELECT id FROM site WHERE ref = %(site_ref)s)",
    ("fund_item", "site_refs"): "%(site_refs)s::text[]",
    ("fund_item", "village_codes"): "%(village_codes)s::text[]",
    ("fund_payment", "site_id"): "(SELECT id FROM site WHERE ref = %(site_ref)s)",
    ("asset", "site_id"): "(SELECT id FROM site WHERE ref = %(site_ref)s)",
    ("inspection_asset", "inspection_id"): "(SELECT id FROM inspection WHERE ref = %(inspection_ref)s)",
    ("inspection_asset", "asset_id"): "(SELECT id FROM asset WHERE ref = %(asset_ref)s)",
    ("road", "source_node"): "%(node_a)s",
    ("road", "target_node"): "%(node_b)s",
    # a published length (km) keeps the real road length when the geometry is only a chord
    ("road", "length_m"): f"coalesce(%(length_km)s * 1000.0, ST_Length(({_GEOM})::geography))",
}
_NOT_COLUMNS = {("township", "seat_lon"), ("township", "seat_lat"), ("inspection", "site_ref"), ("shipment", "site_ref"),
                ("road", "node_a"), ("road", "node_b"), ("road", "length_km"),
                ("fund_item", "budget_wan"), ("fund_payment", "amount_wan"), ("asset", "value_wan"),
                ("fund_payment", "site_ref"), ("asset", "site_ref"),
                ("inspection_asset", "inspection_ref"), ("inspection_asset", "asset_ref")}
# Tables whose file key is not their DB key: the unique columns the upsert meets on.
_CONFLICT = {"inspection_asset": ("inspection_id", "asset_id")}


def _db_columns(spec: TableSpec) -> dict[str, str]:
    """DB column -> SQL value expression for one row."""
    out = {c: f"%({c})s" for c in spec.columns if (spec.name, c) not in _NOT_COLUMNS}
    for (table, column), expr in _EXPRESSIONS.items():
        if table == spec.name:
            out[column] = expr
    if spec.geometry:
        out.setdefault(spec.geometry, _GEOM)
    return out


def _upsert(conn: Connection, spec: TableSpec, rows: list[dict]) -> LoadReport:
    columns = _db_columns(spec)
    names = list(columns)
    key = _CONFLICT.get(spec.name, spec.key)
    updatable = [c for c in names if c not in key]
    sql = (
        f"INSERT INTO {spec.name} ({', '.join(names)}) VALUES %s "
        f"ON CONFLICT ({', '.join(key)}) DO UPDATE SET "
        + ", ".join(f"{c} = EXCLUDED.{c}" for c in updatable)
        + f" WHERE ({', '.join(f'{spec.name}.{c}' for c in updatable)}) IS DISTINCT FROM "
        f"({', '.join(f'EXCLUDED.{c}' for c in updatable)}) RETURNING (xmax = 0)"
    )
    template = "(" + ", ".join(columns[c] for c in names) + ")"
    params = [_params(spec, row) for row in rows]
    cursor = conn.connection.driver_connection.cursor()
    try:
        returned = execute_values(cursor, sql, params, template=template, page_size=1000, fetch=True)
    finally:
        cursor.close()
    inserted = sum(1 for (was_insert,) in returned if was_insert)
    return LoadReport(spec.name, len(rows), inserted, len(returned) - inserted)


def _params(spec: TableSpec, row: dict) -> dict:
    params = {k: v for k, v in row.items() if k != "_geom"}
    geom = row.get("_geom")
    params["_geom"] = shapely.to_wkb(geom, hex=True) if geom is not None else None
    if spec.name == "site" and params.get("capabilities") is None:
        params["capabilities"] = []
    for k, v in params.items():
        if isinstance(v, dt.datetime) and v.tzinfo is None:
            raise InvalidInput(f"时间“{v}”缺少时区 / time '{v}' has no time zone")
    return params
