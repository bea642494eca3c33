"""Pure tests of the seeded demo generator (no database)."""

from __future__ import annotations

import datetime as dt
import itertools

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
import shapely

from geo.io.boundaries import METRIC_CRS, read_default_boundaries
from geo.io.demo import CAPABILITIES, generate, write_dataset
from geo.store.models import INSPECTION_MODES, INSPECTION_OUTCOMES, SITE_KINDS, SITE_STATUSES

AS_OF = dt.date(2026, 11, 1)
SEED = 2022


@pytest.fixture(scope="module")
def b():
    return read_default_boundaries()


@pytest.fixture(scope="module")
def ds(b):
    return generate(b, seed=SEED, as_of=AS_OF)


@pytest.fixture(scope="module")
def townships_m(ds):
    return ds.townships.to_crs(METRIC_CRS).set_index("code")


def _bytes(paths):
    return {p.name: p.read_bytes() for p in paths}


def test_deterministic(b, ds, tmp_path):
    first = _bytes(write_dataset(ds, tmp_path / "a"))
    second = _bytes(write_dataset(generate(b, seed=SEED, as_of=AS_OF), tmp_path / "b"))
    assert first == second
    other = _bytes(write_dataset(generate(b, seed=SEED + 1, as_of=AS_OF), tmp_path / "c"))
    assert other.keys() == first.keys()
    assert all(other[k] != first[k] for k in ("villages.geojson", "sites.geojson", "inspections.geojson"))


def test_crs_and_sources(ds):
    for gdf in (ds.townships, ds.villages, ds.sites, ds.inspections):
        assert gdf.crs.to_epsg() == 4326
    assert (ds.townships["geom_source"] == "approximate").all()
    assert (ds.townships["source"] == "nbs2023").all()
    assert (ds.villages["source"] == "demo").all() and (ds.villages["location_source"] == "demo").all()
    assert (ds.sites["source"] == "demo").all()
    assert (ds.specialty_villages["source"] == "demo").all()
    assert (ds.inspections["source"] == "demo").all()


def test_townships_partition_county(b, townships_m):
    county = b.county.to_crs(METRIC_CRS).geometry.iloc[0]
    assert len(townships_m) == 13
    for code, g in townships_m.geometry.items():
        assert g.geom_type == "MultiPolygon" and g.is_valid and not g.is_empty, code
        assert shapely.get_num_coordinates(g) < 2000, code
    for (c1, g1), (c2, g2) in itertools.combinations(townships_m.geometry.items(), 2):
        assert g1.intersection(g2).area < 1.0, (c1, c2)
    union = shapely.union_all(townships_m.geometry.values)
    assert abs(union.area - county.area) / county.area < 0.005
    assert union.symmetric_difference(county).area / county.area < 0.005
    menghuan = townships_m.loc["533103001"].geometry.area / 1e6
    assert 5 < menghuan < 40  # the subdistrict stays within its ~6 x 6 km extent


def test_anchors_inside_townships(ds, townships_m):
    seats = gpd.GeoSeries(ds.townships["seat"].tolist(), crs=4326, index=ds.townships["code"]).to_crs(METRIC_CRS)
    for code, seat in seats.items():
        assert townships_m.loc[code].geometry.contains(seat), code
    known = ds.townships.set_index("code")["seat_source"]
    assert (known != "demo").sum() == 5
    assert known["533103204"] == "demo"


def test_villages_inside_own_township(ds, townships_m):
    v = ds.villages.to_crs(METRIC_CRS)
    assert len(v) == 121 and v["code"].is_unique
    for row in v.itertuples():
        poly = townships_m.loc[row.township_code].geometry
        assert poly.contains(row.geometry), row.code
        assert poly.boundary.distance(row.geometry) >= 300.0, row.code


def test_village_figures(ds):
    v = ds.villages
    assert (v["poverty_households"] <= v["households"]).all()
    assert (v["poverty_households"] >= 0).all()
    assert not v.loc[v["kind"] == "community", "poverty_alleviated"].any()
    share = v.loc[v["kind"] == "village", "poverty_alleviated"].mean()
    assert 0.35 <= share <= 0.45
    vil = v[v["kind"] == "village"]
    assert vil["households"].between(150, 900).all()
    assert v.loc[v["kind"] == "community", "households"].between(300, 3000).all()


def test_sites(ds, townships_m):
    s = ds.sites
    assert s["ref"].is_unique
    assert set(s["kind"]) <= set(SITE_KINDS) and set(s["status"]) <= set(SITE_STATUSES)
    counts = s["kind"].value_counts()
    assert counts["live_base"] == 1 and counts["service_centre"] == 1 and counts["sorting_centre"] == 1
    assert counts["township_station"] == 12
    assert 8 <= counts["live_station"] <= 10
    assert 3 <= counts["warehouse"] <= 4
    n_rural = (ds.villages["kind"] == "village").sum()
    assert 0.5 <= counts["village_station"] / n_rural <= 0.7
    assert s["village_code"].notna().all()
    assert (s["village_code"].str[:9] == s["township_code"]).all()
    assert set(s["village_code"]) <= set(ds.villages["code"])
    for caps in s["capabilities"]:
        assert caps and set(caps) <= set(CAPABILITIES)
    assert all("live_streaming" in c for c in s.loc[s["kind"] == "live_station", "capabilities"])
    opened = s["opened_on"].dropna()
    assert opened.map(lambda d: dt.date(2019, 6, 1) <= d <= dt.date(2022, 11, 30)).all()
    assert (s["status"] == "operating").mean() > 0.8
    sm = s.to_crs(METRIC_CRS)
    for row in sm.itertuples():
        assert townships_m.loc[row.township_code].geometry.contains(row.geometry), row.ref
    names = s.set_index("ref")["name"]
    assert names["demo-live_base-533103"] == "芒市电商直播基地"
    assert names["demo-village_station-533103103204"] == "象塘村电商服务站"


def test_coverage_has_real_gaps(ds):
    v = ds.villages.to_crs(METRIC_CRS)
    stations = ds.sites[ds.sites["kind"] == "village_station"].to_crs(METRIC_CRS)
    poor = v[v["poverty_alleviated"]]
    nearest = np.array([stations.distance(p).min() for p in poor.geometry])
    assert (nearest > 3000).sum() >= 2  # gaps exist
    assert (nearest <= 3000).mean() > 0.6  # most are covered
    assert poor["code"].isin(stations["village_code"]).sum() < len(poor)


def test_specialty_villages(ds):
    sv = ds.specialty_villages
    assert sv["village_code"].nunique() == 2
    assert "533103103204" in set(sv["village_code"])
    rice = sv.loc[sv["village_code"] != "533103103204", "village_code"].iloc[0]
    assert rice.startswith("533103102")
    coffee = sv[sv["village_code"] == "533103103204"]
    assert set(coffee["brand"]) == {"象塘咖啡"} and set(coffee["product"]) == {"咖啡"}
    assert set(sv.loc[sv["village_code"] == rice, "product"]) == {"遮放贡米"}
    assert sorted(sv["year"].unique()) == [2022, 2023, 2024, 2025]
    for _, g in sv.groupby("village_code"):
        assert g.sort_values("year")["online_sales_yuan"].is_monotonic_increasing
    totals = sv.groupby("year")["online_sales_yuan"].sum()
    assert totals[2025] > 5_000_000
    assert 35 <= sv.loc[sv["year"] == 2025, "active_shops"].sum() <= 70


def test_inspections(ds):
    i = ds.inspections
    s = ds.sites.set_index("ref")
    assert len(i) > 30 and i["ref"].is_unique
    assert set(i["site_ref"]) <= set(s.index)
    assert set(i["mode"]) <= set(INSPECTION_MODES) and set(i["outcome"]) <= set(INSPECTION_OUTCOMES)
    assert 0.2 < (i["mode"] == "unannounced").mean() < 0.5
    assert set(i["inspector"]) <= {"督查一组", "督查二组", "督查三组", "督查四组"}
    assert str(i["visited_at"].dt.tz) == "Asia/Shanghai"
    start = pd.Timestamp(AS_OF - dt.timedelta(days=190), tz="Asia/Shanghai")
    assert (i["visited_at"] >= start).all() and (i["visited_at"] < pd.Timestamp(AS_OF, tz="Asia/Shanghai")).all()
    assert (i["outcome"] == "normal").mean() > 0.5
    assert {"needs_rectification", "rectified", "closed"} <= set(i["outcome"])
    closed_sites = set(i.loc[i["outcome"] == "closed", "site_ref"])
    assert (s.loc[sorted(closed_sites), "status"] == "closed").all()
    last = i.groupby("site_ref")["visited_at"].max()
    assert (last < pd.Timestamp(AS_OF - dt.timedelta(days=90), tz="Asia/Shanghai")).any()  # overdue exists
    inspectable = s[
        s["kind"].isin(["village_station", "township_station", "live_station"]) & (s["status"] == "operating")
    ]
    assert len(set(inspectable.index) - set(i["site_ref"])) > 0  # some never visited
    sm = ds.sites.to_crs(METRIC_CRS).set_index("ref").geometry
    im = i.to_crs(METRIC_CRS)
    d = np.array([sm[r].distance(p) for r, p in zip(im["site_ref"], im.geometry)])
    assert (d <= 50.5).mean() > 0.85
    assert ((d > 1000) & (d < 5100)).any()
    assert i["findings"].str.len().gt(0).all()


def test_write_dataset_round_trip(ds, tmp_path):
    paths = write_dataset(ds, tmp_path)
    assert [p.name for p in paths] == [
        "townships.geojson",
        "villages.geojson",
        "sites.geojson",
        "inspections.geojson",
        "specialty_villages.csv",
    ]
    t = gpd.read_file(paths[0])
    assert len(t) == 13 and t["code"].tolist() == ds.townships["code"].tolist()
    assert {"seat_lon", "seat_lat", "seat_source"} <= set(t.columns)
    v = gpd.read_file(paths[1])
    assert len(v) == 121 and v["code"].tolist() == ds.villages["code"].tolist()
    assert v["township_code"].tolist() == ds.villages["township_code"].tolist()
    s = gpd.read_file(paths[2])
    assert len(s) == len(ds.sites) and s["ref"].tolist() == ds.sites["ref"].tolist()
    assert s["village_code"].tolist() == ds.sites["village_code"].tolist()
    assert [list(c) for c in s["capabilities"]] == ds.sites["capabilities"].tolist()
    i = gpd.read_file(paths[3])
    assert len(i) == len(ds.inspections) and i["site_ref"].tolist() == ds.inspections["site_ref"].tolist()
    sv = pd.read_csv(paths[4], dtype={"village_code": str})
    assert (
        len(sv) == len(ds.specialty_villages)
        and sv["village_code"].tolist() == ds.specialty_villages["village_code"].tolist()
    )
    text = paths[0].read_text(encoding="utf-8")
    assert '"crs"' not in text and "勐焕" in text  # RFC 7946: no crs member, UTF-8 not escaped
