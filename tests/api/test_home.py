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
