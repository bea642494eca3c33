"""/indicators/funds over HTTP: who may see it, the CSV/XLSX equal the JSON, idle assets follow inspections,
the funds layers keep payees from viewers and agree with the indicator."""

from __future__ import annotations

import html
import io
import re

import openpyxl
import pandas as pd
from sqlalchemy import text

from geo.store.database import get_engine
from tests.conftest import seen_by_app


def test_anonymous_gets_401_and_viewer_403(client_as) -> None:
    anonymous = client_as("anonymous")
    for path in ("/indicators/funds", "/indicators/funds.csv", "/indicators/funds.xlsx"):
        assert anonymous.get(path).status_code == 401, path
    assert client_as("viewer").get("/indicators/funds").status_code == 403


def test_default_dataset_is_labelled_and_sourced(client_as) -> None:
    body = client_as("official").get("/indicators/funds").json()
    assert body["demo"] is True and body["demo_note"] == "演示数据 / DEMO DATA"
    assert "芒工商科发〔2022〕19 号" in body["source_zh"] and "附件 2" in body["source_zh"]
    assert len(body["items"]) == 10 and body["totals"]["budget_wan"] == 500.0
    assert len(body["townships"]) == 13
    assert "payee" not in str(body) and "voucher" not in str(body)  # only totals here


def _csv(response) -> pd.DataFrame:  # noqa: ANN001
    assert response.content.startswith(b"\xef\xbb\xbf")  # UTF-8 BOM for Excel
    return pd.read_csv(io.StringIO(response.content.decode("utf-8-sig")), comment="#")


def test_csv_and_xlsx_read_back_equal_the_json(client_as) -> None:
    c = client_as("official")
    body = c.get("/indicators/funds").json()
    items = _csv(c.get("/indicators/funds.csv"))
    assert list(items["项目编号"].fillna("")[:10]) == [i["code"] for i in body["items"]]
    assert list(items["预算（万元）"][:10]) == [i["budget_wan"] for i in body["items"]]
    assert list(items["已支付（万元）"][:10]) == [i["paid_wan"] for i in body["items"]]
    assert list(items["支付率(%)"][:10]) == [i["share_pct"] for i in body["items"]]
    total = items.iloc[10]
    assert total["项目分项"] == "合计" and total["已支付（万元）"] == body["totals"]["paid_wan"]
    assert total["预算（万元）"] == 500.0
    notes = c.get("/indicators/funds.csv").content.decode("utf-8-sig").splitlines()
    assert any("资金安排表" in n for n in notes if n.startswith("#")) and any(
        "演示数据" in n for n in notes if n.startswith("#")
    )
    towns = _csv(c.get("/indicators/funds.csv", params={"table": "townships"}))
    assert list(towns["落地资金（万元）"][:13]) == [t["paid_wan"] for t in body["townships"]]
    assert towns.iloc[13]["落地资金（万元）"] == body["not_located"]["paid_wan"]
    assert round(towns.iloc[14]["落地资金（万元）"], 4) == body["totals"]["paid_wan"]
    english = _csv(c.get("/indicators/funds.csv", params={"lang": "en"}))
    assert "Budget (10,000 yuan)" in english.columns and "预算（万元）" not in english.columns

    book = openpyxl.load_workbook(io.BytesIO(c.get("/indicators/funds.xlsx").content))
    assert book.sheetnames == ["说明", "资金项目", "乡镇", "闲置资产", "闲置资金"]
    sheet = list(book["资金项目"].iter_rows(values_only=True))
    header = sheet[0]
    rows = [dict(zip(header, r)) for r in sheet[1:11]]
    assert [r["已支付（万元）"] for r in rows] == [i["paid_wan"] for i in body["items"]]
    assert [r["预算（万元）"] for r in rows] == [i["budget_wan"] for i in body["items"]]
    idle = list(book["闲置资产"].iter_rows(values_only=True))
    assert len(idle) - 1 == len(body["idle_assets"])
    assert any("资金安排表" in str(r[0]) for r in book["说明"].iter_rows(values_only=True))


def _new_asset(db_url: str) -> tuple[int, int, int]:
    """A fresh asset (no findings yet) at a demo village station; (asset id, its site id, another site id)."""
    with get_engine(db_url).begin() as conn:
        site, other = conn.execute(
            text("SELECT id FROM site WHERE kind = 'village_station' ORDER BY ref LIMIT 2")
        ).scalars()
        asset = conn.execute(
            text(
                "INSERT INTO asset (ref, item_code, site_id, description, quantity, value_yuan, owner, status, source) "
                "VALUES ('t-asset', 'F05', :site, '测试收银电脑', 1, 12345.00, 'enterprise', 'in_use', 'test') RETURNING id"
            ),
            {"site": site},
        ).scalar_one()
    return asset, site, other


def _inspect(c, site: int, when: str, assets: list[dict]):  # noqa: ANN001, ANN202
    return c.post(
        "/inspections",
        json={
            "site_id": site,
            "mode": "announced",
            "inspector": "测试督查组",
            "outcome": "normal",
            "visited_at": when,
            "assets": assets,
        },
    )


def test_an_asset_is_idle_when_its_latest_inspection_says_so(client_as, db_url: str) -> None:
    asset, site, other = _new_asset(db_url)
    sup, official = client_as("supervisor"), client_as("official")
    r = _inspect(sup, site, "2026-11-10T10:00:00+08:00", [{"asset_id": asset, "status": "idle"}])
    assert r.status_code == 201, r.text
    assert r.json()["idle_assets"] is True and r.json()["assets"][0]["status"] == "idle"
    assert _inspect(sup, site, "2026-11-20T10:00:00+08:00", [{"asset_id": asset, "status": "idle"}]).status_code == 201
    idle = {
        a["asset_id"]: a
        for a in official.get("/indicators/funds", params={"as_of": "2026-11-30"}).json()["idle_assets"]
    }
    assert asset in idle
    assert (
        idle[asset]["idle_since"].startswith("2026-11-10") and idle[asset]["days_idle"] == 20
    )  # since the first of the run
    assert idle[asset]["value_wan"] == 1.2345 and idle[asset]["status_zh"] == "闲置"
    # found in use on a later visit: no longer idle
    r = _inspect(sup, site, "2026-11-25T10:00:00+08:00", [{"asset_id": asset, "status": "in_use"}])
    assert r.status_code == 201
    idle = {a["asset_id"] for a in official.get("/indicators/funds").json()["idle_assets"]}
    assert asset not in idle
    # PATCH that last record to idle: the whole run 11-10, 11-20, 11-25 is idle, so idle since 11-10
    rec = r.json()
    r = sup.patch(
        f"/inspections/{rec['id']}", json={"version": rec["version"], "assets": [{"asset_id": asset, "status": "idle"}]}
    )
    assert r.status_code == 200, r.text
    idle = {a["asset_id"]: a for a in official.get("/indicators/funds").json()["idle_assets"]}
    assert idle[asset]["idle_since"].startswith("2026-11-10")
    # an asset of another site is refused, nothing written
    with get_engine(db_url).connect() as conn:
        before = conn.execute(text("SELECT count(*) FROM inspection")).scalar_one()
    r = _inspect(sup, other, "2026-11-26T10:00:00+08:00", [{"asset_id": asset, "status": "idle"}])
    assert r.status_code in (400, 422) and "不在本次督查的站点" in r.json()["error"]
    with get_engine(db_url).connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM inspection")).scalar_one() == before


def test_viewer_sees_township_totals_only_and_the_layers_agree_with_the_indicator(client_as) -> None:
    viewer, official = client_as("viewer"), client_as("official")
    towns = viewer.get("/layers/funds.geojson")
    assert towns.status_code == 200
    assert "payee" not in towns.text and "voucher" not in towns.text
    assert viewer.get("/layers/fund_sites.geojson").status_code == 403
    assert viewer.get("/layers/idle_assets.geojson").status_code == 403
    body = official.get("/indicators/funds").json()
    by_code = {f["properties"]["township_code"]: f["properties"] for f in towns.json()["features"]}
    for t in body["townships"]:
        assert by_code[t["township_code"]]["paid_wan"] == t["paid_wan"]
        assert by_code[t["township_code"]]["idle_assets"] == t["idle_assets"]
    sites = official.get("/layers/fund_sites.geojson").json()["features"]
    assert round(sum(f["properties"]["paid_wan"] for f in sites), 4) == round(
        sum(t["paid_wan"] for t in body["townships"]), 4
    )
    assert any(f["properties"]["payees"] for f in sites)  # officials see who was paid
    idle = official.get("/layers/idle_assets.geojson").json()["features"]
    assert sorted(f["properties"]["ref"] for f in idle) == sorted(a["ref"] for a in body["idle_assets"])
    funds_sites = official.get("/layers/idle_funds.geojson").json()["features"]
    assert sorted(f["properties"]["name"] for f in funds_sites) == sorted(f["site_name"] for f in body["idle_funds"])


def test_the_funds_map_legend_counts_equal_the_indicator(client_as, db_url: str) -> None:
    from maps.export.features import collect
    from maps.export.legend import legend_items
    from maps.spec import get

    body = client_as("official").get("/indicators/funds").json()
    paid = [t["paid_wan"] for t in body["townships"]]
    # the classes typed from the legend: none, < 5, 5-20, 20-50, 50-100, >= 100 (万元)
    by_hand = {
        "无落地资金": sum(v == 0 for v in paid),
        "落地资金 < 5 万元": sum(0 < v < 5 for v in paid),
        "5–20 万元": sum(5 <= v < 20 for v in paid),
        "20–50 万元": sum(20 <= v < 50 for v in paid),
        "50–100 万元": sum(50 <= v < 100 for v in paid),
        "≥ 100 万元": sum(v >= 100 for v in paid),
        "闲置资产": len(body["idle_assets"]),
        "资金闲置站点": len(body["idle_funds"]),
    }
    sites_with_idle = len({a["site_id"] for a in body["idle_assets"] if a["site_id"] is not None})
    with get_engine(db_url).connect() as conn:
        drawn = collect(conn, get("funds"), {}, role="official")
    labels = [label for label, style, _shape in legend_items(drawn, "zh") if style is not None]
    counts = {
        label.rsplit("（", 1)[0]: int(label.rsplit("（", 1)[1].rstrip("）")) for label in labels if label.endswith("）")
    }
    for label, n in by_hand.items():  # the legend hides empty entries: absent means none
        assert counts.get(label, 0) == n, (label, counts)
    assert set(counts) >= {label for label, n in by_hand.items() if n}
    assert counts["持有闲置资产的站点"] == sites_with_idle
    viewer_layers = [d.layer.name for d in collect_viewer(db_url)]
    assert "fund_sites" not in viewer_layers and "idle_assets" not in viewer_layers and "funds" in viewer_layers


def collect_viewer(db_url: str) -> list:
    from maps.export.features import collect
    from maps.spec import get

    with get_engine(db_url).connect() as conn:
        return collect(conn, get("funds"), {}, role="viewer")


def test_the_funds_page_shows_no_payee_to_a_viewer(client_as, db_url: str) -> None:
    with get_engine(db_url).connect() as conn:
        payees = set(conn.execute(text("SELECT payee FROM fund_payment WHERE payee IS NOT NULL")).scalars())
        vouchers = set(
            conn.execute(text("SELECT voucher_ref FROM fund_payment WHERE voucher_ref IS NOT NULL")).scalars()
        )
    assert payees and vouchers
    viewer = client_as("viewer").get("/maps/funds")
    assert viewer.status_code == 200 and "演示数据" in viewer.text
    assert not any(p in viewer.text for p in payees) and not any(v in viewer.text for v in vouchers)
    official = client_as("official").get("/maps/funds")
    assert official.status_code == 200 and any(p in official.text for p in payees)
    embed = client_as("official").get("/maps/funds", params={"embed": 1})
    assert not any(p in embed.text for p in payees)
    english = client_as("official").get("/maps/funds", params={"lang": "en"})
    assert "Money landed per township" in english.text and "落地资金（万元）" not in english.text


def test_asset_words_one_language_at_a_time(client_as) -> None:
    """SQL gives asset status codes; the CSV in each language carries that language's words only."""
    official = client_as("official")
    sites = official.get("/layers/fund_sites.geojson").json()["features"]
    listed = [a for f in sites for a in (f["properties"]["asset_list"] or [])]
    assert listed and all(len(a) == 3 for a in listed)
    assert {a[1] for a in listed} <= {"in_use", "idle", "lost", "disposed"}
    zh = _csv(official.get("/layers/fund_sites.csv"))
    en = _csv(official.get("/layers/fund_sites.csv", params={"lang": "en"}))
    zh_text = " ".join(zh["资产（状态，价值 万元）"].dropna())
    en_text = " ".join(en["Assets (status, value in 10,000 yuan)"].dropna())
    assert "万元）" in zh_text and " / " not in zh_text and "in use" not in zh_text and "idle" not in zh_text
    assert "(in use, " in en_text or "(idle, " in en_text
    assert "在用" not in en_text and "闲置" not in en_text


SUBTITLE = re.compile(r'<div class="fm-subtitle">([^<]*)</div>')


def _subtitle(client, lang: str = "zh") -> str:  # noqa: ANN001
    page = client.get("/maps/funds", params={"lang": lang})
    assert page.status_code == 200, page.text
    found = SUBTITLE.search(page.text)
    assert found is not None
    return html.unescape(found.group(1))


def test_funds_page_cites_the_plan_only_while_the_items_are_the_plans(client_as, db_url: str) -> None:
    official = client_as("official")
    assert "预算：芒市后续资金使用实施方案附件 2 资金安排表（500 万元）" in _subtitle(official)
    assert "Budgets: Mangshi follow-up fund plan, appendix 2 (500 in 10,000 yuan)" in _subtitle(official, "en")
    # one item of the county's own (not from the plan): the budgets are no longer the plan's
    with get_engine(db_url).begin() as conn:
        conn.execute(
            text(
                "INSERT INTO fund_item (code, seq, title_zh, budget_yuan, scope, source) "
                "VALUES ('X01', 99, '自筹配套', 250000, 'county', 'import')"
            )
        )
    seen_by_app(official, db_url)
    zh, en = _subtitle(official), _subtitle(official, "en")
    assert "预算：已导入的资金安排表（11 项，合计 525 万元）" in zh and "芒市" not in zh
    assert "the fund items loaded (11 items, 525 in 10,000 yuan in total)" in en and "Mangshi" not in en
    body = official.get("/indicators/funds").json()
    assert body["basis"]["kind"] == "own" and "芒工商科发" not in body["source_zh"]
    assert body["totals"]["budget_wan"] == 525.0
