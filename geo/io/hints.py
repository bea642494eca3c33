"""Whole-file hints added to a report (never instead of its rows): a swapped column pair, or
coordinates that fit the villages much better read in another coordinate system."""

from __future__ import annotations

import statistics

import geopandas as gpd
from pyproj import Geod

from geo import vocab
from geo.io.crs import resolve_frame, to_wgs84
from geo.io.report import Problem
from geo.io.tables import TableSpec
from geo.io.validate import Context, Rows

_GEOD = Geod(ellps="WGS84")
MIN_ROWS = 5  # rows with a village position needed before a coordinate-system hint
FRAMES = ("wgs84", "gcj02", "bd09")
SAMPLE = 500


def file_hints(
    spec: TableSpec, data: Rows, ctx: Context, errors: list[Problem], crs: str | None
) -> list[tuple[str, str]]:
    hints: list[tuple[str, str]] = []
    swapped = [p for p in errors if "填反" in p.zh]
    if len(swapped) >= 2:
        hints.append(
            (
                f"有 {len(swapped)} 行经度、纬度填反了：可能整列对调，请检查表头“经度”“纬度”是否写反",
                f"{len(swapped)} rows have longitude and latitude swapped: the two columns may be exchanged; "
                "check the 'longitude' and 'latitude' headers",
            )
        )
    frame = _better_frame(data, ctx, crs)
    if frame is not None:
        name, declared_m, better_m = frame
        hints.append(
            (
                f"这些坐标更像是 {vocab.COORDINATE_FRAME.word(name, 'zh')}：按它解读，与所属村登记位置的距离中位数为 "
                f"{better_m:.0f} 米，按声明的坐标系为 {declared_m:.0f} 米。请确认坐标系",
                f"these coordinates look like {vocab.COORDINATE_FRAME.word(name, 'en')}: read so, the median distance to "
                f"their villages' recorded positions is {better_m:.0f} m, against {declared_m:.0f} m as declared. "
                "Check the coordinate system",
            )
        )
    return hints


def _better_frame(data: Rows, ctx: Context, crs: str | None) -> tuple[str, float, float] | None:
    """(frame, median m as declared, median m in that frame) when another frame fits far better."""
    declared = resolve_frame(crs) if crs else None
    if data.lonlat is None or declared is None or "village_code" not in data.frame.columns:
        return None
    codes = data.frame["village_code"].tolist()
    pairs = [
        (ll, ctx.village_points[str(c).strip()])
        for ll, c in zip(data.lonlat, codes)
        if ll is not None and c is not None and str(c).strip() in ctx.village_points
    ]
    if len(pairs) < MIN_ROWS:
        return None
    pairs = pairs[:: max(1, len(pairs) // SAMPLE)]  # a median needs no more than a sample
    medians = {}
    for frame in FRAMES:
        points = gpd.GeoDataFrame(geometry=gpd.points_from_xy([p[0][0] for p in pairs], [p[0][1] for p in pairs]))
        try:
            converted = to_wgs84(points, frame).geometry
        except Exception:  # noqa: BLE001 - a frame that cannot read these numbers is simply no better
            continue
        _, _, metres = _GEOD.inv(
            converted.x.tolist(), converted.y.tolist(), [p[1][0] for p in pairs], [p[1][1] for p in pairs]
        )
        medians[frame] = statistics.median(metres)
    key = {"EPSG:4326": "wgs84", "EPSG:4490": "wgs84"}.get(declared, declared)
    if key not in medians:
        return None
    best = min(medians, key=medians.__getitem__)
    if best != key and medians[key] > 150 and medians[best] < 0.5 * medians[key]:
        return best, medians[key], medians[best]
    return None
