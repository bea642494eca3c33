"""The county–township–village delivery network (县乡村三级物流配送体系) as lines, built in SQL.

The county hub is the sorting centre (智能分拣中心), or the first warehouse when a county has none.
County tier: hub → every other warehouse and the live-streaming base (goods go up and down there).
Township tier: hub → each township's e-commerce station. Village tier: township station → every
village and live-streaming station in its township; a township with no station of its own is
served straight from the hub. Lines are straight: they show who supplies whom, not the road.
"""

from layers.base import Field, Layer, LegendEntry

TIERS = {
    "county": ("县级：分拣中心 → 仓储/直播基地", "County: hub → warehouses, live base", "#1a365d", 3.5),
    "township": ("乡级：分拣中心 → 乡镇服务站", "Township: hub → township stations", "#2c5282", 2.5),
    "village": ("村级：乡镇服务站 → 村级站点", "Village: township station → village stations", "#4299e1", 1.5),
}

_DEMO = "CASE WHEN 'demo' IN (a.source, b.source) THEN 'demo' ELSE b.source END"
LOGISTICS_SQL = (
    "WITH hub AS (SELECT * FROM site WHERE kind IN ('sorting_centre', 'warehouse') "
    "ORDER BY (kind = 'sorting_centre') DESC, id LIMIT 1), "
    "tn AS (SELECT DISTINCT ON (township_code) * FROM site WHERE kind = 'township_station' ORDER BY township_code, id), "
    "edges AS ("
    f"SELECT 1 AS tier_order, 'county' AS tier, a.name AS from_name, b.id AS to_id, b.name AS to_name, b.kind AS to_kind, "
    f"b.township_code, {_DEMO} AS source, a.location AS p, b.location AS q "
    "FROM hub a JOIN site b ON b.kind IN ('warehouse', 'sorting_centre', 'live_base') AND b.id <> a.id "
    "UNION ALL "
    f"SELECT 2, 'township', a.name, b.id, b.name, b.kind, b.township_code, {_DEMO}, a.location, b.location "
    "FROM hub a CROSS JOIN tn b "
    "UNION ALL "
    f"SELECT 3, 'village', coalesce(t.name, a.name), b.id, b.name, b.kind, b.township_code, "
    "CASE WHEN 'demo' IN (coalesce(t.source, a.source), b.source) THEN 'demo' ELSE b.source END, "
    "coalesce(t.location, a.location), b.location "
    "FROM site b CROSS JOIN hub a LEFT JOIN tn t ON t.township_code = b.township_code "
    "WHERE b.kind IN ('village_station', 'live_station')) "
    "SELECT row_number() OVER (ORDER BY e.tier_order, e.to_id) AS id, e.tier, e.from_name, e.to_id, e.to_name, e.to_kind, "
    "e.township_code, tw.name AS township_name, round(ST_Distance(e.p::geography, e.q::geography))::int AS distance_m, "
    "e.source, ST_MakeLine(e.p, e.q) AS geom "
    "FROM edges e LEFT JOIN township tw ON tw.code = e.township_code"
)

LOGISTICS_NETWORK = Layer(
    name="logistics_network",
    title_zh="县乡村三级物流配送网络",
    title_en="County–township–village delivery network",
    geometry_type="LineString",
    query=LOGISTICS_SQL,
    fields=(
        Field("tier", "层级", "Tier", values={k: (zh, en) for k, (zh, en, _c, _w) in TIERS.items()}),
        Field("from_name", "起点", "From"),
        Field("to_name", "终点", "To"),
        Field("township_name", "乡镇", "Township"),
        Field("distance_m", "直线距离（米）", "Straight-line distance (m)"),
    ),
    filters=("township_code", "tier", "to_id"),
    style={"opacity": 0.85},
    style_key="tier",
    styles={k: {"color": c, "weight": w} for k, (_zh, _en, c, w) in TIERS.items()},
    legend=tuple(LegendEntry(zh, en, c, "line") for zh, en, c, _w in TIERS.values()),
)
