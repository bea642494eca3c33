"""Every registered map page, built from its spec: size, labels, filters, embed, base maps, cache."""

from __future__ import annotations

import html as html_lib
import re

import prcoords
import pytest
from sqlalchemy import text

from geo.store.database import get_engine
from geo.store.settings import Settings
from maps.spec import all_maps
from tests.conftest import seen_by_app
from tests.expected import OFFICIAL_ONLY_POPUP_FIELDS, POPUP_FIELDS, RULE_TEXT, TITLES
from tests.layers.test_layers_geojson import EXPECTED_SQL
from tests.maps.page_data import embedded_layers, rows_as_properties, without_embed_code

MAPS = [spec.name for spec in all_maps()]


# A page without a route parameter draws every planned route (none in the default dataset).
PAGE_SQL = {
    **EXPECTED_SQL,
    "route_path": "SELECT coalesce(sum(ST_NumGeometries(path)), 0) FROM route",
    "route_stops": "SELECT coalesce(sum(jsonb_array_length(stops)), 0) FROM route",
}


@pytest.mark.parametrize("name", MAPS)
def test_page_draws_every_layer_of_its_spec(client_as, db_url: str, name: str) -> None:
    client = client_as("supervisor")  # the inspections map is supervisor-only
    spec = next(s for s in all_maps() if s.name == name)
    response = client.get(f"/maps/{name}")
    assert response.status_code == 200
    html = response.text
    # page weight target 100 KB, the logistics map's fourteen layers included (packed lines and
    # polygons, shared words, display precision: maps/page.py, MapSpec.display)
    assert len(response.content) <= 100_000
    layers = embedded_layers(html)
    assert list(layers) == list(spec.layers)
    with get_engine(db_url).connect() as conn:
        for layer_name, (data, config) in layers.items():
            assert len(data["f"]) == conn.execute(text(PAGE_SQL[layer_name])).scalar_one(), layer_name
            assert [f[1] for f in config["fields"]] == list(POPUP_FIELDS[layer_name][0]), layer_name
    assert TITLES[name][0] in html and "图例" in html and "演示数据" in html
    assert "leaflet-control-layers" in html or "L.control.layers" in html
    assert "L.control.scale" in html
    assert not re.search(r"https?://", without_embed_code(html).replace("http-equiv", ""))


@pytest.mark.parametrize("name", MAPS)
def test_page_in_english(client_as, name: str) -> None:
    client = client_as("supervisor" if name == "inspections" else "anonymous")  # the inspections map is supervisor-only
    html = client.get(f"/maps/{name}", params={"lang": "en"}).text
    assert TITLES[name][1] in html and "Legend" in html and "DEMO DATA" in html
    for layer_name, (_data, config) in embedded_layers(html).items():
        hidden = OFFICIAL_ONLY_POPUP_FIELDS.get(layer_name, ((), ()))[1] if name != "inspections" else ()
        expected = [f for f in POPUP_FIELDS[layer_name][1] if f not in hidden]
        assert [f[1] for f in config["fields"]] == expected, layer_name


def test_unknown_map_is_404_with_valid_names(client) -> None:
    response = client.get("/maps/nowhere")
    assert response.status_code == 404
    assert response.json()["valid"] == MAPS


def test_township_and_kind_filters_reach_the_layers_that_have_them(client, db_url: str) -> None:
    html = client.get("/maps/overview", params={"township_code": "533103102", "kind": "village_station"}).text
    layers = embedded_layers(html)
    with get_engine(db_url).connect() as conn:
        sites = conn.execute(
            text("SELECT count(*) FROM site WHERE township_code = '533103102' AND kind = 'village_station'")
        ).scalar_one()
        villages = conn.execute(
            text("SELECT count(*) FROM village WHERE township_code = '533103102' AND location IS NOT NULL")
        ).scalar_one()
        all_kind = conn.execute(text("SELECT count(*) FROM site WHERE kind = 'village_station'")).scalar_one()
        all_villages = conn.execute(text("SELECT count(*) FROM village WHERE location IS NOT NULL")).scalar_one()
        township_name = conn.execute(text("SELECT name FROM township WHERE code = '533103102'")).scalar_one()

    def inside(data: dict) -> int:  # features drawn in colour; the rest of the county is greyed, not hidden
        return sum(1 for _g, s, _v in data["f"] if data["s"][s].get("fillColor") != "#d0d0d0")

    assert len(layers["sites"][0]["f"]) == all_kind and inside(layers["sites"][0]) == sites > 0
    assert len(layers["villages"][0]["f"]) == all_villages  # 'kind' is a site kind: villages ignore it
    assert inside(layers["villages"][0]) == villages > 0
    assert len(layers["county"][0]["f"]) == 1
    assert township_name in re.search(r'<div class="fm-subtitle">([^<]*)</div>', html).group(1)
    assert "township_code" not in re.search(r'<div class="fm-subtitle">([^<]*)</div>', html).group(1)
    # the filter bar lists every township whether or not one is chosen, the chosen one selected
    with get_engine(db_url).connect() as conn:
        n_townships = conn.execute(text("SELECT count(*) FROM township")).scalar_one()
    plain = client.get("/maps/overview").text
    for page in (plain, html):
        options = re.findall(r'<option value="(\d{9})"', page)
        assert len(options) == n_townships
    assert '<option value="533103102" selected>' in html and " selected>" not in plain
    # the short alias of the architecture works too
    alias = embedded_layers(client.get("/maps/overview", params={"township": "533103102"}).text)
    assert inside(alias["villages"][0]) == villages


def test_embed_mode_has_no_chrome_and_no_personal_fields(client_as) -> None:
    client = client_as("supervisor")  # the inspections map is for supervisors
    full = client.get("/maps/inspections").text
    html = client.get("/maps/inspections", params={"embed": "1"}).text
    assert "L.control.layers" not in html and "L.control.scale" not in html
    assert "fm-title" not in html and "fm-filterbar" not in html
    assert "fm-legend" in html and "演示数据" in html  # the legend and the demo label stay
    status = embedded_layers(html)["inspection_status"][0]
    assert "last_inspector" not in status["k"]
    assert "last_inspector" in embedded_layers(full)["inspection_status"][0]["k"]
    assert "督查" in full and not re.search(r"督查[一二三四五六七八九十]组", html)
    # a village's household counts are personal too: never in an embed, even an admin's
    villages = embedded_layers(client.get("/maps/overview", params={"embed": "1"}).text)["villages"][0]
    assert villages["f"] and "households" not in villages["k"] and "poverty_households" not in villages["k"]
    full_villages = embedded_layers(client.get("/maps/overview").text)["villages"][0]
    assert "households" in full_villages["k"] and "poverty_households" in full_villages["k"]


def test_amap_shifts_every_overlay_to_gcj02(client) -> None:
    plain = embedded_layers(client.get("/maps/overview").text)
    shifted = embedded_layers(client.get("/maps/overview", params={"basemap": "amap"}).text)
    for (lon, lat), (glon, glat) in zip(
        (r[0] for r in plain["sites"][0]["f"]), (r[0] for r in shifted["sites"][0]["f"])
    ):
        want = prcoords.wgs_gcj(prcoords.Coords(lat, lon), False)
        assert abs(glat - want.lat) < 2e-5 and abs(glon - want.lon) < 2e-5
        assert 0.001 < abs(glon - lon) + abs(glat - lat) < 0.02  # hundreds of metres
    county, gcounty = plain["county"][0]["f"][0][0], shifted["county"][0]["f"][0][0]
    assert county["coordinates"] != gcounty["coordinates"]


def test_base_maps(client_as) -> None:
    client = client_as("viewer", Settings(tianditu_key=None))
    osm = client.get("/maps/logistics", params={"basemap": "osm"}).text
    assert "tile.openstreetmap.org" in osm
    missing = client.get("/maps/logistics", params={"basemap": "tianditu"})
    assert missing.status_code == 422 and "FIELDMAP_TIANDITU_KEY" in missing.json()["error"]
    # the key comes from the app's settings (create_app(settings=...)), not from the process
    page = (
        client_as("viewer", Settings(tianditu_key="test-key-123"))
        .get("/maps/logistics", params={"basemap": "tianditu"})
        .text
    )
    assert "tianditu.gov.cn/vec_w" in page and "tianditu.gov.cn/cva_w" in page and "tk=test-key-123" in page
    bad = client.get("/maps/logistics", params={"basemap": "google"})
    assert bad.status_code == 422 and bad.json()["valid"] == ["none", "tianditu", "osm", "amap"]


def test_cached_page_revalidates_by_etag_and_any_write_invalidates_it(client_as, db_url: str) -> None:
    client = client_as("supervisor")  # the inspections map is for supervisors
    first = client.get("/maps/inspections")
    etag = first.headers["etag"]
    assert first.headers["cache-control"] == "no-cache"
    assert client.get("/maps/inspections", headers={"If-None-Match": etag}).status_code == 304
    with get_engine(db_url).begin() as conn:
        conn.execute(
            text(
                "UPDATE site SET name = '改名后的测试站' WHERE id = (SELECT min(id) FROM site WHERE kind = 'village_station')"
            )
        )
    seen_by_app(client, db_url)
    again = client.get("/maps/inspections", headers={"If-None-Match": etag})
    assert again.status_code == 200 and again.headers["etag"] != etag
    assert "改名后的测试站" in again.text
    names = [p["name"] for p in rows_as_properties(embedded_layers(again.text)["inspection_status"][0])]
    assert "改名后的测试站" in names


def test_layer_geojson_is_cached_and_invalidated(client, db_url: str) -> None:
    first = client.get("/layers/sites.geojson")
    assert client.get("/layers/sites.geojson", headers={"If-None-Match": first.headers["etag"]}).status_code == 304
    with get_engine(db_url).begin() as conn:
        conn.execute(text("DELETE FROM site WHERE id = (SELECT max(id) FROM site WHERE kind = 'village_station')"))
    seen_by_app(client, db_url)
    assert len(client.get("/layers/sites.geojson").json()["features"]) == len(first.json()["features"]) - 1


def test_names_are_data_not_markup(client, db_url: str) -> None:
    """A name with template or HTML syntax reaches the page as text (no Jinja, no </script>)."""
    odd = "{{ 1 + 1 }}站</script><b>{% raw %}"
    with get_engine(db_url).begin() as conn:
        conn.execute(text("UPDATE site SET name = :n WHERE id = (SELECT min(id) FROM site)"), {"n": odd})
    seen_by_app(client, db_url)
    html = client.get("/maps/overview").text
    names = [p["name"] for p in rows_as_properties(embedded_layers(html)["sites"][0])]
    assert odd in names
    assert "</script><b>" not in html


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_coverage_page_states_the_rule_in_force_under_its_title(client, lang: str) -> None:
    expected = RULE_TEXT[lang]
    page = client.get("/maps/coverage", params={"lang": lang}).text
    sub = re.search(r'<div class="fm-subtitle"[^>]*>([^<]*)</div>', page)
    assert sub is not None
    assert html_lib.unescape(sub.group(1)) == ("覆盖规则：" if lang == "zh" else "Coverage rule: ") + expected
    assert ("3 公里" if lang == "zh" else "3 km") in sub.group(1)
    assert "fm-subtitle" not in client.get("/maps/overview", params={"lang": lang}).text
    assert "fm-subtitle" not in client.get("/maps/coverage", params={"lang": lang, "embed": "1"}).text
