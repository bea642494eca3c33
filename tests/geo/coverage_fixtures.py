"""Hand-built coverage cases with known answers, written into a copy of the default dataset.

The default sites and inspections are removed and every village's poverty flag cleared,
then eight poverty-alleviated villages are set up, each at least 10 km from the others
(so their sites cannot reach each other's villages at a 2.5 km rule):

- ``limit``: an operating station due east at the rule distance (the test sets the
  rule to the exact SQL distance, then 1 cm less);
- ``border``: a station 400 m across the township border (the site lies in the
  neighbouring township), 800 m away;
- ``closed``: a closed station in the village;
- ``idle``: an operating station whose latest inspection found idle assets
  (an earlier one was normal);
- ``recovered``: an operating station whose earlier inspection found idle assets and
  the latest found it normal (counts);
- ``closed_by_inspection``: status operating but the latest inspection found it closed;
- ``no_position``: no position, no station (reported as such);
- ``no_position_in_village``: no position but an operating station in the village (covered).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import shapely
from pyproj import Transformer
from sqlalchemy import Connection, text

TO_M = Transformer.from_crs("EPSG:4326", "EPSG:32647", always_xy=True)
TO_WGS = Transformer.from_crs("EPSG:32647", "EPSG:4326", always_xy=True)
RULE_M = 2500.0
CASES = ("limit", "closed", "idle", "recovered", "closed_by_inspection", "no_position_in_village")


@dataclass
class Fixture:
    villages: dict[str, str]  # case -> village code
    sites: dict[str, int]  # case -> site id
    border_townships: tuple[str, str]  # (village's township, site's township)


def _site(conn: Connection, ref: str, village: str | None, lon: float, lat: float, status: str = "operating") -> int:
    return conn.execute(
        text(
            "INSERT INTO site (ref, kind, name, village_code, township_code, location, status, capabilities, source) "
            "VALUES (:ref, 'village_station', :name, :v, (SELECT code FROM township WHERE ST_Intersects(geom, "
            "ST_SetSRID(ST_MakePoint(:lon, :lat), 4326)) ORDER BY code LIMIT 1), ST_SetSRID(ST_MakePoint(:lon, :lat), 4326), "
            ":status, '{}', 'test') RETURNING id"
        ),
        {"ref": ref, "name": f"测试站 {ref}", "v": village, "lon": lon, "lat": lat, "status": status},
    ).scalar_one()


def _inspect(conn: Connection, site_id: int, day: str, outcome: str = "normal", idle_assets: bool = False) -> None:
    conn.execute(
        text(
            "INSERT INTO inspection (site_id, visited_at, mode, inspector, outcome, stalled, idle_funds, idle_assets, source) "
            "VALUES (:s, CAST(:d AS timestamptz), 'unannounced', '督查一组', :o, false, false, :ia, 'test')"
        ),
        {"s": site_id, "d": f"{day}T10:00:00+08:00", "o": outcome, "ia": idle_assets},
    )


def _offset(lon: float, lat: float, dx: float, dy: float) -> tuple[float, float]:
    x, y = TO_M.transform(lon, lat)
    return TO_WGS.transform(x + dx, y + dy)


def _border(conn: Connection) -> tuple[str, str, tuple[float, float], tuple[float, float]]:
    """Two neighbouring townships and points 400 m either side of their shared border."""
    pairs = conn.execute(
        text(
            "SELECT a.code, b.code, ST_AsBinary(a.geom), ST_AsBinary(b.geom) FROM township a JOIN township b "
            "ON a.code < b.code AND ST_Touches(a.geom, b.geom) ORDER BY a.code, b.code"
        )
    ).all()
    for a_code, b_code, a_wkb, b_wkb in pairs:
        a = shapely.transform(shapely.from_wkb(bytes(a_wkb)), lambda xy: _arr(TO_M.transform(xy[:, 0], xy[:, 1])))
        b = shapely.transform(shapely.from_wkb(bytes(b_wkb)), lambda xy: _arr(TO_M.transform(xy[:, 0], xy[:, 1])))
        line = a.boundary.intersection(b.boundary)
        if line.length < 3000:
            continue
        p = line.interpolate(0.5, normalized=True)
        for k in range(72):
            ux, uy = math.cos(k * math.pi / 36), math.sin(k * math.pi / 36)
            pa, pb = shapely.Point(p.x + 400 * ux, p.y + 400 * uy), shapely.Point(p.x - 400 * ux, p.y - 400 * uy)
            if a.contains(pa.buffer(150)) and b.contains(pb.buffer(150)):
                return a_code, b_code, TO_WGS.transform(pa.x, pa.y), TO_WGS.transform(pb.x, pb.y)
    raise AssertionError("no township border found for the fixture")


def _arr(xy):  # noqa: ANN001, ANN202
    import numpy as np

    return np.column_stack(xy)


def build(conn: Connection) -> Fixture:
    conn.execute(text("DELETE FROM inspection"))
    conn.execute(text("DELETE FROM site"))
    conn.execute(text("UPDATE village SET poverty_alleviated = false"))
    a_code, b_code, v_pt, s_pt = _border(conn)
    border_village = conn.execute(
        text("SELECT code FROM village WHERE township_code = :t ORDER BY code LIMIT 1"), {"t": a_code}
    ).scalar_one()
    bx, by = TO_M.transform(*v_pt)
    # anchors: villages at least 10 km from each other and from the border case
    chosen: list[tuple[str, float, float]] = []
    for code, lon, lat in conn.execute(
        text(
            "SELECT code, ST_X(location), ST_Y(location) FROM village WHERE location IS NOT NULL AND township_code "
            "NOT IN (:a, :b) ORDER BY code"
        ),
        {"a": a_code, "b": b_code},
    ).all():
        x, y = TO_M.transform(lon, lat)
        if all(math.hypot(x - cx, y - cy) > 10_000 for _c, cx, cy in [*chosen, ("b", bx, by)]):
            chosen.append((code, x, y))
    assert len(chosen) >= len(CASES) + 1, "not enough far-apart villages for the fixtures"
    villages = {case: code for case, (code, _x, _y) in zip(CASES, chosen)}
    villages["border"] = border_village
    villages["no_position"] = chosen[len(CASES)][0]
    conn.execute(
        text(
            "UPDATE village SET poverty_alleviated = true, poverty_households = least(households, 50) "
            "WHERE code = ANY(:codes)"
        ),
        {"codes": list(villages.values())},
    )
    conn.execute(
        text("UPDATE village SET location = ST_SetSRID(ST_MakePoint(:lon, :lat), 4326) WHERE code = :c"),
        {"lon": v_pt[0], "lat": v_pt[1], "c": border_village},
    )
    conn.execute(
        text("UPDATE village SET location = NULL WHERE code IN (:a, :b)"),
        {"a": villages["no_position"], "b": villages["no_position_in_village"]},
    )
    pos = {code: TO_WGS.transform(x, y) for code, x, y in chosen}

    def near(case: str, dx: float, dy: float = 0.0) -> tuple[float, float]:
        return _offset(*pos[villages[case]], dx, dy)

    sites = {
        "limit": _site(conn, "t-limit", None, *near("limit", RULE_M)),
        "border": _site(
            conn,
            "t-border",
            conn.execute(
                text("SELECT code FROM village WHERE township_code = :t ORDER BY code LIMIT 1"), {"t": b_code}
            ).scalar_one(),
            *s_pt,
        ),
        "closed": _site(conn, "t-closed", villages["closed"], *near("closed", 100), status="closed"),
        "idle": _site(conn, "t-idle", villages["idle"], *near("idle", 100)),
        "recovered": _site(conn, "t-recovered", villages["recovered"], *near("recovered", 100)),
        "closed_by_inspection": _site(
            conn, "t-cbi", villages["closed_by_inspection"], *near("closed_by_inspection", 100)
        ),
        "no_position_in_village": _site(
            conn, "t-npiv", villages["no_position_in_village"], *near("no_position_in_village", 0, 3000)
        ),
    }
    _inspect(conn, sites["idle"], "2026-05-01")
    _inspect(conn, sites["idle"], "2026-09-01", "needs_rectification", idle_assets=True)
    _inspect(conn, sites["recovered"], "2026-05-01", "needs_rectification", idle_assets=True)
    _inspect(conn, sites["recovered"], "2026-09-01", "rectified")
    _inspect(conn, sites["closed_by_inspection"], "2026-09-01", "closed")
    return Fixture(villages, sites, (a_code, b_code))
