"""The start page links every map; the overview map draws every site and village, with no CDN."""

from __future__ import annotations

import re
from html import unescape

import pytest
from sqlalchemy import text

from geo.store.database import get_engine
from maps.spec import all_maps
from tests.expected import TITLES
from tests.maps.page_data import embedded_layers, without_embed_code


def test_healthz(client) -> None:
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok", "down": []}


REQUIRED = (
    "/indicators",
    "/indicators/coverage",
    "/indicators/coverage.csv",
    "/indicators/coverage.xlsx",
    "/briefing.pptx",
    "/inspections/new",
    "/inspections/status",
    "/layers",
    "/docs",
)


def links(html: str) -> list[str]:
    return [unescape(h) for h in re.findall(r"""href=["']([^"']+)["']""", html)]


def test_home_links_every_map_export_indicator_and_form(client) -> None:
    page = client.get("/").text
    hrefs = links(page)
    for spec in all_maps():
        for path in (f"/maps/{spec.name}", f"/maps/{spec.name}.png", f"/maps/{spec.name}.pdf"):
            assert path in hrefs, path
        assert TITLES[spec.name][0] in page
    for path in (*REQUIRED, "/layers/sites.geojson"):
        assert path in hrefs, path
    assert "脱贫村电商服务覆盖" in page and "地图简报" in page and "手机督查记录表" in page and "接口文档" in page
    english = client.get("/?lang=en").text
    assert "Legend" not in english and "Maps" in english and "Performance targets" in english
    assert "/briefing.pptx?lang=en" in links(english)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_every_link_on_the_home_page_answers(client_as, lang: str) -> None:
    client = client_as("admin")  # an admin's home page links everything
    hrefs = links(client.get("/", params={"lang": lang}).text)
    assert len(hrefs) > len(REQUIRED)
    failed = {}
    for href in dict.fromkeys(hrefs):
        response = client.get(href)
        if response.status_code != 200 or not response.content:
            failed[href] = response.status_code
    assert not failed


def test_overview_draws_one_marker_per_site_and_village(client, db_url: str) -> None:
    response = client.get("/maps/overview")
    assert response.status_code == 200
    html = response.text
    with get_engine(db_url).connect() as conn:
        sites = conn.execute(text("SELECT name FROM site")).scalars().all()
        villages = conn.execute(text("SELECT count(*) FROM village WHERE location IS NOT NULL")).scalar_one()
    layers = embedded_layers(html)
    assert len(layers["sites"][0]["f"]) == len(sites)
    assert len(layers["villages"][0]["f"]) == villages
    for name in sites:
        assert name in html
    assert "演示数据" in html
    assert "图例" in html


def test_overview_loads_nothing_from_other_hosts(client) -> None:
    html = without_embed_code(client.get("/maps/overview").text)  # the embed code names this host, loads nothing
    assert not re.findall(r"""(?:src|href)=["']https?://""", html)
    assert not re.findall(r"https?://", html.replace("http-equiv", ""))  # no tile or font URL either
    assert "/static/leaflet/leaflet.js" in html
    for path in re.findall(r"""(?:src|href)=["'](/static/[^"']+)""", html):
        assert client.get(path).status_code == 200, path


def test_overview_in_english(client) -> None:
    html = client.get("/maps/overview?lang=en").text
    assert "DEMO DATA" in html
    assert "Legend" in html


def test_home_page_is_rendered_again_when_the_data_changes(client, db_url: str) -> None:
    first = client.get("/").text
    assert client.get("/").text == first  # cached: same version of the data
    with get_engine(db_url).begin() as conn:
        name = conn.execute(text("SELECT name FROM site ORDER BY id LIMIT 1")).scalar_one()
        conn.execute(text("UPDATE site SET name = '改名后的站点' WHERE name = :n"), {"n": name})
    again = client.get("/").text
    assert "改名后的站点" in again and "改名后的站点" not in first
