"""The delivery network's structure: which site each site is supplied from, and the line between them.

County tier: the hub (sorting centre, else the first warehouse) supplies the other warehouses and
the live-streaming base. Township tier: the hub supplies every township station. Village tier:
each village and live-streaming station is supplied by a township station. A site's
``parent_site`` (imported like any column) wins; otherwise the nearest site of the level above
*by travel time* over the roads (the reach computation), else by straight line when it has no
road connection, else the hub. Lines follow the roads (the pgRouting path, with the two straight
access legs) when roads are loaded, and are straight otherwise; each line says which.
"""

from __future__ import annotations

import json

from sqlalchemy import Connection, text

from geo.analysis import road_graph
from geo.analysis.reach import HUB_SQL, ReachParams
from geo.io.roads import has_network

VILLAGE_TIER = ("village_station", "live_station")
COUNTY_TIER = ("warehouse", "sorting_centre", "live_base")


def supply_links(conn: Connection, params: ReachParams) -> list[dict]:
    """One link per supplied site: tier, parent, how the parent was chosen, geometry and length."""
    sites = [
        dict(r)
        for r in conn.execute(
            text(
                "SELECT s.id, s.ref, s.name, s.kind, s.township_code, s.parent_site, s.source, s.status, "
                "ST_X(s.location) AS lon, ST_Y(s.location) AS lat FROM site s ORDER BY s.id"
            )
        ).mappings()
    ]
    hub_row = conn.execute(text(HUB_SQL)).mappings().first()
    if hub_row is None:
        return []
    by_ref = {s["ref"]: s for s in sites}
    hub = next(s for s in sites if s["id"] == hub_row["id"])
    townships = [s for s in sites if s["kind"] == "township_station" and s["status"] == "operating"]
    road = params.use_roads and has_network(conn)
    snaps: dict[int, road_graph.Snap] = {}
    costs: road_graph.Costs = {}
    if road:
        found, _far = road_graph.snap(conn, [(s["id"], s["lon"], s["lat"]) for s in sites], params.snap_m)
        snaps = {s.key: s for s in found}
        nodes = {n for s in found for n in (s.node_a, s.node_b)}
        costs = road_graph.node_costs(conn, nodes, nodes)
    village = [s for s in sites if s["kind"] in VILLAGE_TIER]
    by_time = (
        road_graph.nearest(
            [snaps[s["id"]] for s in village if s["id"] in snaps],
            [snaps[t["id"]] for t in townships if t["id"] in snaps],
            costs,
            params.access_speed_kmh,
        )
        if road
        else {}
    )
    chosen = []
    for s in sites:
        if s["id"] == hub["id"]:
            continue
        if s["kind"] in COUNTY_TIER:
            tier, default, how = "county", hub, "hub"
        elif s["kind"] == "township_station":
            tier, default, how = "township", hub, "hub"
        elif s["kind"] in VILLAGE_TIER:
            tier = "village"
            if s["id"] in by_time:
                default, how = next(t for t in townships if t["id"] == by_time[s["id"]][0]), "nearest_by_time"
            elif townships:
                default, how = min(townships, key=lambda t: _approx_m(t, s)), "nearest_straight"
            else:
                default, how = hub, "hub"
        else:
            continue  # the service centre is not part of the delivery chain
        parent = by_ref.get(s["parent_site"]) if s["parent_site"] else None
        if parent is not None:
            how = "data"
        parent = parent or default
        a, b = snaps.get(parent["id"]), snaps.get(s["id"])
        leg = road_graph.best_leg(a, b, costs, params.access_speed_kmh) if a is not None and b is not None else None
        chosen.append((tier, parent, s, how, leg))
    # every road path in one pgRouting call, every straight distance in one statement
    paths = _paths(conn, {leg.via for *_, leg in chosen if leg is not None and leg.via is not None})
    straight = [(p, s) for _t, p, s, _h, leg in chosen if leg is None or leg.via is None]
    metres = dict(zip([(p["id"], s["id"]) for p, s in straight], _geodesic_m(conn, straight)))
    return [_link(tier, parent, s, how, leg, paths, metres) for tier, parent, s, how, leg in chosen]


def _link(
    tier: str,
    parent: dict,
    site: dict,
    how: str,
    leg: road_graph.Leg | None,
    paths: dict[tuple[int, int], tuple[list[list[float]], float]],
    metres: dict[tuple[int, int], float],
) -> dict:
    start, end = [parent["lon"], parent["lat"]], [site["lon"], site["lat"]]
    if leg is not None and leg.via is not None:
        path, length = paths.get(leg.via, ([], 0.0))
        coords = [start, *path, end]
        method, distance = "road", leg.length_m + length
    else:
        coords, method = [start, end], "straight_line"
        distance = metres[(parent["id"], site["id"])]
    demo = "demo" in (parent["source"], site["source"])
    return {
        "tier": tier,
        "from_id": parent["id"],
        "from_ref": parent["ref"],
        "from_name": parent["name"],
        "to_id": site["id"],
        "to_ref": site["ref"],
        "to_name": site["name"],
        "to_kind": site["kind"],
        "township_code": site["township_code"],
        "parent_from": how,
        "method": method,
        "distance_m": int(round(distance)),
        "source": "demo" if demo else site["source"],
        "geometry": {"type": "LineString", "coordinates": coords},
    }


def _paths(conn: Connection, pairs: set[tuple[int, int]]) -> dict[tuple[int, int], tuple[list[list[float]], float]]:
    """Per (node a, node b): the vertices of the fastest network path from a to b (each edge turned
    to run forward) and its length; one ``pgr_dijkstra`` over all the pairs (combinations)."""
    out: dict[tuple[int, int], tuple[list[list[float]], float]] = {(a, b): ([], 0.0) for a, b in pairs if a == b}
    todo = sorted((a, b) for a, b in pairs if a != b)
    if not todo:
        return out
    rows = conn.execute(
        text(
            "SELECT d.start_vid, d.end_vid, ST_AsGeoJSON(ST_MakeLine(array_agg(CASE WHEN r.source_node = d.node "
            "THEN r.geom ELSE ST_Reverse(r.geom) END ORDER BY d.path_seq)), 6), sum(r.length_m) "
            "FROM pgr_dijkstra(:edges, :pairs, directed := false) d JOIN road r ON r.id = d.edge "
            "GROUP BY d.start_vid, d.end_vid"
        ),
        {
            "edges": road_graph.EDGES_SQL,
            "pairs": "SELECT * FROM (VALUES "
            + ", ".join(f"({int(a)}, {int(b)})" for a, b in todo)
            + ") p(source, target)",
        },
    ).all()
    for a, b, geojson, length in rows:
        if geojson is not None:
            out[(int(a), int(b))] = (json.loads(geojson)["coordinates"], float(length))
    return out


def _geodesic_m(conn: Connection, pairs: list[tuple[dict, dict]]) -> list[float]:
    """Geodesic metres between each (parent, site), as ``ST_Distance(geography)``; one statement."""
    if not pairs:
        return []
    rows = conn.execute(
        text(
            "SELECT ST_Distance(ST_SetSRID(ST_MakePoint(x1, y1), 4326)::geography, "
            "ST_SetSRID(ST_MakePoint(x2, y2), 4326)::geography) FROM unnest(CAST(:x1 AS float8[]), "
            "CAST(:y1 AS float8[]), CAST(:x2 AS float8[]), CAST(:y2 AS float8[])) WITH ORDINALITY AS u(x1, y1, x2, y2, i) "
            "ORDER BY i"
        ),
        {
            "x1": [p["lon"] for p, _s in pairs],
            "y1": [p["lat"] for p, _s in pairs],
            "x2": [s["lon"] for _p, s in pairs],
            "y2": [s["lat"] for _p, s in pairs],
        },
    ).scalars()
    return [float(m) for m in rows]


def _approx_m(p: dict, q: dict) -> float:
    # ranking only (nearest township station when there is no road link): equirectangular metres
    import math

    k = math.cos(math.radians((p["lat"] + q["lat"]) / 2))
    return math.hypot((p["lon"] - q["lon"]) * k, p["lat"] - q["lat"]) * 111_320.0
