"""Service areas: what the hub and each township station reach within time bands (30/60/120 min).

``road``: ``pgr_drivingDistance`` from each facility (joined to its nearest road piece like every
reach computation, through a virtual start node carrying the access leg), then the *reached
network*: every edge, or the part of it travelled within the band, buffered by ``buffer_m`` in the
county's metric CRS on a grid of cells (:mod:`geo.analysis.reached_outline`: seconds per band on
100,000 edges). This follows the valleys the roads run in, which a convex hull would not. ``straight_line`` (no roads): a circle of band × speed / circuity.

Villages outside every band are those whose travel time (the reach computation) to every facility
exceeds the widest band, or that cannot reach any facility at all.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
import shapely
from sqlalchemy import Connection, text

from geo.analysis import reached_outline, road_graph
from geo.analysis.coverage import NOT_COUNTED_CTE
from geo.analysis.reach import HUB_SQL, ReachParams, _by_road, _straight
from geo.io.roads import has_network
from geo.store.metric import metric_srid

if TYPE_CHECKING:
    from geo.store.settings import Settings

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
    origin = _origin_column(conn)
    rows = conn.execute(
        text(
            f"SELECT {origin}, array_agg(node), array_agg(agg_cost) FROM pgr_drivingDistance(:edges, "
            f"CAST(:starts AS bigint[]), :limit, directed := false) WHERE node < {VIRTUAL_BASE} GROUP BY {origin}"
        ),
        {"edges": edges, "starts": [st for st, _s, _a in starts], "limit": bands[-1] * 60},
    ).all()
    trees: dict[int, dict[int, float]] = {st: {} for st, _s, _a in starts}
    for start, nodes, costs in rows:
        trees[int(start)] = dict(zip((int(n) for n in nodes), (float(c) for c in costs)))
    net = reached_outline.network_points(conn, srid, buffer_m / reached_outline.CELLS)
    shapes, keys = [], []
    for start, s, access_s in starts:
        fac = next(f for f in facs if f["id"] == s.key)
        times = net.times(trees[start], (s.edge, s.frac, access_s))
        here = _metric_point(conn, fac["lon"], fac["lat"], srid)
        for band in bands:
            reached = np.vstack([net.xy[times <= band * 60], here])
            shapes.append(reached_outline.outline(reached, buffer_m))
            keys.append((fac, band))
    return [_area(fac, band, geom) for (fac, band), geom in zip(keys, _to_geojson(conn, shapes, srid))]


def _origin_column(conn: Connection) -> str:
    """pgr_drivingDistance's start column: ``from_v`` until pgRouting 3.6, ``start_vid`` since."""
    renamed = conn.execute(
        text("SELECT bool_or('start_vid' = ANY(proargnames)) FROM pg_proc WHERE proname = 'pgr_drivingdistance'")
    ).scalar()
    return "start_vid" if renamed else "from_v"


def _metric_point(conn: Connection, lon: float, lat: float, srid: int) -> list[float]:
    x, y = conn.execute(
        text("SELECT ST_X(g), ST_Y(g) FROM ST_Transform(ST_SetSRID(ST_MakePoint(:x, :y), 4326), CAST(:srid AS int)) g"),
        {"x": lon, "y": lat, "srid": int(srid)},
    ).one()
    return [float(x), float(y)]


def _to_geojson(conn: Connection, shapes: list[shapely.Geometry | None], srid: int) -> list[str | None]:
    """Metric outlines as GeoJSON in WGS 84 (RFC 7946 ring order), by PostGIS as every other layer."""
    wkb = [None if g is None else shapely.to_wkb(g, hex=True) for g in shapes]
    out: dict[int, str] = dict(
        conn.execute(
            text(
                "SELECT ord, ST_AsGeoJSON(ST_ForcePolygonCCW(ST_Transform(ST_GeomFromWKB(decode(h, 'hex'), "
                "CAST(:srid AS int)), 4326)), 6) FROM unnest(CAST(:h AS text[])) WITH ORDINALITY AS u(h, ord) "
                "WHERE h IS NOT NULL"
            ),
            {"h": wkb, "srid": int(srid)},
        ).all()
    )
    return [out.get(i) for i in range(1, len(shapes) + 1)]


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
