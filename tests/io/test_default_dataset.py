"""The default dataset: Mangshi's real units and codes, demo positions inside them."""

from __future__ import annotations

from sqlalchemy import text

from geo.io.default import load_default
from geo.store.database import get_engine
from tests.conftest import AS_OF, SEED, row_counts


def _scalar(url: str, sql: str):
    with get_engine(url).connect() as conn:
        return conn.execute(text(sql)).scalar_one()


def test_counts_of_the_real_units(db_url: str) -> None:
    counts = row_counts(db_url)
    assert counts["county"] == 1
    assert counts["township"] == 13
    assert counts["village"] == 121
    assert _scalar(db_url, "SELECT count(*) FROM village WHERE kind = 'community'") == 36
    assert _scalar(db_url, "SELECT name FROM township WHERE code = '533103205'") == "三台山德昂族乡"


def test_expected_sites(db_url: str) -> None:
    with get_engine(db_url).connect() as conn:
        kinds = dict(conn.execute(text("SELECT kind, count(*) FROM site GROUP BY kind")).all())
    assert kinds["service_centre"] == 1
    assert kinds["live_base"] == 1
    assert kinds["sorting_centre"] == 1
    assert kinds["warehouse"] >= 1
    assert kinds["township_station"] == 12  # every township-level unit but the subdistrict
    assert kinds["village_station"] >= 30
    assert kinds["live_station"] >= 5
    assert _scalar(db_url, "SELECT count(*) FROM specialty_village WHERE village_code = '533103103204'") >= 1
    assert _scalar(db_url, "SELECT count(DISTINCT village_code) FROM specialty_village") == 2


def test_every_village_inside_its_township_and_the_county(db_url: str) -> None:
    outside = _scalar(
        db_url,
        """
        SELECT count(*) FROM village v JOIN township t ON t.code = v.township_code, county c
        WHERE NOT (ST_Contains(t.geom, v.location) AND ST_Contains(c.geom, v.location))""",
    )
    assert outside == 0
    assert _scalar(db_url, "SELECT count(*) FROM village WHERE left(code, 9) <> township_code") == 0


def test_townships_partition_the_county(db_url: str) -> None:
    ratio = _scalar(
        db_url,
        """
        SELECT ST_Area(ST_Union(t.geom)::geography) / ST_Area(c.geom::geography)
        FROM township t, county c GROUP BY c.geom""",
    )
    assert abs(ratio - 1) < 0.005
    overlap = _scalar(
        db_url,
        """
        SELECT coalesce(sum(ST_Area(ST_Intersection(a.geom, b.geom)::geography)), 0)
        FROM township a JOIN township b ON a.code < b.code AND ST_Intersects(a.geom, b.geom)""",
    )
    assert overlap < 1e5  # m²: slivers along shared edges only


def test_generated_rows_say_so(db_url: str) -> None:
    assert _scalar(db_url, "SELECT count(*) FROM site WHERE source <> 'demo'") == 0
    assert _scalar(db_url, "SELECT count(*) FROM village WHERE location_source <> 'demo'") == 0
    assert _scalar(db_url, "SELECT count(*) FROM township WHERE geom_source <> 'approximate'") == 0
    assert _scalar(db_url, "SELECT count(*) FROM inspection WHERE source <> 'demo'") == 0


def test_loading_twice_changes_nothing(db_url: str) -> None:
    before = row_counts(db_url)
    with get_engine(db_url).connect() as conn:
        version = conn.execute(text("SELECT md5(string_agg(t::text, '' ORDER BY ref)) FROM site t")).scalar_one()
    reports = load_default(db_url, seed=SEED, as_of=AS_OF)
    assert row_counts(db_url) == before
    assert all(r.inserted == 0 and r.updated == 0 for r in reports), [r.as_dict() for r in reports]
    with get_engine(db_url).connect() as conn:
        assert (
            conn.execute(text("SELECT md5(string_agg(t::text, '' ORDER BY ref)) FROM site t")).scalar_one() == version
        )


def test_demo_files_load_into_an_empty_database(empty_url: str, db_url: str, tmp_path) -> None:
    """`fieldmap demo-data` writes ordinary files that `fieldmap load` takes back unchanged."""
    from geo.io.boundaries import read_default_boundaries
    from geo.io.demo import generate, write_dataset
    from geo.io.load import load_file, load_frame
    from geo.store import migrate

    write_dataset(generate(read_default_boundaries(), seed=SEED, as_of=AS_OF), tmp_path)
    migrate.upgrade(empty_url)
    with get_engine(empty_url).begin() as conn:
        load_frame(conn, "county", read_default_boundaries().county)
    for table, name in [
        ("township", "townships.geojson"),
        ("village", "villages.geojson"),
        ("site", "sites.geojson"),
        ("specialty_village", "specialty_villages.csv"),
        ("inspection", "inspections.geojson"),
    ]:
        load_file(empty_url, tmp_path / name, table)
    from geo.io.boundaries import ROADS_FILE, default_directory

    load_file(empty_url, default_directory() / ROADS_FILE, "road")  # the shipped road skeleton
    assert row_counts(empty_url) == row_counts(db_url)
    for table, key in [("site", "ref"), ("village", "code"), ("inspection", "ref")]:
        sql = f"SELECT md5(string_agg(ST_AsText(ST_SnapToGrid({'location' if table != 'inspection' else 'position'}, 1e-6)), ',' ORDER BY {key})) FROM {table}"
        assert _scalar(empty_url, sql) == _scalar(db_url, sql)
