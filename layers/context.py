"""Context drawn under every map: the road skeleton, the county seat and the township seats.

Roads are ``layers/roads.py`` (the ``road`` table routing runs on). Seats are the township seats
(``township.seat``); the county seat is the seat of the county's subdistrict (街道), where the
county government sits (芒市: 勐焕街道).
"""

from layers import palette
from layers.base import Field, Layer, LegendEntry

COUNTY_SEAT_STYLE = {
    "radius": 6,
    "color": palette.SEAT,
    "weight": 2,
    "fillColor": "#ffffff",
    "fillOpacity": 1,
    "shape": "seat",
}
TOWN_SEAT_STYLE = {
    "radius": 3.5,
    "color": palette.SEAT,
    "weight": 1.2,
    "fillColor": "#ffffff",
    "fillOpacity": 1,
    "shape": "seat",
}
SEATS = Layer(
    name="seats",
    title_zh="县城与乡镇驻地",
    title_en="County seat and township seats",
    geometry_type="Point",
    query=(
        "SELECT row_number() OVER (ORDER BY t.code) AS id, t.code, t.name, t.code AS township_code, "
        "(t.code = (SELECT min(code) FROM township WHERE kind = 'subdistrict')) AS county_seat, "
        "CASE WHEN t.code = (SELECT min(code) FROM township WHERE kind = 'subdistrict') "
        "THEN c.name END AS seat_label, "
        "coalesce(t.seat_source, t.source) AS source, t.seat AS geom "
        "FROM township t JOIN county c ON c.code = t.county_code WHERE t.seat IS NOT NULL"
    ),
    fields=(Field("name", "驻地", "Seat of"),),
    carry=("county_seat",),
    style=TOWN_SEAT_STYLE,
    style_key="county_seat",
    styles={"true": COUNTY_SEAT_STYLE},
    label_key="seat_label",
    label_words=("{}（县城）", "{} (county seat)"),
    legend=(
        LegendEntry("县城", "County seat", palette.SEAT, "circle", COUNTY_SEAT_STYLE, "county_seat", True),
        LegendEntry("乡镇驻地", "Township seat", palette.SEAT, "circle", TOWN_SEAT_STYLE, "county_seat", False),
    ),
)
