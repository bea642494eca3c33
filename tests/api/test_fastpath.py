"""The cached fast path: one shared version read answers many requests, and never a stale page."""

from __future__ import annotations

import asyncio

from sqlalchemy import text

from api.fastpath import VersionWatch
from geo.store.database import get_engine


def test_concurrent_requests_share_reads_and_see_every_write(db_url: str) -> None:
    watch = VersionWatch(db_url)

    async def scenario() -> tuple[set[int], int, int]:
        first = set(await asyncio.gather(*(watch.current() for _ in range(50))))
        with get_engine(db_url).begin() as conn:  # a write committed before the next request
            conn.execute(text("UPDATE village SET households = households + 1 WHERE code = (SELECT min(code) FROM village)"))
        after = await watch.current()
        with get_engine(db_url).connect() as conn:
            in_db = conn.execute(text("SELECT version FROM data_state")).scalar_one()
        return first, after, in_db

    first, after, in_db = asyncio.run(scenario())
    assert len(first) == 1
    assert after == in_db and after > next(iter(first))


def test_fast_path_body_equals_the_route_body(client) -> None:
    built = client.get("/maps/logistics?lang=en")  # a miss: built by the route
    served = client.get("/maps/logistics?lang=en")  # a hit: answered by the middleware
    assert served.status_code == 200 and served.content == built.content
    assert served.headers["etag"] == built.headers["etag"]
    assert served.headers["content-type"] == built.headers["content-type"]
    layer = client.get("/layers/villages.geojson", params={"poverty_alleviated": "true"})
    again = client.get("/layers/villages.geojson", params={"poverty_alleviated": "true"})
    assert again.json() == layer.json() and all(f["properties"]["poverty_alleviated"] for f in again.json()["features"])


def test_gzip_for_clients_that_accept_it(client) -> None:
    plain = client.get("/maps/overview", headers={"Accept-Encoding": "identity"})
    for _ in range(2):  # a miss (the route), then a hit (the middleware)
        packed = client.get("/maps/overview", headers={"Accept-Encoding": "gzip"})
        assert packed.headers["content-encoding"] == "gzip"
        assert int(packed.headers["content-length"]) < len(plain.content) / 3
        assert packed.content == plain.content  # httpx decompresses it
        assert packed.headers["etag"] != plain.headers["etag"] and packed.headers["vary"] == "Accept-Encoding"
    again = client.get("/maps/overview", headers={"Accept-Encoding": "gzip", "If-None-Match": packed.headers["etag"]})
    assert again.status_code == 304
