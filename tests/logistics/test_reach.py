"""/reach on the hand-made road graph: exact times and distances, unreachable villages, the fallback."""

from __future__ import annotations

from pyproj import Geod

from tests.logistics.road_fixture import VILLAGE_AT, N, install


def _by_code(body: dict) -> dict[str, dict]:
    return {v["code"]: v for v in body["villages"]}


def test_reach_over_the_fixture_roads(client_as, db_url: str, tmp_path) -> None:  # noqa: ANN001
    codes = install(db_url, tmp_path)
    r = client_as("viewer").get("/reach")
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["method"] == "road" and "5 公里" in body["method_text_zh"]
    rows = _by_code(body)
    a, b, c, d, e = (rows[codes[k]] for k in "ABCDE")
    # A at N4: N1-N2-N4 = 6 + 16 min, 6 + 8 km (the direct E4 is 30 min)
    assert (a["status"], a["station_ref"], a["station_time_min"], a["station_distance_m"]) == (
        "reached",
        "S1",
        22.0,
        14000,
    )
    # A to the hub at N3: N4-N2-N3 = 16 + 15 min, 8 + 10 km
    assert (a["hub_time_min"], a["hub_distance_m"]) == (31.0, 18000)
    # B at N3: 15 + 6 min, 16 km; it sits on the hub
    assert (b["station_time_min"], b["station_distance_m"], b["hub_time_min"], b["hub_distance_m"]) == (
        21.0,
        16000,
        0.0,
        0,
    )
    # E in the middle of E2: half of E2 (7.5 min, 5 km) plus E1
    assert (e["station_time_min"], e["station_distance_m"], e["hub_time_min"], e["hub_distance_m"]) == (
        13.5,
        11000,
        7.5,
        5000,
    )
    # C on the piece that is not connected: unreachable, no number at all
    assert (c["status"], c["reason"], c["station_time_min"], c["station_distance_m"], c["hub_time_min"]) == (
        "unreachable",
        "disconnected",
        None,
        None,
        None,
    )
    # D has no road within 5 km
    assert (d["status"], d["reason"], d["station_time_min"]) == ("unreachable", "no_road_nearby", None)
    assert all(v["method"] == "road" for v in body["villages"])
    others = [v for code, v in rows.items() if code not in codes.values()]
    assert others and all(v["status"] == "no_position" and v["station_time_min"] is None for v in others)


def test_straight_line_fallback_numbers(client_as, db_url: str, tmp_path) -> None:  # noqa: ANN001
    codes = install(db_url, tmp_path)
    body = client_as("viewer").get("/reach", params={"use_roads": "false"}).json()
    assert body["method"] == "straight_line" and "1.35" in body["method_text_zh"]
    rows = _by_code(body)
    geod = Geod(ellps="WGS84")
    for letter in "ABCDE":
        lon, lat = VILLAGE_AT[letter]
        # the nearest of the two sites by straight line, × 1.35 at 35 km/h
        to_s1 = geod.inv(lon, lat, *N[1])[2]
        to_hub = geod.inv(lon, lat, *N[3])[2]
        nearest = min(to_s1, to_hub) * 1.35
        # only S1 is a counted station (the hub is a sorting centre)
        row = rows[codes[letter]]
        assert row["method"] == "straight_line" and row["status"] == "reached"
        assert abs(row["station_distance_m"] - to_s1 * 1.35) <= 1
        assert abs(row["station_time_min"] - round(to_s1 * 1.35 / (35 / 3.6) / 60, 1)) <= 0.05
        assert abs(row["hub_distance_m"] - to_hub * 1.35) <= 1
        assert nearest <= row["station_distance_m"] + 1


def test_reach_csv_has_bom_words_and_method(client_as, db_url: str, tmp_path) -> None:  # noqa: ANN001
    install(db_url, tmp_path)
    r = client_as("anonymous").get("/reach.csv")
    assert r.status_code == 200
    assert r.content.startswith(b"\xef\xbb\xbf")
    body = r.content.decode("utf-8-sig")
    assert "沿路网计算" in body and "无法到达" in body and "最近道路与站点路网不连通" in body
    assert "unreachable" not in body and "township_station" not in body
    x = client_as("anonymous").get("/reach.xlsx", params={"lang": "en"})
    assert x.status_code == 200 and x.content[:2] == b"PK"


def test_default_dataset_has_the_shipped_road_skeleton(db_url: str) -> None:
    import json
    from pathlib import Path

    from sqlalchemy import text

    from geo.store.database import get_engine
    from layers import registry

    path = Path(__file__).resolve().parents[2] / "data" / "boundaries" / "mangshi_roads_osm_scgraph.geojson"
    features = json.loads(path.read_text(encoding="utf-8"))["features"]
    # an edge whose two ends coincide is no line: its two node ids are merged instead (geo.io.roads)
    lines = [f for f in features if f["geometry"]["coordinates"][0] != f["geometry"]["coordinates"][-1]]
    assert (len(features), len(lines)) == (142, 141)
    with get_engine(db_url).connect() as conn:
        count, without_nodes, osm = conn.execute(
            text(
                "SELECT count(*), count(*) FILTER (WHERE source_node IS NULL OR target_node IS NULL), "
                "count(*) FILTER (WHERE source = 'osm') FROM road"
            )
        ).one()
        assert (count, without_nodes, osm) == (len(lines), 0, len(lines))
        layer = registry.get("roads")
        assert layer.count(conn) == len(lines)
        assert "OpenStreetMap" in layer.title("zh") and "骨架" in layer.title("zh")


def test_loading_a_road_file_replaces_the_network(db_url: str, tmp_path) -> None:  # noqa: ANN001
    from sqlalchemy import text

    from geo.io.load import load_file
    from geo.io.roads import RoadSpeeds
    from geo.store.database import get_engine
    from tests.logistics.road_fixture import EDGES, write_roads

    path = write_roads(tmp_path)
    # no speed column: the class speed from settings applies
    data = (
        path.read_text(encoding="utf-8")
        .replace('"speed_kmh": 60, ', "")
        .replace('"speed_kmh": 40, ', "")
        .replace('"speed_kmh": 30, ', "")
    )
    path.write_text(data, encoding="utf-8")
    load_file(db_url, path, "road", road_speeds=RoadSpeeds({"secondary": 40.0}, 45.0))
    with get_engine(db_url).connect() as conn:
        rows = conn.execute(
            text("SELECT count(*), min(speed_kmh), max(speed_kmh), count(*) FILTER (WHERE source = 'osm') FROM road")
        ).one()
    assert tuple(rows) == (len(EDGES), 40.0, 40.0, 0)
    assert load_file(db_url, path, "road").inserted == 0  # same file again: nothing changes
