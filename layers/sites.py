"""Sites a supervisor visits: service centre, live base and stations, warehouses, sorting centre."""

from __future__ import annotations

from layers.base import Field, Layer, LegendEntry

# kind -> (zh, en, colour); the order is the legend order.
SITE_KINDS = {
    "service_centre": ("电子商务公共服务中心", "Public service centre", "#6b46c1"),
    "live_base": ("电商直播基地", "Live-streaming base", "#d53f8c"),
    "live_station": ("乡村直播站点", "Village live-streaming station", "#ed64a6"),
    "township_station": ("乡镇电商服务站", "Township e-commerce station", "#dd6b20"),
    "village_station": ("村级电商服务站", "Village e-commerce station", "#38a169"),
    "warehouse": ("仓储物流配送中心", "Warehouse / distribution centre", "#2c5282"),
    "sorting_centre": ("智能分拣中心", "Sorting centre", "#1a365d"),
}
SITE_STATUS = {
    "planned": ("规划中", "planned"),
    "building": ("建设中", "building"),
    "operating": ("运营中", "operating"),
    "suspended": ("暂停", "suspended"),
    "closed": ("已关闭", "closed"),
}
KIND_WORDS = {kind: (zh, en) for kind, (zh, en, _c) in SITE_KINDS.items()}

SITE_QUERY = (
    "SELECT s.id, s.ref, s.name, s.kind, s.status, s.township_code, s.village_code, "
    "t.name AS township_name, s.opened_on, s.source, s.location AS geom "
    "FROM site s LEFT JOIN township t ON t.code = s.township_code"
)
SITE_FIELDS = (
    Field("name", "名称", "Name"),
    Field("kind", "类型", "Kind", values=KIND_WORDS),
    Field("status", "状态", "Status", values=SITE_STATUS),
    Field("township_name", "乡镇", "Township"),
    Field("opened_on", "建成时间", "Opened"),
)
SITE_FILTERS = ("township_code", "kind", "status", "village_code")
SITE_STYLE = {"radius": 7, "color": "#222222", "weight": 1, "fillOpacity": 0.95}


def site_layer(name: str, title_zh: str, title_en: str, kinds: tuple[str, ...] | None = None, radius: float = 7) -> Layer:
    """A point layer of the sites of some kinds (all kinds when ``kinds`` is None)."""
    kinds = kinds or tuple(SITE_KINDS)
    where = "" if set(kinds) == set(SITE_KINDS) else " WHERE s.kind IN (" + ", ".join(f"'{k}'" for k in kinds) + ")"
    return Layer(
        name=name,
        title_zh=title_zh,
        title_en=title_en,
        geometry_type="Point",
        query=SITE_QUERY + where,
        fields=SITE_FIELDS,
        filters=SITE_FILTERS,
        style={**SITE_STYLE, "radius": radius},
        style_key="kind",
        styles={k: {"fillColor": SITE_KINDS[k][2]} for k in kinds},
        legend=tuple(LegendEntry(SITE_KINDS[k][0], SITE_KINDS[k][1], SITE_KINDS[k][2], "circle") for k in kinds),
    )


SITES = site_layer("sites", "电商站点", "E-commerce sites")
