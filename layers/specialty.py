"""E-commerce specialty villages (电商特色村) with their latest yearly figures."""

from layers import palette
from layers.base import Field, Layer, LegendEntry

# Okabe–Ito yellow, half transparent, with a dark outline: under the site symbols it marks the village.
SPECIALTY_STYLE = {
    "radius": 12,
    "color": "#8a7a00",
    "weight": 2.5,
    "fillColor": palette.OKABE_ITO["yellow"],
    "fillOpacity": 0.45,
}

SPECIALTY_VILLAGES = Layer(
    name="specialty_villages",
    title_zh="电商特色村",
    title_en="E-commerce specialty villages",
    geometry_type="Point",
    query=(
        "SELECT row_number() OVER (ORDER BY v.code) AS id, v.code, v.name, v.township_code, t.name AS township_name, "
        "sv.year, sv.product, sv.brand, sv.online_sales_yuan, sv.active_shops, sv.jobs_driven, sv.trainees, "
        "sv.source, v.location AS geom "
        "FROM (SELECT DISTINCT ON (village_code) * FROM specialty_village ORDER BY village_code, year DESC) sv "
        "JOIN village v ON v.code = sv.village_code JOIN township t ON t.code = v.township_code "
        "WHERE v.location IS NOT NULL"
    ),
    fields=(
        Field("name", "特色村", "Specialty village"),
        Field("township_name", "乡镇", "Township"),
        Field("product", "特色产品", "Product"),
        Field("brand", "品牌", "Brand"),
        Field("year", "年度", "Year"),
        Field("online_sales_yuan", "网络销售额（元）", "Online sales (yuan)"),
        Field("active_shops", "活跃网店", "Active online shops"),
        Field("jobs_driven", "带动就业创业（人）", "Jobs and start-ups driven"),
        Field("trainees", "培训（人次）", "Trainees"),
    ),
    filters=("township_code",),
    style=SPECIALTY_STYLE,
    legend=(LegendEntry("电商特色村", "E-commerce specialty village", "#F0E442", "circle", SPECIALTY_STYLE),),
)
