"""The coverage rule held in memory: full recompute in one vectorised pass, and the update
after one site is added, moved, closed or reopened touching only the villages near it.

Per poverty-alleviated village it keeps two counts: counted sites *in* the village
(``site.village_code``) and counted sites within the rule's distance of the village seat
(planar metres in the county's metric CRS, limit included, as ``ST_DWithin`` in
:mod:`geo.analysis.coverage`). A village is covered when either count is positive, so a change
at one site only adds or subtracts one at the villages within ``distance_m`` of its old and
new positions (an STRtree over the villages finds them) and at its village. Positions come
from PostGIS in bulk and are projected with PROJ, as ``ST_Transform(location, 32647)`` does.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import shapely
from sqlalchemy import Connection, text

from geo.analysis.coverage import CoverageRule, site_counting_sql
from geo.store.models import METRIC_SRID

REASONS = np.array(["in_village", "within_distance", "uncovered", "no_position"])


@dataclass(frozen=True)
class SiteFacts:
    """What coverage needs to know about one site; ``counts``: of the rule's kinds, operating,
    not found closed or idle by its latest inspection."""

    village_code: str | None
    x: float | None  # metric CRS; None without a position
    y: float | None
    counts: bool


@dataclass
class CoverageIndex:
    codes: np.ndarray  # village codes (str), one per poverty-alleviated village
    xy: np.ndarray  # (n, 2) metric coordinates, NaN without a position
    distance_m: float
    in_village: np.ndarray = field(init=False)  # counted sites in the village
    within: np.ndarray = field(init=False)  # counted sites within distance_m of the seat

    def __post_init__(self) -> None:
        self.codes = np.asarray(self.codes, dtype=object)
        self.xy = np.asarray(self.xy, dtype=float).reshape(-1, 2)
        self.in_village = np.zeros(len(self.codes), dtype=np.int32)
        self.within = np.zeros(len(self.codes), dtype=np.int32)
        self._row = dict(zip(self.codes.tolist(), range(len(self.codes))))
        self._located = np.flatnonzero(~np.isnan(self.xy).any(axis=1))
        self._tree = shapely.STRtree(shapely.points(self.xy[self._located]))

    @property
    def covered(self) -> np.ndarray:
        return (self.in_village > 0) | (self.within > 0)

    def reasons(self) -> np.ndarray:
        """Per village, as ``village_coverage_sql`` names it (in-village first, then position)."""
        no_position = np.isnan(self.xy).any(axis=1)
        pick = np.where(self.in_village > 0, 0, np.where(no_position, 3, np.where(self.within > 0, 1, 2)))
        return REASONS[pick]

    # -- updates ---------------------------------------------------------------------------
    def add_sites(self, sites: list[SiteFacts], sign: int = 1) -> np.ndarray:
        """Count (sign=+1) or uncount (-1) counted sites; the rows whose counts changed."""
        counted = [s for s in sites if s.counts]
        touched = []
        rows = [self._row[s.village_code] for s in counted if s.village_code in self._row]
        if rows:
            np.add.at(self.in_village, rows, sign)
            touched.append(np.asarray(rows))
        pts = np.array([(s.x, s.y) for s in counted if s.x is not None and s.y is not None], dtype=float)
        if len(pts):
            _site, village = self._tree.query(shapely.points(pts), predicate="dwithin", distance=self.distance_m)
            hit = self._located[village]
            np.add.at(self.within, hit, sign)
            touched.append(hit)
        return np.unique(np.concatenate(touched)) if touched else np.empty(0, dtype=int)

    def change(self, old: SiteFacts | None, new: SiteFacts | None) -> np.ndarray:
        """One site added (old None), removed (new None), moved, closed or reopened: the rows
        whose coverage may have changed (only villages near the old and new positions)."""
        touched = [self.add_sites([old], -1)] if old is not None else []
        if new is not None:
            touched.append(self.add_sites([new], +1))
        return np.unique(np.concatenate(touched)) if touched else np.empty(0, dtype=int)


def compute(codes, xy, sites: list[SiteFacts] | None, distance_m: float,  # noqa: ANN001
            site_village: np.ndarray | None = None, site_xy: np.ndarray | None = None) -> CoverageIndex:
    """Coverage of every village from scratch: ``sites`` as facts, or counted sites as arrays
    (``site_village`` codes and ``site_xy`` metric coordinates, NaN without a position)."""
    index = CoverageIndex(codes, xy, float(distance_m))
    if sites is not None:
        site_village = np.array([s.village_code for s in sites if s.counts], dtype=object)
        site_xy = np.array([(np.nan if s.x is None else s.x, np.nan if s.y is None else s.y)
                            for s in sites if s.counts], dtype=float).reshape(-1, 2)
    site_xy = np.asarray(site_xy, dtype=float).reshape(-1, 2)
    rows = [index._row.get(c) for c in site_village]
    rows = np.array([r for r in rows if r is not None], dtype=int)
    index.in_village = np.bincount(rows, minlength=len(index.codes)).astype(np.int32)
    located = ~np.isnan(site_xy).any(axis=1)
    if located.any() and len(index._located):
        # one bulk query: every (site, village) pair within the distance, counted per village
        _site, village = index._tree.query(shapely.points(site_xy[located]), predicate="dwithin",
                                           distance=index.distance_m)
        index.within = np.bincount(index._located[village], minlength=len(index.codes)).astype(np.int32)
    return index


def load(conn: Connection, rule: CoverageRule) -> CoverageIndex:
    """The index for the data in PostGIS: poverty-alleviated villages and the rule's counted sites.

    Two statements, each answering one row: the codes as one text and the positions as one WKB
    MultiPoint (bulk, no per-row conversion), projected to the metric CRS with PROJ (pyproj) in
    one vectorised call. PostGIS's ``ST_Transform`` uses the same PROJ pipeline for UTM 47N."""
    v = conn.execute(text(
        "SELECT coalesce(string_agg(code, ',' ORDER BY code), ''), "
        "coalesce(string_agg(CASE WHEN location IS NULL THEN '0' ELSE '1' END, '' ORDER BY code), ''), "
        "ST_AsBinary(ST_Collect(location ORDER BY code)) FROM village WHERE poverty_alleviated")).one()
    s = conn.execute(text(
        "SELECT coalesce(string_agg(coalesce(village_code, ''), ',' ORDER BY id), ''), "
        "coalesce(string_agg(CASE WHEN location IS NULL THEN '0' ELSE '1' END, '' ORDER BY id), ''), "
        f"ST_AsBinary(ST_Collect(location ORDER BY id)) FROM ({site_counting_sql(rule)}) c WHERE counted")).one()
    codes, xy = _unpack(v)
    site_village, site_xy = _unpack(s)
    return compute(codes, xy, None, rule.distance_m, site_village, site_xy)


def _unpack(row) -> tuple[np.ndarray, np.ndarray]:  # noqa: ANN001
    """(codes, metric xy with NaN where there is no position) from the aggregate row of ``load``."""
    codes = np.array(row[0].split(","), dtype=object) if row[0] else np.empty(0, dtype=object)
    has = np.frombuffer(row[1].encode(), dtype=np.uint8) == ord("1")
    xy = np.full((len(codes), 2), np.nan)
    if row[2] is not None and has.any():
        lonlat = shapely.get_coordinates(shapely.from_wkb(bytes(row[2])))
        x, y = _to_metric().transform(lonlat[:, 0], lonlat[:, 1])
        xy[has] = np.column_stack([x, y])
    return codes, xy


_TRANSFORMER = None


def _to_metric():  # noqa: ANN202
    global _TRANSFORMER
    if _TRANSFORMER is None:
        from pyproj import Transformer

        _TRANSFORMER = Transformer.from_crs("EPSG:4326", f"EPSG:{METRIC_SRID}", always_xy=True)
    return _TRANSFORMER


def site_facts(conn: Connection, rule: CoverageRule, site_id: int) -> SiteFacts | None:
    """One site as coverage sees it now (None when it does not exist or is not of the rule's kinds)."""
    row = conn.execute(text(
        f"SELECT village_code, ST_X(location) AS lon, ST_Y(location) AS lat, counted "
        f"FROM ({site_counting_sql(rule)}) s WHERE s.id = :i"), {"i": site_id}).first()
    if row is None:
        return None
    if row.lon is None:
        return SiteFacts(row.village_code, None, None, bool(row.counted))
    x, y = _to_metric().transform(row.lon, row.lat)
    return SiteFacts(row.village_code, float(x), float(y), bool(row.counted))
