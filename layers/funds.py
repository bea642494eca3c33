"""The funds map's layers: money landed per township (classed, 万元), the sites money landed at
(proportional symbols, with their payments and assets), idle assets and idle funds.

The asset status and the idle-funds rule come from :mod:`geo.analysis.funds`, so the map and
``/indicators/funds`` apply one rule. Viewers see the township totals only (geo.privacy).
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from geo.analysis.funds import ASSET_STATUS_SQL
from geo.vocab import ASSET_STATUS, SEMICOLON, word
from layers.base import Field, Layer, LegendEntry
from layers.coverage import ClassedLayer, ShareClass
from layers.palette import NO_DATA, OKABE_ITO, SHARE_RAMP

_PAID_SITES = (
    "SELECT p.site_id, sum(p.amount_yuan) AS paid_yuan, count(*) AS payments, "
    "string_agg(p.item_code || ' ' || to_char(p.paid_on, 'YYYY-MM-DD') || ' ' || "
    "to_char(p.amount_yuan / 10000.0, 'FM999990.00'), '; ' ORDER BY p.paid_on, p.ref) AS payment_list, "
    "string_agg(DISTINCT p.payee, '、') AS payees, bool_or(p.source = 'demo') AS demo "
    "FROM fund_payment p WHERE p.status = 'paid' AND p.site_id IS NOT NULL GROUP BY p.site_id"
)


def asset_text(assets: Iterable[Sequence[Any]] | None, lang: str) -> str:
    """The site's assets ([description, status code, value in 万元]) as one line in ``lang``."""
    one = ("{d}（{status}，{value:.2f} 万元）", "{d} ({status}, {value:.2f})")
    return word(SEMICOLON, lang).join(
        word(one, lang).format(d=d, status=ASSET_STATUS.word(st, lang), value=float(v)) for d, st, v in (assets or ())
    )


_ASSETS_BY_SITE = (
    f"SELECT a.site_id, count(*) FILTER (WHERE a.status IN ('in_use', 'idle')) AS assets, "
    "coalesce(sum(a.value_yuan) FILTER (WHERE a.status IN ('in_use', 'idle')), 0) AS assets_value_yuan, "
    "count(*) FILTER (WHERE a.status = 'idle') AS idle_assets, "
    # codes only: [description, status, value in 万元]; the words are made in Python (asset_text)
    "json_agg(json_build_array(a.description, a.status, round(a.value_yuan / 10000.0, 2)) ORDER BY a.ref) "
    "AS asset_list, "
    f"bool_or(a.source = 'demo') AS demo FROM ({ASSET_STATUS_SQL}) a WHERE a.site_id IS NOT NULL GROUP BY a.site_id"
)

NO_MONEY = ShareClass(0.0, NO_DATA, "无落地资金", "no money landed at a site")
MONEY_CLASSES = (  # ColorBrewer YlGnBu (layers.palette): more money landed, darker; nothing landed is grey
    NO_MONEY,
    ShareClass(0.0001, SHARE_RAMP[0], "落地资金 < 5 万元", "money landed < 50,000 yuan"),
    ShareClass(5.0, SHARE_RAMP[1], "5–20 万元", "50,000–200,000 yuan"),
    ShareClass(20.0, SHARE_RAMP[2], "20–50 万元", "200,000–500,000 yuan"),
    ShareClass(50.0, SHARE_RAMP[3], "50–100 万元", "0.5–1 million yuan"),
    ShareClass(100.0, SHARE_RAMP[4], "≥ 100 万元", "≥ 1 million yuan"),
)
FUND_TOWNSHIPS = ClassedLayer(
    name="funds",
    title_zh="各乡镇落地资金（万元）",
    title_en="Money landed per township (10,000 yuan)",
    geometry_type="MultiPolygon",
    query=(
        "SELECT row_number() OVER (ORDER BY t.code) AS id, t.code, t.name, t.code AS township_code, "
        "round(coalesce(p.paid_yuan, 0) / 10000.0, 4)::float8 AS paid_wan, coalesce(p.payments, 0) AS payments, "
        "coalesce(a.assets, 0) AS assets, round(coalesce(a.assets_value_yuan, 0) / 10000.0, 4)::float8 AS assets_value_wan, "
        "coalesce(a.idle_assets, 0) AS idle_assets, "
        "CASE WHEN coalesce(p.demo, false) OR coalesce(a.demo, false) THEN 'demo' ELSE t.source END AS source, t.geom "
        "FROM township t "
        "LEFT JOIN (SELECT s.township_code, sum(x.paid_yuan) AS paid_yuan, sum(x.payments) AS payments, bool_or(x.demo) AS demo "
        f"FROM ({_PAID_SITES}) x JOIN site s ON s.id = x.site_id GROUP BY s.township_code) p ON p.township_code = t.code "
        "LEFT JOIN (SELECT s.township_code, sum(y.assets) AS assets, sum(y.assets_value_yuan) AS assets_value_yuan, "
        f"sum(y.idle_assets) AS idle_assets, bool_or(y.demo) AS demo FROM ({_ASSETS_BY_SITE}) y JOIN site s ON s.id = y.site_id "
        "GROUP BY s.township_code) a ON a.township_code = t.code WHERE t.geom IS NOT NULL"
    ),
    fields=(
        Field("name", "乡镇", "Township"),
        Field("paid_wan", "落地资金（万元）", "Money landed (10,000 yuan)"),
        Field("payments", "支付笔数", "Payments"),
        Field("assets", "资产件数（在用+闲置）", "Assets held (in use + idle)"),
        Field("assets_value_wan", "资产价值（万元）", "Asset value (10,000 yuan)"),
        Field("idle_assets", "闲置资产", "Idle assets"),
    ),
    filters=("township_code",),
    style={"color": "#4a5568", "weight": 1, "fillOpacity": 0.6},
    legend=tuple(LegendEntry(c.zh, c.en, c.colour, "square") for c in (*MONEY_CLASSES[1:], NO_MONEY)),
    value_key="paid_wan",
    classes=MONEY_CLASSES,
    no_data=NO_MONEY,
)


@dataclass(frozen=True)
class ProportionalLayer(Layer):
    """Circles whose area is proportional to ``value_key`` (radius ``scale·√value`` px, at least ``min_radius``)."""

    value_key: str = ""
    scale: float = 2.0
    min_radius: float = 4.0

    def style_for(self, properties: dict) -> dict:
        base = super().style_for(properties)
        value = float(properties.get(self.value_key) or 0)
        return {**base, "radius": round(max(self.min_radius, self.scale * math.sqrt(value)), 1)}


FUND_SITES = ProportionalLayer(
    name="fund_sites",
    min_role="official",  # payments and assets site by site (township totals stay public)
    title_zh="资金落地站点（圆面积 ∝ 金额）",
    title_en="Sites the money landed at (circle area ∝ amount)",
    geometry_type="Point",
    query=(
        "SELECT s.id, s.ref, s.name, s.kind, s.township_code, t.name AS township_name, "
        "round(coalesce(p.paid_yuan, 0) / 10000.0, 4)::float8 AS paid_wan, coalesce(p.payments, 0) AS payments, "
        "p.payment_list, p.payees, coalesce(a.assets, 0) AS assets, "
        "round(coalesce(a.assets_value_yuan, 0) / 10000.0, 4)::float8 AS assets_value_wan, "
        "coalesce(a.idle_assets, 0) AS idle_assets, a.asset_list, "
        "CASE WHEN coalesce(a.idle_assets, 0) > 0 THEN 'idle' ELSE 'ok' END AS asset_state, "
        "CASE WHEN coalesce(p.demo, false) OR coalesce(a.demo, false) THEN 'demo' ELSE s.source END AS source, "
        "s.location AS geom "
        f"FROM site s LEFT JOIN ({_PAID_SITES}) p ON p.site_id = s.id LEFT JOIN ({_ASSETS_BY_SITE}) a ON a.site_id = s.id "
        "LEFT JOIN township t ON t.code = s.township_code WHERE p.site_id IS NOT NULL OR a.site_id IS NOT NULL"
    ),
    fields=(
        Field("name", "站点", "Site"),
        Field("township_name", "乡镇", "Township"),
        Field("paid_wan", "落地资金（万元）", "Money landed (10,000 yuan)"),
        Field("payment_list", "支付（项目 日期 万元）", "Payments (item, date, 10,000 yuan)"),
        Field("payees", "收款单位", "Payees", personal=True),
        Field("assets_value_wan", "资产价值（万元）", "Asset value (10,000 yuan)"),
        Field("asset_list", "资产（状态，价值 万元）", "Assets (status, value in 10,000 yuan)", render=asset_text),
        Field("idle_assets", "闲置资产", "Idle assets"),
    ),
    filters=("township_code", "kind", "asset_state"),
    style={"color": "#08306b", "weight": 1.5, "fillColor": OKABE_ITO["blue"], "fillOpacity": 0.45},
    style_key="asset_state",
    # fill colours name the legend entries, so an export's legend counts each kind of site
    styles={"idle": {"fillColor": OKABE_ITO["orange"], "color": "#000000", "weight": 2}},
    legend=(
        LegendEntry(
            "资金落地站点（圆面积 ∝ 金额）", "Site money landed at (area ∝ amount)", OKABE_ITO["blue"], "circle"
        ),
        LegendEntry("持有闲置资产的站点", "Site holding idle assets", OKABE_ITO["orange"], "circle"),
    ),
    value_key="paid_wan",
)

IDLE_ASSETS = Layer(
    name="idle_assets",
    min_role="official",  # payments and assets site by site (township totals stay public)
    title_zh="闲置资产（最近一次督查）",
    title_en="Idle assets (latest inspection)",
    geometry_type="Point",
    query=(
        "SELECT a.asset_id AS id, a.ref, a.description AS name, a.item_code, a.site_name, a.township_code, "
        "a.township_name, round(a.value_yuan / 10000.0, 4)::float8 AS value_wan, a.quantity, "
        "to_char(a.idle_since AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM-DD') AS idle_since, "
        "(CURRENT_DATE - (a.idle_since AT TIME ZONE 'Asia/Shanghai')::date) AS days_idle, a.source, s.location AS geom "
        f"FROM ({ASSET_STATUS_SQL}) a JOIN site s ON s.id = a.site_id WHERE a.status = 'idle'"
    ),
    fields=(
        Field("name", "闲置资产", "Idle asset"),
        Field("site_name", "站点", "Site"),
        Field("township_name", "乡镇", "Township"),
        Field("item_code", "资金项目", "Fund item"),
        Field("value_wan", "价值（万元）", "Value (10,000 yuan)"),
        Field("idle_since", "闲置起始（督查）", "Idle since (inspection)"),
        Field("days_idle", "闲置天数", "Days idle"),
    ),
    carry=("ref",),  # the ledger number travels with the feature; popups show the description
    filters=("township_code", "item_code"),
    style={"radius": 7, "color": "#000000", "weight": 1.5, "fillColor": OKABE_ITO["orange"], "fillOpacity": 1.0},
    legend=(LegendEntry("闲置资产", "Idle asset", OKABE_ITO["orange"], "circle"),),
)

IDLE_FUNDS = Layer(
    name="idle_funds",
    min_role="official",  # payments and assets site by site (township totals stay public)
    title_zh="资金闲置站点（最近一次督查）",
    title_en="Sites with idle funds (latest inspection)",
    geometry_type="Point",
    query=(
        "WITH latest AS (SELECT DISTINCT ON (site_id) site_id, visited_at, idle_funds FROM inspection "
        "ORDER BY site_id, visited_at DESC, id DESC) "
        "SELECT s.id, s.name, s.township_code, t.name AS township_name, "
        "round(p.paid_yuan / 10000.0, 4)::float8 AS paid_wan, p.payment_list, "
        "to_char(latest.visited_at AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM-DD') AS last_checked, "
        "CASE WHEN p.demo THEN 'demo' ELSE s.source END AS source, s.location AS geom "
        f"FROM latest JOIN site s ON s.id = latest.site_id JOIN ({_PAID_SITES}) p ON p.site_id = s.id "
        "LEFT JOIN township t ON t.code = s.township_code WHERE latest.idle_funds"
    ),
    fields=(
        Field("name", "站点", "Site"),
        Field("township_name", "乡镇", "Township"),
        Field("paid_wan", "已支付（万元）", "Paid (10,000 yuan)"),
        Field("payment_list", "支付（项目 日期 万元）", "Payments (item, date, 10,000 yuan)"),
        Field("last_checked", "最近督查", "Latest inspection"),
    ),
    filters=("township_code",),
    style={"radius": 9, "color": OKABE_ITO["reddish_purple"], "weight": 3, "fillOpacity": 0.0},
    legend=(LegendEntry("资金闲置站点", "Site with idle funds", OKABE_ITO["reddish_purple"], "ring"),),
)

LAYERS = (FUND_TOWNSHIPS, FUND_SITES, IDLE_FUNDS, IDLE_ASSETS)
