"""The first page: a Folium map drawn from PostGIS, with no CDN."""

from __future__ import annotations

import re

from sqlalchemy import text

from geo.store.database import get_engine


def test_healthz(client) -> None:
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok"}


def test_home_draws_one_marker_per_site_and_village(client, db_url: str) -> None:
    response = client.get("/")
    assert response.status_code == 200
    html = response.text
    with get_engine(db_url).connect() as conn:
        sites = conn.execute(text("SELECT name FROM site")).scalars().all()
        villages = conn.execute(text("SELECT count(*) FROM village WHERE location IS NOT NULL")).scalar_one()
    assert html.count("L.circleMarker(") == len(sites) + villages
    for name in sites:
        assert name in html
    assert "演示数据" in html
    assert "图例" in html


def test_home_loads_nothing_from_other_hosts(client) -> None:
    html = client.get("/").text
    assert not re.findall(r"""(?:src|href)=["']https?://""", html)
    assert "/static/leaflet/leaflet.js" in html
    assert client.get("/static/leaflet/leaflet.js").status_code == 200


def test_home_in_english(client) -> None:
    html = client.get("/?lang=en").text
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
