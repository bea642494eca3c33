"""The county outline and the township outlines."""

from geo.vocab import GEOM_SOURCE, TOWNSHIP_KIND
from layers import palette
from layers.base import Field, Layer, LegendEntry

TOWNSHIP_STYLE = {
    "color": palette.TOWNSHIP_OUTLINE,
    "weight": 1,
    "dashArray": "4 3",
    "fillColor": palette.TOWNSHIP_FILL,
    "fillOpacity": 0.35,
}

COUNTY = Layer(
    name="county",
    title_zh="县（市）界",
    title_en="County boundary",
    geometry_type="MultiPolygon",
    query="SELECT 0 AS id, code, name, source, geom FROM county",
    fields=(Field("name", "名称", "Name"), Field("code", "代码", "Code")),
    style={"color": palette.COUNTY_BOUNDARY, "weight": 2.5, "fill": False},
    legend=(
        LegendEntry(
            "县界",
            "County boundary",
            palette.COUNTY_BOUNDARY,
            "line",
            {"shape": "line", "color": palette.COUNTY_BOUNDARY, "weight": 2.5},
        ),
    ),
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
        Field("kind", "类型", "Kind", values=dict(TOWNSHIP_KIND.words)),
        Field("geom_source", "边界来源", "Outline source", values=dict(GEOM_SOURCE.words)),
    ),
    filters=("township_code",),
    style=TOWNSHIP_STYLE,
    legend=(
        LegendEntry(
            "乡镇（近似边界）",
            "Township (approximate outline)",
            palette.TOWNSHIP_FILL,
            "polygon",
            {**TOWNSHIP_STYLE, "shape": "polygon"},
        ),
    ),
    simplify=0.0005,
    precision=4,
)
