"""Service areas on the hand-made road graph contain exactly the nodes within each band."""

from __future__ import annotations

import shapely
from shapely.geometry import shape

from geo.analysis.reach import ReachParams
from geo.analysis.service_areas import AreaParams, service_areas
from geo.store.database import get_engine
from tests.logistics.road_fixture import N, install


def test_bands_hold_exactly_the_nodes_within_them(db_url: str, tmp_path) -> None:  # noqa: ANN001
    codes = install(db_url, tmp_path)
    with get_engine(db_url).connect() as conn:
        out = service_areas(conn, ReachParams(), AreaParams(bands_min=(10, 18), buffer_m=300))
    assert out["method"] == "road"
    polygons = {(a["facility_ref"], a["band_min"]): shape(a["geometry"]) for a in out["areas"]}
    assert set(polygons) == {("S1", 10), ("S1", 18), ("HUB", 10), ("HUB", 18)}

    def inside(key: tuple) -> set[int]:
        return {n for n, p in N.items() if polygons[key].contains(shapely.Point(p))}

    # from S1 at N1: N2 is 6 min away; N3 21 min, N4 22 min (hand-computed in road_fixture)
    assert inside(("S1", 10)) == {1, 2}
    assert inside(("S1", 18)) == {1, 2}
    # from the hub at N3: N2 is 15 min away, N1 21, N4 31
    assert inside(("HUB", 10)) == {3}
    assert inside(("HUB", 18)) == {2, 3}
    # the band follows the roads: the middle of E4 (N1–N4, 30 min) is not reached in 10 min from S1,
    # a point 12 km off any road is in no band
    assert not polygons[("S1", 10)].contains(shapely.Point(98.525, 24.425))
    # villages outside every band: C (disconnected), D (no road) and A (22 min from S1, 31 from the hub)
    outside = {v["code"]: v for v in out["outside"]}
    assert set(outside) == {codes["A"], codes["C"], codes["D"]}
    assert outside[codes["A"]]["reason"] == "beyond_bands" and outside[codes["A"]]["time_min"] == 22.0
    assert outside[codes["C"]]["reason"] == "disconnected" and outside[codes["C"]]["time_min"] is None


def test_circles_without_roads(db_url: str, tmp_path) -> None:  # noqa: ANN001
    install(db_url, tmp_path)
    with get_engine(db_url).connect() as conn:
        out = service_areas(conn, ReachParams(use_roads=False), AreaParams(bands_min=(10,), buffer_m=300))
    assert out["method"] == "straight_line"
    # 10 min at 35 km/h / 1.35 = 4,321 m: N2 (about 5.07 km east of N1) lies outside S1's circle
    circle = shape(next(a for a in out["areas"] if a["facility_ref"] == "S1")["geometry"])
    assert circle.contains(shapely.Point(98.53, 24.40)) and not circle.contains(shapely.Point(*N[2]))


def test_layers_and_subtitle_follow_the_settings(db_url: str, tmp_path) -> None:  # noqa: ANN001
    import json

    from geo.store.settings import Settings
    from layers import registry
    from maps.spec import get as get_map

    install(db_url, tmp_path)
    settings = Settings(service_area_bands_min=(10, 18), reach_snap_m=2000.0)
    with get_engine(db_url).connect() as conn:
        default = json.loads(registry.get("service_areas").geojson(conn))
        configured = json.loads(registry.get("service_areas").for_settings(settings).geojson(conn))
    assert {f["properties"]["band_min"] for f in default["features"]} == {30, 60, 120}
    assert {f["properties"]["band_min"] for f in configured["features"]} == {10, 18}
    assert "2 公里" in get_map("logistics").subtitle("zh", settings)
    assert "5 公里" in get_map("logistics").subtitle("zh")


def test_page_and_export_legends_show_the_configured_bands(client_as, db_url: str, tmp_path) -> None:  # noqa: ANN001
    from geo.store.settings import Settings
    from tests.maps.exports_helpers import svg_texts

    install(db_url, tmp_path)
    client = client_as("anonymous", Settings(service_area_bands_min=(10, 18)))
    page = client.get("/maps/logistics")
    assert page.status_code == 200
    svg = client.get("/maps/logistics.svg", params={"width": 1280, "height": 720})
    assert svg.status_code == 200
    drawn = " ".join(" ".join(t for t, _s in svg_texts(svg.content)).split())
    for text_ in (page.text, drawn):
        # both bands' areas, from S1 and the hub (2 each); none of the default 30/60/120
        assert "服务范围 ≤ 10 分钟（沿路网）" in text_ and "服务范围 ≤ 18 分钟（沿路网）" in text_
        assert "≤ 30 分钟" not in text_ and "120 分钟" not in text_ and "60 分钟" not in text_
    # reach classes follow the bands too: E is 13.5 min from S1 (6 + half of E2's 15), A 22, B 21
    assert "到站点 10–18 分钟（1）" in drawn and "到站点 > 18 分钟（2）" in drawn
    assert "到站点 ≤ 10 分钟" not in drawn  # no village that close: an empty class is not listed
