"""Service areas: what the hub and each township station reach within time bands (30/60/120 min).

``road``: ``pgr_drivingDistance`` from each facility (joined to its nearest road piece like every
reach computation, through a virtual start node carrying the access leg), then the *reached
network*: every edge, or the part of it (``ST_LineSubstring``) travelled within the band, buffered
by ``buffer_m`` in the county's metric CRS and dissolved. This follows the valleys the roads run
in, which a convex hull would not. ``straight_line`` (no roads): a circle of band × speed / circuity.

Villages outside every band are those whose travel time (the reach computation) to every facility
exceeds the widest band, or that cannot reach any facility at all.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import TYPE_CHECKING

from sqlalchemy import Connection, text

from geo.analysis import road_graph
from geo.analysis.coverage import NOT_COUNTED_CTE
from geo.analysis.reach import HUB_SQL, ReachParams, _by_road, _straight
from geo.io.roads import has_network
from geo.store.metric import metric_srid

if TYPE_CHECKING:
    from geo.store.settings import Settings

# the reached pieces snapped to a grid of a quarter of the buffer and dissolved before buffering:
# on a dense network most pieces then coincide, and the buffer is ~8x faster (bench/reach.py), the
# outline moving by at most buf/4·√2/2 (≈ 18 % of the buffer)
_SHAPE = "ST_UnaryUnion(ST_SnapToGrid({g}, :buf / 4))"
VIRTUAL_BASE = 10**12  # node and edge ids of the virtual start nodes, far above any real id


@dataclass(frozen=True)
class AreaParams:
    bands_min: tuple[float, ...] = (30, 60, 120)
    buffer_m: float = 1000.0

    @classmethod
    def from_settings(cls, settings: Settings) -> AreaParams:
        return cls(tuple(float(b) for b in settings.service_area_bands_min), float(settings.service_area_buffer_m))


def facilities(conn: Connection) -> list[dict]:
    """The hub and every operating township station (not closed/idle by its latest inspection)."""
    hub = conn.execute(text(HUB_SQL)).mappings().first()
    stations = (
        conn.execute(
            text(
                f"WITH {NOT_COUNTED_CTE} SELECT id, ref, name, kind, source, ST_X(location) AS lon, ST_Y(location) AS lat "
                "FROM site WHERE kind = 'township_station' AND status = 'operating' "
                "AND id NOT IN (SELECT site_id FROM not_counted) ORDER BY id"
            )
        )
        .mappings()
        .all()
    )
    return ([dict(hub)] if hub else []) + [dict(s) for s in stations]


def service_areas(conn: Connection, reach: ReachParams, areas: AreaParams, srid: int | None = None) -> dict:
    """Band polygons per facility (GeoJSON geometries) and the villages outside every band; the road
    buffers are drawn in EPSG ``srid`` (the county's metric CRS; None: ``county.metric_srid``)."""
    srid = int(srid) if srid is not None else metric_srid(conn)
    facs = facilities(conn)
    road = reach.use_roads and has_network(conn)
    bands = sorted(areas.bands_min)
    polygons = (
        _road_polygons(conn, facs, bands, reach, areas.buffer_m, srid) if road else _circles(conn, facs, bands, reach)
    )
    villages = (
        conn.execute(
            text(
                "SELECT v.code, v.name, v.township_code, t.name AS township_name, v.poverty_alleviated, v.poverty_households, "
                "CASE WHEN 'demo' IN (v.source, v.location_source) THEN 'demo' ELSE v.source END AS source, "
                "ST_X(v.location) AS lon, ST_Y(v.location) AS lat FROM village v JOIN township t ON t.code = v.township_code "
                "WHERE v.location IS NOT NULL ORDER BY v.code"
            )
        )
        .mappings()
        .all()
    )
    best = (_by_road if road else _straight)(conn, list(villages), facs, reach)
    names = {f["id"]: f["name"] for f in facs}
    outside = []
    for v in villages:
        fid, dist, time_s, why = best.get(v["code"], (None, 0.0, 0.0, "no_station"))
        if fid is None or time_s > bands[-1] * 60:
            outside.append(
                {
                    k: v[k]
                    for k in (
                        "code",
                        "name",
                        "township_code",
                        "township_name",
                        "poverty_alleviated",
                        "poverty_households",
                        "lon",
                        "lat",
                        "source",
                    )
                }
                | {
                    "nearest_facility": names.get(fid),
                    "time_min": None if fid is None else round(time_s / 60, 1),
                    "distance_m": None if fid is None else int(round(dist)),
                    "reason": why if fid is None else "beyond_bands",
                }
            )
    return {
        "method": "road" if road else "straight_line",
        "bands_min": bands,
        "buffer_m": areas.buffer_m,
        "areas": polygons,
        "outside": outside,
    }


def _road_polygons(
    conn: Connection, facs: list[dict], bands: list[float], reach: ReachParams, buffer_m: float, srid: int
) -> list[dict]:
    snaps, _far = road_graph.snap(conn, [(f["id"], f["lon"], f["lat"]) for f in facs], reach.snap_m)
    if not snaps:
        return []
    starts, virtual = [], []
    for i, s in enumerate(snaps):
        start = VIRTUAL_BASE + i
        access_s = s.access_m / (reach.access_speed_kmh / 3.6)
        (a, ta, _la), (b, tb, _lb) = s.ends()
        starts.append((start, s, access_s))
        virtual.append(
            f"SELECT {VIRTUAL_BASE + 2 * i} AS id, {start}::bigint AS source, {a}::bigint AS target, "
            f"{access_s + ta} AS cost, {access_s + ta} AS reverse_cost UNION ALL "
            f"SELECT {VIRTUAL_BASE + 2 * i + 1}, {start}, {b}, {access_s + tb}, {access_s + tb}"
        )
    # one pgr_drivingDistance with every start (equicost false: one tree per start). A path never
    # gains by passing through another facility's virtual node (its two legs together cost at least
    # the edge they replace), so each tree equals the one computed with that start alone.
    edges = f"{road_graph.EDGES_SQL} UNION ALL " + " UNION ALL ".join(virtual)
    rows = (
        conn.execute(
            text("SELECT * FROM pgr_drivingDistance(:edges, CAST(:starts AS bigint[]), :limit, directed := false)"),
            {"edges": edges, "starts": [st for st, _s, _a in starts], "limit": bands[-1] * 60},
        )
        .mappings()
        .all()
    )
    trees: dict[int, list[dict]] = {st: [] for st, _s, _a in starts}
    for r in rows:
        origin = int(r["start_vid"] if "start_vid" in r else r["from_v"])  # renamed in pgRouting 3.6
        if r["node"] < VIRTUAL_BASE:
            trees[origin].append({"node": int(r["node"]), "t": float(r["agg_cost"])})
    out = []
    for start, s, access_s in starts:
        fac = next(f for f in facs if f["id"] == s.key)
        for band in bands:
            geom = _reached_network(
                conn, trees[start], band * 60, s, access_s, (fac["lon"], fac["lat"]), buffer_m, srid
            )
            out.append(_area(fac, band, geom))
    return out


def _reached_network(
    conn: Connection,
    costs: list[dict],
    limit_s: float,
    s: road_graph.Snap,
    access_s: float,
    point: tuple[float, float],
    buffer_m: float,
    srid: int,
) -> str | None:
    # own edge: the facility travels both ways along it from its snapped point
    along = max(0.0, limit_s - access_s) / s.edge_time_s if s.edge_time_s > 0 else 1.0
    return conn.execute(
        text(
            f"""
        WITH d AS (SELECT * FROM json_to_recordset(CAST(:costs AS json)) AS x(node bigint, t float8)),
        e AS (SELECT r.id, r.geom, {road_graph.EDGE_TIME_S} AS c, ds.t AS ts, dt.t AS tt FROM road r
              LEFT JOIN d ds ON ds.node = r.source_node LEFT JOIN d dt ON dt.node = r.target_node
              WHERE ds.t <= :lim OR dt.t <= :lim),
        pieces AS (
            SELECT ST_LineSubstring(geom, 0, least(1.0, (:lim - ts) / c)) AS g FROM e WHERE ts <= :lim AND c > 0
            UNION ALL SELECT ST_LineSubstring(geom, greatest(0.0, 1.0 - (:lim - tt) / c), 1) FROM e WHERE tt <= :lim AND c > 0
            UNION ALL SELECT ST_LineSubstring(geom, greatest(0.0, :frac - :along), least(1.0, :frac + :along))
                      FROM road WHERE id = :edge AND :access_s <= :lim
            UNION ALL SELECT ST_SetSRID(ST_MakePoint(:x, :y), 4326)
        )
        SELECT ST_AsGeoJSON(ST_ForcePolygonCCW(ST_Transform(ST_Buffer({_SHAPE.format(g=f"ST_Collect(ST_Transform(g, {int(srid)}))")}, :buf, 'quad_segs=4'), 4326)), 6)
        FROM pieces
        """
        ),
        {
            "costs": json.dumps(costs),
            "lim": limit_s,
            "frac": s.frac,
            "along": along,
            "edge": s.edge,
            "access_s": access_s,
            "x": point[0],
            "y": point[1],
            "buf": buffer_m,
        },
    ).scalar()


def _circles(conn: Connection, facs: list[dict], bands: list[float], reach: ReachParams) -> list[dict]:
    out = []
    for fac in facs:
        for band in bands:
            radius = band * 60 * (reach.speed_kmh / 3.6) / reach.circuity
            geom = conn.execute(
                text(
                    "SELECT ST_AsGeoJSON(ST_ForcePolygonCCW(ST_Buffer(ST_SetSRID(ST_MakePoint(:x, :y), 4326)::geography, :r)::geometry), 6)"
                ),
                {"x": fac["lon"], "y": fac["lat"], "r": radius},
            ).scalar()
            out.append(_area(fac, band, geom))
    return out


def _area(fac: dict, band: float, geom: str | None) -> dict:
    return {
        "facility_id": fac["id"],
        "facility_ref": fac["ref"],
        "facility_name": fac["name"],
        "facility_kind": fac["kind"],
        "band_min": band,
        "source": fac["source"],
        "geometry": json.loads(geom) if geom else None,
    }
