"""Administrative villages and communities; poverty-alleviated villages (脱贫村) drawn apart."""

from layers.base import Field, Layer, LegendEntry

VILLAGE_STYLE = {"radius": 3, "color": "#6b6b6b", "fillColor": "#c8c8c8", "fillOpacity": 0.9, "weight": 1}
POVERTY_STYLE = {**VILLAGE_STYLE, "radius": 4.5, "color": "#222222", "fillColor": "#ffffff", "weight": 1.5}

VILLAGES = Layer(
    name="villages",
    title_zh="行政村（社区）",
    title_en="Villages",
    geometry_type="Point",
    query=(
        "SELECT row_number() OVER (ORDER BY v.code) AS id, v.code, v.name, v.kind, v.kind AS village_kind, v.township_code, "
        "t.name AS township_name, v.poverty_alleviated, v.households, v.poverty_households, "
        "v.location_source, v.source, v.location AS geom "
        "FROM village v JOIN township t ON t.code = v.township_code WHERE v.location IS NOT NULL"
    ),
    fields=(
        Field("name", "名称", "Name"),
        Field("code", "统计代码", "Statistical code"),
        Field("township_name", "乡镇", "Township"),
        Field("poverty_alleviated", "脱贫村", "Poverty-alleviated village"),
        # a village's household counts: officials and above only (geo.privacy.LAYER_FIELD_MIN_ROLE)
        Field("households", "户数", "Households", personal=True),
        Field("poverty_households", "脱贫户数", "Poverty-alleviated households", personal=True),
    ),
    # ``village_kind`` (village/community), not ``kind``: a map passes ?kind= (a site kind) to every layer.
    filters=("township_code", "poverty_alleviated", "village_kind"),
    style=VILLAGE_STYLE,
    style_key="poverty_alleviated",
    styles={"true": POVERTY_STYLE},
    legend=(
        LegendEntry(
            "行政村（社区）", "Village / community", "#c8c8c8", "circle", VILLAGE_STYLE, "poverty_alleviated", False
        ),
        LegendEntry(
            "脱贫村", "Poverty-alleviated village", "#ffffff", "circle", POVERTY_STYLE, "poverty_alleviated", True
        ),
    ),
)
