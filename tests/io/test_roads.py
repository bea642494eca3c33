"""Road import: node ids from the file, or a topology built by pgRouting when the file has none."""

from __future__ import annotations

import json

from sqlalchemy import text

from geo.io.load import load_file
from geo.store.database import get_engine


def test_roads_without_node_ids_get_a_topology(db_url: str, tmp_path) -> None:  # noqa: ANN001
    lines = [[[98.50, 24.40], [98.55, 24.40]], [[98.55, 24.40], [98.60, 24.42]], [[98.55, 24.40], [98.55, 24.35]]]
    path = tmp_path / "roads.geojson"
    path.write_text(
        json.dumps(
            {
                "type": "FeatureCollection",
                "features": [
                    {
                        "type": "Feature",
                        "properties": {"class": "county", "speed_kmh": 40},
                        "geometry": {"type": "LineString", "coordinates": c},
                    }
                    for c in lines
                ],
            }
        ),
        encoding="utf-8",
    )
    assert load_file(db_url, path, "road").inserted == 3
    assert load_file(db_url, path, "road").inserted == 0  # keyed on the geometry: idempotent
    with get_engine(db_url).connect() as conn:
        rows = conn.execute(text("SELECT source_node, target_node, length_m, speed_kmh FROM road ORDER BY id")).all()
    assert all(r.source_node is not None and r.target_node is not None for r in rows)
    # the three lines meet in one node
    shared = (
        {rows[0].target_node} & {rows[1].source_node, rows[1].target_node} & {rows[2].source_node, rows[2].target_node}
    )
    assert len(shared) == 1
    assert 5000 < rows[0].length_m < 5200 and rows[0].speed_kmh == 40
