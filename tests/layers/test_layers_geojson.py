"""Every layer served as RFC 7946 GeoJSON, with as many features as the database holds."""

from __future__ import annotations

import pytest
from sqlalchemy import text

from geo.store.database import get_engine
from layers import registry
from tests.expected import GAP_VILLAGES
from tests.layers.geojson_check import check_feature_collection

# An independent count for each layer of this package, straight from the tables.
EXPECTED_SQL = {
    "county": "SELECT count(*) FROM county",
    "townships": "SELECT count(*) FROM township",
    "villages": "SELECT count(*) FROM village WHERE location IS NOT NULL",
    "sites": "SELECT count(*) FROM site",
    "specialty_villages": "SELECT count(DISTINCT village_code) FROM specialty_village",
    "service_centre": "SELECT count(*) FROM site WHERE kind = 'service_centre'",
    "live_streaming": "SELECT count(*) FROM site WHERE kind IN ('live_base', 'live_station')",
    "stations": "SELECT count(*) FROM site WHERE kind IN ('township_station', 'village_station')",
    "logistics_hubs": "SELECT count(*) FROM site WHERE kind IN ('warehouse', 'sorting_centre')",
    # one line to every site but the hub, per tier: county, township, village
    "logistics_network": (
        "SELECT (SELECT count(*) FROM site WHERE kind IN ('warehouse', 'sorting_centre', 'live_base')) - 1"
        " + (SELECT count(DISTINCT township_code) FROM site WHERE kind = 'township_station')"
        " + (SELECT count(*) FROM site WHERE kind IN ('village_station', 'live_station'))"
    ),
    "inspection_status": (
        "SELECT count(*) FROM site WHERE kind IN "
        "('village_station', 'township_station', 'live_station', 'warehouse', 'sorting_centre')"
    ),
    "inspections": "SELECT count(*) FROM inspection WHERE position IS NOT NULL",
    # coverage (rule: 3000 m, counted kinds village/township/live station)
    "coverage_townships": "SELECT count(*) FROM township WHERE geom IS NOT NULL",
    "coverage_villages": "SELECT count(*) FROM village WHERE poverty_alleviated AND location IS NOT NULL",
    "coverage_sites": "SELECT count(*) FROM site WHERE kind IN ('village_station', 'township_station', 'live_station')",
    "coverage_gaps": GAP_VILLAGES,
    # one planned route (the :route parameter): its tours, its stops
    "route_path": "SELECT ST_NumGeometries(path) FROM route WHERE id = :route",
    "route_stops": "SELECT jsonb_array_length(stops) FROM route WHERE id = :route",
    # context, logistics reach and flows (the road skeleton: 5 km snapping; bands 30/60/120 min)
    "roads": "SELECT count(*) FROM road",
    "seats": "SELECT count(*) FROM township WHERE seat IS NOT NULL",
    "flows_down": "SELECT count(DISTINCT site_id) FROM shipment WHERE direction = 'down'",  # the whole year
    "flows_up": "SELECT count(DISTINCT site_id) FROM shipment WHERE direction = 'up'",
    "reach": "SELECT count(*) FROM village WHERE location IS NOT NULL",
    "unreached_villages": (  # in the default data every village near a road is reached
        "SELECT count(*) FROM village v WHERE location IS NOT NULL AND NOT EXISTS "
        "(SELECT 1 FROM road r WHERE ST_DWithin(r.geom::geography, v.location::geography, 5000))"
    ),
    "service_areas": (  # three bands from the hub and from each operating township station on a road
        "SELECT 3 * ((SELECT count(*) FROM site WHERE kind = 'sorting_centre') + (SELECT count(*) FROM site s "
        "WHERE kind = 'township_station' AND status = 'operating' AND EXISTS (SELECT 1 FROM road r "
        "WHERE ST_DWithin(r.geom::geography, s.location::geography, 5000))))"
    ),
    "station_suggestions": "SELECT 5",  # k = 5 suggested sites by default
    # funds: townships, sites where money landed or assets stand, idle assets and idle funds
    "funds": "SELECT count(*) FROM township WHERE geom IS NOT NULL",
    "fund_sites": (
        "SELECT count(*) FROM site s WHERE EXISTS (SELECT 1 FROM fund_payment p WHERE p.site_id = s.id "
        "AND p.status = 'paid') OR EXISTS (SELECT 1 FROM asset a WHERE a.site_id = s.id)"
    ),
    "idle_assets": (
        "SELECT count(*) FROM (SELECT DISTINCT ON (ia.asset_id) ia.asset_id, ia.status FROM inspection_asset ia "
        "JOIN inspection i ON i.id = ia.inspection_id ORDER BY ia.asset_id, i.visited_at DESC, i.id DESC) x "
        "JOIN asset a ON a.id = x.asset_id WHERE x.status = 'idle' AND a.status NOT IN ('lost', 'disposed')"
    ),
    "idle_funds": (
        "SELECT count(*) FROM (SELECT DISTINCT ON (site_id) site_id, idle_funds FROM inspection "
        "ORDER BY site_id, visited_at DESC, id DESC) l WHERE l.idle_funds AND EXISTS "
        "(SELECT 1 FROM fund_payment p WHERE p.site_id = l.site_id AND p.status = 'paid')"
    ),
}


def expected_count(conn, name: str, params: dict | None = None) -> int:  # noqa: ANN001
    """The feature count of layer ``name`` by the SQL written above, not by the layer's own query."""
    sql = EXPECTED_SQL.get(name)
    assert sql, f"layer {name} needs an independent SQL count in EXPECTED_SQL"
    return conn.execute(text(sql), {k: int(v) for k, v in (params or {}).items()}).scalar_one()


def _expected(conn, layer, params: dict) -> int:  # noqa: ANN001
    return expected_count(conn, layer.name, params)


@pytest.mark.parametrize("name", [layer.name for layer in registry.all_layers()])
def test_layer_geojson_is_valid_and_complete(client_as, db_url: str, name: str) -> None:
    client = client_as("supervisor")  # route layers and inspection records are supervisor-only
    layer = registry.get(name)
    params: dict = {}
    if "route" in layer.filters:  # route layers draw one planned route: plan one first
        plan = client.post("/routes/plan", json={"rule": "overdue", "township": "遮放镇"})
        assert plan.status_code == 201, plan.text
        params = {"route": str(plan.json()["id"])}
    response = client.get(f"/layers/{name}.geojson", params=params)
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("application/geo+json")
    fc = response.json()
    assert check_feature_collection(fc) == []
    with get_engine(db_url).connect() as conn:
        expected = _expected(conn, layer, params)
    assert expected > 0
    assert len(fc["features"]) == expected
    ids = [f["properties"]["id"] for f in fc["features"]]
    assert len(set(ids)) == len(ids)


def test_layer_list_gives_titles_and_counts(client, db_url: str) -> None:
    listed = {row["name"]: row for row in client.get("/layers").json()}
    assert set(listed) == {layer.name for layer in registry.all_layers()}
    with get_engine(db_url).connect() as conn:
        assert listed["sites"]["feature_count"] == conn.execute(text("SELECT count(*) FROM site")).scalar_one()
    assert listed["villages"]["title_zh"] == "行政村（社区）"
    assert listed["logistics_network"]["geometry_type"] == "LineString"


def test_bbox_keeps_only_features_inside(client) -> None:
    everything = client.get("/layers/sites.geojson").json()["features"]
    box = (98.55, 24.35, 98.70, 24.50)
    inside = [
        f
        for f in everything
        if box[0] <= f["geometry"]["coordinates"][0] <= box[2] and box[1] <= f["geometry"]["coordinates"][1] <= box[3]
    ]
    got = client.get("/layers/sites.geojson", params={"bbox": ",".join(map(str, box))}).json()["features"]
    assert 0 < len(got) < len(everything)
    assert sorted(f["properties"]["id"] for f in got) == sorted(f["properties"]["id"] for f in inside)


def test_property_filters(client, db_url: str) -> None:
    got = client.get("/layers/sites.geojson", params={"kind": "warehouse", "township_code": "533103102"}).json()
    with get_engine(db_url).connect() as conn:
        n = conn.execute(
            text("SELECT count(*) FROM site WHERE kind = 'warehouse' AND township_code = '533103102'")
        ).scalar_one()
    assert len(got["features"]) == n >= 1
    assert {f["properties"]["kind"] for f in got["features"]} == {"warehouse"}


@pytest.mark.parametrize("bbox", ["1,2", "a,b,c,d", "98.7,24.3,98.5,24.5", "98,24,200,25", ""])
def test_bad_bbox_is_422_with_a_message(client, bbox: str) -> None:
    response = client.get("/layers/sites.geojson", params={"bbox": bbox})
    if bbox == "":
        assert response.status_code == 200  # an empty bbox means no bbox
        return
    assert response.status_code == 422
    assert "bbox" in response.json()["error"] and "minLon,minLat,maxLon,maxLat" in response.json()["error"]


def test_unknown_filter_is_422_with_the_allowed_ones(client) -> None:
    response = client.get("/layers/sites.geojson", params={"colour": "red"})
    assert response.status_code == 422
    assert response.json()["allowed"] == list(registry.get("sites").filters)


def test_unknown_layer_is_404_with_valid_names(client) -> None:
    response = client.get("/layers/nonsense.geojson")
    assert response.status_code == 404
    assert response.json()["valid"] == [layer.name for layer in registry.all_layers()]
    assert "nonsense" in response.json()["error"]
