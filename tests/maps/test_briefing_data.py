"""The deck's tables and takeaways show exactly what GET /indicators/coverage and GET /indicators answer."""

from __future__ import annotations

import re

from sqlalchemy import text

import layers  # noqa: F401
from geo.analysis.coverage import CoverageRule
from geo.store.database import get_engine
from maps import briefing_data
from maps.spec import get
from tests.expected import COVERED_VILLAGES, RULE_TEXT


def _rule(client) -> CoverageRule:  # noqa: ANN001
    """The rule the app under test applies without parameters (its own settings)."""
    return CoverageRule.from_settings(client.app.state.settings)


def _cell(key: str, v):  # noqa: ANN001, ANN202
    """How a JSON value reads in the table: the share with one decimal, no share as a dash."""
    return "—" if v is None else f"{v:.1f}" if key == "share_pct" else v


def test_coverage_table_is_the_coverage_report(client_as, db_url: str) -> None:
    client = client_as("official")
    report = client.get("/indicators/coverage").json()
    with get_engine(db_url).connect() as conn:
        table = briefing_data.coverage_table(conn, "zh", rule=_rule(client))
    assert table.headers[:3] == ("乡镇", "脱贫村数", "已覆盖")
    keys = (
        "name",
        "villages",
        "covered",
        "uncovered",
        "no_position",
        "share_pct",
        "poverty_households",
        "poverty_households_covered",
    )
    expected = [tuple(_cell(k, t[k]) for k in keys) for t in report["townships"]]
    assert [row[:-1] for row in table.rows[:-1]] == expected
    totals = report["totals"]
    assert table.rows[-1][:-1] == ("合计", *(_cell(k, totals[k]) for k in keys[1:]))
    gaps = report["uncovered"] + report["no_position"]
    assert table.rows[-1][-1] == str(len(gaps)) == str(totals["uncovered"] + totals["no_position"])
    for town, row in zip(report["townships"], table.rows):
        names = [g["name"] for g in gaps if g["township_code"] == town["code"]]
        assert row[-1] == ("、".join(names) or "—")
    assert table.note == "覆盖规则：" + RULE_TEXT["zh"]
    with get_engine(db_url).connect() as conn:  # the total row against counts written here
        villages = conn.execute(text("SELECT count(*) FROM village WHERE poverty_alleviated")).scalar_one()
        covered = conn.execute(text(COVERED_VILLAGES)).scalar_one()
    assert table.rows[-1][1:3] == (villages, covered) and 0 < covered < villages
    assert table.demo == report["demo"]


def test_coverage_takeaway_and_table_follow_a_station_closing(client_as, db_url: str) -> None:
    client = client_as("official")
    before = client.get("/indicators/coverage").json()["totals"]
    with get_engine(db_url).begin() as conn:
        # Close every site of a counted kind: covered villages must drop out of the table and the line.
        conn.execute(
            text(
                "UPDATE site SET status = 'closed' WHERE status = 'operating' AND kind IN ('village_station', "
                "'township_station', 'live_station')"
            )
        )
    after = client.get("/indicators/coverage").json()
    assert after["totals"]["covered"] < before["covered"]  # the data changed enough to matter
    with get_engine(db_url).connect() as conn:
        line = briefing_data.takeaway(conn, get("coverage"), "zh", settings=client.app.state.settings)
        total = briefing_data.coverage_table(conn, "en", rule=_rule(client)).rows[-1]
    t = after["totals"]
    assert line.startswith(f"{t['villages']} 个脱贫村中 {t['covered']} 个已覆盖")
    gaps = after["uncovered"] + after["no_position"]
    assert f"未覆盖 {len(gaps)} 个：{'、'.join(g['name'] for g in gaps[:4])}" in line
    assert total[:3] == ("Total", t["villages"], t["covered"])
    sites = client.get("/layers/coverage_sites.geojson").json()["features"]
    counted = client.get("/layers/coverage_sites.geojson", params={"counting": "counted"}).json()["features"]
    assert f"服务站点 {len(sites)} 个，其中计入覆盖 {len(counted)} 个" in line


def test_overview_takeaway_states_the_coverage(client_as, db_url: str) -> None:
    client = client_as("official")
    t = client.get("/indicators/coverage").json()["totals"]
    with get_engine(db_url).connect() as conn:
        line = briefing_data.takeaway(conn, get("overview"), "en", settings=client.app.state.settings)
    assert f"{t['covered']} of {t['villages']} poverty-alleviated villages covered" in line


def test_target_table_is_the_indicator_table(client_as, db_url: str) -> None:
    client = client_as("official")
    indicators = client.get("/indicators").json()
    with get_engine(db_url).connect() as conn:
        zh = briefing_data.target_table(conn, "zh", rule=_rule(client))
        en = briefing_data.target_table(conn, "en", rule=_rule(client))
    verdict = {True: "达成", False: "未达成", None: "无法判断"}

    def actual(r: dict) -> str:  # yuan shown in 万元 beside the 万元 target
        if r["key"] == "specialty_sales" and r["actual"] is not None:
            return f"{r['actual'] / 10000:,.1f} 万元" + r["actual_zh"][r["actual_zh"].index("（") :]
        return r["actual_zh"]

    assert zh.rows == [
        (r["indicator_zh"], r["target_zh"], actual(r), re.sub(r"\s*（/[^）]*）", "", r["source_zh"]), verdict[r["met"]])
        for r in indicators["indicators"]
    ]
    assert not any("/indicators" in cell for row in zh.rows for cell in row)
    assert [row[2] for row in en.rows] == [r["actual_en"] for r in indicators["indicators"]]
    assert zh.demo == indicators["demo"]
    missing = sum(r["source"] == "missing" for r in indicators["indicators"])
    assert f"{missing} 项无数据" in zh.note
