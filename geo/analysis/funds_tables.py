"""The funds indicator as tables with Chinese (default) or English headers, money in 万元, for CSV/XLSX."""

from __future__ import annotations

import pandas as pd

from geo.analysis.coverage_tables import DEMO_NOTE
from geo.analysis.funds import NO_PLAN, RULE, FundReport
from geo.vocab import suffix, word

ITEM_HEADERS = {
    "seq": ("序号", "No."),
    "code": ("项目编号", "Item"),
    "title": ("项目分项", "Item title"),
    "budget_wan": ("预算（万元）", "Budget (10,000 yuan)"),
    "paid_wan": ("已支付（万元）", "Paid (10,000 yuan)"),
    "share_pct": ("支付率(%)", "Paid share (%)"),
    "remaining_wan": ("未支付（万元）", "Remaining (10,000 yuan)"),
    "planned_wan": ("计划支付（万元）", "Planned (10,000 yuan)"),
    "returned_wan": ("已退回（万元）", "Returned (10,000 yuan)"),
    "payments": ("支付笔数", "Payments"),
}
TOWNSHIP_HEADERS = {
    "township_code": ("乡镇代码", "Township code"),
    "township_name": ("乡镇", "Township"),
    "paid_wan": ("落地资金（万元）", "Money landed (10,000 yuan)"),
    "payments": ("支付笔数", "Payments"),
    "assets": ("资产件数（在用+闲置）", "Assets held (in use + idle)"),
    "assets_value_wan": ("资产价值（万元）", "Asset value (10,000 yuan)"),
    "idle_assets": ("闲置资产", "Idle assets"),
    "idle_value_wan": ("闲置资产价值（万元）", "Idle asset value (10,000 yuan)"),
}
IDLE_ASSET_HEADERS = {
    "ref": ("资产编号", "Asset"),
    "description": ("资产名称", "Description"),
    "item_code": ("项目编号", "Item"),
    "site_name": ("站点", "Site"),
    "township_name": ("乡镇", "Township"),
    "value_wan": ("价值（万元）", "Value (10,000 yuan)"),
    "owner": ("产权", "Owner"),
    "idle_since": ("闲置起始（督查）", "Idle since (inspection)"),
    "days_idle": ("闲置天数", "Days idle"),
}
IDLE_FUND_HEADERS = {
    "site_name": ("站点", "Site"),
    "township_name": ("乡镇", "Township"),
    "items": ("资金项目", "Items"),
    "paid_wan": ("已支付（万元）", "Paid (10,000 yuan)"),
    "idle_since": ("资金闲置起始（督查）", "Funds idle since (inspection)"),
    "days_idle": ("闲置天数", "Days idle"),
}
SHEETS = {
    "items": ("资金项目", "Items"),
    "townships": ("乡镇", "Townships"),
    "idle_assets": ("闲置资产", "Idle assets"),
    "idle_funds": ("闲置资金", "Idle funds"),
}
TOTAL = ("合计", "Total")


def _frame(rows: list[dict], headers: dict, lang: str) -> pd.DataFrame:
    return pd.DataFrame([[r.get(k) for k in headers] for r in rows], columns=[word(h, lang) for h in headers.values()])


def _date(iso: str | None) -> str | None:
    return None if iso is None else iso[:10]


def tables(report: FundReport, lang: str = "zh") -> dict[str, pd.DataFrame]:
    """Items (with a total row), townships (with 'not at a site' and a total row), idle assets, idle funds."""
    sfx = suffix(lang)
    items = [{**r, "title": r[f"title_{sfx}"] or r["title_zh"]} for r in report.items]
    t = report.totals
    items.append(
        {
            "seq": None,
            "code": "",
            "title": word(TOTAL, lang),
            **{
                k: t[k]
                for k in (
                    "budget_wan",
                    "paid_wan",
                    "share_pct",
                    "remaining_wan",
                    "planned_wan",
                    "returned_wan",
                    "payments",
                )
            },
        }
    )
    townships = [
        *report.townships,
        {
            "township_code": "",
            "township_name": report.not_located[sfx],
            "paid_wan": report.not_located["paid_wan"],
            "payments": report.not_located["payments"],
        },
    ]
    townships.append(
        {
            "township_code": "",
            "township_name": word(TOTAL, lang),
            **{
                k: round(sum(r.get(k) or 0 for r in townships), 4)
                for k in ("paid_wan", "assets_value_wan", "idle_value_wan")
            },
            **{k: sum(r.get(k) or 0 for r in townships) for k in ("payments", "assets", "idle_assets")},
        }
    )
    idle_assets = [{**a, "owner": a[f"owner_{sfx}"], "idle_since": _date(a["idle_since"])} for a in report.idle_assets]
    idle_funds = [
        {**f, "items": "、".join(f["items"]), "idle_since": _date(f["idle_since"])} for f in report.idle_funds
    ]
    return {
        "items": _frame(items, ITEM_HEADERS, lang),
        "townships": _frame(townships, TOWNSHIP_HEADERS, lang),
        "idle_assets": _frame(idle_assets, IDLE_ASSET_HEADERS, lang),
        "idle_funds": _frame(idle_funds, IDLE_FUND_HEADERS, lang),
    }


def sheet_name(key: str, lang: str) -> str:
    return word(SHEETS[key], lang)


def notes(report: FundReport, lang: str = "zh") -> list[str]:
    """Source (the plan's title and appendix), the rule with its verdict, and the demo label."""
    t = report.totals
    verdict = (
        f"合计：预算 {t['budget_wan']:g} 万元，已支付 {t['paid_wan']:g} 万元（{t['share_pct']}%）——{t['verdict_zh']}",
        f"total: budget {t['budget_wan']:g}, paid {t['paid_wan']:g} (10,000 yuan; {t['share_pct']} %) — {t['verdict_en']}",
    )
    basis = report.basis
    if basis.kind == "none":
        source = NO_PLAN
    else:
        source = (f"资金预算来源：{basis.source('zh')}", f"Budgets from: {basis.source('en')}")
    out = [
        word(source, lang),
        word(("规则：", "Rule: "), lang) + word(RULE, lang),
        word(verdict, lang),
        word(("金额单位：万元", "Money in 10,000 yuan (万元)"), lang),
    ]
    if report.demo:
        out.append(
            word(DEMO_NOTE, lang)
            + word(
                (
                    (
                        "（预算为真实数据；支付、资产及其站点为演示数据）",
                        " (budgets are real; payments, assets and their sites are demo)",
                    )
                    if basis.kind == "plan"
                    else ("（支付、资产及其站点为演示数据）", " (payments, assets and their sites are demo)")
                ),
                lang,
            )
        )
    return out
