"""Distance and driving-time matrices between stops, computed in PostGIS.

With a road network (``road`` with node ids and pgRouting installed): each stop is joined to
the nearest node of the network's largest connected part by a straight access leg
(× circuity, at the access speed), and node-to-node costs come from ``pgr_dijkstraCostMatrix``.
The default network is a coarse skeleton, so for each pair the direct estimate is kept when it
is faster than going through the network. Without a network: straight line (geography) ×
circuity at an average speed.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from sqlalchemy import Connection, text

from geo.io.roads import has_network

EDGES = (
    "SELECT id, source_node AS source, target_node AS target, {cost} AS cost, {cost} AS reverse_cost "
    "FROM road WHERE source_node IS NOT NULL AND target_node IS NOT NULL"
)
LENGTH_COST = "length_m"
TIME_COST = "length_m / (greatest(coalesce(speed_kmh, 45.0), 5.0) / 3.6)"


@dataclass(frozen=True)
class Speeds:
    circuity: float = 1.35
    speed_kmh: float = 35.0  # average speed on a straight-line estimate
    access_speed_kmh: float = 20.0  # from a stop to the road network


@dataclass
class Matrix:
    distance_m: np.ndarray
    time_s: np.ndarray
    method: str  # "pgrouting" or "straight_line"
    nodes: list[int | None]  # nearest network node per point (pgrouting only)
    via_network: np.ndarray  # bool per pair: True where the network leg was used


def build(conn: Connection, points: list[tuple[float, float]], speeds: Speeds, use_roads: bool = True) -> Matrix:
    """The matrix between ``points`` (lon, lat in WGS 84), in metres and seconds."""
    straight = straight_line_m(conn, points)
    direct_d = straight * speeds.circuity
    direct_t = direct_d / (speeds.speed_kmh / 3.6)
    n = len(points)
    if not use_roads or n < 2 or not has_network(conn):
        return Matrix(direct_d, direct_t, "straight_line", [None] * n, np.zeros((n, n), dtype=bool))
    nodes, access_m = _nearest_nodes(conn, points)
    unique = sorted({node for node in nodes if node is not None})
    net_d = _node_costs(conn, unique, LENGTH_COST)
    net_t = _node_costs(conn, unique, TIME_COST)
    distance, time = direct_d.copy(), direct_t.copy()
    via = np.zeros((n, n), dtype=bool)
    access_d = access_m * speeds.circuity
    access_t = access_d / (speeds.access_speed_kmh / 3.6)
    for i in range(n):
        for j in range(n):
            a, b = nodes[i], nodes[j]
            if i == j or a is None or b is None:
                continue
            if a == b:
                leg_d, leg_t = 0.0, 0.0
            elif (a, b) in net_t:
                leg_d, leg_t = net_d.get((a, b), np.inf), net_t[(a, b)]
            else:
                continue  # unreachable through the network: keep the direct estimate
            t = access_t[i] + leg_t + access_t[j]
            if t < direct_t[i, j]:
                time[i, j], distance[i, j] = t, access_d[i] + leg_d + access_d[j]
                via[i, j] = True
    return Matrix(distance, time, "pgrouting", nodes, via)


def straight_line_m(conn: Connection, points: list[tuple[float, float]]) -> np.ndarray:
    """Geodesic distances (metres, PostGIS geography) between every pair of points."""
    n = len(points)
    out = np.zeros((n, n))
    if n < 2:
        return out
    rows = conn.execute(
        text(
            "WITH p AS (SELECT ord, ST_SetSRID(ST_MakePoint(lon, lat), 4326)::geography AS g "
            "FROM unnest(CAST(:lons AS float8[]), CAST(:lats AS float8[])) WITH ORDINALITY AS u(lon, lat, ord)) "
            "SELECT a.ord, b.ord, ST_Distance(a.g, b.g) FROM p a JOIN p b ON a.ord < b.ord"
        ),
        {"lons": [p[0] for p in points], "lats": [p[1] for p in points]},
    )
    for i, j, d in rows:
        out[i - 1, j - 1] = out[j - 1, i - 1] = d
    return out


def path_nodes(conn: Connection, a: int, b: int) -> list[tuple[float, float]]:
    """Node positions along the shortest-time network path from node ``a`` to node ``b``."""
    rows = conn.execute(
        text(
            f"WITH n AS ({_NODES_SQL}) SELECT ST_X(n.g), ST_Y(n.g) "
            f"FROM pgr_dijkstra(:edges, CAST(:a AS bigint), CAST(:b AS bigint), directed := false) d "
            "JOIN n ON n.id = d.node ORDER BY d.seq"
        ),
        {"edges": EDGES.format(cost=TIME_COST), "a": a, "b": b},
    ).all()
    return [(x, y) for x, y in rows]


_NODES_SQL = (
    "SELECT DISTINCT ON (id) id, g FROM ("
    "SELECT source_node AS id, ST_StartPoint(geom) AS g FROM road WHERE source_node IS NOT NULL "
    "UNION ALL SELECT target_node, ST_EndPoint(geom) FROM road WHERE target_node IS NOT NULL) x ORDER BY id"
)


def _nearest_nodes(conn: Connection, points: list[tuple[float, float]]) -> tuple[list[int | None], np.ndarray]:
    """Nearest node of the largest connected part of the network, and the straight distance to it."""
    rows = conn.execute(
        text(
            f"""
        WITH comp AS (
            SELECT component, node FROM pgr_connectedComponents(:edges)
        ), main AS (
            SELECT node FROM comp WHERE component = (
                SELECT component FROM comp GROUP BY component ORDER BY count(*) DESC, component LIMIT 1)
        ), n AS (
            SELECT nodes.id, nodes.g FROM ({_NODES_SQL}) nodes JOIN main ON main.node = nodes.id
        ), p AS (
            SELECT ord, ST_SetSRID(ST_MakePoint(lon, lat), 4326) AS g
            FROM unnest(CAST(:lons AS float8[]), CAST(:lats AS float8[])) WITH ORDINALITY AS u(lon, lat, ord)
        )
        SELECT p.ord, near.id, ST_Distance(p.g::geography, near.g::geography)
        FROM p CROSS JOIN LATERAL (SELECT id, g FROM n ORDER BY n.g <-> p.g LIMIT 1) near
        ORDER BY p.ord
        """
        ),
        {"edges": EDGES.format(cost=LENGTH_COST), "lons": [p[0] for p in points], "lats": [p[1] for p in points]},
    ).all()
    nodes: list[int | None] = [None] * len(points)
    access = np.zeros(len(points))
    for ord_, node, d in rows:
        nodes[ord_ - 1], access[ord_ - 1] = int(node), float(d)
    return nodes, access


def _node_costs(conn: Connection, nodes: list[int], cost: str) -> dict[tuple[int, int], float]:
    if len(nodes) < 2:
        return {}
    rows = conn.execute(
        text(
            "SELECT start_vid, end_vid, agg_cost FROM pgr_dijkstraCostMatrix(:edges, CAST(:ids AS bigint[]), directed := false)"
        ),
        {"edges": EDGES.format(cost=cost), "ids": nodes},
    )
    return {(int(a), int(b)): float(c) for a, b, c in rows}
