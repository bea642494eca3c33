"""Where the follow-up fund went: per item budget / paid / share, the 90 % rule, money and assets
per township, idle assets and idle funds.

The SQL reads the store; the words (zh/en) are added in Python. Money is summed in yuan with
exact decimals; the shares and the verdict are computed from the exact sums, then shown in 万元.

- **Disbursed** (已支付) is the sum of payments with status ``paid``; planned payments and money
  returned (已退回) do not count. The rule (资金安排表 / 验收): at acceptance at least 90 % of the
  fund is disbursed — met when ``paid × 100 ≥ 90 × budget``.
- **An asset's status** is the ledger's when it says lost or disposed; otherwise what its latest
  inspection found (在用 / 闲置), or the ledger's when no inspection looked at it. An idle asset is
  idle *since* the first of the unbroken run of idle findings that ends with the latest one.
- **Idle funds** are sites that received paid money and whose latest inspection found idle funds
  (资金闲置), since the first of the unbroken run of such findings.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import asdict, dataclass
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import Connection, text

from geo import vocab
from geo.io.funds_plan import (  # noqa: F401 (wan re-exported)
    DISBURSEMENT_TARGET_PCT,
    PLAN_SHORT_EN,
    PLAN_SHORT_ZH,
    PLAN_SOURCE,
    PLAN_TITLE_EN,
    PLAN_TITLE_ZH,
    wan,
)
from geo.vocab import word

VERDICT = {True: ("达成", "met"), False: ("未达成", "not met"), None: ("无数据", "no data")}
RULE = (
    "验收时后续资金支付率 ≥ 90%（已支付 ÷ 预算；计划支付与已退回款项不计）",
    "at acceptance ≥ 90 % of the fund disbursed (paid ÷ budget; planned and returned payments do not count)",
)
COUNTY_TZ = ZoneInfo("Asia/Shanghai")  # idle durations count the county's calendar days
NOT_LOCATED = ("未落到站点（全市性支出）", "not at a site (county-wide spending)")
NO_PLAN = ("尚未导入资金安排表（无预算）", "No fund plan loaded yet (no budgets)")

_ITEMS = """
SELECT f.code, f.seq, f.heading_zh, f.title_zh, f.title_en, f.budget_yuan, f.implementing_unit, f.scope,
       f.source, f.targets_source,
       coalesce(sum(p.amount_yuan) FILTER (WHERE p.status = 'paid'), 0) AS paid_yuan,
       coalesce(sum(p.amount_yuan) FILTER (WHERE p.status = 'planned'), 0) AS planned_yuan,
       coalesce(sum(p.amount_yuan) FILTER (WHERE p.status = 'returned'), 0) AS returned_yuan,
       count(p.id) FILTER (WHERE p.status = 'paid') AS payments,
       coalesce(bool_or(p.source = 'demo'), false) OR coalesce(f.targets_source = 'demo', false) AS demo
FROM fund_item f LEFT JOIN fund_payment p ON p.item_code = f.code
GROUP BY f.code ORDER BY f.seq, f.code
"""

# Every asset with its current status (see the module docstring) and since when it is idle.
ASSET_STATUS_SQL = """
WITH findings AS (
    SELECT ia.asset_id, ia.status, i.visited_at,
           row_number() OVER (PARTITION BY ia.asset_id ORDER BY i.visited_at DESC, i.id DESC) AS rn
    FROM inspection_asset ia JOIN inspection i ON i.id = ia.inspection_id
), last_in_use AS (
    SELECT asset_id, max(visited_at) AS at FROM findings WHERE status = 'in_use' GROUP BY asset_id
), idle_run AS (
    SELECT f.asset_id, min(f.visited_at) AS since FROM findings f LEFT JOIN last_in_use u USING (asset_id)
    WHERE f.status = 'idle' AND (u.at IS NULL OR f.visited_at > u.at) GROUP BY f.asset_id
)
SELECT a.id AS asset_id, a.ref, a.item_code, a.description, a.quantity, a.value_yuan, a.acquired_on, a.owner,
       a.status AS ledger_status, a.source, a.site_id, s.ref AS site_ref, s.name AS site_name,
       s.township_code, t.name AS township_name, l.visited_at AS last_checked_at, l.status AS last_found,
       CASE WHEN a.status IN ('lost', 'disposed') THEN a.status ELSE coalesce(l.status, a.status) END AS status,
       CASE WHEN a.status NOT IN ('lost', 'disposed') AND l.status = 'idle' THEN r.since END AS idle_since
FROM asset a
LEFT JOIN findings l ON l.asset_id = a.id AND l.rn = 1
LEFT JOIN idle_run r ON r.asset_id = a.id
LEFT JOIN site s ON s.id = a.site_id
LEFT JOIN township t ON t.code = s.township_code
"""

_PAID_BY_TOWNSHIP = """
SELECT s.township_code, sum(p.amount_yuan) AS paid_yuan, count(*) AS payments, bool_or(p.source = 'demo') AS demo
FROM fund_payment p JOIN site s ON s.id = p.site_id WHERE p.status = 'paid' GROUP BY s.township_code
"""
_NOT_LOCATED = """
SELECT coalesce(sum(amount_yuan), 0) AS paid_yuan, count(*) AS payments FROM fund_payment
WHERE status = 'paid' AND site_id IS NULL
"""

_IDLE_FUNDS = """
WITH latest AS (
    SELECT DISTINCT ON (site_id) site_id, visited_at, idle_funds FROM inspection ORDER BY site_id, visited_at DESC, id DESC
), last_clear AS (
    SELECT site_id, max(visited_at) AS at FROM inspection WHERE NOT idle_funds GROUP BY site_id
), run AS (
    SELECT i.site_id, min(i.visited_at) AS since FROM inspection i LEFT JOIN last_clear c USING (site_id)
    WHERE i.idle_funds AND (c.at IS NULL OR i.visited_at > c.at) GROUP BY i.site_id
)
SELECT s.id AS site_id, s.ref AS site_ref, s.name AS site_name, s.kind AS site_kind, s.township_code,
       t.name AS township_name, sum(p.amount_yuan) AS paid_yuan, array_agg(DISTINCT p.item_code ORDER BY p.item_code) AS items,
       run.since AS idle_since, latest.visited_at AS last_checked_at, bool_or(p.source = 'demo') OR s.source = 'demo' AS demo
FROM latest
JOIN site s ON s.id = latest.site_id
JOIN fund_payment p ON p.site_id = s.id AND p.status = 'paid'
LEFT JOIN run ON run.site_id = s.id
LEFT JOIN township t ON t.code = s.township_code
WHERE latest.idle_funds
GROUP BY s.id, t.name, run.since, latest.visited_at
ORDER BY run.since, s.ref
"""


def met(paid_yuan: Decimal, budget_yuan: Decimal, target_pct: Decimal = DISBURSEMENT_TARGET_PCT) -> bool | None:
    """The 90 % rule on exact sums; None without a budget."""
    if not budget_yuan:
        return None
    return Decimal(paid_yuan) * 100 >= Decimal(target_pct) * Decimal(budget_yuan)


def share_pct(part: Decimal, whole: Decimal) -> float | None:
    """``part / whole`` in per cent, two decimals (rounded down, so 89.999 % never shows as 90.00 %)."""
    if not whole:
        return None
    return float((Decimal(part) * 100 / Decimal(whole)).quantize(Decimal("0.01"), rounding="ROUND_DOWN"))


@dataclass(frozen=True)
class FundBasis:
    """Where the budgets come from: the default county's plan (every item loaded is from it,
    ``fund_item.source = 'plan2022'``), the county's own fund items, or nothing loaded yet."""

    items: int
    plan_items: int
    budget_yuan: Decimal

    @property
    def kind(self) -> str:
        """``plan``, ``own`` or ``none``."""
        if self.items == 0:
            return "none"
        return "plan" if self.plan_items == self.items else "own"

    def line(self, lang: str) -> str:
        """The budgets' source in one line, e.g. for a map's subtitle."""
        total = wan(self.budget_yuan)
        if self.kind == "plan":
            return word(
                (f"预算：{PLAN_SHORT_ZH}（{total:g} 万元）", f"Budgets: {PLAN_SHORT_EN} ({total:g} in 10,000 yuan)"),
                lang,
            )
        if self.kind == "own":
            return word(
                (
                    f"预算：已导入的资金安排表（{self.items} 项，合计 {total:g} 万元）",
                    f"Budgets: the fund items loaded ({self.items} items, {total:g} in 10,000 yuan in total)",
                ),
                lang,
            )
        return word(NO_PLAN, lang)

    def source(self, lang: str) -> str:
        """The budgets' source as the report, its tables and the deck name it (the plan by its full title)."""
        if self.kind == "plan":
            return word((PLAN_TITLE_ZH, PLAN_TITLE_EN), lang)
        return self.line(lang).removeprefix("预算：").removeprefix("Budgets: ")

    def as_dict(self) -> dict:
        return {
            "kind": self.kind,
            "items": self.items,
            "plan_items": self.plan_items,
            "budget_wan": wan(self.budget_yuan),
            "text_zh": self.line("zh"),
            "text_en": self.line("en"),
        }


def fund_basis(conn: Connection) -> FundBasis:
    """How many fund items are loaded, how many from the default county's plan, and their budget total."""
    r = (
        conn.execute(
            text(
                "SELECT count(*) AS items, count(*) FILTER (WHERE source = :plan) AS plan_items, "
                "coalesce(sum(budget_yuan), 0) AS budget_yuan FROM fund_item"
            ),
            {"plan": PLAN_SOURCE},
        )
        .mappings()
        .one()
    )
    return FundBasis(int(r["items"]), int(r["plan_items"]), Decimal(r["budget_yuan"]))


@dataclass(frozen=True)
class FundReport:
    as_of: str
    items: list[dict]
    totals: dict
    townships: list[dict]
    not_located: dict
    idle_assets: list[dict]
    idle_funds: list[dict]
    demo: bool
    basis: FundBasis

    def as_dict(self) -> dict:
        plan = self.basis.kind == "plan"
        if self.basis.kind == "none":
            source_zh, source_en = NO_PLAN
        else:
            source_zh = f"资金预算：{self.basis.source('zh')}" + ("（真实数据）" if plan and self.demo else "")
            source_en = f"budgets: {self.basis.source('en')}" + (" (real)" if plan and self.demo else "")
        if self.demo:
            source_zh += "；支付、资产与站点对应为演示数据"
            source_en += "; payments, assets and sites are demo data"
        out = asdict(self)
        out["basis"] = self.basis.as_dict()
        return {
            "source_zh": source_zh,
            "source_en": source_en,
            "unit_zh": vocab.WAN[0],
            "unit_en": vocab.WAN[1],
            "rule": {"target_pct": float(DISBURSEMENT_TARGET_PCT), "text_zh": RULE[0], "text_en": RULE[1]},
            **out,
            "demo_note": "演示数据 / DEMO DATA" if self.demo else None,
        }


def _money(row: dict, *columns: str) -> dict:
    """Each ``*_yuan`` column as float yuan plus its ``*_wan`` twin."""
    out = dict(row)
    for c in columns:
        value = Decimal(out[c] or 0)
        out[c] = float(value)
        out[c.replace("_yuan", "_wan")] = wan(value)
    return out


def _iso(value: dt.datetime | dt.date | None) -> str | None:
    return None if value is None else value.isoformat()


def _days(since: dt.datetime | None, as_of: dt.date) -> int | None:
    return None if since is None else (as_of - since.astimezone(COUNTY_TZ).date()).days


def _items(conn: Connection) -> list[dict]:
    out = []
    for r in conn.execute(text(_ITEMS)).mappings():
        row = dict(r)
        row["remaining_yuan"] = max(Decimal(0), row["budget_yuan"] - row["paid_yuan"])
        row["share_pct"] = share_pct(row["paid_yuan"], row["budget_yuan"])
        row["scope_zh"], row["scope_en"] = (vocab.FUND_SCOPE.word(row["scope"], lang) for lang in vocab.LANGS)
        out.append(_money(row, "budget_yuan", "paid_yuan", "planned_yuan", "returned_yuan", "remaining_yuan"))
    return out


def _totals(conn: Connection) -> dict:
    r = (
        conn.execute(
            text(
                "SELECT (SELECT coalesce(sum(budget_yuan), 0) FROM fund_item) AS budget_yuan, "
                "coalesce(sum(amount_yuan) FILTER (WHERE status = 'paid'), 0) AS paid_yuan, "
                "coalesce(sum(amount_yuan) FILTER (WHERE status = 'planned'), 0) AS planned_yuan, "
                "coalesce(sum(amount_yuan) FILTER (WHERE status = 'returned'), 0) AS returned_yuan, "
                "count(*) FILTER (WHERE status = 'paid') AS payments FROM fund_payment"
            )
        )
        .mappings()
        .one()
    )
    row = dict(r)
    row["remaining_yuan"] = max(Decimal(0), row["budget_yuan"] - row["paid_yuan"])
    row["share_pct"] = share_pct(row["paid_yuan"], row["budget_yuan"])
    row["target_pct"] = float(DISBURSEMENT_TARGET_PCT)
    row["met"] = met(row["paid_yuan"], row["budget_yuan"])
    row["verdict_zh"], row["verdict_en"] = VERDICT[row["met"]]
    return _money(row, "budget_yuan", "paid_yuan", "planned_yuan", "returned_yuan", "remaining_yuan")


def asset_statuses(conn: Connection, as_of: dt.date) -> list[dict]:
    """Every asset with its current status, words, and for idle ones since when and how many days."""
    out = []
    for r in conn.execute(text(ASSET_STATUS_SQL + " ORDER BY a.ref")).mappings():
        row = _money(dict(r), "value_yuan")
        row["days_idle"] = _days(row["idle_since"], as_of)
        for key in ("acquired_on", "last_checked_at", "idle_since"):
            row[key] = _iso(row[key])
        for lang in vocab.LANGS:
            row[f"status_{lang}"] = vocab.ASSET_STATUS.word(row["status"], lang)
            row[f"owner_{lang}"] = vocab.ASSET_OWNER.word(row["owner"], lang)
        out.append(row)
    return out


def _townships(conn: Connection, assets: list[dict]) -> list[dict]:
    paid = {r["township_code"]: r for r in conn.execute(text(_PAID_BY_TOWNSHIP)).mappings()}
    out = []
    for t in conn.execute(text("SELECT code, name FROM township ORDER BY code")).mappings():
        held = [a for a in assets if a["township_code"] == t["code"] and a["status"] in ("in_use", "idle")]
        idle = [a for a in held if a["status"] == "idle"]
        p: Mapping[Any, Any] = paid.get(t["code"], {})
        row = {
            "township_code": t["code"],
            "township_name": t["name"],
            "paid_yuan": p.get("paid_yuan") or 0,
            "payments": p.get("payments") or 0,
            "assets": len(held),
            "assets_value_yuan": sum(Decimal(str(a["value_yuan"])) for a in held),
            "idle_assets": len(idle),
            "idle_value_yuan": sum(Decimal(str(a["value_yuan"])) for a in idle),
        }
        out.append(_money(row, "paid_yuan", "assets_value_yuan", "idle_value_yuan"))
    return out


def _idle_funds(conn: Connection, as_of: dt.date) -> list[dict]:
    out = []
    for r in conn.execute(text(_IDLE_FUNDS)).mappings():
        row = _money(dict(r), "paid_yuan")
        row["days_idle"] = _days(row["idle_since"], as_of)
        row["idle_since"], row["last_checked_at"] = _iso(row["idle_since"]), _iso(row["last_checked_at"])
        row["items"] = list(row["items"])
        out.append(row)
    return out


def fund_report(conn: Connection, as_of: dt.date | None = None) -> FundReport:
    """The whole funds indicator; ``as_of`` (default today) dates the idle durations."""
    as_of = as_of or dt.date.today()
    items = _items(conn)
    assets = asset_statuses(conn, as_of)
    not_located = _money(dict(conn.execute(text(_NOT_LOCATED)).mappings().one()), "paid_yuan")
    not_located["zh"], not_located["en"] = NOT_LOCATED
    demo = any(i["demo"] for i in items) or any(a["source"] == "demo" for a in assets)
    return FundReport(
        as_of.isoformat(),
        items,
        _totals(conn),
        _townships(conn, assets),
        not_located,
        [a for a in assets if a["status"] == "idle"],
        _idle_funds(conn, as_of),
        demo,
        fund_basis(conn),
    )
