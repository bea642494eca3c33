"""Route planning through HTTP: the 遮放镇 overdue day, GPX, print page, layers, pgRouting."""

from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ET
from pathlib import Path

import gpxpy
import pytest
from sqlalchemy import text

from geo.analysis import route_matrix
from geo.io.load import load_file
from geo.store.database import get_engine
from geo.store.settings import Settings
from layers import registry
from tests.conftest import AS_OF

ROADS = Path(__file__).resolve().parents[2] / "data" / "boundaries" / "mangshi_roads_osm_scgraph.geojson"


@pytest.fixture
def client(client_as):  # noqa: ANN001, ANN201 - the role these routes need (api/access.py)
    return client_as("supervisor")


def _plan(client, **body) -> dict:  # noqa: ANN001
    r = client.post("/routes/plan", json={"as_of": AS_OF.isoformat(), "date": "2026-11-02", **body})
    assert r.status_code == 201, r.text
    return r.json()


def test_overdue_in_zhefang_gives_a_feasible_day(client) -> None:  # noqa: ANN001
    route = _plan(client, rule="overdue", township="遮放镇", use_roads=False)
    assert route["stops"], route
    assert route["matrix_method"] == "straight_line"
    assert all(s["township"] == "遮放镇" for s in route["stops"])
    (tour,) = route["tours"]
    assert tour["depart"] >= "2026-11-02T08:30" and tour["return"] <= "2026-11-02T17:30"
    assert [s["order"] for s in route["stops"]] == list(range(1, len(route["stops"]) + 1))
    for a, b in zip(route["stops"], route["stops"][1:]):
        assert a["departure"] <= b["arrival"]
    assert route["demo"] is True
    # the start is the service centre in 勐焕街道
    assert "服务中心" in tour["start"]["name"]


def test_a_window_ending_before_it_starts_is_refused_naming_the_site(client, db_url: str) -> None:  # noqa: ANN001
    """What the fuzzer found (ST202): ``windows`` {site: ["20:34", "10:00"]} is schema-valid; the
    answer is a 422 that names the site, the window and why, in zh and en; no plan is stored."""
    with get_engine(db_url).connect() as conn:
        site_id, name = conn.execute(
            text("SELECT id, name FROM site WHERE kind = 'village_station' ORDER BY id LIMIT 1")
        ).one()
        plans = conn.execute(text("SELECT count(*) FROM route")).scalar_one()
    r = client.post(
        "/routes/plan",
        json={"site_ids": [site_id], "windows": {str(site_id): ["20:34", "10:00"]}, "use_roads": False},
    )
    assert r.status_code == 422, r.text
    assert r.json()["error"] == (
        f"站点 {name}（{site_id}）的时间窗 20:34–10:00 无效：结束时间须晚于开始时间\n"
        f"The time window 20:34–10:00 of site {site_id} is invalid: it must end after it starts."
    )
    assert (r.json()["field"], r.json()["site_id"], r.json()["window"]) == ("windows", site_id, ["20:34", "10:00"])
    with get_engine(db_url).connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM route")).scalar_one() == plans


def test_sites_that_do_not_fit_are_reported(client) -> None:  # noqa: ANN001
    with get_engine(client.app.state.database_url).connect() as conn:
        ids = (
            conn.execute(text("SELECT id FROM site WHERE kind = 'village_station' ORDER BY id LIMIT 12"))
            .scalars()
            .all()
        )
    route = _plan(client, site_ids=ids, day_start="09:00", day_end="12:00", visit_minutes=40)
    assert route["unplaced"], "three hours cannot hold twelve 40-minute visits"
    assert len(route["stops"]) + len(route["unplaced"]) == len(ids)
    assert all(u["reason_code"] in ("day_full", "too_far") for u in route["unplaced"])
    assert any(u["reason_code"] == "day_full" for u in route["unplaced"])
    # a window that closes before anyone can arrive
    route = _plan(client, site_ids=ids[:3], windows={str(ids[0]): ["08:00", "08:40"]}, day_start="08:30")
    assert [u["site_id"] for u in route["unplaced"]] == [ids[0]]
    assert route["unplaced"][0]["reason_code"] == "window"
    # the itinerary says why, one language at a time
    zh = client.get(f"/routes/{route['id']}/print").text
    en = client.get(f"/routes/{route['id']}/print?lang=en").text
    assert "时间窗内无法完成" in zh and "time window" not in zh
    assert "cannot be visited within its time window" in en and "时间窗" not in en


def test_two_teams_over_two_days(client) -> None:  # noqa: ANN001
    with get_engine(client.app.state.database_url).connect() as conn:
        ids = (
            conn.execute(text("SELECT id FROM site WHERE kind = 'village_station' ORDER BY id LIMIT 30"))
            .scalars()
            .all()
        )
    route = _plan(client, site_ids=ids, days=2, teams=2, visit_minutes=45)
    assert len(route["tours"]) >= 2
    assert {(t["day"], t["team"]) for t in route["tours"]} <= {(1, 1), (1, 2), (2, 1), (2, 2)}
    for t in route["tours"]:
        assert t["return"][11:16] <= "17:30" and t["date"] in ("2026-11-02", "2026-11-03")
    visited = [s["site_id"] for s in route["stops"]]
    assert len(visited) == len(set(visited))
    assert len(visited) + len(route["unplaced"]) == len(ids)


def test_gpx_parses_back_with_stops_in_order(client) -> None:  # noqa: ANN001
    route = _plan(client, rule="overdue", township="遮放镇")
    r = client.get(f"/routes/{route['id']}.gpx")
    assert r.status_code == 200 and r.headers["content-type"].startswith("application/gpx+xml")
    ET.fromstring(r.content)  # well-formed XML
    gpx = gpxpy.parse(r.text)
    (rte,) = gpx.routes
    names = [p.name for p in rte.points]
    expected = [f"{s['order']}. {s['name']}" for s in route["stops"]]
    assert names[1:-1] == expected
    assert names[0].startswith("出发") and names[-1].startswith("返回")
    assert [w.name for w in gpx.waypoints] == expected
    assert abs(rte.points[1].latitude - route["stops"][0]["lat"]) < 1e-6
    assert "DEMO DATA" in gpx.description
    assert gpx.tracks and len(gpx.tracks[0].segments[0].points) >= len(route["stops"]) + 2


def test_print_page_and_route_layers(client) -> None:  # noqa: ANN001
    route = _plan(client, rule="overdue", township="遮放镇")
    page = client.get(f"/routes/{route['id']}/print")
    assert page.status_code == 200
    html = page.text
    assert "督查行程单" in html and "@media print" in html and "演示数据" in html
    for s in route["stops"]:
        assert s["name"] in html
    english = client.get(f"/routes/{route['id']}/print?lang=en").text
    assert english.count("Inspection itinerary") >= 1
    # stops carry codes; the pages give words in their own language (the overdue reasons in 遮放镇)
    codes = {c for s in route["stops"] for c in s["reasons"]}
    assert codes and codes <= {
        "interval",
        "never_unannounced",
        "unannounced_interval",
        "never_inspected",
        "flagged",
        "stalled",
        "idle_funds",
        "idle_assets",
    }
    for zh_word in ("超期未检", "从未暗访", "暗访超期", "从未督查", "问题待复查", "项目停滞", "资金闲置", "资产闲置"):
        assert zh_word not in english
    assert any(w in english for w in ("inspection interval exceeded", "never visited unannounced", "finding awaiting"))
    assert any(w in html for w in ("超期未检", "从未暗访", "暗访超期", "问题待复查"))
    stops = client.get(f"/routes/{route['id']}").json()["stops"]
    assert stops == route["stops"]
    listed = client.get("/routes").json()["routes"][0]
    assert listed["id"] == route["id"] and listed["stops"] == len(route["stops"])
    with get_engine(client.app.state.database_url).connect() as conn:
        features = registry.get("route_stops").features(conn, filters={"route": str(route["id"])})
        paths = registry.get("route_path").features(conn, filters={"route": str(route["id"])})
    assert [f["properties"]["stop_order"] for f in features] == [s["order"] for s in route["stops"]]
    assert [f["properties"]["arrival_time"] for f in features] == [s["arrival"][11:16] for s in route["stops"]]
    assert len(paths) == 1 and paths[0]["geometry"]["type"] == "LineString"


def test_unknown_route_site_and_township_are_clear_errors(client) -> None:  # noqa: ANN001
    assert client.get("/routes/999999").status_code == 404
    r = client.post("/routes/plan", json={"rule": "overdue", "township": "火星镇"})
    assert r.status_code == 404 and "遮放镇" in r.json()["error"]
    assert client.post("/routes/plan", json={"site_ids": [99999999]}).status_code == 404
    assert client.post("/routes/plan", json={}).status_code == 422


def test_with_roads_loaded_the_matrix_comes_from_pgrouting(db_url: str) -> None:
    # the default dataset already holds the skeleton: 142 edges, one of zero length merged into its nodes
    # (loaded from the file it is source 'import', no class: every edge is rewritten, none added)
    report = load_file(db_url, ROADS, "road")
    assert (report.read, report.inserted, report.updated) == (141, 0, 141)
    report = load_file(db_url, ROADS, "road")
    assert (report.read, report.inserted, report.updated) == (141, 0, 0)  # idempotent
    settings = Settings()  # the defaults, as the route planner takes them
    with get_engine(db_url).begin() as conn:
        points = conn.execute(
            text(
                "SELECT ST_X(location), ST_Y(location) FROM site WHERE kind IN ('service_centre', 'township_station') ORDER BY id"
            )
        ).all()
        speeds = route_matrix.Speeds(settings.route_circuity, settings.route_speed_kmh, settings.route_access_speed_kmh)
        via_roads = route_matrix.build(conn, list(points), speeds)
        straight = route_matrix.build(conn, list(points), speeds, use_roads=False)
        assert via_roads.method == "pgrouting" and straight.method == "straight_line"
        assert via_roads.via_network.sum() > 0
        # the network is used only where it is faster than the straight-line estimate
        assert (via_roads.time_s <= straight.time_s + 1e-6).all()
        from geo.analysis import routes

        plan = routes.plan(
            conn,
            settings,
            routes.PlanRequest(rule="overdue", township="遮放镇", as_of=AS_OF, date=dt.date(2026, 11, 2)),
        )
    assert plan["matrix_method"] == "pgrouting"
    assert plan["stops"]
