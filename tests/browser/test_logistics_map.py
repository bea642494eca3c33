"""/maps/logistics in Chromium: roads, network, bands, unreached villages, suggestions, flows and the chart."""

from __future__ import annotations

import pytest
from sqlalchemy import text

from geo.store.database import get_engine
from tests.layers.test_layers_geojson import expected_count

pytestmark = pytest.mark.slow  # a real Chromium

DRAWN = """() => Object.fromEntries(Object.entries(window.fieldmap.layers).map(
    ([name, layer]) => [name, layer.getLayers().length]))"""
LAYERS = (
    "roads",
    "logistics_network",
    "service_areas",
    "reach",
    "unreached_villages",
    "station_suggestions",
    "flows_down",
    "flows_up",
)


def test_logistics_map_shows_reach_bands_suggestions_and_flows(page, sign_in, server: str, live_db: str) -> None:  # noqa: ANN001
    sign_in("official")
    page.goto(f"{server}/maps/logistics", wait_until="networkidle")
    page.wait_for_function("() => window.fieldmap && Object.keys(window.fieldmap.layers).length > 0")
    assert page.console_errors == [] and page.traffic.failed == []
    drawn = page.evaluate(DRAWN)
    with get_engine(live_db).connect() as conn:
        roads = conn.execute(text("SELECT count(*) FROM road")).scalar_one()
        stations_with_flows = conn.execute(
            text("SELECT count(DISTINCT site_id) FROM shipment WHERE direction = 'down'")
        ).scalar_one()
        expected = {name: expected_count(conn, name) for name in LAYERS}  # SQL written in the layer tests
    assert drawn["roads"] == roads == 141
    assert drawn["flows_down"] == stations_with_flows > 0
    assert {k: drawn[k] for k in LAYERS} == expected
    assert drawn["service_areas"] > 0 and drawn["reach"] > 0 and drawn["station_suggestions"] > 0
    legend = page.locator(".fm-legend").inner_text()
    for words in ("道路骨架", "服务范围 ≤ 30 分钟", "无法到达", "建议新设站点", "下行货量"):
        assert words in legend
    assert "沿路网计算" in page.locator(".fm-title").inner_text()
    # the monthly chart: 12 months × (down, up) bars, drawn inline
    assert page.locator("svg.fm-flow-chart rect.fm-bar-down").count() == 12
    assert page.locator("svg.fm-flow-chart rect.fm-bar-up").count() == 12
    page.screenshot(path="/tmp/logistics_map.png")


def test_viewers_see_no_station_flows(page, server: str) -> None:  # noqa: ANN001
    page.goto(f"{server}/maps/logistics?lang=en", wait_until="networkidle")
    page.wait_for_function("() => window.fieldmap && Object.keys(window.fieldmap.layers).length > 0")
    drawn = page.evaluate(DRAWN)
    assert "flows_down" not in drawn and "flows_up" not in drawn and drawn["reach"] > 0
    assert "Over the road network" in page.locator(".fm-title").inner_text()
    assert "Parcels per month" in page.locator("#fm-panel-chart").inner_text()


def test_month_and_direction_are_chosen_in_the_page(page, sign_in, server: str, live_db: str) -> None:  # noqa: ANN001
    sign_in("official")
    page.goto(f"{server}/maps/logistics", wait_until="networkidle")
    page.wait_for_function("() => window.fieldmap && Object.keys(window.fieldmap.layers).length > 0")
    with get_engine(live_db).connect() as conn:
        months = conn.execute(text("SELECT DISTINCT month FROM shipment ORDER BY month")).scalars().all()
        march = months[2]
        down, up = (
            conn.execute(
                text("SELECT count(DISTINCT site_id) FROM shipment WHERE month = :m AND direction = :d"),
                {"m": march, "d": d},
            ).scalar_one()
            for d in ("down", "up")
        )
    picker = page.locator("select[name=month]")
    # every month of the loaded year, after the whole-year choice
    assert picker.locator("option").all_inner_texts() == ["全年合计", *months]
    with page.expect_navigation(wait_until="networkidle"):
        picker.select_option(march)
    page.wait_for_function("() => window.fieldmap && Object.keys(window.fieldmap.layers).length > 0")
    assert f"month={march}" in page.url
    drawn = page.evaluate(DRAWN)
    assert (drawn["flows_down"], drawn["flows_up"]) == (down, up) and down > 0
    assert page.locator("select[name=month]").input_value() == march
    with page.expect_navigation(wait_until="networkidle"):
        page.locator("select[name=direction]").select_option("up")
    page.wait_for_function("() => window.fieldmap && Object.keys(window.fieldmap.layers).length > 0")
    drawn = page.evaluate(DRAWN)
    assert "flows_down" not in drawn and drawn["flows_up"] == up
    assert page.locator("select[name=month]").input_value() == march  # the month is kept
    assert page.console_errors == [] and page.traffic.failed == []
