"""Context under every map: the road skeleton (the ``road`` table, when roads were imported) and
the county seat and township seats (``township.seat``), so a reader knows where things are."""

from layers import palette
from layers.base import Field, Layer, LegendEntry

ROADS = Layer(
    name="roads",
    title_zh="道路",
    title_en="Roads",
    geometry_type="LineString",
    query="SELECT id, class AS road_class, source, geom FROM road",
    style={"color": palette.ROAD, "weight": 1.6, "opacity": 0.8},
    # The default network is a routing skeleton (straight chords between junctions): said so.
    legend=(LegendEntry("主要道路（示意）", "Main roads (schematic)", palette.ROAD, "line"),),
)

# The county seat: the seat of the county's first subdistrict (街道) by code, else its first township.
SEATS = Layer(
    name="seats",
    title_zh="驻地",
    title_en="Seats",
    geometry_type="Point",
    query=(
        "SELECT row_number() OVER (ORDER BY code) AS id, code AS township_code, name, "
        "CASE WHEN row_number() OVER (ORDER BY (kind = 'subdistrict') DESC, code) = 1 THEN 'county' "
        "ELSE 'township' END AS seat_kind, "
        "CASE WHEN seat_source = 'demo' THEN 'demo' ELSE source END AS source, seat AS geom "
        "FROM township WHERE seat IS NOT NULL"
    ),
    fields=(Field("name", "驻地", "Seat of"),),
    filters=("township_code",),
    carry=("seat_kind",),
    style={"radius": 3.5, "color": "#ffffff", "weight": 1, "fillColor": palette.SEAT, "fillOpacity": 1,
           "shape": "square"},
    style_key="seat_kind",
    styles={"county": {"radius": 6, "shape": "diamond", "weight": 1.5}},
    legend=(
        LegendEntry("县城（市政府驻地）", "County seat", palette.SEAT, "diamond",
                    {"radius": 6, "color": "#ffffff", "weight": 1.5, "fillColor": palette.SEAT, "fillOpacity": 1,
                     "shape": "diamond"}, "seat_kind", "county"),
        LegendEntry("乡镇驻地", "Township seat", palette.SEAT, "square",
                    {"radius": 3.5, "color": "#ffffff", "weight": 1, "fillColor": palette.SEAT, "fillOpacity": 1,
                     "shape": "square"}, "seat_kind", "township"),
    ),
)
