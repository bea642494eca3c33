"""Pure tests of the real boundary files (no database)."""

from __future__ import annotations

import pytest

from geo.io.boundaries import METRIC_CRS, read_default_boundaries


@pytest.fixture(scope="module")
def b():
    return read_default_boundaries()


def test_townships(b):
    t = b.townships
    assert len(t) == 13
    assert t["code"].is_unique
    assert t["code"].str.fullmatch(r"533103\d{3}").all()
    assert (t["county_code"] == "533103").all()
    assert set(t["kind"]) == {"subdistrict", "town", "township", "farm"}
    kinds = dict(zip(t["code"], t["kind"]))
    assert kinds["533103001"] == "subdistrict"
    assert kinds["533103102"] == "town"
    assert kinds["533103205"] == "township"
    assert kinds["533103400"] == "farm"


def test_villages(b):
    v = b.villages
    assert len(v) == 121
    assert v["code"].is_unique
    assert v["code"].str.fullmatch(r"\d{12}").all()
    assert (v["code"].str[:9] == v["township_code"]).all()
    assert set(v["township_code"]) <= set(b.townships["code"])
    assert v["kind"].value_counts().to_dict() == {"village": 85, "community": 36}
    xiangtang = v.set_index("code").loc["533103103204"]
    assert xiangtang["name"].startswith("象塘") and xiangtang["kind"] == "village"


def test_county(b):
    c = b.county
    assert len(c) == 1
    row = c.iloc[0]
    assert (row["code"], row["name"], row["name_en"]) == ("533103", "芒市", "Mangshi")
    assert row["source"]
    assert c.crs.to_epsg() == 4326
    assert row.geometry.geom_type == "MultiPolygon" and row.geometry.is_valid
    area_km2 = c.to_crs(METRIC_CRS).area.iloc[0] / 1e6
    assert 2850 < area_km2 < 2950  # official 2,900.91 km²


def test_seats(b):
    s = b.seats
    assert len(s) == 5
    assert set(s["township_code"]) == {"533103001", "533103101", "533103102", "533103103", "533103105"}
    assert s.crs.to_epsg() == 4326
    county = b.county.geometry.iloc[0]
    assert s.geometry.within(county).all()
    assert s["source"].str.len().gt(0).all()
    zhefang = s.set_index("township_code").loc["533103102"]
    assert zhefang["source"].startswith("mean of") and zhefang["source"].count(";") == 2


def test_extents(b):
    e = b.extents
    assert len(e) == 9
    assert set(e["township_code"]) <= set(b.townships["code"])
    assert not {"533103203", "533103204", "533103205", "533103400"} & set(e["township_code"])
    assert ((e["west"] < e["east"]) & (e["south"] < e["north"])).all()
    minx, miny, maxx, maxy = b.county.total_bounds
    assert (e["west"] >= minx - 0.01).all() and (e["east"] <= maxx + 0.01).all()
    assert (e["south"] >= miny - 0.01).all() and (e["north"] <= maxy + 0.01).all()
