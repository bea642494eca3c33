"""Geometry half of the demo generator: township anchors, approximate township
outlines, village points and helpers to place sites near them.

Everything is computed in UTM 47N (EPSG:32647, metres) and only converted to
EPSG:4326 at the end. See :mod:`geo.io.demo` for the full method description; this
module holds the parts that need shapely/pyproj. All randomness comes from the
``numpy.random.Generator`` passed in; nothing here touches the global RNG.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
import shapely
from pyproj import Transformer
from shapely.geometry import MultiPolygon, Point, Polygon, box
from shapely.geometry.base import BaseGeometry

from geo.io.boundaries import METRIC_CRS, WGS84, DefaultBoundaries

CELL_M = 200.0  # raster cell size for the township partition
OUTSIDE_OWN_EXTENT_PENALTY_M = 1.0e7  # effectively forbids a cell outside a township's extent rectangle
FREE_TOWNSHIP_IN_EXTENT_PENALTY_M = 3000.0  # townships without a rectangle prefer uncovered land
FARM_DISTANCE_WEIGHT = 1.6  # keeps 遮放农场 smaller than 遮放镇
SIMPLIFY_TOLERANCE_M = (
    300.0  # coverage_simplify (Visvalingam-Whyatt) tolerance for internal borders: removes the raster staircase
)
FREE_ANCHOR_CANDIDATES = 400
FREE_ANCHOR_INSET_M = 1500.0
FARM_RING_M = (3000.0, 8000.0)  # 遮放农场 anchor: this far from 遮放镇's anchor
ZHEFANG_TOWN = "533103102"
FARM_KIND = "farm"
VILLAGE_BORDER_MARGIN_M = 400.0  # villages this far inside their township (tests ask for >= 300 m)
COORD_GRID_DEG = 1e-6  # output coordinates are rounded to 1e-6 deg (~0.1 m)

_TO_METRIC = Transformer.from_crs(WGS84, METRIC_CRS, always_xy=True)
_TO_WGS84 = Transformer.from_crs(METRIC_CRS, WGS84, always_xy=True)


def to_metric(geom: BaseGeometry) -> BaseGeometry:
    return shapely.transform(geom, lambda xy: np.column_stack(_TO_METRIC.transform(xy[:, 0], xy[:, 1])))


def to_wgs84(geom: BaseGeometry) -> BaseGeometry:
    return shapely.transform(geom, lambda xy: np.column_stack(_TO_WGS84.transform(xy[:, 0], xy[:, 1])))


def round_wgs84(geom: BaseGeometry) -> BaseGeometry:
    """Round to the output grid (1e-6 deg) so what is written equals what is held in memory."""
    return shapely.set_precision(geom, COORD_GRID_DEG)


def as_multipolygon(geom: BaseGeometry) -> MultiPolygon:
    geom = shapely.make_valid(geom)
    polys = [g for g in shapely.get_parts(geom) if isinstance(g, Polygon) and not g.is_empty]
    if not polys:  # collections holding (Multi)Polygons
        polys = [p for g in shapely.get_parts(geom) for p in shapely.get_parts(g) if isinstance(p, Polygon)]
    polys.sort(key=lambda p: (-p.area, p.bounds))
    return MultiPolygon(polys)


@dataclass(frozen=True)
class Anchor:
    township_code: str
    point: Point  # metric
    source: str  # seat_source text
    method: str  # 'seat' | 'extent' | 'farm' | 'free'


@dataclass(frozen=True)
class Geography:
    county_m: Polygon | MultiPolygon
    anchors: dict[str, Anchor]
    polygons_m: dict[str, MultiPolygon]  # final outlines (re-projected from the rounded WGS84 ones)
    polygons_wgs84: dict[str, MultiPolygon]
    extents_m: dict[str, Polygon]


# ----------------------------------------------------------------------------- sampling helpers


def sample_in(region: BaseGeometry, n: int, rng: np.random.Generator, max_rounds: int = 60) -> np.ndarray:
    """``n`` uniform random points (x, y) inside ``region`` by rejection from its bounding box."""
    if region is None or region.is_empty or n <= 0:
        return np.empty((0, 2))
    shapely.prepare(region)
    x0, y0, x1, y1 = region.bounds
    out: list[np.ndarray] = []
    got = 0
    for _ in range(max_rounds):
        pts = rng.uniform((x0, y0), (x1, y1), size=(max(4 * n, 32), 2))
        pts = pts[shapely.contains_xy(region, pts[:, 0], pts[:, 1])]
        out.append(pts)
        got += len(pts)
        if got >= n:
            break
    pts = np.concatenate(out)[:n] if out else np.empty((0, 2))
    return pts


def best_candidate(
    region: BaseGeometry, placed: np.ndarray, rng: np.random.Generator, k: int = 24
) -> np.ndarray | None:
    """Mitchell's best-candidate: of ``k`` random points in ``region`` the one farthest from ``placed``."""
    cands = sample_in(region, k, rng)
    if len(cands) == 0:
        return None
    if len(placed) == 0:
        return cands[0]
    d = np.min(np.hypot(cands[:, None, 0] - placed[None, :, 0], cands[:, None, 1] - placed[None, :, 1]), axis=1)
    return cands[int(np.argmax(d))]


def point_near(
    centre: Point, rmin: float, rmax: float, region: BaseGeometry, rng: np.random.Generator, tries: int = 200
) -> Point:
    """A random point at ``rmin``–``rmax`` metres from ``centre`` that lies inside ``region``."""
    shapely.prepare(region)
    for _ in range(tries):
        r = rng.uniform(rmin, rmax)
        a = rng.uniform(0.0, 2.0 * np.pi)
        x, y = centre.x + r * np.cos(a), centre.y + r * np.sin(a)
        if shapely.contains_xy(region, x, y):
            return Point(x, y)
    return centre if region.contains(centre) else region.representative_point()


# ----------------------------------------------------------------------------- anchors


def _extent_polygons_m(b: DefaultBoundaries) -> dict[str, Polygon]:
    out = {}
    for r in b.extents.itertuples(index=False):
        rect = shapely.segmentize(box(r.west, r.south, r.east, r.north), 0.005)
        out[r.township_code] = to_metric(rect)
    return out


def township_anchors(
    b: DefaultBoundaries, county_m: BaseGeometry, extents_m: dict[str, Polygon], rng: np.random.Generator
) -> dict[str, Anchor]:
    seats = b.seats.to_crs(METRIC_CRS)
    anchors: dict[str, Anchor] = {}
    for code, geom, src in zip(seats["township_code"], seats.geometry, seats["source"]):
        anchors[code] = Anchor(code, Point(round(geom.x, 2), round(geom.y, 2)), src, "seat")
    for code in sorted(extents_m):
        if code not in anchors:
            p = extents_m[code].intersection(county_m).representative_point()
            anchors[code] = Anchor(code, Point(round(p.x, 2), round(p.y, 2)), "demo", "extent")

    def far_from_anchors(region: BaseGeometry) -> Point:
        cands = sample_in(region, FREE_ANCHOR_CANDIDATES, rng)
        if len(cands) == 0:
            p = region.representative_point()
            return Point(round(p.x, 2), round(p.y, 2))
        others = np.array([[a.point.x, a.point.y] for a in anchors.values()])
        d = np.min(np.hypot(cands[:, None, 0] - others[None, :, 0], cands[:, None, 1] - others[None, :, 1]), axis=1)
        x, y = cands[int(np.argmax(d))]
        return Point(round(float(x), 2), round(float(y), 2))

    kinds = dict(zip(b.townships["code"], b.townships["kind"]))
    uncovered = county_m.difference(shapely.union_all(list(extents_m.values())))
    inset = uncovered.buffer(-FREE_ANCHOR_INSET_M)
    if inset.is_empty:
        inset = uncovered if not uncovered.is_empty else county_m
    for code in sorted(kinds):
        if code in anchors:
            continue
        if kinds[code] == FARM_KIND and ZHEFANG_TOWN in anchors and ZHEFANG_TOWN in extents_m:
            centre = anchors[ZHEFANG_TOWN].point
            ring = centre.buffer(FARM_RING_M[1]).difference(centre.buffer(FARM_RING_M[0]))
            region = extents_m[ZHEFANG_TOWN].intersection(county_m).buffer(-FREE_ANCHOR_INSET_M).intersection(ring)
            anchors[code] = Anchor(code, far_from_anchors(region), "demo", "farm")
        else:
            anchors[code] = Anchor(code, far_from_anchors(inset), "demo", "free")
    return dict(sorted(anchors.items()))


# ----------------------------------------------------------------------------- partition


def _components(labels: np.ndarray, value: int) -> list[np.ndarray]:
    """4-connected components of ``labels == value``, each as an array of flat indices (sorted)."""
    ny, nx = labels.shape
    mask = labels == value
    seen = np.zeros_like(mask)
    comps = []
    for start in np.flatnonzero(mask):
        if seen.flat[start]:
            continue
        stack = [int(start)]
        seen.flat[start] = True
        comp = []
        while stack:
            i = stack.pop()
            comp.append(i)
            y, x = divmod(i, nx)
            for yy, xx in ((y - 1, x), (y + 1, x), (y, x - 1), (y, x + 1)):
                if 0 <= yy < ny and 0 <= xx < nx:
                    j = yy * nx + xx
                    if mask.flat[j] and not seen.flat[j]:
                        seen.flat[j] = True
                        stack.append(j)
        comps.append(np.array(sorted(comp)))
    return comps


def _merge_fragments(labels: np.ndarray, anchor_cells: dict[int, int]) -> np.ndarray:
    """Give each detached fragment of a township to the neighbour it shares most edges with."""
    ny, nx = labels.shape
    for _ in range(6):
        changed = False
        for t in sorted(set(np.unique(labels)) - {-1}):
            comps = _components(labels, t)
            if len(comps) <= 1:
                continue
            keep = next((c for c in comps if anchor_cells.get(t, -1) in set(c.tolist())), None)
            if keep is None:
                keep = max(comps, key=len)
            for comp in comps:
                if comp is keep:
                    continue
                ys, xs = np.divmod(comp, nx)
                neigh = []
                for dy, dx in ((-1, 0), (1, 0), (0, -1), (0, 1)):
                    yy, xx = ys + dy, xs + dx
                    ok = (yy >= 0) & (yy < ny) & (xx >= 0) & (xx < nx)
                    vals = labels[yy[ok], xx[ok]]
                    neigh.append(vals[(vals != t) & (vals != -1)])
                merged = np.concatenate(neigh)
                if len(merged) == 0:
                    continue
                vals, counts = np.unique(merged, return_counts=True)
                labels.flat[comp] = vals[np.argmax(counts)]
                changed = True
        if not changed:
            break
    return labels


def partition(
    b: DefaultBoundaries, county_m: BaseGeometry, anchors: dict[str, Anchor], extents_m: dict[str, Polygon]
) -> tuple[dict[str, MultiPolygon], dict[str, MultiPolygon]]:
    """Approximate township outlines: (metric, WGS84) dicts keyed by township code."""
    codes = sorted(anchors)
    kinds = dict(zip(b.townships["code"], b.townships["kind"]))
    ext = {r.township_code: r for r in b.extents.itertuples(index=False)}

    x0, y0, x1, y1 = county_m.bounds
    x0, y0 = np.floor(x0 / CELL_M) * CELL_M, np.floor(y0 / CELL_M) * CELL_M
    nx, ny = int(np.ceil((x1 - x0) / CELL_M)), int(np.ceil((y1 - y0) / CELL_M))
    xs = x0 + (np.arange(nx) + 0.5) * CELL_M
    ys = y0 + (np.arange(ny) + 0.5) * CELL_M
    cx, cy = np.meshgrid(xs, ys)  # (ny, nx)
    cx, cy = cx.ravel(), cy.ravel()
    boxes = shapely.box(cx - CELL_M / 2, cy - CELL_M / 2, cx + CELL_M / 2, cy + CELL_M / 2)
    shapely.prepare(county_m)
    inside = shapely.intersects(county_m, boxes)
    lon, lat = _TO_WGS84.transform(cx, cy)
    lon, lat = np.asarray(lon), np.asarray(lat)

    in_any_extent = np.zeros(cx.shape, dtype=bool)
    in_ext = {}
    for code, r in ext.items():
        m = (lon >= r.west) & (lon <= r.east) & (lat >= r.south) & (lat <= r.north)
        in_ext[code] = m
        in_any_extent |= m

    cost = np.empty((len(codes), cx.size))
    for i, code in enumerate(codes):
        a = anchors[code].point
        d = np.hypot(cx - a.x, cy - a.y)
        if code in in_ext:
            d = d + np.where(in_ext[code], 0.0, OUTSIDE_OWN_EXTENT_PENALTY_M)
        elif kinds.get(code) == FARM_KIND and ZHEFANG_TOWN in in_ext:
            d = d * FARM_DISTANCE_WEIGHT + np.where(in_ext[ZHEFANG_TOWN], 0.0, OUTSIDE_OWN_EXTENT_PENALTY_M)
        else:
            d = d + np.where(in_any_extent, FREE_TOWNSHIP_IN_EXTENT_PENALTY_M, 0.0)
        cost[i] = d
    labels = np.where(inside, np.argmin(cost, axis=0), -1)

    # every anchor's own cell (and its 8 neighbours) belongs to its township
    anchor_cells = {}
    grid = labels.reshape(ny, nx)
    for i, code in enumerate(codes):
        a = anchors[code].point
        ix, iy = int((a.x - x0) // CELL_M), int((a.y - y0) // CELL_M)
        anchor_cells[i] = iy * nx + ix
        for yy in range(iy - 1, iy + 2):
            for xx in range(ix - 1, ix + 2):
                if 0 <= yy < ny and 0 <= xx < nx and grid[yy, xx] != -1:
                    grid[yy, xx] = i
    grid = _merge_fragments(grid, anchor_cells)
    labels = grid.ravel()

    raw = []
    for i, _code in enumerate(codes):
        cells = boxes[labels == i]
        raw.append(shapely.coverage_union_all(cells).intersection(county_m) if len(cells) else Polygon())
    raw = [shapely.set_precision(g, 0.01) for g in raw]  # shared vertices become bit-identical
    simplified = shapely.coverage_simplify(np.array(raw, dtype=object), SIMPLIFY_TOLERANCE_M, simplify_boundary=False)

    poly_w, poly_m = {}, {}
    for code, g in zip(codes, simplified):
        gw = as_multipolygon(round_wgs84(to_wgs84(shapely.make_valid(g))))
        poly_w[code] = gw
        poly_m[code] = as_multipolygon(to_metric(gw))
    return poly_m, poly_w


def build_geography(b: DefaultBoundaries, rng: np.random.Generator) -> Geography:
    county_m = to_metric(b.county.geometry.iloc[0])
    extents_m = _extent_polygons_m(b)
    anchors = township_anchors(b, county_m, extents_m, rng)
    poly_m, poly_w = partition(b, county_m, anchors, extents_m)
    for code, a in anchors.items():
        if not poly_m[code].buffer(-50).contains(a.point):
            raise RuntimeError(f"demo: anchor of {code} fell outside its township outline")
    return Geography(county_m, anchors, poly_m, poly_w, extents_m)


# ----------------------------------------------------------------------------- villages


def strip_committee_suffix(name: str) -> str:
    for suffix in ("村民委员会", "居民委员会"):
        if name.endswith(suffix):
            return name[: -len(suffix)]
    return name


def _township_stem(name: str) -> str:
    name = name.removeprefix("芒市") if len(name) > 3 else name
    for suffix in ("德昂族乡", "街道", "农场", "镇", "乡"):
        if name.endswith(suffix):
            return name[: -len(suffix)]
    return name


def place_villages(b: DefaultBoundaries, geo: Geography, rng: np.random.Generator) -> pd.DataFrame:
    """One point (metric x, y) per village, inside its township and >= VILLAGE_BORDER_MARGIN_M from its border.

    Order per township: the 村委会 named after the township (e.g. 勐戛村 in 勐戛镇) within
    1.5 km of the anchor, then 居委会 (communities) clustered around the anchor, then the
    other 村委会 spread over the township by best-candidate sampling.
    """
    tnames = dict(zip(b.townships["code"], b.townships["name"]))
    rows = []
    for tcode, group in b.villages.groupby("township_code", sort=True):
        poly = geo.polygons_m[tcode]
        anchor = geo.anchors[tcode].point
        inner = poly.buffer(-VILLAGE_BORDER_MARGIN_M)
        if inner.is_empty:
            inner = poly.buffer(-0.5 * VILLAGE_BORDER_MARGIN_M)
        stem = _township_stem(tnames[tcode])
        group = group.sort_values("code")
        seat_name = group["name"].map(lambda n: strip_committee_suffix(n).removesuffix("村") == stem)  # noqa: B023
        is_seat_village = seat_name & (group["kind"] == "village")
        communities = group[group["kind"] == "community"]
        seat_codes = set(group.loc[is_seat_village, "code"])
        ordered = pd.concat(
            [group[is_seat_village], communities, group[~is_seat_village & (group["kind"] == "village")]]
        )
        placed = np.empty((0, 2))
        r_comm = max(1500.0, np.sqrt(max(len(communities), 1)) * 600.0)
        for row in ordered.itertuples(index=False):
            if row.code in seat_codes:
                region = inner.intersection(anchor.buffer(1500.0))
            elif row.kind == "community":
                region = inner.intersection(anchor.buffer(r_comm))
            else:
                region = inner
            if region.is_empty:
                region = inner
            p = best_candidate(region, placed, rng)
            if p is None:
                q = inner.representative_point()
                p = np.array([q.x, q.y])
            placed = np.vstack([placed, p])
            rows.append({"code": row.code, "x": float(p[0]), "y": float(p[1])})
    return pd.DataFrame(rows).sort_values("code", ignore_index=True)
