"""The outline of a reached road network: the places within ``buffer_m`` of the roads travelled
within a time limit, drawn on a grid of square cells.

The network is read once (:func:`network_points`): points at most ``buffer_m / CELLS`` apart
along every edge, in the county's metric CRS, each with its edge's end nodes, travel time and its
fraction along the edge. For one shortest-path tree (node → time, from ``pgr_drivingDistance``)
a point is *reached* when its time through either end node (node time + the part of the edge
travelled) is within the limit; points on the facility's own edge also count from the snapped
point (access leg + the part of the edge). The outline (:func:`outline`) is the union of the
cells of side ``cell = buffer_m / CELLS`` whose centre lies within ``buffer_m`` of a reached
point (a k-d tree, asked only about the cells near a point), holes of fewer than HOLE_CELLS
cells filled (a spot just beyond ``buffer_m`` of every road around it), simplified by half a cell
so the cell steps do not show.

Bounds: every point of a reached road piece lies inside (its cell's centre is within
``0.71·cell + step`` < ``buffer_m`` of a reached point), and the outline runs between about
``buffer_m - 1.7·cell`` and ``buffer_m + 1.2·cell`` from the reached network (cell centre ± half
its diagonal, points one step apart, the half-cell simplification), small holes aside. It follows the valleys the roads run in, which a convex
hull would not, and costs a k-d tree query per cell instead of GEOS buffering and dissolving
every reached piece (which took minutes per band on 100,000 edges: bench/results/reach.md).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import shapely
from numpy.typing import NDArray
from scipy.ndimage import maximum_filter
from scipy.spatial import cKDTree
from sqlalchemy import Connection, text

from geo.analysis.road_graph import EDGE_TIME_S

CELLS = 5  # cells per buffer width: cell = step = buffer_m / 5
HOLE_CELLS = 4  # holes smaller than this many cells are filled

Floats = NDArray[np.float64]


@dataclass(frozen=True)
class NetworkPoints:
    """Points along every edge of the network (metric CRS), with what a tree needs to time them."""

    node_ids: NDArray[np.int64]  # sorted distinct node ids; src/tgt index into them
    src: NDArray[np.int64]
    tgt: NDArray[np.int64]
    edge: NDArray[np.int64]  # road.id of each point's edge
    frac: Floats  # 0 at the source node, 1 at the target node
    cost_s: Floats  # the edge's travel time
    xy: Floats  # (n, 2) metric coordinates

    def times(self, node_times: dict[int, float], own: tuple[int, float, float] | None = None) -> Floats:
        """Each point's travel time in one tree (inf: not reached within the tree's limit).
        ``own``: (edge id, fraction of the snapped point, access time) of the facility's own edge."""
        t = np.full(len(self.node_ids), np.inf)
        if node_times:
            nodes = np.fromiter(node_times.keys(), dtype=np.int64, count=len(node_times))
            pos = np.clip(np.searchsorted(self.node_ids, nodes), 0, max(len(self.node_ids) - 1, 0))
            known = self.node_ids[pos] == nodes
            t[pos[known]] = np.fromiter(node_times.values(), dtype=np.float64, count=len(node_times))[known]
        out = np.minimum(t[self.src] + self.frac * self.cost_s, t[self.tgt] + (1 - self.frac) * self.cost_s)
        if own is not None:
            edge, frac, access_s = own
            on = self.edge == edge
            out[on] = np.minimum(out[on], access_s + np.abs(self.frac[on] - frac) * self.cost_s[on])
        return out


def network_points(conn: Connection, srid: int, step_m: float) -> NetworkPoints:
    """Every edge with a topology, cut into pieces of at most ``step_m`` in EPSG ``srid``."""
    row = conn.execute(
        text(
            f"""
        WITH e AS (SELECT id, source_node, target_node, {EDGE_TIME_S} AS c,
                          ST_Segmentize(ST_Transform(geom, CAST(:srid AS int)), :step) AS g
                   FROM road WHERE source_node IS NOT NULL AND target_node IS NOT NULL),
        p AS (SELECT e.id, e.source_node, e.target_node, e.c, ST_X(d.geom) AS x, ST_Y(d.geom) AS y,
                     ST_LineLocatePoint(e.g, d.geom) AS f FROM e, ST_DumpPoints(e.g) d)
        SELECT array_agg(id), array_agg(source_node), array_agg(target_node), array_agg(c),
               array_agg(x), array_agg(y), array_agg(f) FROM p
        """
        ),
        {"srid": int(srid), "step": float(step_m)},
    ).one()
    if row[0] is None:
        empty = np.zeros(0, dtype=np.int64)
        return NetworkPoints(empty, empty, empty, empty, np.zeros(0), np.zeros(0), np.zeros((0, 2)))
    edge, source, target = (np.asarray(row[i], dtype=np.int64) for i in range(3))
    node_ids = np.unique(np.concatenate([source, target]))
    return NetworkPoints(
        node_ids,
        np.searchsorted(node_ids, source),
        np.searchsorted(node_ids, target),
        edge,
        np.asarray(row[6], dtype=np.float64),
        np.asarray(row[3], dtype=np.float64),
        np.column_stack([np.asarray(row[4], dtype=np.float64), np.asarray(row[5], dtype=np.float64)]),
    )


def outline(points: Floats, buffer_m: float) -> shapely.Geometry | None:
    """The cells within ``buffer_m`` of ``points`` ((n, 2) metric), dissolved and simplified; None without points."""
    if len(points) == 0:
        return None
    cell = buffer_m / CELLS
    # a grid aligned on multiples of the cell everywhere, so two bands' cells coincide
    lo = np.floor((points.min(axis=0) - buffer_m) / cell).astype(np.int64)
    hi = np.ceil((points.max(axis=0) + buffer_m) / cell).astype(np.int64)
    nx, ny = int(hi[0] - lo[0]), int(hi[1] - lo[1])
    # duplicate points (shared nodes, dense networks) do not change the answer: one per tenth of a cell
    q = np.round((points - points.min(axis=0)) / (cell / 10)).astype(np.int64)
    _keys, first = np.unique(q[:, 0] * (int(q[:, 1].max()) + 1) + q[:, 1], return_index=True)
    pts = points[first]
    # only cells within CELLS + 1 cells of a point's cell can be inside (a sparse network in a wide box)
    occupied = np.zeros((ny, nx), dtype=bool)
    at = np.floor(pts / cell).astype(np.int64) - lo
    occupied[at[:, 1], at[:, 0]] = True
    rows, cols = np.nonzero(maximum_filter(occupied, size=2 * (CELLS + 1) + 1))
    centres = np.column_stack([(lo[0] + cols + 0.5) * cell, (lo[1] + rows + 0.5) * cell])
    dist, _ = cKDTree(pts).query(centres, distance_upper_bound=buffer_m)
    inside = np.zeros((ny, nx), dtype=bool)
    inside[rows, cols] = dist <= buffer_m
    # each row's runs of inside cells as one rectangle; the union joins the rows
    edges = np.diff(np.pad(inside, ((0, 0), (1, 1))).astype(np.int8), axis=1)
    rows, starts = np.nonzero(edges == 1)
    _rows, ends = np.nonzero(edges == -1)
    if len(rows) == 0:
        return None
    x0, y0 = lo[0] * cell, lo[1] * cell
    boxes = shapely.box(x0 + starts * cell, y0 + rows * cell, x0 + ends * cell, y0 + (rows + 1) * cell)
    filled = _fill_small_holes(shapely.union_all(boxes), HOLE_CELLS * cell**2)
    return shapely.simplify(filled, cell / 2, preserve_topology=True)


def _fill_small_holes(geom: shapely.Geometry, min_area: float) -> shapely.Geometry:
    """Holes of fewer than HOLE_CELLS cells filled: a spot just beyond ``buffer_m`` from every road
    around it, one cell on this grid, is noise on a map of the county (and page weight)."""
    parts = []
    for part in shapely.get_parts(geom):
        holes = [ring for ring in part.interiors if shapely.Polygon(ring).area >= min_area]
        parts.append(shapely.Polygon(part.exterior, holes))
    return parts[0] if len(parts) == 1 else shapely.MultiPolygon(parts)
