"""The SQL of a load: what each row would do (insert / update / unchanged) and the upsert itself.

``classify`` only reads, so a dry run can tell exactly what a real import would change; a real
import then writes only the rows that differ, and an import that changes nothing issues no
statement at all (so it does not bump ``data_state.version``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import shapely
from psycopg2.extras import execute_values
from sqlalchemy import Connection, text

from geo.errors import InvalidInput
from geo.io.tables import TableSpec

_GEOM = "ST_SetSRID(ST_GeomFromWKB(decode(%(_geom)s, 'hex')), 4326)"
_EXPRESSIONS = {
    ("county", "geom"): f"ST_Multi({_GEOM})",
    ("township", "geom"): f"ST_Multi({_GEOM})",
    ("township", "seat"): "ST_SetSRID(ST_MakePoint(%(seat_lon)s::float8, %(seat_lat)s::float8), 4326)",
    ("village", "location"): _GEOM,
    ("site", "location"): _GEOM,
    ("site", "capabilities"): "%(capabilities)s::text[]",
    ("inspection", "position"): _GEOM,
    ("inspection", "site_id"): "(SELECT id FROM site WHERE ref = %(site_ref)s)",
    (
        "inspection",
        "gps_distance_m",
    ): f"ST_Distance(({_GEOM})::geography, (SELECT location FROM site WHERE ref = %(site_ref)s)::geography)",
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
_NOT_COLUMNS = {
    ("township", "seat_lon"),
    ("township", "seat_lat"),
    ("inspection", "site_ref"),
    ("shipment", "site_ref"),
    ("road", "node_a"),
    ("road", "node_b"),
    ("road", "length_km"),
    ("fund_item", "budget_wan"),
    ("fund_payment", "amount_wan"),
    ("asset", "value_wan"),
    ("fund_payment", "site_ref"),
    ("asset", "site_ref"),
    ("inspection_asset", "inspection_ref"),
    ("inspection_asset", "asset_ref"),
}
# Tables whose file key is not their DB key: the unique columns the upsert meets on.
_CONFLICT = {
    "shipment": ("site_id", "month", "direction", "category"),
    "inspection_asset": ("inspection_id", "asset_id"),
}
PAGE = 1000


def conflict_key(spec: TableSpec) -> tuple[str, ...]:
    """The DB columns a row is matched on (the file's key, or the ids it names)."""
    return _CONFLICT.get(spec.name, spec.key)


def db_columns(spec: TableSpec) -> dict[str, str]:
    """DB column -> SQL value expression for one row."""
    out = {c: f"%({c})s" for c in spec.columns if (spec.name, c) not in _NOT_COLUMNS}
    for (table, column), expr in _EXPRESSIONS.items():
        if table == spec.name:
            out[column] = expr
    if spec.geometry:
        out.setdefault(spec.geometry, _GEOM)
    return out


def classify(conn: Connection, spec: TableSpec, rows: list[dict]) -> list[str]:
    """Per row: 'insert', 'update' or 'unchanged' against what the table holds now. Reads only."""
    if not rows:
        return []
    columns = db_columns(spec)
    types = _column_types(conn, spec.name)
    names = list(columns)
    key = conflict_key(spec)
    updatable = [c for c in names if c not in key]
    template = "(%(_i)s, " + ", ".join(f"({columns[c]})::{types[c]}" for c in names) + ")"
    q: Callable[[str], str] = lambda c: f'"{c}"'  # noqa: E731
    join = " AND ".join(f"t.{q(k)} = f.{q(k)}" for k in key)
    sql = (
        f"WITH f(_i, {', '.join(q(c) for c in names)}) AS (VALUES %s) "
        f"SELECT f._i, t.ctid IS NULL, ({', '.join(f't.{q(c)}' for c in updatable)}) IS DISTINCT FROM "
        f"({', '.join(f'f.{q(c)}' for c in updatable)}) FROM f LEFT JOIN {spec.name} t ON {join}"
    )
    params = [{**_params(spec, row), "_i": n} for n, row in enumerate(rows)]
    cursor = _driver_cursor(conn)
    try:
        returned = execute_values(cursor, sql, params, template=template, page_size=PAGE, fetch=True)
    finally:
        cursor.close()
    out = ["unchanged"] * len(rows)
    for n, new, differs in returned:
        out[n] = "insert" if new else ("update" if differs else "unchanged")
    return out


def upsert(
    conn: Connection, spec: TableSpec, rows: list[dict], progress: Callable[[int, int], None] | None = None
) -> tuple[int, int]:
    """(inserted, updated) after writing ``rows``; rows whose values are unchanged are not touched."""
    if not rows:
        return 0, 0
    columns = db_columns(spec)
    names = list(columns)
    key = conflict_key(spec)
    updatable = [c for c in names if c not in key]
    sql = (
        f"INSERT INTO {spec.name} ({', '.join(names)}) VALUES %s "
        f"ON CONFLICT ({', '.join(key)}) DO UPDATE SET "
        + ", ".join(f"{c} = EXCLUDED.{c}" for c in updatable)
        + f" WHERE ({', '.join(f'{spec.name}.{c}' for c in updatable)}) IS DISTINCT FROM "
        f"({', '.join(f'EXCLUDED.{c}' for c in updatable)}) RETURNING (xmax = 0)"
    )
    template = "(" + ", ".join(columns[c] for c in names) + ")"
    inserted = updated = 0
    cursor = _driver_cursor(conn)
    try:
        for start in range(0, len(rows), PAGE):
            page = [_params(spec, row) for row in rows[start : start + PAGE]]
            returned = execute_values(cursor, sql, page, template=template, page_size=PAGE, fetch=True)
            new = sum(1 for (was_insert,) in returned if was_insert)
            inserted, updated = inserted + new, updated + len(returned) - new
            if progress is not None:
                progress(min(start + PAGE, len(rows)), len(rows))
    finally:
        cursor.close()
    return inserted, updated


def _column_types(conn: Connection, table: str) -> dict[str, str]:
    return dict(
        conn.execute(
            text(
                "SELECT attname, format_type(atttypid, atttypmod) FROM pg_attribute "
                "WHERE attrelid = CAST(:t AS regclass) AND attnum > 0 AND NOT attisdropped"
            ),
            {"t": table},
        ).all()
    )


def _params(spec: TableSpec, row: dict) -> dict:
    params = {k: v for k, v in row.items() if not k.startswith("_")}
    geom = row.get("_geom")
    params["_geom"] = shapely.to_wkb(geom, hex=True) if geom is not None else None
    if spec.name == "site" and params.get("capabilities") is None:
        params["capabilities"] = []
    for v in params.values():
        if isinstance(v, dt.datetime) and v.tzinfo is None:
            raise InvalidInput(f"时间“{v}”缺少时区 / time '{v}' has no time zone")
    return params


def _driver_cursor(conn: Connection) -> Any:
    """A psycopg2 cursor on the connection SQLAlchemy holds (for ``execute_values``)."""
    driver = conn.connection.driver_connection
    if driver is None:  # only after the connection was invalidated
        raise RuntimeError("the database connection was closed")
    return driver.cursor()
