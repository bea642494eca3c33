"""The county–township–village delivery network (县乡村三级物流配送体系) as lines.

Who supplies whom comes from :mod:`geo.analysis.network` (``parent_site`` from the data, else the
nearest site of the level above by travel time). Lines follow the roads (pgRouting path) when a
road network is loaded and the two sites reach it; otherwise they are straight, drawn dashed, and
say so in the popup and the legend.
"""

from __future__ import annotations

from sqlalchemy import Connection

from geo.analysis.network import supply_links
from layers.base import Field, LegendEntry
from layers.computed import ComputedLayer
from layers.reach import PARAMS

TIERS = {
    "county": ("县级：分拣中心 → 仓储/直播基地", "County: hub → warehouses, live base", "#1a365d", 3.5),
    "township": ("乡级：分拣中心 → 乡镇服务站", "Township: hub → township stations", "#2c5282", 2.5),
    "village": ("村级：乡镇服务站 → 村级站点", "Village: township station → village stations", "#4299e1", 1.5),
}
METHODS = {
    "road": ("沿道路（pgRouting 最短时间路径）", "along the roads (pgRouting fastest path)"),
    "straight_line": ("直线（未接入路网）", "straight line (no road connection)"),
}
PARENT_FROM = {
    "data": ("数据中填写的上级站点", "parent site given in the data"),
    "nearest_by_time": ("通行时间最近的乡镇服务站", "nearest township station by travel time"),
    "nearest_straight": (
        "直线最近的乡镇服务站（无道路连接）",
        "nearest township station by straight line (no road link)",
    ),
    "hub": ("县级分拣中心", "the county hub"),
}


def _features(conn: Connection) -> list[dict]:
    order = {"county": 1, "township": 2, "village": 3}
    links = sorted(supply_links(conn, PARAMS), key=lambda link: (order[link["tier"]], link["to_id"]))
    return [
        {"geometry": link.pop("geometry"), "properties": {**link, "id": i, "style": f"{link['tier']}_{link['method']}"}}
        for i, link in enumerate(links, start=1)
    ]


LOGISTICS_NETWORK = ComputedLayer(
    name="logistics_network",
    title_zh="县乡村三级物流配送网络",
    title_en="County–township–village delivery network",
    geometry_type="LineString",
    query="",
    compute=_features,
    fields=(
        Field("tier", "层级", "Tier", values={k: (zh, en) for k, (zh, en, _c, _w) in TIERS.items()}),
        Field("from_name", "起点", "From"),
        Field("to_name", "终点", "To"),
        Field("parent_from", "上级站点来源", "Parent chosen by", values=PARENT_FROM),
        Field("method", "线路", "Line", values=METHODS),
        Field("distance_m", "距离（米）", "Distance (m)"),
    ),
    filters=("township_code", "tier", "to_id", "method"),
    style={"opacity": 0.85},
    style_key="style",
    styles={
        f"{k}_{m}": {"color": c, "weight": w, **({"dashArray": "6 4"} if m == "straight_line" else {})}
        for k, (_zh, _en, c, w) in TIERS.items()
        for m in METHODS
    },
    legend=(
        *(LegendEntry(zh, en, c, "line") for zh, en, c, _w in TIERS.values()),
        LegendEntry(
            "实线：沿道路；虚线：直线（未接入路网）",
            "solid: along roads; dashed: straight (no road link)",
            "#4299e1",
            "line",
        ),
    ),
    precision=4,
    simplify=0.0003,  # road paths: ~30 m, under a pixel at county scale
)
