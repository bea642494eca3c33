"""Base maps: none (the county and townships are the base; no request leaves the machine),
Tianditu (天地图, official; needs a key), OpenStreetMap, and Amap (高德, GCJ-02 tiles: every
overlay is shifted to GCJ-02 before drawing, see ``maps.page``).

The Tianditu key is an argument (the settings' ``tianditu_key``, handed down by the route or the CLI)."""

from __future__ import annotations

from dataclasses import dataclass

import folium
import xyzservices.providers as xyz

from geo.errors import InvalidInput
from maps.i18n import choose

BASEMAPS = ("none", "tianditu", "osm", "amap")

_TIANDITU = (
    "https://t{s}.tianditu.gov.cn/{layer}_w/wmts?SERVICE=WMTS&REQUEST=GetTile&VERSION=1.0.0&LAYER={layer}"
    "&STYLE=default&TILEMATRIXSET=w&FORMAT=tiles&TILEMATRIX={z}&TILEROW={y}&TILECOL={x}&tk={key}"
)


@dataclass(frozen=True)
class Tiles:
    url: str
    attribution: str
    title_zh: str
    title_en: str
    subdomains: str = "abc"
    overlay: bool = False  # a label layer drawn over the base


def check(name: str, tianditu_key: str | None = None) -> str:
    if name not in BASEMAPS:
        raise InvalidInput(
            f"没有名为“{name}”的底图。可用：{', '.join(BASEMAPS)}\nNo base map named '{name}'. Base maps: {', '.join(BASEMAPS)}",
            detail={"valid": list(BASEMAPS)},
        )
    if name == "tianditu" and not tianditu_key:
        raise InvalidInput(
            "天地图底图需要密钥：请在环境变量 FIELDMAP_TIANDITU_KEY（或 .env）中设置天地图 key 后重启服务；"
            "也可改用 basemap=none（离线）、osm 或 amap。\n"
            "The Tianditu base map needs a key: set FIELDMAP_TIANDITU_KEY (environment or .env) and restart; "
            "or use basemap=none (offline), osm or amap."
        )
    return name


def needs_gcj02(name: str) -> bool:
    """Amap tiles are drawn in GCJ-02, so WGS 84 overlays must be shifted to match them."""
    return name == "amap"


def tiles(name: str, lang: str, tianditu_key: str | None = None) -> list[Tiles]:
    if name == "none":
        return []
    if name == "osm":
        p = xyz.OpenStreetMap.Mapnik
        return [Tiles(p.url, p.html_attribution, "OpenStreetMap", "OpenStreetMap", subdomains="abc")]
    if name == "amap":
        p = xyz.Gaode.Normal
        url = p.url.replace("http://webrd01.", "https://webrd0{s}.")
        return [Tiles(url, p.html_attribution, "高德地图", "Amap (Gaode)", subdomains="1234")]
    key = check(name, tianditu_key) and tianditu_key
    label = choose("cva", "eva", lang)  # Chinese or English place-name labels
    attribution = '&copy; <a href="https://www.tianditu.gov.cn/">天地图 Tianditu</a>'
    return [
        Tiles(
            _TIANDITU.format(layer="vec", key=key, s="{s}", x="{x}", y="{y}", z="{z}"),
            attribution,
            "天地图矢量",
            "Tianditu vector",
            subdomains="01234567",
        ),
        Tiles(
            _TIANDITU.format(layer=label, key=key, s="{s}", x="{x}", y="{y}", z="{z}"),
            attribution,
            "天地图注记",
            "Tianditu labels",
            subdomains="01234567",
            overlay=True,
        ),
    ]


def add_tiles(m: folium.Map, name: str, lang: str, tianditu_key: str | None = None) -> None:
    for t in tiles(name, lang, tianditu_key):
        folium.TileLayer(
            tiles=t.url,
            attr=t.attribution,
            name=choose(t.title_zh, t.title_en, lang),
            subdomains=t.subdomains,
            overlay=t.overlay,
            control=True,
            max_zoom=18,
        ).add_to(m)
