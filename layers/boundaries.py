"""The county outline and the township outlines."""

from layers.base import Field, Layer, LegendEntry

COUNTY = Layer(
    name="county",
    title_zh="县（市）界",
    title_en="County boundary",
    geometry_type="MultiPolygon",
    query="SELECT 0 AS id, code, name, source, geom FROM county",
    fields=(Field("name", "名称", "Name"), Field("code", "代码", "Code")),
    style={"color": "#444444", "weight": 2.5, "fill": False},
    legend=(LegendEntry("县界", "County boundary", "#444444", "line"),),
    simplify=0.0005,  # about 50 m: under a pixel when the whole county fills a screen
    precision=4,
)

TOWNSHIPS = Layer(
    name="townships",
    title_zh="乡镇（街道）",
    title_en="Townships",
    geometry_type="MultiPolygon",
    query=(
        "SELECT row_number() OVER (ORDER BY code) AS id, code, name, kind, code AS township_code, "
        "geom_source, source, geom FROM township"
    ),
    fields=(
        Field("name", "乡镇", "Township"),
        Field("code", "统计代码", "Statistical code"),
        Field("geom_source", "边界来源", "Outline source"),
    ),
    filters=("township_code",),
    style={"color": "#7a7a7a", "weight": 1, "dashArray": "4 3", "fillColor": "#f2efe6", "fillOpacity": 0.35},
    legend=(LegendEntry("乡镇（近似边界）", "Township (approximate outline)", "#f2efe6", "square"),),
    simplify=0.0005,
    precision=4,
)
