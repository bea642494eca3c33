"""Planned inspection routes: the path of each tour and its numbered stops.

Both layers are filtered by ``route`` (the route id): the map page passes ``?route=<id>``; without
it only the latest plan is drawn (never several plans stacked on each other). Each tour has its
own colour from ``layers.palette.ROUTE_COLOURS`` (none of them a status colour), and each stop
shows its order number inside its symbol.
"""

from geo.analysis.route_words import stop_reasons
from layers import palette
from layers.base import Field, Layer, LegendEntry

N_COLOURS = len(palette.ROUTE_COLOURS)
_LATEST = "(r.id = (SELECT max(id) FROM route)) AS latest"

PATH_STYLE = {"weight": 4, "opacity": 0.85, "shape": "line"}
ROUTE_PATH = Layer(
    name="route_path",
    min_role="supervisor",
    title_zh="督查路线",
    title_en="Inspection route",
    geometry_type="LineString",
    query=(
        "SELECT r.id * 100 + (d.path[1]) AS id, r.id AS route, (d.path[1]) AS tour, "
        f"((d.path[1] - 1) % {N_COLOURS}) AS colour_index, {_LATEST}, "
        "(r.tours -> (d.path[1] - 1) ->> 'day')::int AS day, (r.tours -> (d.path[1] - 1) ->> 'team')::int AS team, "
        "round(((r.tours -> (d.path[1] - 1) ->> 'distance_m')::float / 1000)::numeric, 1) AS distance_km, "
        "r.matrix_method, r.source, d.geom "
        "FROM route r, LATERAL ST_Dump(r.path) d"
    ),
    fields=(
        Field("route", "路线编号", "Route"),
        Field("tour", "第几条", "Tour"),
        Field("day", "第几天", "Day"),
        Field("team", "督查组", "Team"),
        Field("distance_km", "里程（公里）", "Distance (km)"),
    ),
    filters=("route",),
    default_filters={"latest": "true"},
    carry=("colour_index",),
    style={**PATH_STYLE, "color": palette.ROUTE_COLOURS[0]},
    style_key="colour_index",
    styles={i: {"color": c} for i, c in enumerate(palette.ROUTE_COLOURS)},
    legend=tuple(
        LegendEntry(
            f"督查路线 第 {i + 1} 条",
            f"Inspection route, tour {i + 1}",
            c,
            "line",
            {**PATH_STYLE, "color": c},
            "colour_index",
            i,
        )
        for i, c in enumerate(palette.ROUTE_COLOURS)
    ),
)

STOP_STYLE = {"radius": 9, "color": "#ffffff", "weight": 2, "fillOpacity": 1.0}
ROUTE_STOPS = Layer(
    name="route_stops",
    min_role="supervisor",
    title_zh="路线站点（按顺序）",
    title_en="Route stops (in order)",
    geometry_type="Point",
    query=(
        "SELECT r.id * 10000 + s.ord AS id, r.id AS route, (s.stop ->> 'order')::int AS stop_order, "
        "(s.stop ->> 'tour')::int + 1 AS tour, (s.stop ->> 'tour')::int % " + str(N_COLOURS) + " AS colour_index, "
        f"{_LATEST}, (s.stop ->> 'day')::int AS day, (s.stop ->> 'team')::int AS team, "
        "(s.stop ->> 'site_id')::int AS site_id, s.stop ->> 'name' AS name, "
        "substr(s.stop ->> 'arrival', 12, 5) AS arrival_time, substr(s.stop ->> 'departure', 12, 5) AS departure_time, "
        "s.stop ->> 'arrival' AS arrival, coalesce(s.stop -> 'reasons', s.stop -> 'reason') AS reason, r.source, "
        "ST_SetSRID(ST_MakePoint((s.stop ->> 'lon')::float8, (s.stop ->> 'lat')::float8), 4326) AS geom "
        "FROM route r, LATERAL jsonb_array_elements(r.stops) WITH ORDINALITY AS s(stop, ord)"
    ),
    fields=(
        Field("stop_order", "顺序", "Order"),
        Field("name", "站点", "Site"),
        Field("arrival_time", "到达", "Arrival"),
        Field("departure_time", "离开", "Departure"),
        Field("day", "第几天", "Day"),
        Field("team", "督查组", "Team"),
        Field("reason", "督查原因", "Why", render=stop_reasons),
    ),
    filters=("route",),
    default_filters={"latest": "true"},
    carry=("colour_index",),
    style={**STOP_STYLE, "fillColor": palette.ROUTE_COLOURS[0]},
    style_key="colour_index",
    styles={i: {"fillColor": c} for i, c in enumerate(palette.ROUTE_COLOURS)},
    number_key="stop_order",
    legend=(
        LegendEntry(
            "路线站点（数字为顺序）",
            "Route stop (number = order)",
            palette.ROUTE_COLOURS[0],
            "circle",
            {**STOP_STYLE, "fillColor": palette.ROUTE_COLOURS[0], "text": "1"},
        ),
    ),
)
