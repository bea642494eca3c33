"""A computed layer runs its analysis once per data version: the OGC listing, the collection, its
pages and the map share one result, and any write (even one rolled back) makes it run again."""

from __future__ import annotations

import pytest
from sqlalchemy import text

from geo.store.database import get_engine
from layers.computed import ComputedLayer

TOUCH = "UPDATE site SET name = name WHERE id = (SELECT min(id) FROM site)"  # a write: bumps the data version


def test_a_computed_layer_runs_once_per_data_version(db_url: str) -> None:
    calls: list[int] = []

    def compute(_conn) -> list[dict]:  # noqa: ANN001
        calls.append(1)
        point = {"type": "Point", "coordinates": [98.5, 24.4]}
        return [{"geometry": point, "properties": {"id": 1, "source": "test"}}]

    layer = ComputedLayer(name="t", title_zh="测试", title_en="test", geometry_type="Point", query="", compute=compute)
    engine = get_engine(db_url)
    with engine.connect() as conn:
        assert '"bbox": [98.5, 24.4, 98.5, 24.4]' in layer.geojson(conn)
        assert layer.count(conn) == 1 and layer.has_demo(conn) is False
        assert layer.extent(conn) == [98.5, 24.4, 98.5, 24.4] == layer.extent(conn)
    assert len(calls) == 1  # five reads, one run
    with engine.begin() as conn:
        conn.execute(text(TOUCH))
    with engine.connect() as conn:
        assert layer.count(conn) == 1
    assert len(calls) == 2  # the write made it run again
    with engine.connect() as conn:
        tx = conn.begin()
        conn.execute(text(TOUCH))
        layer.count(conn)  # inside the transaction: the uncommitted version
        tx.rollback()
    assert len(calls) == 3
    with engine.begin() as conn:
        conn.execute(text(TOUCH))  # the same version number the rolled-back write had, another time
    with engine.connect() as conn:
        layer.count(conn)
    assert len(calls) == 4


def _points(coords) -> list[tuple[float, float]]:  # noqa: ANN001
    if coords and isinstance(coords[0], (int, float)):
        return [(coords[0], coords[1])]
    return [p for c in coords for p in _points(c)]


def test_listed_extent_of_a_computed_collection_encloses_its_items(client_as) -> None:
    anon = client_as("anonymous")
    listing = {c["id"]: c for c in anon.get("/ogc/collections").json()["collections"]}
    for name in ("logistics_network", "reach"):
        items = anon.get(f"/ogc/collections/{name}/items?limit=10000").json()
        assert items["numberReturned"] == items["numberMatched"] > 0, name
        points = [p for f in items["features"] for p in _points(f["geometry"]["coordinates"])]
        xs, ys = [p[0] for p in points], [p[1] for p in points]
        box = listing[name]["extent"]["spatial"]["bbox"][0]
        assert box == [
            pytest.approx(min(xs), abs=1e-6),
            pytest.approx(min(ys), abs=1e-6),
            pytest.approx(max(xs), abs=1e-6),
            pytest.approx(max(ys), abs=1e-6),
        ], name
