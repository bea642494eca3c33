"""The render cache: a cached answer equals the built one, gzip for clients that accept it."""

from __future__ import annotations

from sqlalchemy import text

from geo.store.database import get_engine


def test_cached_body_equals_the_built_body(client) -> None:
    built = client.get("/maps/logistics?lang=en")  # a miss: built by the route
    served = client.get("/maps/logistics?lang=en")  # a hit: answered from the cache
    assert served.status_code == 200 and served.content == built.content
    assert served.headers["etag"] == built.headers["etag"]
    assert served.headers["content-type"] == built.headers["content-type"]
    layer = client.get("/layers/villages.geojson", params={"poverty_alleviated": "true"})
    again = client.get("/layers/villages.geojson", params={"poverty_alleviated": "true"})
    assert again.json() == layer.json() and all(f["properties"]["poverty_alleviated"] for f in again.json()["features"])


def test_gzip_for_clients_that_accept_it(client) -> None:
    plain = client.get("/maps/overview", headers={"Accept-Encoding": "identity"})
    for _ in range(2):  # a miss, then a hit
        packed = client.get("/maps/overview", headers={"Accept-Encoding": "gzip"})
        assert packed.headers["content-encoding"] == "gzip"
        assert int(packed.headers["content-length"]) < len(plain.content) / 3
        assert packed.content == plain.content  # httpx decompresses it
        assert packed.headers["etag"] != plain.headers["etag"] and packed.headers["vary"] == "Accept-Encoding"
    again = client.get("/maps/overview", headers={"Accept-Encoding": "gzip", "If-None-Match": packed.headers["etag"]})
    assert again.status_code == 304
