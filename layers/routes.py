"""Planned inspection routes: the path of each tour and its numbered stops.

Both layers are filtered by ``route`` (the route id): the map page passes ``?route=<id>``.
"""

from layers.base import Field, Layer, LegendEntry

ROUTE_PATH = Layer(
    name="route_path",
    min_role="supervisor",
    title_zh="督查路线",
    title_en="Inspection route",
    geometry_type="LineString",
    query=(
        "SELECT r.id * 100 + (d.path[1]) AS id, r.id AS route, (d.path[1]) AS tour, "
        "(r.tours -> (d.path[1] - 1) ->> 'day')::int AS day, (r.tours -> (d.path[1] - 1) ->> 'team')::int AS team, "
        "round(((r.tours -> (d.path[1] - 1) ->> 'distance_m')::float / 1000)::numeric, 1) AS distance_km, "
        "r.matrix_method, r.source, d.geom "
        "FROM route r, LATERAL ST_Dump(r.path) d"
    ),
    fields=(
        Field("route", "路线编号", "Route"),
        Field("day", "第几天", "Day"),
        Field("team", "督查组", "Team"),
        Field("distance_km", "里程（公里）", "Distance (km)"),
    ),
    filters=("route",),
    style={"color": "#c53030", "weight": 4, "opacity": 0.85},
    style_key="team",
    styles={2: {"color": "#2b6cb0"}, 3: {"color": "#2f855a"}, 4: {"color": "#805ad5"}},
    legend=(LegendEntry("督查路线", "Inspection route", "#c53030", "line"),),
)

ROUTE_STOPS = Layer(
    name="route_stops",
    min_role="supervisor",
    title_zh="路线站点（按顺序）",
    title_en="Route stops (in order)",
    geometry_type="Point",
    query=(
        "SELECT r.id * 10000 + s.ord AS id, r.id AS route, (s.stop ->> 'order')::int AS stop_order, "
        "(s.stop ->> 'tour')::int + 1 AS tour, (s.stop ->> 'day')::int AS day, (s.stop ->> 'team')::int AS team, "
        "(s.stop ->> 'site_id')::int AS site_id, s.stop ->> 'name' AS name, "
        "substr(s.stop ->> 'arrival', 12, 5) AS arrival_time, substr(s.stop ->> 'departure', 12, 5) AS departure_time, "
        "s.stop ->> 'arrival' AS arrival, s.stop ->> 'reason' AS reason, r.source, "
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
        Field("reason", "督查原因", "Why"),
    ),
    filters=("route",),
    style={"radius": 9, "color": "#ffffff", "weight": 2, "fillColor": "#c53030", "fillOpacity": 1.0},
    legend=(LegendEntry("路线站点（数字为顺序）", "Route stop (number = order)", "#c53030", "circle"),),
)
