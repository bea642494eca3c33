"""Every registered map in headless Chromium: offline, complete, with a legend and popups."""

from __future__ import annotations

from urllib.parse import urlsplit

import prcoords
import pytest
from pyproj import Geod
from sqlalchemy import text

from geo.store.database import get_engine
from layers import registry
from maps.spec import all_maps
from tests.browser.conftest import needs_sign_in, role_for_map
from tests.layers.test_layers_geojson import expected_count

pytestmark = pytest.mark.slow  # a real Chromium / a cluster of its own

MAPS = [spec.name for spec in all_maps()]
GEOD = Geod(ellps="WGS84")


def _metres(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    return GEOD.inv(lon1, lat1, lon2, lat2)[2]


DRAWN = """() => Object.fromEntries(Object.entries(window.fieldmap.layers).map(
    ([name, layer]) => [name, layer.getLayers().length]))"""


def _open(page, url: str) -> None:  # noqa: ANN001
    page.goto(url, wait_until="networkidle")
    page.wait_for_function("() => window.fieldmap && Object.keys(window.fieldmap.layers).length > 0")


@pytest.mark.parametrize("name", MAPS)
def test_map_loads_offline_and_draws_every_feature(page, sign_in, server: str, live_db: str, name: str) -> None:
    if needs_sign_in(name):
        sign_in(role_for_map(name))
    _open(page, f"{server}/maps/{name}")
    assert page.traffic.failed == []
    assert page.console_errors == []
    hosts = {urlsplit(u).netloc for u in page.traffic.urls if not u.startswith("data:")}
    assert hosts == {urlsplit(server).netloc}  # basemap=none: nothing leaves the machine
    spec = next(s for s in all_maps() if s.name == name)
    drawn = page.evaluate(DRAWN)
    with get_engine(live_db).connect() as conn:
        role = role_for_map(name) if needs_sign_in(name) else "viewer"
        # the page holds exactly the layers this role may see (geo.privacy), every feature of each
        # counts by the SQL written in the layer tests, not by the layers' own queries
        expected = {layer: expected_count(conn, layer) for layer in spec.layers if registry.get(layer).visible_to(role)}
    assert drawn == expected
    # every feature is one interactive SVG path on the map, or one symbol (diamond, square, ringed, numbered)
    symbols = page.locator(".leaflet-marker-icon.fm-icon").count()
    assert page.locator("path.leaflet-interactive").count() + symbols == sum(expected.values())
    legend = page.locator(".fm-legend")
    assert legend.is_visible() and "图例" in legend.inner_text()
    assert page.locator(".fm-demo").is_visible()
    assert page.locator(".leaflet-control-layers").is_visible()
    assert page.locator(".leaflet-control-scale").is_visible()


@pytest.mark.parametrize("name", MAPS)
def test_clicking_a_point_opens_its_popup(page, sign_in, server: str, name: str) -> None:
    """Click the first point of the map's top point layer that nothing covers; the popup names it."""
    if needs_sign_in(name):
        sign_in(role_for_map(name))
    _open(page, f"{server}/maps/{name}")
    target = page.evaluate("""() => {
        const map = Object.values(window).find(v => v instanceof L.Map);
        const layers = Object.values(window.fieldmap.layers).reverse();
        for (const layer of layers) {
            for (const m of layer.getLayers()) {
                if (!(m instanceof L.CircleMarker)) continue;
                const p = map.latLngToContainerPoint(m.getLatLng());
                const r = map.getContainer().getBoundingClientRect();
                const x = r.left + p.x, y = r.top + p.y;
                if (document.elementFromPoint(x, y) === m._path) {
                    const name = m.feature.properties.name ?? Object.values(m.feature.properties)[0];
                    return {x, y, name: String(name)};
                }
            }
        }
        return layers.some(l => l.getLayers().some(m => m instanceof L.CircleMarker)) ? null : {none: true};
    }""")
    if target and target.get("none"):
        pytest.skip(f"map {name} draws no point layer")
    assert target is not None, "every point is covered by another feature"
    page.mouse.click(target["x"], target["y"])
    popup = page.locator(".leaflet-popup-content")
    popup.wait_for(state="visible", timeout=5000)
    assert target["name"] in popup.inner_text()


def test_clicking_a_village_opens_its_popup_with_its_name(page, server: str) -> None:
    _open(page, f"{server}/maps/overview")
    target = page.evaluate("""() => {
        const map = Object.values(window).find(v => v instanceof L.Map);
        const r = map.getContainer().getBoundingClientRect();
        for (const m of window.fieldmap.layers.villages.getLayers()) {
            const p = map.latLngToContainerPoint(m.getLatLng());
            if (document.elementFromPoint(r.left + p.x, r.top + p.y) === m._path)
                return {x: r.left + p.x, y: r.top + p.y, name: m.feature.properties.name};
        }
        return null;
    }""")
    assert target is not None
    page.mouse.click(target["x"], target["y"])
    popup = page.locator(".leaflet-popup-content")
    popup.wait_for(state="visible", timeout=5000)
    text_ = popup.inner_text()
    assert target["name"] in text_ and "脱贫村" in text_ and "统计代码" in text_


def test_private_map_sends_an_anonymous_browser_to_the_login_page(page, server: str) -> None:
    page.goto(f"{server}/maps/inspections", wait_until="networkidle")
    assert urlsplit(page.url).path == "/login" and page.locator("input[name=password]").is_visible()


def test_english_page_and_embed_page_in_the_browser(page, sign_in, server: str) -> None:
    sign_in("official")
    _open(page, f"{server}/maps/inspections?lang=en")
    assert "Legend" in page.locator(".fm-legend").inner_text()
    assert "DEMO DATA" in page.locator(".fm-demo").inner_text()
    _open(page, f"{server}/maps/inspections?embed=1")
    assert page.locator(".leaflet-control-layers").count() == 0
    assert page.locator(".fm-title").count() == 0
    assert page.locator(".leaflet-control-zoom").is_visible() and page.locator(".fm-legend").is_visible()


def test_embed_token_opens_its_public_map_in_an_anonymous_browser_and_nothing_else(
    page, sign_in, browser, server: str
) -> None:
    sign_in("official")
    made = page.request.post(f"{server}/auth/embed-tokens", data={"map": "coverage"})
    assert made.status == 201
    url = made.json()["url"]
    stranger = browser.new_context(viewport={"width": 1000, "height": 700})  # no session cookie
    try:
        embed = stranger.new_page()
        _open(embed, f"{server}{url}")
        assert embed.locator(".fm-title").count() == 0 and embed.locator(".fm-legend").is_visible()
        token = url.split("token=")[1]
        # a read-only embed token of one map opens no other map, and no private one
        for other in ("overview", "inspections"):
            assert embed.request.get(f"{server}/maps/{other}?embed=1&token={token}").status == 403
    finally:
        stranger.close()


def test_embed_button_reveals_the_iframe_code(page, server: str) -> None:
    _open(page, f"{server}/maps/coverage")
    box = page.locator("#fm-embed-code")
    assert not box.is_visible()
    page.click(".fm-embed-button")
    assert box.is_visible()
    code = box.input_value()
    assert code.startswith(f'<iframe src="{server}/maps/coverage?embed=1"') and code.endswith("</iframe>")
    assert box.get_attribute("readonly") is not None


@pytest.mark.parametrize("width", [1280, 700])
def test_coverage_rule_under_the_title_keeps_clear_of_the_filter_bar(page, server: str, width: int) -> None:
    page.set_viewport_size({"width": width, "height": 800})
    _open(page, f"{server}/maps/coverage")
    assert "覆盖规则" in page.locator(".fm-subtitle").inner_text()
    if not page.locator(".fm-filterbar").is_visible():  # a narrow window: panels open one at a time
        page.click('.fm-tool[data-panel="filters"]')
    title, bar = page.locator(".fm-title").bounding_box(), page.locator(".fm-filterbar").bounding_box()
    assert title["y"] + title["height"] <= bar["y"]


def test_amap_draws_sites_at_their_gcj02_position(page, server: str, live_db: str) -> None:
    # Amap tiles come from the internet, which tests must not need: answer them with nothing.
    host = urlsplit(server).netloc
    page.route(
        "**/*",
        lambda route: (
            route.continue_() if urlsplit(route.request.url).netloc == host else route.fulfill(status=204, body="")
        ),
    )
    _open(page, f"{server}/maps/logistics?basemap=amap")
    drawn = page.evaluate("""() => window.fieldmap.layers.logistics_hubs.getLayers().map(
        m => [m.feature.properties.name, m.getLatLng().lat, m.getLatLng().lng])""")
    assert any("autonavi.com" in u for u in page.traffic.urls)
    with get_engine(live_db).connect() as conn:
        wgs = {
            r.name: (r.lat, r.lon)
            for r in conn.execute(
                text(
                    "SELECT name, ST_Y(location) AS lat, ST_X(location) AS lon FROM site "
                    "WHERE kind IN ('warehouse', 'sorting_centre')"
                )
            )
        }
    assert len(drawn) == len(wgs) > 0
    for name, lat, lon in drawn:
        wlat, wlon = wgs[name]
        offset = _metres(lat, lon, wlat, wlon)
        assert 100 < offset < 1000, offset  # the GCJ-02 shift: hundreds of metres
        back = prcoords.gcj_wgs_bored(prcoords.Coords(lat, lon), False)
        assert _metres(back.lat, back.lon, wlat, wlon) < 1.0  # 5 decimals round to under 0.8 m
