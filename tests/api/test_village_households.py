"""A village's household counts (户数, 脱贫户数) go to officials and above only, in every layer
output: GeoJSON, OGC API items (JSON and HTML), downloads, map pages and embeds. Township totals
and shares stay public. The sums expected are SQL written here."""

from __future__ import annotations

import io

import pandas as pd
import pyogrio
from sqlalchemy import text

from geo.privacy import LAYER_FIELD_MIN_ROLE, hidden_fields
from geo.store.database import get_engine
from layers import registry
from tests.maps.page_data import embedded_layers

HOUSEHOLD_KEYS = {"households", "poverty_households"}
HOUSEHOLD_WORDS = {"户数", "脱贫户数", "Households", "Poverty-alleviated households"}
VILLAGE_LAYERS = ("villages", "coverage_villages")


def _sql(url: str, sql: str) -> int:
    with get_engine(url).connect() as conn:
        return int(conn.execute(text(sql)).scalar_one())


def _keys(features: list[dict]) -> set[str]:
    return set().union(*(f["properties"] for f in features)) if features else set()


def _answers(client, name: str) -> list[list[dict]]:  # noqa: ANN001
    """The features of ``name`` as the layer GeoJSON, one OGC page and one OGC item give them."""
    layer = client.get(f"/layers/{name}.geojson")
    items = client.get(f"/ogc/collections/{name}/items?limit=10000")
    one = client.get(f"/ogc/collections/{name}/items/1")
    for r in (layer, items, one):
        assert r.status_code == 200, (name, r.status_code)
    assert items.json()["numberReturned"] > 0
    return [layer.json()["features"], items.json()["features"], [one.json()]]


def test_no_village_household_counts_for_viewers(client_as, db_url: str, tmp_path) -> None:  # noqa: ANN001
    official = client_as("official")
    token = official.post("/auth/embed-tokens", json={"map": "overview"}).json()["token"]
    for who in ("anonymous", "viewer"):
        client = client_as(who)
        for name in VILLAGE_LAYERS:
            for features in _answers(client, name):
                assert features and not (_keys(features) & HOUSEHOLD_KEYS), (who, name)
            html = client.get(f"/ogc/collections/{name}/items?f=html&limit=10000").text
            assert not any(f">{w}<" in html for w in HOUSEHOLD_WORDS), (who, name)
            for fmt in ("csv", "xlsx"):
                body = client.get(f"/layers/{name}.{fmt}").content
                frame = (
                    pd.read_csv(io.BytesIO(body), encoding="utf-8-sig")
                    if fmt == "csv"
                    else pd.read_excel(io.BytesIO(body), engine="openpyxl")
                )
                assert len(frame) > 0 and not (set(frame.columns) & HOUSEHOLD_WORDS), (who, name, fmt)
        gpkg = tmp_path / f"{who}.gpkg"
        gpkg.write_bytes(client.get("/layers/villages.gpkg").content)
        frame = pyogrio.read_dataframe(gpkg)
        assert len(frame) > 0 and not (set(frame.columns) & HOUSEHOLD_WORDS), who
        pages = {
            "overview": embedded_layers(client.get("/maps/overview").text),
            "coverage": embedded_layers(client.get("/maps/coverage").text),
        }
        assert not HOUSEHOLD_KEYS & set(pages["overview"]["villages"][0]["k"])
        assert not HOUSEHOLD_KEYS & set(pages["coverage"]["coverage_villages"][0]["k"])
    embed = embedded_layers(client_as("anonymous").get("/maps/overview", params={"token": token}).text)
    assert embed["villages"][0]["f"] and not HOUSEHOLD_KEYS & set(embed["villages"][0]["k"])
    # an official's own page in embed mode carries no household figures either (personal fields)
    own_embed = embedded_layers(official.get("/maps/overview", params={"embed": "1"}).text)
    assert not HOUSEHOLD_KEYS & set(own_embed["villages"][0]["k"])


def test_officials_get_the_village_household_counts(client_as, db_url: str) -> None:
    official = client_as("official")
    households = _sql(db_url, "SELECT sum(households) FROM village WHERE location IS NOT NULL")
    poor = _sql(db_url, "SELECT sum(poverty_households) FROM village WHERE location IS NOT NULL")
    poor_villages = _sql(
        db_url, "SELECT sum(poverty_households) FROM village WHERE poverty_alleviated AND location IS NOT NULL"
    )
    assert households > 0 and poor > 0 and poor_villages > 0  # the demo data has them, so this can fail
    layer, items, _one = _answers(official, "villages")
    for features in (layer, items):
        assert sum(f["properties"]["households"] or 0 for f in features) == households
        assert sum(f["properties"]["poverty_households"] or 0 for f in features) == poor
    layer, items, _one = _answers(official, "coverage_villages")
    for features in (layer, items):
        assert sum(f["properties"]["poverty_households"] or 0 for f in features) == poor_villages
    csv = pd.read_csv(io.BytesIO(official.get("/layers/villages.csv").content), encoding="utf-8-sig")
    assert int(csv["户数"].sum()) == households and int(csv["脱贫户数"].sum()) == poor
    page = embedded_layers(official.get("/maps/overview").text)["villages"][0]
    assert HOUSEHOLD_KEYS <= set(page["k"])


def test_township_household_totals_stay_public(client_as, db_url: str) -> None:
    viewer = client_as("viewer")
    features = viewer.get("/layers/coverage_townships.geojson").json()["features"]
    assert features and all("poverty_households_covered" in f["properties"] for f in features)
    items = viewer.get("/ogc/collections/coverage_townships/items?limit=100").json()["features"]
    total = sum(f["properties"]["poverty_households_covered"] for f in items)
    # at most every poverty-alleviated household of the located poverty-alleviated villages
    assert (
        0
        < total
        <= _sql(db_url, "SELECT sum(poverty_households) FROM village WHERE poverty_alleviated AND location IS NOT NULL")
    )


def test_the_layer_table_names_real_layers_and_fields() -> None:
    assert {"households", "poverty_households"} <= hidden_fields("viewer", "villages")
    assert "poverty_households" in hidden_fields("anonymous", "coverage_villages")
    assert not HOUSEHOLD_KEYS & hidden_fields("official", "villages")
    assert not HOUSEHOLD_KEYS & hidden_fields("viewer", "coverage_townships")
    assert not HOUSEHOLD_KEYS & hidden_fields("viewer")  # township totals of the same names stay public
    for name, fields in LAYER_FIELD_MIN_ROLE.items():
        layer = registry.get(name)  # NotFound for a misspelt layer
        shown = {f.name for f in layer.fields} | set(layer.carry) | set(layer.filters)
        assert set(fields) <= shown, (name, set(fields) - shown)


def test_reach_answers_carry_household_counts_for_officials_only(client_as, db_url: str) -> None:
    """/reach (JSON, CSV, XLSX) and /reach/suggestions list villages too: the same rule as the layers."""
    viewer, official = client_as("viewer"), client_as("official")
    for client, shown in ((viewer, False), (official, True)):
        rows = client.get("/reach", params={"use_roads": "false"}).json()["villages"]
        assert rows and bool(HOUSEHOLD_KEYS & _keys([{"properties": r} for r in rows])) is shown
        csv = client.get("/reach.csv", params={"use_roads": "false"}).content.decode("utf-8-sig")
        header = next(line for line in csv.splitlines() if not line.startswith("#"))
        assert ("脱贫户数" in header.split(",")) is shown, header
        sheet = pd.read_excel(
            io.BytesIO(client.get("/reach.xlsx", params={"use_roads": "false"}).content), sheet_name=None
        )
        assert any("脱贫户数" in frame.columns for frame in sheet.values()) is shown
        picks = client.get("/reach/suggestions", params={"k": 3}).json()["suggestions"]
        assert picks and all(("poverty_households_added" in p) is shown for p in picks)
    rows = official.get("/reach", params={"use_roads": "false"}).json()["villages"]
    assert sum(r["poverty_households"] or 0 for r in rows) == _sql(
        db_url, "SELECT coalesce(sum(poverty_households), 0) FROM village"
    )
