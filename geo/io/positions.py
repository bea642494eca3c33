"""Longitude/latitude columns of a sheet -> WGS 84 points, row by row.

Each row is judged on its own: an unparseable number, a value out of range or a swapped pair
is a problem of that row (with the value as typed), never a file-wide refusal that hides the
others. Points are converted from the declared frame (GCJ-02, BD-09 …) to WGS 84; the swapped
reading of every row is converted too, so the checks can recognise a swap and suggest the fix.
"""

from __future__ import annotations

import geopandas as gpd
import pandas as pd
import shapely
from pyproj import CRS

from geo.io.crs import resolve_frame, to_wgs84
from geo.io.validate import Problems, Rows, parse_number


def place_points(data: Rows, frame: str | None) -> None:
    """Fill ``data.geoms``, ``typed_position`` and ``swapped`` from the lon/lat columns (in place)."""
    n = len(data.frame)
    lon_raw = data.frame["lon"].tolist() if "lon" in data.frame.columns else [None] * n
    lat_raw = data.frame["lat"].tolist() if "lat" in data.frame.columns else [None] * n
    problems = Problems(data)
    declared = resolve_frame(frame)
    geographic = declared in (None, "gcj02", "bd09") or CRS(declared).is_geographic
    xs: list[float | None] = [None] * n
    ys: list[float | None] = [None] * n
    typed: list[str | None] = [None] * n
    for i, (x_raw, y_raw) in enumerate(zip(lon_raw, lat_raw)):
        x_raw, y_raw = _blank(x_raw), _blank(y_raw)
        if x_raw is None and y_raw is None:
            continue
        typed[i] = f"{x_raw or ''}, {y_raw or ''}"
        x = _number(x_raw, "lon", i, problems)
        y = _number(y_raw, "lat", i, problems)
        if x is None or y is None:
            data.position_bad.add(i)
            continue
        if geographic and not (-180 <= x <= 180 and -90 <= y <= 90):
            if -90 <= x <= 90 and -180 <= y <= 180:
                problems.add(
                    i,
                    "lat",
                    y_raw,
                    f"纬度超出 ±90°：经度、纬度填反了，请把两列对调（经度 {y_raw}，纬度 {x_raw}）",
                    f"latitude beyond ±90°: longitude and latitude are swapped; exchange them "
                    f"(longitude {y_raw}, latitude {x_raw})",
                )
            else:
                problems.add(
                    i,
                    "lon",
                    typed[i],
                    "超出经纬度范围：可能是投影坐标（米），请声明其坐标系",
                    "out of longitude/latitude range: probably projected metres; declare their coordinate system",
                )
            data.position_bad.add(i)
            continue
        xs[i], ys[i] = x, y
    data.typed_position = typed
    lonlat = [(x, y) if x is not None and y is not None else None for x, y in zip(xs, ys)]
    data.lonlat = lonlat
    good = [i for i in range(n) if lonlat[i] is not None]
    data.geoms = [None] * n
    data.swapped = [None] * n
    if not good:
        _carry(problems, data)
        return
    points = gpd.GeoDataFrame(geometry=gpd.points_from_xy([xs[i] for i in good], [ys[i] for i in good]), crs=None)
    converted = to_wgs84(points, frame).geometry.tolist()
    swappable = (
        [i for i, p in enumerate(lonlat) if p is not None and -90 <= p[0] <= 90 and -180 <= p[1] <= 180]
        if geographic
        else []
    )
    if swappable:
        flipped = gpd.GeoDataFrame(
            geometry=gpd.points_from_xy([ys[i] for i in swappable], [xs[i] for i in swappable]), crs=None
        )
        for i, g in zip(swappable, to_wgs84(flipped, frame).geometry.tolist()):
            data.swapped[i] = g
    for i, g in zip(good, converted):
        data.geoms[i] = g
    _carry(problems, data)


def _carry(problems: Problems, data: Rows) -> None:
    data.early.extend(problems.items)


def _blank(value: object) -> str | None:
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return None
    text = str(value).strip()
    return text or None


def _number(raw: str | None, column: str, i: int, problems: Problems) -> float | None:
    if raw is None:
        problems.add(i, column, None, "为空：经度和纬度须同时填写", "is empty: give both longitude and latitude")
        return None
    try:
        return parse_number(raw)
    except (ValueError, TypeError):
        problems.add(i, column, raw, "不是数字", "is not a number")
        return None


def vector_positions(data: Rows, gdf: gpd.GeoDataFrame, frame: str | None) -> None:
    """GeoJSON/GeoPackage/Shapefile geometry in WGS 84 (the file's own CRS, or the declared one)."""
    if gdf.geometry.notna().any():
        gdf = to_wgs84(gdf, frame)
    data.geoms = [None if g is None or g.is_empty else g for g in gdf.geometry]
    data.swapped = [
        shapely.Point(g.y, g.x) if g is not None and not g.is_empty and g.geom_type == "Point" else None
        for g in gdf.geometry
    ]
