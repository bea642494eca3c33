"""Bad input gets a clear error and loses nothing: the row counts stay as they were."""

from __future__ import annotations

import json
from pathlib import Path

import geopandas as gpd
import pytest
import shapely
from sqlalchemy import text
from typer.testing import CliRunner

from api.cli import app as cli
from geo.errors import InvalidInput
from geo.io.crs import METRIC, wgs84_to_gcj02
from geo.io.load import load_file
from geo.store.database import get_engine
from tests.conftest import row_counts

INSIDE = (98.5837, 24.4353)  # GeoNames "Menghuan", in the town


def _geojson(path: Path, features: list[dict]) -> Path:
    path.write_text(
        json.dumps({"type": "FeatureCollection", "features": features}, ensure_ascii=False), encoding="utf-8"
    )
    return path


def _point(props: dict, lon: float, lat: float) -> dict:
    return {"type": "Feature", "properties": props, "geometry": {"type": "Point", "coordinates": [lon, lat]}}


def _site(ref: str, lon: float, lat: float, **extra) -> dict:
    return _point({"ref": ref, "kind": "village_station", "name": "测试站", **extra}, lon, lat)


def _expect_refusal(db_url: str, path: Path, table: str, fragment: str, crs: str | None = None) -> str:
    before = row_counts(db_url)
    with pytest.raises(InvalidInput) as info:
        load_file(db_url, path, table, crs=crs)
    assert fragment in info.value.message, info.value.message
    assert row_counts(db_url) == before
    return info.value.message


def test_unknown_township_code(db_url: str, tmp_path: Path) -> None:
    csv = tmp_path / "villages.csv"
    csv.write_text(f"code,name,kind,lon,lat\n533103999001,新村,village,{INSIDE[0]},{INSIDE[1]}\n", encoding="utf-8")
    _expect_refusal(db_url, csv, "village", "533103999", crs="wgs84")


def test_village_code_that_does_not_exist(db_url: str, tmp_path: Path) -> None:
    path = _geojson(tmp_path / "sites.geojson", [_site("t-1", *INSIDE, village_code="533103101299")])
    _expect_refusal(db_url, path, "site", "533103101299")


def test_point_outside_the_county(db_url: str, tmp_path: Path) -> None:
    path = _geojson(tmp_path / "sites.geojson", [_site("t-1", 100.5, 25.0)])
    message = _expect_refusal(db_url, path, "site", "县界之外")
    assert "outside the county" in message


def test_swapped_lon_lat_is_outside(db_url: str, tmp_path: Path) -> None:
    path = _geojson(tmp_path / "sites.geojson", [_site("t-1", INSIDE[1], INSIDE[0])])
    _expect_refusal(db_url, path, "site", "颠倒")


def test_invalid_polygon(db_url: str, tmp_path: Path) -> None:
    bowtie = {
        "type": "Polygon",
        "coordinates": [[[98.50, 24.40], [98.60, 24.50], [98.60, 24.40], [98.50, 24.50], [98.50, 24.40]]],
    }
    path = _geojson(
        tmp_path / "townships.geojson",
        [
            {
                "type": "Feature",
                "properties": {"code": "533103101", "name": "芒市镇", "kind": "town"},
                "geometry": bowtie,
            }
        ],
    )
    _expect_refusal(db_url, path, "township", "多边形无效")


def test_projected_coordinates_in_a_lonlat_file(db_url: str, tmp_path: Path) -> None:
    # metres from UTM 47N written into GeoJSON, which always means WGS 84 lon/lat
    x, y = gpd.GeoSeries([shapely.Point(INSIDE)], crs=4326).to_crs(METRIC).iloc[0].coords[0]
    path = _geojson(tmp_path / "sites.geojson", [_site("t-1", x, y)])
    _expect_refusal(db_url, path, "site", "坐标超出经纬度范围")


def test_table_without_a_coordinate_system(db_url: str, tmp_path: Path) -> None:
    csv = tmp_path / "sites.csv"
    csv.write_text(f"ref,kind,name,lon,lat\nt-1,village_station,测试站,{INSIDE[0]},{INSIDE[1]}\n", encoding="utf-8")
    _expect_refusal(db_url, csv, "site", "没有坐标系")


def test_unknown_coordinate_system_name(db_url: str, tmp_path: Path) -> None:
    csv = tmp_path / "sites.csv"
    csv.write_text(f"ref,kind,name,lon,lat\nt-1,village_station,测试站,{INSIDE[0]},{INSIDE[1]}\n", encoding="utf-8")
    _expect_refusal(db_url, csv, "site", "无法识别的坐标系", crs="mars")


def test_broken_file(db_url: str, tmp_path: Path) -> None:
    path = tmp_path / "sites.geojson"
    path.write_text('{"type": "FeatureCollection", "features": [{"type": "Feature", "geom', encoding="utf-8")
    _expect_refusal(db_url, path, "site", "文件已损坏")


def test_one_bad_row_means_nothing_is_written(db_url: str, tmp_path: Path) -> None:
    path = _geojson(tmp_path / "sites.geojson", [_site("t-good", *INSIDE), _site("t-bad", *INSIDE, status="idle")])
    _expect_refusal(db_url, path, "site", "第 2 条")
    with get_engine(db_url).connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM site WHERE ref = 't-good'")).scalar_one() == 0


def test_good_file_loads_and_loading_it_again_changes_nothing(db_url: str, tmp_path: Path) -> None:
    path = _geojson(tmp_path / "sites.geojson", [_site("t-1", *INSIDE), _site("t-2", INSIDE[0] + 0.01, INSIDE[1])])
    first = load_file(db_url, path, "site")
    assert (first.inserted, first.updated) == (2, 0)
    counts = row_counts(db_url)
    second = load_file(db_url, path, "site")
    assert (second.inserted, second.updated, second.unchanged) == (0, 0, 2)
    assert row_counts(db_url) == counts


def test_gcj02_coordinates_are_converted(db_url: str, tmp_path: Path) -> None:
    shifted = wgs84_to_gcj02(gpd.GeoSeries([shapely.Point(INSIDE)], crs=4326)).iloc[0]
    csv = tmp_path / "sites_from_amap.csv"
    csv.write_text(
        f"ref,kind,name,经度,纬度\nt-amap,village_station,高德坐标站,{shifted.x},{shifted.y}\n", encoding="utf-8"
    )
    load_file(db_url, csv, "site", crs="gcj02")
    with get_engine(db_url).connect() as conn:
        metres = conn.execute(
            text(
                "SELECT ST_Distance(location::geography, ST_SetSRID(ST_MakePoint(:x, :y), 4326)::geography) FROM site WHERE ref = 't-amap'"
            ),
            {"x": INSIDE[0], "y": INSIDE[1]},
        ).scalar_one()
    assert metres < 1.0


def test_cli_reports_the_error_and_exits_nonzero(db_url: str, tmp_path: Path) -> None:
    path = _geojson(tmp_path / "sites.geojson", [_site("t-1", 100.5, 25.0)])
    before = row_counts(db_url)
    # the command reads DATABASE_URL from this environment when it runs: nothing cached
    result = CliRunner().invoke(cli, ["load", str(path), "--table", "site"], env={"DATABASE_URL": db_url})
    assert result.exit_code == 2
    assert "县界之外" in result.output
    assert row_counts(db_url) == before
