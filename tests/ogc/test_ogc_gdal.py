"""GDAL's OGC API – Features client (the one QGIS uses) against the running service."""

from __future__ import annotations

import re
import shutil
import subprocess

import pyogrio
import pytest
from sqlalchemy import text

from geo.store.database import get_engine

pytestmark = pytest.mark.skipif(shutil.which("ogrinfo") is None, reason="gdal-bin (scripts/bootstrap installs it)")

# Public collections and their sizes, counted here with SQL of our own (not the layers' queries).
PUBLIC_COUNTS = {
    "county": "SELECT count(*) FROM county",
    "townships": "SELECT count(*) FROM township",
    "villages": "SELECT count(*) FROM village WHERE location IS NOT NULL",
    "sites": "SELECT count(*) FROM site",
    "service_centre": "SELECT count(*) FROM site WHERE kind = 'service_centre'",
    "live_streaming": "SELECT count(*) FROM site WHERE kind IN ('live_base', 'live_station')",
    "stations": "SELECT count(*) FROM site WHERE kind IN ('township_station', 'village_station')",
    "logistics_hubs": "SELECT count(*) FROM site WHERE kind IN ('warehouse', 'sorting_centre')",
    "specialty_villages": "SELECT count(DISTINCT sv.village_code) FROM specialty_village sv "
    "JOIN village v ON v.code = sv.village_code WHERE v.location IS NOT NULL",
    "coverage_villages": "SELECT count(*) FROM village WHERE poverty_alleviated AND location IS NOT NULL",
    "coverage_townships": "SELECT count(*) FROM township WHERE geom IS NOT NULL",
}
PRIVATE = ("inspections", "inspection_status", "route_path", "route_stops")


def _ogrinfo(*args: str) -> str:
    done = subprocess.run(
        ["ogrinfo", "-ro", *args],
        capture_output=True,
        text=True,
        timeout=300,
        env={"GDAL_HTTP_TIMEOUT": "120", "PATH": "/usr/bin:/bin"},
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


def _counts(summary: str) -> dict[str, int]:
    """Layer name -> 'Feature Count' from ``ogrinfo -al -so`` output."""
    out, layer = {}, None
    for line in summary.splitlines():
        m = re.match(r"^Layer name: (\S+)", line)
        if m:
            layer = m.group(1)
        m = re.match(r"^Feature Count: (\d+)", line)
        if m and layer:
            out[layer] = int(m.group(1))
    return out


def test_ogrinfo_lists_every_public_collection_with_sql_counts(live_server: str, db_url: str) -> None:
    counts = _counts(_ogrinfo("-al", "-so", f"OAPIF:{live_server}/ogc"))
    with get_engine(db_url).connect() as conn:
        expected = {name: conn.execute(text(sql)).scalar_one() for name, sql in PUBLIC_COUNTS.items()}
    assert expected["villages"] > 100 and expected["sites"] > 10  # the default dataset is loaded
    for name, n in expected.items():
        assert counts.get(name) == n, (name, counts.get(name), n)
    for name in PRIVATE:
        assert name not in counts  # not listed for an anonymous client
    assert "logistics_network" in counts and "coverage_gaps" in counts


def test_ogr2ogr_copies_a_collection_over_several_pages(live_server: str, db_url: str, tmp_path) -> None:
    out = tmp_path / "villages.gpkg"
    log = tmp_path / "http.log"
    done = subprocess.run(
        [
            "ogr2ogr",
            "-f",
            "GPKG",
            str(out),
            f"OAPIF:{live_server}/ogc",
            "villages",
            "-oo",
            "PAGE_SIZE=25",
            "--config",
            "CPL_CURL_VERBOSE",
            "NO",
            "--debug",
            "ON",
        ],
        capture_output=True,
        text=True,
        timeout=300,
        env={"PATH": "/usr/bin:/bin"},
    )
    assert done.returncode == 0, done.stderr
    log.write_text(done.stderr)
    pages = set(re.findall(r"/ogc/collections/villages/items\?[^\s'\"]*", done.stderr))
    assert len(pages) >= 3, pages  # 121 villages at 25 a page: five pages fetched
    copy = pyogrio.read_dataframe(out)
    with get_engine(db_url).connect() as conn:
        rows = conn.execute(
            text(
                "SELECT v.code, v.name, t.name, ST_X(v.location), ST_Y(v.location) FROM village v "
                "JOIN township t ON t.code = v.township_code WHERE v.location IS NOT NULL ORDER BY v.code"
            )
        ).all()
    assert len(copy) == len(rows)
    got = copy.sort_values("code").reset_index(drop=True)
    for i, (code, name, township, x, y) in enumerate(rows):
        assert got.loc[i, "code"] == code and got.loc[i, "name"] == name and got.loc[i, "township_name"] == township
        assert got.geometry[i].x == pytest.approx(x, abs=1e-6) and got.geometry[i].y == pytest.approx(y, abs=1e-6)
    # a viewer's copy carries no household-level field, nor a village's household counts
    private = {"household_name", "household_head", "id_card", "phone", "address", "households", "poverty_households"}
    assert not private & set(copy.columns)


def test_private_collection_refused_to_gdal(live_server: str) -> None:
    done = subprocess.run(
        ["ogrinfo", "-ro", "-so", f"OAPIF:{live_server}/ogc", "inspections"],
        capture_output=True,
        text=True,
        timeout=120,
        env={"PATH": "/usr/bin:/bin"},
    )
    assert done.returncode != 0
