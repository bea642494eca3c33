"""Coordinate systems a Chinese GIS user meets, and conversions between them.

- WGS 84 (EPSG:4326) is how everything is stored; CGCS2000 (EPSG:4490) is treated
  as equal to it at map scale (they differ by centimetres).
- GCJ-02 (Amap/高德, Tencent) and BD-09 (Baidu) are obfuscated frames with no EPSG
  code; they are converted with the published forward formulas, vectorised over numpy arrays,
  and their precise iterative inverses (the "bored" fixed point of ``prcoords``, to ~0.1 mm).
- Distances and areas use the county's metric CRS: the WGS 84 UTM zone of its outline
  (``county.metric_srid``, :func:`geo.vocab.utm_epsg`); ``METRIC`` is only the default (Mangshi's).
"""

from __future__ import annotations

from collections.abc import Callable

import geopandas as gpd
import numpy as np
import shapely
from pyproj import CRS

from geo.errors import InvalidInput
from geo.vocab import DEFAULT_METRIC_EPSG, utm_epsg

WGS84 = "EPSG:4326"
CGCS2000 = "EPSG:4490"
METRIC = f"EPSG:{DEFAULT_METRIC_EPSG}"  # the default metric CRS (Mangshi's UTM zone); counties carry their own


def metric_crs(srid: int | None = None, lonlat: tuple[float, float] | None = None) -> str:
    """The metric CRS as text: EPSG ``srid``, else the UTM zone of ``lonlat``, else the default."""
    if srid is not None:
        return f"EPSG:{int(srid)}"
    if lonlat is not None:
        return f"EPSG:{utm_epsg(*lonlat)}"
    return METRIC


# Names a clerk may type for the frame of a file without a usable CRS.
FRAME_ALIASES = {
    "wgs84": WGS84,
    "epsg:4326": WGS84,
    "4326": WGS84,
    "cgcs2000": CGCS2000,
    "epsg:4490": CGCS2000,
    "4490": CGCS2000,
    "gcj02": "gcj02",
    "gcj-02": "gcj02",
    "amap": "gcj02",
    "gaode": "gcj02",
    "tencent": "gcj02",
    "bd09": "bd09",
    "bd-09": "bd09",
    "baidu": "bd09",
}


GCJ_A, GCJ_EE = 6378245.0, 0.00669342162296594323  # Krasovsky 1940, as the formula uses
BD_DLON, BD_DLAT = 0.0065, 0.0060
_FIXED_POINT_EPS = 1e-10  # degrees (~0.01 mm)

Arrays = tuple[np.ndarray, np.ndarray]


def lonlat_wgs84_to_gcj02(lon: np.ndarray, lat: np.ndarray) -> Arrays:
    """The published GCJ-02 forward formula, vectorised."""
    x, y = lon - 105.0, lat - 35.0
    dlat = (
        -100.0
        + 2.0 * x
        + 3.0 * y
        + 0.2 * y * y
        + 0.1 * x * y
        + 0.2 * np.sqrt(np.abs(x))
        + (20.0 * np.sin(6.0 * x * np.pi) + 20.0 * np.sin(2.0 * x * np.pi)) * 2.0 / 3.0
        + (20.0 * np.sin(y * np.pi) + 40.0 * np.sin(y / 3.0 * np.pi)) * 2.0 / 3.0
        + (160.0 * np.sin(y / 12.0 * np.pi) + 320 * np.sin(y * np.pi / 30.0)) * 2.0 / 3.0
    )
    dlon = (
        300.0
        + x
        + 2.0 * y
        + 0.1 * x * x
        + 0.1 * x * y
        + 0.1 * np.sqrt(np.abs(x))
        + (20.0 * np.sin(6.0 * x * np.pi) + 20.0 * np.sin(2.0 * x * np.pi)) * 2.0 / 3.0
        + (20.0 * np.sin(x * np.pi) + 40.0 * np.sin(x / 3.0 * np.pi)) * 2.0 / 3.0
        + (150.0 * np.sin(x / 12.0 * np.pi) + 300.0 * np.sin(x / 30.0 * np.pi)) * 2.0 / 3.0
    )
    rad = lat / 180.0 * np.pi
    magic = 1 - GCJ_EE * np.sin(rad) ** 2
    sq = np.sqrt(magic)
    dlat = (dlat * 180.0) / ((GCJ_A * (1 - GCJ_EE)) / (magic * sq) * np.pi)
    dlon = (dlon * 180.0) / (GCJ_A / sq * np.cos(rad) * np.pi)
    return lon + dlon, lat + dlat


def _gcj02_to_bd09(lon: np.ndarray, lat: np.ndarray) -> Arrays:
    r = np.hypot(lon, lat) + 0.00002 * np.sin(np.radians(lat) * 3000)
    theta = np.arctan2(lat, lon) + 0.000003 * np.cos(np.radians(lon) * 3000)
    return r * np.cos(theta) + BD_DLON, r * np.sin(theta) + BD_DLAT


def _wgs84_to_bd09(lon: np.ndarray, lat: np.ndarray) -> Arrays:
    return _gcj02_to_bd09(*lonlat_wgs84_to_gcj02(lon, lat))


def _invert(forward: Callable[[np.ndarray, np.ndarray], Arrays], lon: np.ndarray, lat: np.ndarray) -> Arrays:
    """The WGS 84 point whose forward image is (lon, lat): fixed-point iteration from the rough guess."""
    flon, flat = forward(lon, lat)
    wlon, wlat = lon - (flon - lon), lat - (flat - lat)
    for _ in range(10):
        flon, flat = forward(wlon, wlat)
        dlon, dlat = flon - lon, flat - lat
        wlon, wlat = wlon - dlon, wlat - dlat
        if not len(dlon) or max(np.abs(dlon).max(), np.abs(dlat).max()) < _FIXED_POINT_EPS:
            break
    return wlon, wlat


def _apply(geoms: gpd.GeoSeries, fn: Callable[[np.ndarray, np.ndarray], Arrays]) -> gpd.GeoSeries:
    """Apply a vectorised (lon, lat) -> (lon, lat) function to every vertex of every geometry at once."""

    def vertices(coords: np.ndarray) -> np.ndarray:
        lon, lat = fn(coords[:, 0], coords[:, 1])
        return np.column_stack([lon, lat])

    return gpd.GeoSeries(shapely.transform(geoms.values, vertices), index=geoms.index, crs=WGS84)


def wgs84_to_gcj02(geoms: gpd.GeoSeries) -> gpd.GeoSeries:
    """Shift WGS 84 geometries into GCJ-02, e.g. to draw them over Amap tiles."""
    return _apply(geoms, lonlat_wgs84_to_gcj02)


def gcj02_to_wgs84(geoms: gpd.GeoSeries) -> gpd.GeoSeries:
    return _apply(geoms, lambda lon, lat: _invert(lonlat_wgs84_to_gcj02, lon, lat))


def bd09_to_wgs84(geoms: gpd.GeoSeries) -> gpd.GeoSeries:
    return _apply(geoms, lambda lon, lat: _invert(_wgs84_to_bd09, lon, lat))


def resolve_frame(name: str | None) -> str | None:
    if name is None:
        return None
    key = name.strip().lower()
    if key in FRAME_ALIASES:
        return FRAME_ALIASES[key]
    try:
        return CRS.from_user_input(name).to_string()
    except Exception as exc:  # pyproj raises CRSError with a terse text
        raise InvalidInput(
            f"无法识别的坐标系“{name}”。可用：wgs84、cgcs2000、gcj02（高德/腾讯）、bd09（百度）或 EPSG 代码。\n"
            f"Unknown coordinate system '{name}'. Use wgs84, cgcs2000, gcj02 (Amap/Tencent), bd09 (Baidu) or an EPSG code."
        ) from exc


def to_wgs84(gdf: gpd.GeoDataFrame, frame: str | None = None) -> gpd.GeoDataFrame:
    """Return ``gdf`` in EPSG:4326.

    ``frame`` names the frame the coordinates are really in when the file cannot say
    (GCJ-02 and BD-09 never can). Without it, the file's own CRS is used; a file
    with neither is refused rather than guessed.
    """
    declared = resolve_frame(frame)
    if declared in ("gcj02", "bd09"):
        if gdf.crs is not None and not CRS(gdf.crs).is_geographic:
            raise InvalidInput(
                "文件是投影坐标系，不可能是 GCJ-02/BD-09 经纬度。\n"
                "The file is in a projected CRS, so it cannot be GCJ-02/BD-09 longitude/latitude."
            )
        _check_lonlat_range(gdf)
        convert = gcj02_to_wgs84 if declared == "gcj02" else bd09_to_wgs84
        return gdf.set_geometry(convert(gdf.geometry.set_crs(None, allow_override=True)), crs=WGS84)
    if declared is not None:
        if gdf.crs is not None and CRS(gdf.crs) != CRS(declared) and not _equivalent(gdf.crs, declared):
            raise InvalidInput(
                f"文件自带坐标系 {CRS(gdf.crs).to_string()}，与指定的 {declared} 不一致。\n"
                f"The file says its CRS is {CRS(gdf.crs).to_string()}, but {declared} was given."
            )
        gdf = gdf.set_crs(declared, allow_override=True)
    if gdf.crs is None:
        raise InvalidInput(
            "文件没有坐标系信息，请指明坐标系（wgs84、cgcs2000、gcj02 或 bd09）。\n"
            "The file does not say which coordinate system it uses; give one (wgs84, cgcs2000, gcj02 or bd09)."
        )
    if CRS(gdf.crs).is_geographic:
        _check_lonlat_range(gdf)
    out = gdf.to_crs(WGS84)
    _check_lonlat_range(out)
    return out


def _equivalent(a: object, b: str) -> bool:
    # WGS 84 and CGCS2000 are interchangeable at map scale; so are their CRS84 spellings.
    geographic = {CRS(WGS84), CRS(CGCS2000), CRS("OGC:CRS84")}
    return CRS(a) in geographic and CRS(b) in geographic


def _check_lonlat_range(gdf: gpd.GeoDataFrame) -> None:
    if gdf.empty:
        return
    minx, miny, maxx, maxy = gdf.total_bounds
    if not (-180 <= minx <= maxx <= 180 and -90 <= miny <= maxy <= 90):
        raise InvalidInput(
            f"坐标超出经纬度范围（{minx:.0f}, {miny:.0f} … {maxx:.0f}, {maxy:.0f}），"
            "文件可能是投影坐标却被当作经纬度，或经度、纬度颠倒。请检查坐标系。\n"
            f"Coordinates out of longitude/latitude range ({minx:.0f}, {miny:.0f} … {maxx:.0f}, {maxy:.0f}): "
            "the file is probably projected but labelled as lon/lat, or longitude and latitude are swapped. Check its coordinate system."
        )
