"""Words that only exports use (zh first, en with lang=en); shared ones live in maps.i18n."""

from __future__ import annotations

from geo.vocab import utm_name
from maps.i18n import word

WORDS = {
    "north": ("北", "N"),
    "source": ("来源", "Source"),
    # the drawing CRS: the county's UTM zone (projection_text fills it in)
    "projection": ("投影：{utm}（EPSG:{epsg}）", "Projection: {utm} (EPSG:{epsg})"),
    "filter": ("筛选", "Filter"),
    "no_match": ("没有符合筛选条件的要素", "no feature matches the filter"),
    "made_by": ("fieldmap 生成", "made with fieldmap"),
    "basemap_fallback": (
        "注：{name}底图未能加载（{why}），改用县界与乡镇矢量底图",
        "Note: {name} base map not loaded ({why}); drawn on the county and township outlines",
    ),
    "basemap_unknown": ("原因不明", "reason unknown"),
    "basemap_osm": ("OpenStreetMap ", "OpenStreetMap"),
    "basemap_amap": ("高德", "Amap"),
    "basemap_tianditu": ("天地图", "Tianditu"),
    "basemap_credit": ("底图：{credit}", "Base map: {credit}"),
}


def w(key: str, lang: str, **fmt: object) -> str:
    return word(WORDS, key, lang).format(**fmt)


def projection_text(srid: int, lang: str) -> str:
    """The footer's projection line for a WGS 84 UTM EPSG code (326xx north, 327xx south)."""
    return w("projection", lang, utm=utm_name(srid), epsg=int(srid))
