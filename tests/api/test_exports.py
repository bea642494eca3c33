"""GET /maps/{name}.png|.svg|.pdf and GET /briefing.pptx over HTTP; bad parameters give 422."""

from __future__ import annotations

import io

import pytest
from PIL import Image

from maps.export import tiles
from maps.spec import all_maps
from tests.maps.exports_helpers import assert_not_blank, svg_size_px

MAPS = [spec.name for spec in all_maps()]


@pytest.mark.parametrize("name", MAPS)
def test_png_default_size(client_as, name: str) -> None:
    client = client_as("supervisor" if name == "inspections" else "anonymous")  # the inspections map is supervisor-only
    r = client.get(f"/maps/{name}.png")
    assert r.status_code == 200, r.text
    assert r.headers["content-type"] == "image/png"
    assert r.headers["x-fieldmap-demo-data"] == "yes"
    assert_not_blank(r.content, (1920, 1080))


@pytest.mark.parametrize("name", MAPS)
def test_svg_and_pdf_types_and_sizes(client_as, name: str) -> None:
    client = client_as("supervisor" if name == "inspections" else "anonymous")  # the inspections map is supervisor-only
    svg = client.get(f"/maps/{name}.svg", params={"width": 1280, "height": 720, "lang": "en"})
    assert svg.status_code == 200 and svg.headers["content-type"].startswith("image/svg+xml")
    assert svg_size_px(svg.content) == pytest.approx((1280, 720))
    assert b"DEMO DATA" in svg.content
    pdf = client.get(f"/maps/{name}.pdf", params={"paper": "A4"})
    assert pdf.status_code == 200 and pdf.headers["content-type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF-")


def test_filters_pass_through_to_the_layers(client) -> None:
    r = client.get(
        "/maps/overview.png", params={"township_code": "533103102", "width": 600, "height": 600, "embed": "1"}
    )
    assert r.status_code == 200, r.text
    assert Image.open(io.BytesIO(r.content)).size == (600, 600)


@pytest.mark.parametrize(
    "query, needle",
    [
        ({"width": 0}, "width"),
        ({"width": 100000}, "width"),
        ({"height": 10}, "height"),
        ({"width": "wide"}, "width"),
        ({"paper": "A5"}, "paper"),
        ({"lang": "fr"}, "lang"),
        ({"basemap": "google"}, "basemap"),
        ({"townsip_code": "533103102"}, "townsip_code"),
    ],
)
def test_bad_parameters_give_422_with_a_message(client, query: dict, needle: str) -> None:
    r = client.get("/maps/overview.png", params=query)
    assert r.status_code == 422
    assert needle in r.json()["error"]


def test_unknown_format_and_paper_on_png(client) -> None:
    r = client.get("/maps/overview.gif")
    assert r.status_code == 422 and "gif" in r.json()["error"]
    r = client.get("/maps/overview.png", params={"paper": "A4"})
    assert r.status_code == 422 and "PDF" in r.json()["error"]


def test_unknown_map_lists_the_valid_ones(client) -> None:
    r = client.get("/maps/nowhere.png")
    assert r.status_code == 404
    assert r.json()["valid"] == MAPS
    assert "overview" in r.json()["error"]


def test_basemap_request_falls_back_to_vectors_visibly(client, monkeypatch: pytest.MonkeyPatch) -> None:
    # A tile server that cannot be reached (nothing listens on the discard port of 127.0.0.1).
    monkeypatch.setitem(tiles.PROVIDERS, "osm", tiles.Provider(("http://127.0.0.1:9/{z}/{x}/{y}.png",), "x"))
    monkeypatch.setattr(tiles, "_down", {})
    r = client.get("/maps/overview.svg", params={"basemap": "osm"})
    assert r.status_code == 200
    assert "vector base" in r.headers["x-fieldmap-basemap"]
    assert "底图未能加载".encode() in r.content


def test_planned_routes_are_drawn_only_for_supervisors(client_as) -> None:
    supervisor, official = client_as("supervisor"), client_as("official")
    assert supervisor.post("/routes/plan", json={"rule": "overdue", "township": "遮放镇"}).status_code == 201
    params = {"width": 800, "height": 600}
    assert "督查路线" in supervisor.get("/maps/inspections.svg", params=params).text
    official_svg = official.get("/maps/inspections.svg", params=params)
    assert official_svg.status_code == 200
    assert "督查路线" not in official_svg.text and "路线站点" not in official_svg.text
