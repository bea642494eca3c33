"""Shipments import like any table (words read back to codes, bad rows named) and /flows sums them."""

from __future__ import annotations

import pytest
from sqlalchemy import text

from geo.errors import InvalidInput
from geo.io.load import load_file
from geo.store.database import get_engine

HEADER = "site_ref,month,direction,category,parcels,weight_kg\n"


def _refs(url: str) -> tuple[str, str, str]:
    with get_engine(url).begin() as conn:
        conn.execute(text("DELETE FROM shipment"))
        a, b = conn.execute(
            text(
                "SELECT ref FROM site WHERE kind = 'village_station' AND township_code = '533103102' ORDER BY ref LIMIT 2"
            )
        ).scalars()
        c = conn.execute(
            text(
                "SELECT ref FROM site WHERE kind = 'village_station' AND township_code <> '533103102' ORDER BY ref LIMIT 1"
            )
        ).scalar_one()
    return a, b, c


def test_shipments_import_and_flow_sums(client_as, db_url: str, tmp_path) -> None:  # noqa: ANN001
    a, b, c = _refs(db_url)
    path = tmp_path / "shipments.csv"
    path.write_text(
        HEADER
        + "\n".join(
            [
                f"{a},2026-03,下行,日用品,100,250",
                f"{a},2026-03,上行,咖啡,40,200",
                f"{a},2026年4月,down,farm_inputs,10,300",
                f"{b},2026-03,上行,大米,25,250.5",
                f"{c},2026-04,上行,水果,7,56",
            ]
        )
        + "\n",
        encoding="utf-8",
    )
    assert load_file(db_url, path, "shipment").inserted == 5
    assert load_file(db_url, path, "shipment").inserted == 0  # idempotent
    official = client_as("official")
    by_station = {r["site_ref"]: r for r in official.get("/flows").json()["rows"]}
    assert (by_station[a]["parcels_down"], by_station[a]["parcels_up"], by_station[a]["weight_kg_down"]) == (
        110,
        40,
        550.0,
    )
    assert (by_station[b]["parcels_up"], by_station[b]["weight_kg_up"]) == (25, 250.5)
    towns = {r["township_code"]: r for r in official.get("/flows", params={"by": "township"}).json()["rows"]}
    assert (towns["533103102"]["parcels_down"], towns["533103102"]["parcels_up"]) == (110, 65)
    months = {r["month"]: r for r in official.get("/flows", params={"by": "month"}).json()["rows"]}
    assert (months["2026-03"]["parcels_down"], months["2026-03"]["parcels_up"]) == (100, 65)
    assert (months["2026-04"]["parcels_down"], months["2026-04"]["parcels_up"]) == (10, 7)
    up_march = official.get("/flows", params={"by": "station", "direction": "up", "month": "2026-03"}).json()["rows"]
    assert sorted((r["site_ref"], r["parcels_up"], r["parcels_down"]) for r in up_march) == sorted(
        [(a, 40, 0), (b, 25, 0)]
    )
    # shipments by station are a station's business figures: not public
    assert client_as("viewer").get("/flows").status_code == 403


def test_bad_shipment_rows_are_named_and_nothing_is_written(db_url: str, tmp_path) -> None:  # noqa: ANN001
    a, _b, _c = _refs(db_url)
    path = tmp_path / "bad.csv"
    path.write_text(
        HEADER
        + "\n".join(
            [
                f"{a},2026-03,下行,日用品,100,250",
                "NO-SUCH-SITE,2026-03,上行,咖啡,4,20",
                f"{a},2026-03,上行,大米,-5,20",
                f"{a},2026-03,上行,石油,5,20",
            ]
        )
        + "\n",
        encoding="utf-8",
    )
    with pytest.raises(InvalidInput) as err:
        load_file(db_url, path, "shipment")
    message = err.value.message
    # rows as the clerk sees them (header = row 1)
    assert "第 3 行" in message and "NO-SUCH-SITE" in message
    assert "第 4 行" in message and "-5" in message
    assert "第 5 行" in message and "石油" in message
    assert "第 2 行" not in message
    with get_engine(db_url).connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM shipment")).scalar_one() == 0


def test_default_dataset_has_a_labelled_demo_year_of_shipments(db_url: str) -> None:
    with get_engine(db_url).connect() as conn:
        months, sources, directions = conn.execute(
            text(
                "SELECT count(DISTINCT month), array_agg(DISTINCT source), array_agg(DISTINCT direction) FROM shipment"
            )
        ).one()
    # the conftest's as_of is 2026-11-01: the twelve months 2025-11 … 2026-10
    assert months == 12 and sources == ["demo"] and sorted(directions) == ["down", "up"]


def test_duplicate_shipment_rows_are_named_and_nothing_is_written(db_url: str, tmp_path) -> None:  # noqa: ANN001
    a, b, _c = _refs(db_url)
    path = tmp_path / "dup.csv"
    path.write_text(
        HEADER
        + "\n".join(
            [
                f"{a},2026-03,下行,日用品,100,250",  # row 2
                f"{b},2026-03,上行,咖啡,4,20",  # row 3
                f"{a},2026-03,下行,日用品,90,200",  # row 4: same as row 2
                f"{a},2026年3月,down,consumer_goods,5,20",  # row 5: the same key typed differently
                f"{b},2026-04,上行,咖啡,4,20",  # row 6: another month, not a duplicate
            ]
        )
        + "\n",
        encoding="utf-8",
    )
    with pytest.raises(InvalidInput) as err:
        load_file(db_url, path, "shipment")
    errors = err.value.detail["report"]["errors"]
    named = sorted((e["row"], e["column"], e["value"]) for e in errors)
    # the last key field is named, with the value as the clerk typed it; row 6 (April) is not a duplicate
    assert named == [(4, "category", "日用品"), (5, "category", "consumer_goods")]
    assert {e["reason_zh"] for e in errors} == {"与第 2 行重复（站点编号、月份、流向、货物类别相同）"}
    assert {e["reason_en"] for e in errors} == {"duplicates row 2 (same site_ref, month, direction, category)"}
    assert "第 4 行" in err.value.message and "第 5 行" in err.value.message
    with get_engine(db_url).connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM shipment")).scalar_one() == 0
