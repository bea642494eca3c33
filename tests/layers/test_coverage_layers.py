"""The coverage map's layers: GeoJSON from PostGIS and the styles that draw it."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import text

import maps  # noqa: F401  (registers the map specs)
from geo.analysis.coverage_report import compute_coverage
from geo.store.database import get_engine
from layers import registry
from layers.coverage import DEFAULT_RULE as RULE  # the rule of the registered layers (3 km)
from layers.coverage import NO_POVERTY_VILLAGE, SHARE_CLASSES
from maps import spec
from tests.expected import GAP_VILLAGE_CODES


@pytest.fixture
def data(ro_db_url: str):
    with get_engine(ro_db_url).connect() as conn:
        report = compute_coverage(conn, RULE)
        layers = {
            name: json.loads(registry.get(name).geojson(conn))
            for name in ("coverage_villages", "coverage_gaps", "coverage_townships", "coverage_sites")
        }
        located = conn.execute(
            text("SELECT count(*) FROM village WHERE poverty_alleviated AND location IS NOT NULL")
        ).scalar_one()
        gaps = set(conn.execute(text(GAP_VILLAGE_CODES)).scalars())  # written in tests/expected.py
    assert 0 < len(gaps) < located
    return report, layers, located, gaps


def test_villages_drawn_covered_or_not(data) -> None:
    _, layers, located, gaps = data
    features = layers["coverage_villages"]["features"]
    assert len(features) == located
    statuses = {f["properties"]["code"]: f["properties"]["status"] for f in features}
    assert {code for code, status in statuses.items() if status == "uncovered"} == gaps
    assert list(statuses.values()).count("covered") == located - len(gaps)
    layer = registry.get("coverage_villages")
    covered = layer.style_for({"status": "covered"})
    uncovered = layer.style_for({"status": "uncovered"})
    assert covered["fillColor"] != uncovered["fillColor"] and covered["radius"] != uncovered["radius"]
    # the legend draws each class with the very style the map uses
    assert [e.style for e in layer.legend] == [covered, uncovered]
    gap = next(f for f in features if f["properties"]["status"] == "uncovered")["properties"]
    assert gap["nearest_site_name"] and gap["distance_m"] > RULE.distance_m
    assert gap["gap_reason"] in (
        "own_closed",
        "own_idle",
        "own_suspended",
        "own_building",
        "own_planned",
        "none_within_rule",
    )
    # the uncovered village is named on the map (its label, without the 村民委员会 suffix)
    assert gap["gap_label"] and gap["gap_label"] in gap["name"] and not gap["gap_label"].endswith("村民委员会")
    assert all(f["properties"]["source"] == "demo" for f in features)


def test_gap_lines_run_from_each_uncovered_village_to_its_nearest_site(data) -> None:
    report, layers, _, gaps = data
    lines = layers["coverage_gaps"]["features"]
    by_code = {f["properties"]["code"]: f for f in lines}
    assert set(by_code) == gaps == {g["code"] for g in report.uncovered}
    villages = {f["properties"]["code"]: f["geometry"]["coordinates"] for f in layers["coverage_villages"]["features"]}
    for gap in report.uncovered:
        f = by_code[gap["code"]]
        assert f["geometry"]["type"] == "LineString"
        assert f["geometry"]["coordinates"][0] == villages[gap["code"]]
        assert f["properties"]["distance_m"] == round(gap["distance_m"])
        assert f["properties"]["distance_label"] == f"{gap['distance_m'] / 1000:.1f} km"
    style = registry.get("coverage_gaps").style_for(lines[0]["properties"])
    assert style["dashArray"] and style["color"] == registry.get("coverage_gaps").legend[0].colour


def test_townships_choropleth_classes_and_legend(data) -> None:
    report, layers, _, _ = data
    layer = registry.get("coverage_townships")
    features = layers["coverage_townships"]["features"]
    assert len(features) == 13
    shares = {f["properties"]["township_code"]: f["properties"]["share_pct"] for f in features}
    assert shares == {t["code"]: t["share_pct"] for t in report.townships}
    assert layer.style_for({"share_pct": 0.0})["fillColor"] == SHARE_CLASSES[0].colour
    assert layer.style_for({"share_pct": 39.9})["fillColor"] == SHARE_CLASSES[1].colour
    assert layer.style_for({"share_pct": 40.0})["fillColor"] == SHARE_CLASSES[2].colour
    assert layer.style_for({"share_pct": 100.0})["fillColor"] == SHARE_CLASSES[-1].colour
    assert layer.style_for({"share_pct": None})["fillColor"] == NO_POVERTY_VILLAGE.colour
    legend = [e.colour for e in layer.legend]
    assert len(legend) == len(set(legend)) == 6
    assert {layer.style_for(f["properties"])["fillColor"] for f in features} <= set(legend)
    assert len({layer.style_for(f["properties"])["fillColor"] for f in features}) >= 3  # the demo data spreads


def test_sites_layer_says_which_sites_count(data, ro_db_url: str) -> None:
    _, layers, _, _ = data
    counting = [f["properties"]["counting"] for f in layers["coverage_sites"]["features"]]
    with get_engine(ro_db_url).connect() as conn:
        closed = conn.execute(
            text("SELECT count(*) FROM site WHERE status = 'closed' AND kind = ANY(:k)"), {"k": list(RULE.site_kinds)}
        ).scalar_one()
    assert closed > 0 and counting.count("not_operating") >= closed
    assert counting.count("counted") > 0
    layer = registry.get("coverage_sites")
    colours = {
        layer.style_for({"counting": c})["fillColor"]
        for c in ("counted", "closed_by_inspection", "idle_by_inspection", "not_operating")
    }
    assert len(colours) == 4


def test_coverage_map_spec_uses_registered_layers() -> None:
    coverage = spec.get("coverage")
    assert "脱贫村" in coverage.title("zh")
    for name in coverage.layers:
        registry.get(name)
    assert coverage.layers[0] == "coverage_townships"  # the choropleth at the bottom


def test_coverage_layers_filter_by_status_and_bbox(ro_db_url: str) -> None:
    layer = registry.get("coverage_villages")
    with get_engine(ro_db_url).connect() as conn:
        uncovered = layer.features(conn, filters={"status": "uncovered"})
        everything = layer.count(conn, bbox=(97.0, 23.0, 100.0, 26.0))
        nothing = layer.count(conn, bbox=(100.0, 30.0, 101.0, 31.0))
        gaps = set(conn.execute(text(GAP_VILLAGE_CODES)).scalars())
        located = conn.execute(
            text(
                "SELECT count(*) FROM village WHERE poverty_alleviated AND location IS NOT NULL"
                " AND ST_Intersects(location, ST_MakeEnvelope(97, 23, 100, 26, 4326))"
            )
        ).scalar_one()
    assert {f["properties"]["code"] for f in uncovered} == gaps
    assert everything == located and nothing == 0
