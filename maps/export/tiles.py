"""Tile base maps under a static export, loaded completely before the picture is drawn.

All or nothing: one probe tile first (an offline machine answers in seconds, not minutes),
then every tile of the extent; if any is missing the export uses the vector base and says
so on the picture. Tiles are Web Mercator; they are warped onto the export's UTM 47N grid
pixel by pixel, and Amap's GCJ-02 tiles are read at the GCJ-02 position of each WGS 84
pixel, so the vector layers stay where they belong.
"""

from __future__ import annotations

import io
import math
import time
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

import numpy as np
from PIL import Image
from pyproj import Transformer

from geo.io.crs import WGS84
from geo.io.crs import lonlat_wgs84_to_gcj02 as wgs84_to_gcj02  # one formula, vectorised
from geo.vocab import DEFAULT_METRIC_EPSG

TILE = 256
MAX_TILES = 144
TIMEOUT_S = 4.0
USER_AGENT = "fieldmap/0.1 (static map export)"
RETRY_AFTER_S = 60.0  # a provider that just failed is not asked again for a minute

_down: dict[str, tuple[float, tuple[str, str]]] = {}  # provider -> (when it failed, (reason, detail))


@dataclass(frozen=True)
class Provider:
    urls: tuple[str, ...]  # drawn in order (e.g. Tianditu map + its labels)
    attribution: str
    gcj02: bool = False
    needs_key: bool = False


PROVIDERS: dict[str, Provider] = {
    "osm": Provider(("https://tile.openstreetmap.org/{z}/{x}/{y}.png",), "© OpenStreetMap contributors"),
    "amap": Provider(
        ("https://webrd01.is.autonavi.com/appmaptile?lang=zh_cn&size=1&scale=1&style=8&x={x}&y={y}&z={z}",),
        "© 高德地图 AutoNavi",
        gcj02=True,
    ),
    "tianditu": Provider(
        (
            "https://t0.tianditu.gov.cn/vec_w/wmts?SERVICE=WMTS&REQUEST=GetTile&VERSION=1.0.0&LAYER=vec&STYLE=default"
            "&TILEMATRIXSET=w&FORMAT=tiles&TILEMATRIX={z}&TILEROW={y}&TILECOL={x}&tk={key}",
            "https://t0.tianditu.gov.cn/cva_w/wmts?SERVICE=WMTS&REQUEST=GetTile&VERSION=1.0.0&LAYER=cva&STYLE=default"
            "&TILEMATRIXSET=w&FORMAT=tiles&TILEMATRIX={z}&TILEROW={y}&TILECOL={x}&tk={key}",
        ),
        "© 天地图 Tianditu",
        needs_key=True,
    ),
}


class TilesUnavailable(Exception):
    """Why the tiles could not be used: ``reason`` is a code for the short note on the picture
    (``REASONS``); the message keeps the technical detail for the log and the response header."""

    def __init__(self, reason: str, detail: str = "") -> None:
        super().__init__(detail or reason)
        self.reason = reason


# Short reasons a reader can act on, never an exception text on a map.
REASONS = {
    "no_key": ("未配置天地图密钥", "no Tianditu key configured"),
    "timeout": ("瓦片服务器无响应", "the tile server did not answer"),
    "unreachable": ("无法连接瓦片服务器（离线或被拦截）", "the tile server cannot be reached (offline or blocked)"),
    "refused": ("瓦片服务器拒绝请求", "the tile server refused the request"),
    "bad_tile": ("瓦片无法读取", "a tile could not be read"),
}


def _reason_of(exc: Exception) -> str:
    import socket
    import urllib.error

    if isinstance(exc, urllib.error.HTTPError):
        return "refused"
    cause = getattr(exc, "reason", exc)
    if isinstance(cause, (TimeoutError, socket.timeout)) or "timed out" in str(cause):
        return "timeout"
    if isinstance(exc, (urllib.error.URLError, OSError)):
        return "unreachable"
    return "bad_tile"


@dataclass(frozen=True)
class Mosaic:
    image: np.ndarray  # RGBA uint8, Web Mercator pixels
    zoom: int
    x0: int  # global pixel of the left/top edge
    y0: int
    gcj02: bool
    attribution: str


def load(
    name: str,
    extent: tuple[float, float, float, float],
    width_px: int,
    key: str | None = None,
    srid: int = DEFAULT_METRIC_EPSG,
) -> Mosaic:
    """Every tile covering ``extent`` (EPSG ``srid``, the drawing CRS) at about ``width_px`` across;
    raises TilesUnavailable."""
    provider = PROVIDERS[name]
    if provider.needs_key and not key:
        raise TilesUnavailable("no_key", "no Tianditu key (FIELDMAP_TIANDITU_KEY)")
    lon0, lat0, lon1, lat1 = _lonlat_bounds(extent, srid)
    zoom = _zoom(extent, width_px, (lat0 + lat1) / 2)
    while True:
        (tx0, ty0), (tx1, ty1) = _tile(lon0, lat1, zoom), _tile(lon1, lat0, zoom)
        if (tx1 - tx0 + 1) * (ty1 - ty0 + 1) <= MAX_TILES or zoom <= 1:
            break
        zoom -= 1
    jobs = [(x, y) for y in range(ty0, ty1 + 1) for x in range(tx0, tx1 + 1)]
    urls = [u.replace("{key}", key or "") for u in provider.urls]
    failed = _down.get(name)
    if failed and time.monotonic() - failed[0] < RETRY_AFTER_S:
        raise TilesUnavailable(*failed[1])
    try:
        _fetch(urls[0].format(z=zoom, x=jobs[0][0], y=jobs[0][1]))  # probe: fail fast when offline
    except TilesUnavailable as exc:
        _down[name] = (time.monotonic(), (exc.reason, str(exc)))
        raise
    image = np.zeros(((ty1 - ty0 + 1) * TILE, (tx1 - tx0 + 1) * TILE, 4), dtype=np.uint8)
    with ThreadPoolExecutor(max_workers=6) as pool:
        for url in urls:
            tiles = list(pool.map(lambda xy, u=url: _fetch(u.format(z=zoom, x=xy[0], y=xy[1])), jobs))
            for (x, y), tile in zip(jobs, tiles):
                r, c = (y - ty0) * TILE, (x - tx0) * TILE
                layer = image[r : r + TILE, c : c + TILE]
                alpha = tile[..., 3:4].astype(float) / 255
                layer[...] = (tile * alpha + layer * (1 - alpha)).astype(np.uint8)
                layer[..., 3] = np.maximum(layer[..., 3], tile[..., 3])
    return Mosaic(image, zoom, tx0 * TILE, ty0 * TILE, provider.gcj02, provider.attribution)


def warp(
    mosaic: Mosaic, extent: tuple[float, float, float, float], shape: tuple[int, int], srid: int = DEFAULT_METRIC_EPSG
) -> np.ndarray:
    """The mosaic resampled onto a (rows, cols) grid of EPSG ``srid`` over ``extent`` (top row first)."""
    rows, cols = shape
    xs = np.linspace(extent[0], extent[2], cols)
    ys = np.linspace(extent[3], extent[1], rows)
    gx, gy = np.meshgrid(xs, ys)
    lon, lat = Transformer.from_crs(f"EPSG:{int(srid)}", WGS84, always_xy=True).transform(gx, gy)
    if mosaic.gcj02:
        lon, lat = wgs84_to_gcj02(lon, lat)
    px, py = _global_px(lon, lat, mosaic.zoom)
    ix, iy = np.floor(px - mosaic.x0).astype(int), np.floor(py - mosaic.y0).astype(int)
    h, w = mosaic.image.shape[:2]
    inside = (ix >= 0) & (ix < w) & (iy >= 0) & (iy < h)
    out = np.zeros((rows, cols, 4), dtype=np.uint8)
    out[inside] = mosaic.image[iy[inside], ix[inside]]
    return out


def _fetch(url: str) -> np.ndarray:
    try:
        request = urllib.request.Request(url, headers={"User-Agent": USER_AGENT})
        with urllib.request.urlopen(request, timeout=TIMEOUT_S) as response:  # noqa: S310 - fixed https templates
            return np.asarray(Image.open(io.BytesIO(response.read())).convert("RGBA").resize((TILE, TILE)))
    except Exception as exc:  # any failure means "no tiles": the caller falls back to vectors
        raise TilesUnavailable(_reason_of(exc), f"{type(exc).__name__}: {exc}"[:160]) from exc


def _lonlat_bounds(
    extent: tuple[float, float, float, float], srid: int = DEFAULT_METRIC_EPSG
) -> tuple[float, float, float, float]:
    tr = Transformer.from_crs(f"EPSG:{int(srid)}", WGS84, always_xy=True)
    lon, lat = tr.transform([extent[0], extent[2], extent[0], extent[2]], [extent[1], extent[1], extent[3], extent[3]])
    pad = 0.01  # GCJ-02 shifts by a few hundred metres
    return min(lon) - pad, min(lat) - pad, max(lon) + pad, max(lat) + pad


def _zoom(extent: tuple[float, float, float, float], width_px: int, lat: float) -> int:
    metres_per_px = (extent[2] - extent[0]) / max(width_px, 1)
    z = math.ceil(math.log2(156543.03392 * math.cos(math.radians(lat)) / metres_per_px))
    return max(1, min(18, z))


def _global_px(lon, lat, zoom: int):  # noqa: ANN001, ANN202
    n = TILE * 2**zoom
    rad = np.radians(lat)
    return (np.asarray(lon) + 180.0) / 360.0 * n, (1 - np.log(np.tan(rad) + 1 / np.cos(rad)) / np.pi) / 2 * n


def _tile(lon: float, lat: float, zoom: int) -> tuple[int, int]:
    px, py = _global_px(lon, lat, zoom)
    return int(px // TILE), int(py // TILE)
