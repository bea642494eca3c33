"""A computed layer runs its analysis once per data version: the OGC listing, the collection, its
pages and the map share one result, and any write (even one rolled back) makes it run again."""

from __future__ import annotations

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
    assert len(calls) == 1  # three reads, one run
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
