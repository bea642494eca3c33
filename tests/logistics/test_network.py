"""Who supplies whom: parent_site from the data, else the nearest township station by travel time."""

from __future__ import annotations

from sqlalchemy import text

from geo.store.database import get_engine
from layers import registry
from tests.logistics.road_fixture import N, install


def _add(conn, ref: str, kind: str, point: tuple[float, float], parent: str | None = None) -> None:  # noqa: ANN001
    conn.execute(
        text(
            "INSERT INTO site (ref, kind, name, township_code, location, status, parent_site, source) VALUES "
            "(:r, :k, :r, (SELECT min(code) FROM township), ST_SetSRID(ST_MakePoint(:x, :y), 4326), 'operating', :p, 'test')"
        ),
        {"r": ref, "k": kind, "x": point[0], "y": point[1], "p": parent},
    )


def test_parents_by_travel_time_and_from_the_data(db_url: str, tmp_path) -> None:  # noqa: ANN001
    install(db_url, tmp_path)  # S1 (township station) at N1, HUB at N3
    with get_engine(db_url).begin() as conn:
        _add(conn, "T4", "township_station", N[4])
        # V3 at N3: T4 (N4) is nearer in a straight line (7.1 km vs 10.1 km), S1 nearer by road (21 vs 31 min)
        _add(conn, "V3", "village_station", (98.6, 24.4005))
        _add(conn, "V9", "village_station", (98.6, 24.3995), parent="T4")
    with get_engine(db_url).connect() as conn:
        lines = {f["properties"]["to_name"]: f for f in registry.get("logistics_network").features(conn)}
    v3 = lines["V3"]
    assert (v3["properties"]["from_name"], v3["properties"]["parent_from"], v3["properties"]["method"]) == (
        "S1",
        "nearest_by_time",
        "road",
    )
    # the line follows the roads: V3 → N3 → N2 → N1 → S1 (drawn from the parent)
    coords = [tuple(c) for c in v3["geometry"]["coordinates"]]
    assert coords[0] == N[1] and N[2] in coords and coords[-1] == (98.6, 24.4005)
    # 10 + 6 km of road (the access legs are a few metres)
    assert 16_000 <= v3["properties"]["distance_m"] <= 16_100
    v9 = lines["V9"]["properties"]
    assert (v9["from_name"], v9["parent_from"]) == ("T4", "data")
    assert lines["S1"]["properties"]["tier"] == "township" and lines["S1"]["properties"]["from_name"] == "HUB"


def test_an_unknown_parent_site_is_refused_and_nothing_is_written(db_url: str, tmp_path) -> None:  # noqa: ANN001
    import json

    import pytest

    from geo.errors import InvalidInput
    from geo.io.load import load_file

    with get_engine(db_url).connect() as conn:
        before = conn.execute(text("SELECT count(*) FROM site")).scalar_one()
        town = conn.execute(text("SELECT code FROM township ORDER BY code LIMIT 1")).scalar_one()
    path = tmp_path / "sites.geojson"
    path.write_text(
        json.dumps(
            {
                "type": "FeatureCollection",
                "features": [
                    {
                        "type": "Feature",
                        "properties": {
                            "ref": "NEW-1",
                            "kind": "village_station",
                            "name": "新站",
                            "township_code": town,
                            "parent_site": "NO-SUCH-SITE",
                        },
                        "geometry": {"type": "Point", "coordinates": [98.58, 24.43]},
                    }
                ],
            }
        ),
        encoding="utf-8",
    )
    with pytest.raises(InvalidInput) as err:
        load_file(db_url, path, "site")
    assert "NEW-1 → NO-SUCH-SITE" in err.value.message and "parent_site" in err.value.message
    with get_engine(db_url).connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM site")).scalar_one() == before
