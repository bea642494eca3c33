"""Every layer downloads as GeoJSON, GeoPackage, zipped Shapefile, CSV and XLSX; each file read
back with GDAL (pyogrio) or pandas gives the features, attributes and coordinates of the GeoJSON."""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path

import pandas as pd
import pyogrio
import pytest
from sqlalchemy import text
from typer.testing import CliRunner

from geo.store.database import get_engine

FORMATS = ("gpkg", "shp.zip", "csv", "xlsx")


def _read(fmt: str, body: bytes, tmp_path: Path) -> pd.DataFrame:
    if fmt == "xlsx":
        return pd.read_excel(io.BytesIO(body), dtype=str)
    if fmt == "csv":
        assert body.startswith(b"\xef\xbb\xbf")  # BOM: Excel reads the UTF-8 Chinese correctly
        return pd.read_csv(io.BytesIO(body), dtype=str, encoding="utf-8-sig")
    if fmt == "shp.zip":
        with zipfile.ZipFile(io.BytesIO(body)) as z:
            names = z.namelist()
            assert {n.rsplit(".", 1)[1] for n in names} >= {"shp", "shx", "dbf", "prj", "cpg"}
            assert z.read(next(n for n in names if n.endswith(".cpg"))).strip().upper() in (b"UTF-8", b"UTF8")
            assert b"WGS_1984" in z.read(next(n for n in names if n.endswith(".prj")))
        path = tmp_path / "layer.shp.zip"
        path.write_bytes(body)
        return pyogrio.read_dataframe(f"/vsizip/{path}")
    path = tmp_path / f"layer.{fmt}"
    path.write_bytes(body)
    return pyogrio.read_dataframe(path)


@pytest.mark.parametrize("fmt", FORMATS)
def test_villages_in_every_format_equal_the_geojson(client_as, db_url, tmp_path, fmt) -> None:
    viewer = client_as("viewer")
    reference = viewer.get("/layers/villages.geojson?lang=zh")
    assert reference.status_code == 200
    gj = reference.json()["features"]
    with get_engine(db_url).connect() as conn:
        n = conn.execute(text("SELECT count(*) FROM village WHERE location IS NOT NULL")).scalar_one()
        names = dict(conn.execute(text("SELECT code, name FROM village")).all())
    assert len(gj) == n
    for f in gj:  # zh headings, Chinese values as stored, the demo flag in words
        assert f["properties"]["名称"] == names[f["properties"]["统计代码"]]
        assert f["properties"]["演示数据"] in ("是", "否")
    r = viewer.get(f"/layers/villages.{fmt}?lang=zh")
    assert r.status_code == 200, r.text
    got = _read(fmt, r.content, tmp_path)
    assert len(got) == n
    by_code = {f["properties"]["统计代码"]: f for f in gj}
    code_col = "统计代" if fmt == "shp.zip" else "统计代码"  # dBASE names hold 10 bytes
    name_col = "名称"
    for _, row in got.iterrows():
        ref = by_code[str(row[code_col])]
        assert row[name_col] == ref["properties"]["名称"]  # Chinese survives every format
        lon, lat = ref["geometry"]["coordinates"]
        if fmt in ("csv", "xlsx"):
            assert float(row["经度"]) == pytest.approx(lon, abs=1e-7) and float(row["纬度"]) == pytest.approx(
                lat, abs=1e-7
            )
        else:
            assert row.geometry.x == pytest.approx(lon, abs=1e-7) and row.geometry.y == pytest.approx(lat, abs=1e-7)
    first = gj[0]["properties"]
    columns = [c for c in first]
    own = [c for c in got.columns if c not in ("geometry", "经度", "纬度")]
    if fmt != "shp.zip":
        assert own == columns
    assert len(own) == len(columns)  # dBASE cuts the names, not the columns: compare them by position
    for _, row in got.iterrows():  # every attribute value, not only the names
        ref = by_code[str(row[code_col])]["properties"]
        assert [_plain(row[c]) for c in own] == [_plain(ref[c]) for c in columns]


def _plain(value: object) -> str:
    """A cell as text, whatever type the format gave it back as (1, 1.0 and '1' are one value)."""
    if value is None or (isinstance(value, float) and value != value):
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def test_site_words_and_english(client_as, tmp_path) -> None:
    viewer = client_as("viewer")
    csv = pd.read_csv(io.BytesIO(viewer.get("/layers/sites.csv").content), dtype=str, encoding="utf-8-sig")
    assert "村级电商服务站" in set(csv["类型"]) and "village_station" not in set(csv["类型"])
    assert set(csv["状态"]) <= {"规划中", "在建", "运营中", "暂停", "已关闭"}
    en = pd.read_excel(io.BytesIO(viewer.get("/layers/sites.xlsx?lang=en").content), dtype=str)
    assert "Village e-commerce station" in set(en["Kind"]) and set(en["demo data"]) == {"yes"}
    shp = _read("shp.zip", viewer.get("/layers/sites.shp.zip?kind=warehouse").content, tmp_path)
    assert len(shp) > 0 and set(shp["类型"]) == {"仓储物流配送中心"}  # the layer's filters apply


def test_polygons_round_trip(client_as, db_url, tmp_path) -> None:
    viewer = client_as("viewer")
    with get_engine(db_url).connect() as conn:
        area = conn.execute(text("SELECT sum(ST_Area(geom::geography)) FROM township")).scalar_one()
    for fmt in ("gpkg", "shp.zip"):
        got = _read(fmt, viewer.get(f"/layers/townships.{fmt}").content, tmp_path)
        assert len(got) == 13
        got_area = got.to_crs(32647).area.sum()
        assert got_area == pytest.approx(area, rel=2e-3)
    csv = pd.read_csv(io.BytesIO(viewer.get("/layers/townships.csv").content), dtype=str, encoding="utf-8-sig")
    assert csv["几何（WKT）"].str.startswith("MULTIPOLYGON").all()


def test_private_layers_refused(client_as) -> None:
    anon, viewer, official = client_as("anonymous"), client_as("viewer"), client_as("official")
    for fmt in FORMATS:
        assert anon.get(f"/layers/inspections.{fmt}").status_code == 401, fmt
        assert viewer.get(f"/layers/inspections.{fmt}").status_code == 403, fmt
    assert official.get("/layers/inspections.xlsx").status_code == 200
    assert viewer.get("/layers/villages.docx").status_code == 404  # no such file


def test_household_level_columns_never_in_a_viewers_file(client_as, db_url, tmp_path) -> None:
    from layers import villages as vmod

    with get_engine(db_url).begin() as conn:
        conn.execute(text("ALTER TABLE village ADD COLUMN household_head text"))
        conn.execute(text("UPDATE village SET household_head = '王某某'"))
    original, filters = vmod.VILLAGES.query, vmod.VILLAGES.filters
    object.__setattr__(vmod.VILLAGES, "query", original.replace("v.households,", "v.households, v.household_head,"))
    object.__setattr__(vmod.VILLAGES, "filters", (*filters, "household_head"))
    try:
        viewer, admin = client_as("viewer"), client_as("admin")
        for fmt in FORMATS:
            got = _read(fmt, viewer.get(f"/layers/villages.{fmt}").content, tmp_path)
            assert "王某某" not in got.astype(str).to_string()
        assert "王某某" in _read("csv", admin.get("/layers/villages.csv").content, tmp_path).to_string()
    finally:
        object.__setattr__(vmod.VILLAGES, "query", original)
        object.__setattr__(vmod.VILLAGES, "filters", filters)


def test_cli_export_layer(db_url, tmp_path) -> None:
    out = tmp_path / "villages.gpkg"
    result = CliRunner().invoke(
        __import__("api.cli", fromlist=["app"]).app,
        ["export", "layer", "villages", "-o", str(out)],
        env={"DATABASE_URL": db_url},
    )
    assert result.exit_code == 0, result.output
    with get_engine(db_url).connect() as conn:
        n = conn.execute(text("SELECT count(*) FROM village WHERE location IS NOT NULL")).scalar_one()
    got = pyogrio.read_dataframe(out)
    assert len(got) == n and "名称" in got.columns
    json.dumps(list(got.columns), ensure_ascii=False)
