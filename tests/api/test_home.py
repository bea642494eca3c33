"""The start page links every map; the overview map draws every site and village, with no CDN."""

from __future__ import annotations

import re

from sqlalchemy import text

from geo.store.database import get_engine
from maps.spec import all_maps
from tests.maps.page_data import embedded_layers, without_embed_code


def test_healthz(client) -> None:
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok"}


def test_home_links_every_map_and_layer(client) -> None:
    html = client.get("/").text
    for spec in all_maps():
        assert f'href="/maps/{spec.name}"' in html
        assert spec.title_zh in html
    assert 'href="/layers/sites.geojson"' in html
    assert "Legend" not in client.get("/?lang=en").text and "Maps" in client.get("/?lang=en").text


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
