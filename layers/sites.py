"""Sites a supervisor visits: service centre, live base and stations, warehouses, sorting centre."""

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

SITES = Layer(
    name="sites",
    title_zh="电商站点",
    title_en="E-commerce sites",
    geometry_type="Point",
    query=(
        "SELECT s.id, s.ref, s.name, s.kind, s.status, s.township_code, s.village_code, "
        "t.name AS township_name, s.opened_on, s.source, s.location AS geom "
        "FROM site s LEFT JOIN township t ON t.code = s.township_code"
    ),
    fields=(
        Field("name", "名称", "Name"),
        Field("kind", "类型", "Kind"),
        Field("status", "状态", "Status"),
        Field("township_name", "乡镇", "Township"),
        Field("opened_on", "建成时间", "Opened"),
    ),
    filters=("township_code", "kind", "status", "village_code"),
    style={"radius": 7, "color": "#222222", "weight": 1, "fillOpacity": 0.95},
    style_key="kind",
    styles={kind: {"fillColor": colour} for kind, (_zh, _en, colour) in SITE_KINDS.items()},
    legend=tuple(LegendEntry(zh, en, colour, "circle") for zh, en, colour in SITE_KINDS.values()),
)
