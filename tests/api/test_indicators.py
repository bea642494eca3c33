"""GET /indicators: the thirteen targets and the fund disbursement line, each with an actual, its source and a verdict."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import text

from geo.io.load import load_file
from geo.store.database import get_engine
from geo.vocab import INDICATOR_KEYS


def _table(client) -> dict[str, dict]:
    body = client.get("/indicators").json()
    return {r["key"]: r for r in body["indicators"]}


def test_default_dataset_shows_all_thirteen_targets_with_value_and_verdict(client_as) -> None:
    client = client_as("official")
    body = client.get("/indicators").json()
    rows = body["indicators"]
    assert [r["key"] for r in rows] == list(INDICATOR_KEYS)
    assert len(rows) == 14  # appendix 1's thirteen targets + the fund disbursement line (资金安排表)
    for r in rows:
        assert r["actual"] is not None, r["key"]
        assert isinstance(r["met"], bool), r["key"]
        assert r["source"] in ("computed", "entered"), r["key"]
        assert r["target_zh"] and r["actual_zh"] and r["source_zh"]
        assert r["demo"] is True  # every actual of the default dataset rests on demo rows
    assert body["demo"] is True
    assert body["coverage_rule"]["distance_m"] == 3000.0 and body["coverage_rule"]["text_zh"]
    by_key = {r["key"]: r for r in rows}
    assert by_key["live_base"]["actual"] == 1 and by_key["live_base"]["met"] is True
    assert by_key["specialty_villages"]["actual"] == 2 and by_key["specialty_villages"]["source"] == "computed"
    assert by_key["complaints"]["source"] == "entered"
    coverage = client.get("/indicators/coverage").json()["totals"]
    assert by_key["poverty_coverage"]["actual"] == coverage["share_pct"]
    assert by_key["poverty_coverage"]["met"] is (coverage["covered"] == coverage["villages"])


def test_actuals_are_computed_from_the_data(client_as, db_url: str) -> None:
    client = client_as("official")
    with get_engine(db_url).connect() as conn:
        year = conn.execute(text("SELECT max(year) FROM specialty_village")).scalar_one()
        sales = conn.execute(
            text("SELECT sum(online_sales_yuan) FROM specialty_village WHERE year = :y"), {"y": year}
        ).scalar_one()
        county = conn.execute(
            text(
                "SELECT count(*), sum(attendees) FROM training_session WHERE level = 'county' "
                "AND extract(year FROM held_on) = (SELECT max(extract(year FROM held_on)) FROM training_session WHERE level = 'county')"
            )
        ).one()
    rows = _table(client)
    assert rows["specialty_sales"]["actual"] == sales
    assert rows["specialty_sales"]["met"] is (sales >= 5_000_000)
    assert rows["county_training"]["actual"] == county[1]
    assert rows["county_training"]["met"] is (county[1] >= 900 and county[0] >= 10)


def test_staff_entry_changes_the_verdict(client_as) -> None:
    client = client_as("supervisor")
    response = client.post(
        "/indicators/entries",
        json={
            "indicator": "complaints",
            "period": "2026",
            "value": 14,
            "entered_by": "商务局 李明",
            "note": "一季度至三季度",
        },
    )
    assert response.status_code == 201
    row = _table(client)["complaints"]
    assert row["actual"] == 14 and row["met"] is False and row["source"] == "entered"
    assert "李明" in row["source_zh"] and row["demo"] is False
    client.post(
        "/indicators/entries", json={"indicator": "complaints", "period": "2026", "value": 3, "entered_by": "李明"}
    )
    assert _table(client)["complaints"]["met"] is True  # re-entering the same period replaces the value


def test_unknown_indicator_is_refused_with_the_valid_keys(client_as) -> None:
    client = client_as("supervisor")
    response = client.post(
        "/indicators/entries", json={"indicator": "happiness", "period": "2026", "value": 1, "entered_by": "x"}
    )
    assert response.status_code == 422
    assert "complaints" in response.json()["error"]


def test_training_sessions_feed_the_training_targets(client_as, db_url: str) -> None:
    client = client_as("supervisor")
    with get_engine(db_url).begin() as conn:
        conn.execute(text("DELETE FROM training_session"))
    assert _table(client)["county_training"]["source"] == "missing"
    for k in range(10):
        r = client.post(
            "/trainings",
            json={
                "held_on": f"2026-0{1 + k % 9}-15",
                "title": f"直播培训 {k}",
                "level": "county",
                "attendees": 95,
                "satisfaction_pct": 92,
            },
        )
        assert r.status_code == 201, r.text
    rows = _table(client)
    assert rows["county_training"]["actual"] == 950 and rows["county_training"]["met"] is True
    assert rows["trainee_satisfaction"]["actual"] == 92 and rows["trainee_satisfaction"]["met"] is True
    bad = client.post("/trainings", json={"held_on": "2026-03-01", "title": "x", "level": "village", "attendees": 20})
    assert bad.status_code == 422 and "village_code" in bad.json()["error"]


def test_training_sessions_import_from_a_file(db_url: str, tmp_path: Path) -> None:
    path = tmp_path / "trainings.csv"
    path.write_text(
        "ref,held_on,title,level,village_code,attendees,satisfaction_pct\n"
        "t-1,2026-04-02,象塘村直播培训,village,533103103204,35,95\n"
        "t-2,2026-05-10,市级网店运营培训,county,,80,91.5\n",
        encoding="utf-8",
    )
    report = load_file(db_url, path, "training_session")
    assert (report.read, report.inserted) == (2, 2)
    assert load_file(db_url, path, "training_session").unchanged == 2  # idempotent
    with get_engine(db_url).connect() as conn:
        assert conn.execute(text("SELECT attendees FROM training_session WHERE ref = 't-1'")).scalar_one() == 35


def test_performance_table_downloads(client_as) -> None:
    client = client_as("official")
    import io

    import openpyxl
    import pandas as pd

    rows = client.get("/indicators").json()["indicators"]
    frame = pd.read_csv(io.BytesIO(client.get("/indicators.csv").content), encoding="utf-8-sig", comment="#")
    assert frame["指标"].tolist() == [r["indicator_zh"] for r in rows]
    assert frame["是否达成"].tolist() == ["达成" if r["met"] else "未达成" for r in rows]
    book = openpyxl.load_workbook(io.BytesIO(client.get("/indicators.xlsx", params={"lang": "en"}).content))
    assert book.sheetnames == ["Notes", "Performance targets"]
    assert "DEMO DATA" in book["Notes"]["A2"].value
    assert [c.value for c in book["Performance targets"][1]] == [
        "Indicator",
        "Target",
        "Actual",
        "Source of the actual",
        "Met",
    ]
    assert book["Performance targets"].max_row == 15  # header + 13 targets + the fund disbursement line
