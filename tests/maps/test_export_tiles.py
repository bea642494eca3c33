"""Tile base maps under an export, served by a real tile server on 127.0.0.1."""

from __future__ import annotations

import io
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import numpy as np
import prcoords
import pytest
from PIL import Image

import layers  # noqa: F401
from geo.store.database import get_engine
from geo.store.settings import Settings
from maps.export import ExportOptions, render_map, tiles
from tests.maps.exports_helpers import svg_texts

TILE_RGB = (10, 200, 250)


class TileServer:
    def __init__(self) -> None:
        self.requests: list[str] = []
        self.missing: str | None = None  # a path answered 404
        png = io.BytesIO()
        Image.new("RGB", (256, 256), TILE_RGB).save(png, format="PNG")
        tile, server_state = png.getvalue(), self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:  # noqa: N802
                server_state.requests.append(self.path)
                if server_state.missing and self.path.endswith(server_state.missing):
                    self.send_error(404)
                    return
                self.send_response(200)
                self.send_header("Content-Type", "image/png")
                self.end_headers()
                self.wfile.write(tile)

            def log_message(self, *_args) -> None:
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.httpd.server_port}" + "/{z}/{x}/{y}.png"
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()


@pytest.fixture
def tile_server(monkeypatch: pytest.MonkeyPatch) -> Iterator[TileServer]:
    server = TileServer()
    monkeypatch.setitem(tiles.PROVIDERS, "osm", tiles.Provider((server.url,), "© test tiles"))
    monkeypatch.setattr(tiles, "_down", {})
    yield server
    server.httpd.shutdown()


def render(url: str, **options) -> tuple[bytes, str]:
    with get_engine(url).connect() as conn:
        r = render_map(conn, "overview", ExportOptions(basemap="osm", **options))
    return r.content, r.basemap


def test_every_tile_is_loaded_and_drawn_under_the_layers(ro_db_url: str, tile_server: TileServer) -> None:
    png, used = render(ro_db_url, width=1280, height=720)
    assert used == "osm"
    pixels = np.asarray(Image.open(io.BytesIO(png)).convert("RGB")).astype(int)
    tile_share = (np.abs(pixels - TILE_RGB).sum(axis=2) < 10).mean()
    assert tile_share > 0.05  # tiles show around the county, where no layer covers them
    asked = {p for p in tile_server.requests}
    zs = {p.split("/")[1] for p in asked}
    assert len(zs) == 1 and len(asked) >= 4
    svg, _used = render(ro_db_url, fmt="svg")
    assert "底图：© test tiles" in "\n".join(t for t, _s in svg_texts(svg))


def test_one_missing_tile_means_no_tiles_and_a_visible_note(ro_db_url: str, tile_server: TileServer) -> None:
    render(ro_db_url, width=1280, height=720)
    tile_server.missing = sorted(tile_server.requests)[-1].split("/", 2)[2]
    svg, used = render(ro_db_url, fmt="svg", width=1280, height=720)
    assert used == "none"
    words = "\n".join(t for t, _s in svg_texts(svg))
    assert "OpenStreetMap 底图未能加载（瓦片服务器拒绝请求）" in words and "矢量底图" in words
    assert "Error" not in words and "osm" not in words  # a short note, never an exception text or a code


def test_unreachable_provider_falls_back_quickly_and_is_remembered(
    ro_db_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(tiles.PROVIDERS, "osm", tiles.Provider(("http://127.0.0.1:9/{z}/{x}/{y}.png",), "x"))
    monkeypatch.setattr(tiles, "_down", {})
    _svg, used = render(ro_db_url, fmt="svg")
    assert used == "none" and "osm" in tiles._down


def test_tianditu_without_a_key_is_refused_with_the_reason(ro_db_url: str) -> None:
    with get_engine(ro_db_url).connect() as conn:
        r = render_map(
            conn, "overview", ExportOptions(fmt="svg", basemap="tianditu", settings=Settings(tianditu_key=None))
        )
    assert r.basemap == "none"
    assert "天地图底图未能加载（未配置天地图密钥）" in r.content.decode()


def test_vectorised_gcj02_matches_prcoords() -> None:
    lon = np.array([98.02, 98.4, 98.72])
    lat = np.array([24.08, 24.43, 24.66])
    glon, glat = tiles.wgs84_to_gcj02(lon, lat)
    for i in range(3):
        ref = prcoords.wgs_gcj(prcoords.Coords(lat[i], lon[i]), False)
        assert abs(glat[i] - ref[0]) < 1e-7 and abs(glon[i] - ref[1]) < 1e-7
