"""Points joined to the road network, and shortest travel times between them (pgRouting).

A point (village seat, site) joins the network at the nearest point of the nearest road piece
(edge) within ``snap_m``: a straight access leg at the access speed, then along that edge to
either of its two nodes. Node-to-node times come from ``pgr_dijkstraCost`` over the undirected
network (cost = length / speed); lengths of the chosen paths from ``pgr_dijkstra``. Two points
whose road pieces are not connected get no time at all: unreachable, never a guessed number.

``best_leg`` and ``nearest`` are pure functions over these inputs, tested without a database.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from sqlalchemy import Connection, text

EDGE_TIME_S = "length_m / (greatest(coalesce(speed_kmh, 45.0), 5.0) / 3.6)"
EDGES_SQL = (
    f"SELECT id, source_node AS source, target_node AS target, {EDGE_TIME_S} AS cost, "
    f"{EDGE_TIME_S} AS reverse_cost FROM road WHERE source_node IS NOT NULL AND target_node IS NOT NULL"
)


# pieces the spatial index hands over per point before the tie-break by id: ordering by (distance,
# id) in one step cannot use the index and scanned every road piece per point (46 ms per village
# on 100,800 edges)
NEAREST_FEW = 8

K = TypeVar("K")  # the caller's key of a point: village code, site id, ...
F = TypeVar("F")  # the key of a facility point


@dataclass(frozen=True)
class Snap(Generic[K]):
    """Where one point joins the network."""

    key: K  # the caller's id for the point
    node_a: int
    node_b: int
    frac: float  # position on the edge, 0 at node_a, 1 at node_b
    edge_time_s: float
    edge_length_m: float
    access_m: float  # straight distance from the point to the edge
    edge: int

    def ends(self) -> tuple[tuple[int, float, float], tuple[int, float, float]]:
        """(node, time, length) from the snapped point to each end of its edge."""
        return (
            (self.node_a, self.frac * self.edge_time_s, self.frac * self.edge_length_m),
            (self.node_b, (1 - self.frac) * self.edge_time_s, (1 - self.frac) * self.edge_length_m),
        )


@dataclass(frozen=True)
class Leg:
    time_s: float
    length_m: float
    via: tuple[int, int] | None  # network nodes entered and left; None when along one edge


Costs = dict[tuple[int, int], float]  # (node, node) -> network time in seconds


def best_leg(origin: Snap[Any], dest: Snap[Any], costs: Costs, access_speed_kmh: float) -> Leg | None:
    """The fastest way from ``origin`` to ``dest`` over the network, or None (not connected)."""
    access_s = (origin.access_m + dest.access_m) / (access_speed_kmh / 3.6)
    access_m = origin.access_m + dest.access_m
    best: Leg | None = None
    if origin.edge == dest.edge:
        along = abs(origin.frac - dest.frac)
        best = Leg(access_s + along * origin.edge_time_s, access_m + along * origin.edge_length_m, None)
    for a, ta, la in origin.ends():
        for b, tb, lb in dest.ends():
            net = 0.0 if a == b else costs.get((a, b), costs.get((b, a)))
            if net is None:
                continue
            t = access_s + ta + net + tb
            if best is None or t < best.time_s - 1e-9:
                best = Leg(t, access_m + la + lb, (a, b))  # network length added by the caller
    return best


def nearest(
    origins: list[Snap[K]], facilities: list[Snap[F]], costs: Costs, access_speed_kmh: float
) -> dict[K, tuple[F, Leg]]:
    """Per origin key: the facility key reached fastest and the leg; origins reaching none are absent."""
    out: dict[K, tuple[F, Leg]] = {}
    for o in origins:
        for f in facilities:
            leg = best_leg(f, o, costs, access_speed_kmh)
            if leg is not None and (o.key not in out or leg.time_s < out[o.key][1].time_s - 1e-9):
                out[o.key] = (f.key, leg)
    return out


def snap(conn: Connection, points: Sequence[tuple[K, float, float]], snap_m: float) -> tuple[list[Snap[K]], list[K]]:
    """Join ``(key, lon, lat)`` points to the network; returns the snaps and the keys with no road within ``snap_m``."""
    if not points:
        return [], []
    rows = conn.execute(
        text(
            f"""
        WITH p AS (SELECT ord, ST_SetSRID(ST_MakePoint(lon, lat), 4326) AS g
                   FROM unnest(CAST(:lons AS float8[]), CAST(:lats AS float8[])) WITH ORDINALITY AS u(lon, lat, ord))
        SELECT p.ord, e.id, e.source_node, e.target_node, ST_LineLocatePoint(e.geom, p.g) AS frac,
               e.time_s, e.length_m, ST_Distance(p.g::geography, e.geom::geography) AS access_m
        FROM p CROSS JOIN LATERAL (  -- the index finds the nearest few; ties go to the lowest id
            SELECT * FROM (
                SELECT r.id, r.source_node, r.target_node, r.geom, {EDGE_TIME_S} AS time_s, r.length_m,
                       r.geom <-> p.g AS d
                FROM road r WHERE r.source_node IS NOT NULL AND r.target_node IS NOT NULL
                ORDER BY r.geom <-> p.g LIMIT {NEAREST_FEW}) near
            ORDER BY d, id LIMIT 1) e
        ORDER BY p.ord
        """
        ),
        {"lons": [p[1] for p in points], "lats": [p[2] for p in points]},
    ).all()
    snaps: list[Snap[K]] = []
    far: list[K] = []
    found = {r.ord: r for r in rows}
    for i, (key, _lon, _lat) in enumerate(points, start=1):
        r = found.get(i)
        if r is None or r.access_m > snap_m:
            far.append(key)
            continue
        snaps.append(
            Snap(
                key,
                int(r.source_node),
                int(r.target_node),
                float(r.frac),
                float(r.time_s),
                float(r.length_m),
                float(r.access_m),
                int(r.id),
            )
        )
    return snaps, far


def node_costs(conn: Connection, starts: Collection[int], ends: Collection[int]) -> Costs:
    """Shortest network time (s) between every start and end node that are connected."""
    starts, ends = sorted(starts), sorted(ends)
    if not starts or not ends:
        return {}
    rows = conn.execute(
        text(
            "SELECT start_vid, end_vid, agg_cost FROM pgr_dijkstraCost(:edges, CAST(:s AS bigint[]), CAST(:e AS bigint[]), directed := false)"
        ),
        {"edges": EDGES_SQL, "s": starts, "e": ends},
    )
    return {(int(a), int(b)): float(c) for a, b, c in rows}


def path_lengths(conn: Connection, pairs: set[tuple[int, int]]) -> dict[tuple[int, int], float]:
    """Length (m) of the fastest network path for each (start, end) node pair."""
    pairs = {p for p in pairs if p[0] != p[1]}
    if not pairs:
        return {}
    rows = conn.execute(
        text(
            "SELECT d.start_vid, d.end_vid, sum(r.length_m) FROM pgr_dijkstra(:edges, "
            "'SELECT * FROM unnest(ARRAY[' || :s || ']::bigint[], ARRAY[' || :e || ']::bigint[]) AS t(source, target)', "
            "directed := false) d JOIN road r ON r.id = d.edge GROUP BY d.start_vid, d.end_vid"
        ),
        {
            "edges": EDGES_SQL,
            "s": ",".join(str(int(a)) for a, _b in sorted(pairs)),
            "e": ",".join(str(int(b)) for _a, b in sorted(pairs)),
        },
    )
    return {(int(a), int(b)): float(m) for a, b, m in rows}


def path_geometry(conn: Connection, a: int, b: int) -> str | None:
    """The fastest network path between two nodes as a GeoJSON LineString text (None when not connected)."""
    if a == b:
        return None
    return conn.execute(
        text(
            "SELECT ST_AsGeoJSON(ST_LineMerge(ST_Collect(r.geom ORDER BY d.seq)), 6) "
            "FROM pgr_dijkstra(:edges, CAST(:a AS bigint), CAST(:b AS bigint), directed := false) d "
            "JOIN road r ON r.id = d.edge"
        ),
        {"edges": EDGES_SQL, "a": a, "b": b},
    ).scalar()


def full_length(leg: Leg, lengths: dict[tuple[int, int], float]) -> float:
    """A leg's length including its network part."""
    if leg.via is None or leg.via[0] == leg.via[1]:
        return leg.length_m
    a, b = leg.via
    return leg.length_m + lengths.get((a, b), lengths.get((b, a), 0.0))


def pair_times(
    origins: list[Snap[K]], facilities: list[Snap[F]], costs: Costs, access_speed_kmh: float
) -> dict[tuple[F, K], float]:
    """(facility key, origin key) -> fastest time (s) for every connected pair."""
    out: dict[tuple[F, K], float] = {}
    for f in facilities:
        for o in origins:
            leg = best_leg(f, o, costs, access_speed_kmh)
            if leg is not None:
                out[(f.key, o.key)] = leg.time_s
    return out
