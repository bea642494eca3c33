"""The delivery network: hub → township stations → village stations, built in SQL."""

from __future__ import annotations

from sqlalchemy import text

from geo.store.database import get_engine
from layers import registry


def test_every_village_station_is_fed_by_its_township_station(ro_db_url: str) -> None:
    with get_engine(ro_db_url).connect() as conn:
        lines = [
            f["properties"] | {"coords": f["geometry"]["coordinates"]}
            for f in registry.get("logistics_network").features(conn)
        ]
        stations = conn.execute(
            text(
                "SELECT s.id, s.name, s.township_code, ST_X(s.location) x, ST_Y(s.location) y, t.name AS tname "
                "FROM site s LEFT JOIN LATERAL (SELECT name FROM site WHERE kind = 'township_station' "
                "AND township_code = s.township_code ORDER BY id LIMIT 1) t ON true "
                "WHERE s.kind IN ('village_station', 'live_station')"
            )
        ).all()
        hub = conn.execute(text("SELECT name FROM site WHERE kind = 'sorting_centre'")).scalar_one()
    village_lines = {ln["to_id"]: ln for ln in lines if ln["tier"] == "village"}
    assert len(village_lines) == len(stations)
    with get_engine(ro_db_url).connect() as conn:
        township_names = set(conn.execute(text("SELECT name FROM site WHERE kind = 'township_station'")).scalars())
    for s in stations:
        line = village_lines[s.id]
        # supplied by a township station: the nearest by travel time (geo.analysis.network), tested on a fixture
        assert line["from_name"] in township_names
        assert line["coords"][-1] == [round(s.x, 6), round(s.y, 6)]
        assert line["distance_m"] >= 0 and line["method"] in ("road", "straight_line")
    assert {ln["from_name"] for ln in lines if ln["tier"] in ("county", "township")} == {hub}


def test_township_filter_and_distances(ro_db_url: str) -> None:
    with get_engine(ro_db_url).connect() as conn:
        some = registry.get("logistics_network").features(conn, filters={"township_code": "533103102"})
    assert some and {f["properties"]["township_code"] for f in some} == {"533103102"}
    # distances in metres, not degrees: Mangshi is about 60 km across (by road somewhat more)
    assert all(0 <= f["properties"]["distance_m"] < 150_000 for f in some)
    assert max(f["properties"]["distance_m"] for f in some) > 1000
