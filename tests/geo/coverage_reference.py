"""A small pure-Python coverage computation, used only to cross-check the SQL on random data.

Deliberately naive: every village against every site, no index, no database.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from pyproj import Transformer

_TO_METRIC = Transformer.from_crs("EPSG:4326", "EPSG:32647", always_xy=True)


@dataclass(frozen=True)
class RefVillage:
    code: str
    lon: float | None
    lat: float | None


@dataclass(frozen=True)
class RefSite:
    id: int
    kind: str
    status: str
    village_code: str | None
    lon: float
    lat: float


@dataclass(frozen=True)
class RefInspection:
    id: int
    site_id: int
    visited_at: object  # datetime
    outcome: str
    idle_assets: bool
    idle_funds: bool


@dataclass(frozen=True)
class RefResult:
    status: str  # covered, uncovered, no_position
    reason: str  # in_village, within_distance, uncovered, no_position
    nearest_site_id: int | None
    distance_m: float | None


def counted_sites(sites: list[RefSite], inspections: list[RefInspection], kinds: tuple[str, ...]) -> list[RefSite]:
    latest: dict[int, RefInspection] = {}
    for i in inspections:
        if i.site_id not in latest or (i.visited_at, i.id) > (latest[i.site_id].visited_at, latest[i.site_id].id):
            latest[i.site_id] = i
    out = []
    for s in sites:
        last = latest.get(s.id)
        bad = last is not None and (last.outcome == "closed" or last.idle_assets or last.idle_funds)
        if s.kind in kinds and s.status == "operating" and not bad:
            out.append(s)
    return out


def reference_coverage(
    villages: list[RefVillage],
    sites: list[RefSite],
    inspections: list[RefInspection],
    distance_m: float,
    kinds: tuple[str, ...],
) -> dict[str, RefResult]:
    counted = counted_sites(sites, inspections, kinds)
    xy = {s.id: _TO_METRIC.transform(s.lon, s.lat) for s in counted}
    result = {}
    for v in villages:
        in_village = any(s.village_code == v.code for s in counted)
        nearest, best = None, None
        if v.lon is not None:
            vx, vy = _TO_METRIC.transform(v.lon, v.lat)
            for s in counted:
                d = math.hypot(xy[s.id][0] - vx, xy[s.id][1] - vy)
                if best is None or d < best:
                    nearest, best = s.id, d
        if in_village:
            reason = "in_village"
        elif v.lon is None:
            reason = "no_position"
        elif best is not None and best <= distance_m:
            reason = "within_distance"
        else:
            reason = "uncovered"
        status = "covered" if reason in ("in_village", "within_distance") else reason
        result[v.code] = RefResult(status, reason, nearest, best)
    return result
