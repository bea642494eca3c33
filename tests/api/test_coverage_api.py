"""GET /indicators/coverage and its CSV/XLSX downloads: same numbers, Chinese or English headers."""

from __future__ import annotations

import io

import openpyxl
import pandas as pd
import pytest

from geo.store.database import get_engine
from tests.geo import coverage_fixtures


def test_coverage_json_on_default_data(client_as) -> None:
    client = client_as("official")
    body = client.get("/indicators/coverage").json()
    assert body["rule"]["distance_m"] == 3000.0
    assert "运营" in body["rule"]["text_zh"] and "operating" in body["rule"]["text_en"]
    assert body["demo"] is True and body["demo_note"] == "演示数据 / DEMO DATA"
    t = body["totals"]
    assert t["villages"] == t["covered"] + t["uncovered"] + t["no_position"] > 0
    assert t["uncovered"] == len(body["uncovered"]) > 0  # the demo data has gaps by design
    assert sum(r["villages"] for r in body["townships"]) == t["villages"]
    for gap in body["uncovered"]:
        assert gap["nearest_site_name"] and gap["distance_m"] > 3000


def test_distance_is_configurable_per_request(client_as) -> None:
    client = client_as("official")
    near = client.get("/indicators/coverage", params={"distance_m": 500}).json()
    far = client.get("/indicators/coverage", params={"distance_m": 20000}).json()
    assert near["rule"]["distance_m"] == 500
    assert far["totals"]["covered"] >= near["totals"]["covered"]
    assert client.get("/indicators/coverage", params={"distance_m": -1}).status_code == 422


@pytest.fixture
def fixture_client(client_as, db_url: str):
    client = client_as("official")  # coverage figures are for officials
    with get_engine(db_url).begin() as conn:
        fx = coverage_fixtures.build(conn)
    return client, fx


def test_village_without_position_is_listed(fixture_client) -> None:
    client, fx = fixture_client
    body = client.get("/indicators/coverage", params={"distance_m": coverage_fixtures.RULE_M}).json()
    assert [v["code"] for v in body["no_position"]] == [fx.villages["no_position"]]
    assert body["totals"]["no_position"] == 1


def _csv(client, **params) -> pd.DataFrame:
    response = client.get("/indicators/coverage.csv", params=params)
    assert response.status_code == 200 and response.headers["content-type"].startswith("text/csv")
    assert response.content.startswith(b"\xef\xbb\xbf")  # BOM: Excel opens the Chinese correctly
    return pd.read_csv(
        io.BytesIO(response.content),
        encoding="utf-8-sig",
        comment="#",
        dtype={"乡镇代码": str, "township_code": str, "村代码": str, "village_code": str},
    )


def test_csv_has_the_json_numbers_with_chinese_headers(client_as) -> None:
    client = client_as("official")
    body = client.get("/indicators/coverage").json()
    frame = _csv(client)
    assert list(frame.columns[:4]) == ["乡镇代码", "乡镇", "脱贫村数", "已覆盖"]
    rows = frame.iloc[:-1]
    assert rows["乡镇"].tolist() == [r["name"] for r in body["townships"]]
    assert rows["已覆盖"].tolist() == [r["covered"] for r in body["townships"]]
    assert rows["脱贫户数"].tolist() == [r["poverty_households"] for r in body["townships"]]
    total = frame.iloc[-1]
    assert total["乡镇"] == "合计"
    assert (total["脱贫村数"], total["已覆盖"]) == (body["totals"]["villages"], body["totals"]["covered"])
    assert total["覆盖率(%)"] == pytest.approx(body["totals"]["share_pct"])
    text = client.get("/indicators/coverage.csv").content.decode("utf-8-sig")
    assert text.startswith("# 演示数据") and "覆盖规则" in text


def test_csv_gap_list_in_english(client_as) -> None:
    client = client_as("official")
    body = client.get("/indicators/coverage").json()
    frame = _csv(client, lang="en", table="uncovered")
    assert "nearest_operating_site" in frame.columns
    assert frame["village_code"].tolist() == [g["code"] for g in body["uncovered"]]
    assert frame["distance_m"].tolist() == pytest.approx([g["distance_m"] for g in body["uncovered"]])
    assert "DEMO DATA" in client.get("/indicators/coverage.csv", params={"lang": "en"}).text


def test_xlsx_opens_with_the_json_numbers(client_as) -> None:
    client = client_as("official")
    body = client.get("/indicators/coverage").json()
    response = client.get("/indicators/coverage.xlsx")
    assert response.status_code == 200
    book = openpyxl.load_workbook(io.BytesIO(response.content))
    assert book.sheetnames == ["说明", "乡镇覆盖", "未覆盖脱贫村", "位置不明的脱贫村"]
    assert "演示数据" in book["说明"]["A2"].value
    towns = pd.read_excel(io.BytesIO(response.content), sheet_name="乡镇覆盖", dtype={"乡镇代码": str})
    assert towns["已覆盖"].iloc[:-1].tolist() == [r["covered"] for r in body["townships"]]
    assert towns["脱贫村数"].iloc[-1] == body["totals"]["villages"]
    gaps = pd.read_excel(io.BytesIO(response.content), sheet_name="未覆盖脱贫村", dtype={"村代码": str})
    assert gaps["村代码"].tolist() == [g["code"] for g in body["uncovered"]]
    assert gaps["距离(米)"].tolist() == pytest.approx([g["distance_m"] for g in body["uncovered"]])
    en = openpyxl.load_workbook(io.BytesIO(client.get("/indicators/coverage.xlsx", params={"lang": "en"}).content))
    assert en.sheetnames == ["Notes", "Townships", "Uncovered villages", "Villages without position"]
    assert [c.value for c in en["Townships"][1]][:3] == ["township_code", "township", "poverty_villages"]
