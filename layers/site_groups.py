"""The sites split by kind group, so a map can show, hide and filter each group on its own."""

from layers.sites import site_layer

SERVICE_CENTRE = site_layer(
    "service_centre", "电子商务公共服务中心", "Public service centre", ("service_centre",), radius=9
)
LIVE_STREAMING = site_layer(
    "live_streaming",
    "直播矩阵（基地与直播站点）",
    "Live-streaming matrix (base and stations)",
    ("live_base", "live_station"),
)
STATIONS = site_layer(
    "stations",
    "乡镇、村级电商服务站",
    "Township and village e-commerce stations",
    ("township_station", "village_station"),
    radius=6,
)
LOGISTICS_HUBS = site_layer(
    "logistics_hubs", "仓储物流与分拣中心", "Warehouses and sorting centre", ("warehouse", "sorting_centre"), radius=9
)
