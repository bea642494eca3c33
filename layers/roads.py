"""The road network routing runs on: by default the OpenStreetMap skeleton of major roads."""

from layers.base import Field, Layer, LegendEntry
from layers.palette import ROAD

ROAD_STYLE = {"color": ROAD, "weight": 1.6, "opacity": 0.8, "shape": "line"}

ROAD_CLASSES = {
    "skeleton": ("主干道路骨架（直线连接节点）", "major-road skeleton (straight node-to-node chords)"),
    "motorway": ("高速公路", "motorway"),
    "trunk": ("国道/快速路", "trunk road"),
    "primary": ("省道/主干路", "primary road"),
    "secondary": ("县道/次干路", "secondary road"),
    "tertiary": ("乡道", "tertiary road"),
    "unclassified": ("村道", "unclassified road"),
    "residential": ("居民区道路", "residential street"),
    "track": ("机耕路", "track"),
}

ROADS = Layer(
    name="roads",
    title_zh="道路（OpenStreetMap 主干道路骨架）",  # the © OpenStreetMap (ODbL) credit is in the footer
    title_en="Roads (OpenStreetMap major-road skeleton)",
    geometry_type="LineString",
    query=(
        "SELECT id, 'road' AS feature, ref, class AS road_class, round(speed_kmh::numeric, 1)::float8 AS speed_kmh, "
        "round((length_m / 1000.0)::numeric, 2)::float8 AS length_km, source, geom FROM road"
    ),
    fields=(
        Field("road_class", "道路等级", "Road class", values=ROAD_CLASSES),
        Field("speed_kmh", "计算车速（公里/小时）", "Speed used (km/h)"),
    ),
    carry=("feature",),
    style=ROAD_STYLE,
    legend=(
        LegendEntry(
            "道路骨架（OpenStreetMap，仅主干道路）",
            "Road skeleton (OpenStreetMap, major roads only)",
            ROAD,
            "line",
            ROAD_STYLE,
            "feature",
            "road",
        ),
    ),
    frames=False,  # context: the map frames what the roads serve, not the roads
    simplify=0.0002,
    precision=4,
)
