"""Seeded DEMO payments, assets and asset findings for the plan's ten fund items.

The items and their budgets are real (:mod:`geo.io.funds_plan`); everything this module adds
is invented and marked ``source='demo'`` (``targets_source='demo'`` on the items): which sites
and specialty villages each item pays for, the payments (dates, amounts, payees, vouchers),
the asset ledger and what inspections found the assets to be.

Method. Targets: logistics (F01) the warehouses, the sorting centre and 3 township stations;
the live base (F02) the live-streaming base; the link-up (F05) 6 village stations; the live
matrix (F10) the service centre and every live station; F06-F09 the two specialty villages;
F03/F04 the whole county. Payments: each item is paid 78-100 % of its budget in 2-5
payments (rounded to 100 yuan) dated 2022-07-01..2023-06-30, each landing at one of its
target sites (items for the county land nowhere; village items at a site in the village
when there is one); one item in three also has a planned payment for the rest, and one
payment is returned. Assets: for each payment at a site of F01/F02/F05/F06/F10, one asset
worth 30-70 % of it, state-owned at county-level sites and enterprise-owned elsewhere; the
ledger says in use (one asset lost). Findings: every demo inspection at a site holding
assets records each asset acquired before the visit as idle when the inspection found idle
assets, else in use — so the latest visit decides.

Determinism: one ``numpy.random.default_rng([seed, 15])``, independent of the other demo streams.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

import numpy as np
import pandas as pd

from geo.io.funds_plan import plan_rows

PAY_START = dt.date(2022, 7, 1)
PAY_DAYS = 365
PAYEES = (
    "演示物流有限公司",
    "演示电子商务服务有限公司",
    "演示传媒文化有限公司",
    "演示信息技术有限公司",
    "演示农产品供应链有限公司",
    "演示咖啡专业合作社",
    "演示包装设计工作室",
    "演示培训服务中心",
)
ASSETS = {
    "F01": ("智能分拣设备", "电商物流配送车", "快递收发柜"),
    "F02": ("直播间设备（摄像机、补光灯、声卡）", "直播间装修与展台", "导播切换台"),
    "F05": ("电商服务站收银电脑", "服务站货架与展示柜", "农产品溯源扫码设备"),
    "F06": ("咖啡烘焙设备", "特色村直播设备", "农产品分级包装机"),
    "F10": ("直播设备套装", "培训教室投影与音响", "手机直播稳定器"),
}
STATE_KINDS = ("service_centre", "live_base", "warehouse", "sorting_centre")


def _targets(sites: pd.DataFrame, specialty: list[str], rng: np.random.Generator) -> dict[str, list[str]]:
    by_kind = {k: sorted(sites.loc[sites["kind"] == k, "ref"]) for k in sites["kind"].unique()}
    pick: Callable[[str, int], list[str]] = lambda kind, n: sorted(  # noqa: E731 - a one-line helper local to this function
        rng.choice(
            by_kind.get(kind, []),
            size=min(n, len(by_kind.get(kind, []))),  # noqa: E731
            replace=False,
        ).tolist()
    )
    live = by_kind.get("live_station", [])
    return {
        "F01": by_kind.get("warehouse", []) + by_kind.get("sorting_centre", []) + pick("township_station", 3),
        "F02": by_kind.get("live_base", []),
        "F05": pick("village_station", 6),
        "F10": by_kind.get("service_centre", []) + live,
        **{
            code: sorted(
                sites.loc[
                    sites["village_code"].isin(specialty) & sites["kind"].isin(("live_station", "village_station")),
                    "ref",
                ]
            )
            for code in ("F06", "F07", "F08", "F09")
        },
    }


def _split(total: int, n: int, rng: np.random.Generator) -> list[int]:
    """``total`` yuan in ``n`` parts, each a multiple of 100 yuan."""
    weights = rng.dirichlet(np.ones(n) * 2)
    parts = [int(round(total * w / 100)) * 100 for w in weights[:-1]]
    return [*parts, total - sum(parts)]


def generate_funds(
    sites: pd.DataFrame, specialty_villages: list[str], inspections: pd.DataFrame, seed: int = 2022
) -> dict[str, pd.DataFrame]:
    """fund_item, fund_payment, asset and inspection_asset frames for the default dataset."""
    rng = np.random.default_rng([seed, 15])
    specialty = sorted(specialty_villages)
    targets = _targets(sites, specialty, rng)
    kind_of = dict(zip(sites["ref"], sites["kind"]))
    items, payments, assets = [], [], []
    for item in plan_rows():
        code, budget = item["code"], int(item["budget_yuan"])
        refs = targets.get(code, [])
        items.append(
            {
                **item,
                "site_refs": refs,
                "village_codes": specialty if item["scope"] == "villages" else [],
                "targets_source": "demo",
            }
        )
        paid = int(round(budget * rng.uniform(0.78, 1.0) / 100)) * 100
        n = int(rng.integers(2, 6))
        for k, amount in enumerate(_split(paid, n, rng), start=1):
            day = PAY_START + dt.timedelta(days=int(rng.integers(0, PAY_DAYS)))
            site = refs[int(rng.integers(len(refs)))] if refs else None
            ref = f"demo-pay-{code}-{k}"
            payments.append(
                {
                    "ref": ref,
                    "item_code": code,
                    "paid_on": day,
                    "amount_yuan": Decimal(amount),
                    "payee": PAYEES[int(rng.integers(len(PAYEES)))],
                    "voucher_ref": f"DEMO-记-{day:%Y%m}-{int(rng.integers(1, 999)):03d}",
                    "site_ref": site,
                    "status": "paid",
                    "note": "演示数据",
                    "source": "demo",
                }
            )
            if site and code in ASSETS:
                names = ASSETS[code]
                assets.append(
                    {
                        "ref": f"demo-asset-{code}-{k}",
                        "item_code": code,
                        "site_ref": site,
                        "description": names[int(rng.integers(len(names)))],
                        "quantity": int(rng.integers(1, 4)),
                        "value_yuan": Decimal(int(amount * rng.uniform(0.3, 0.7) / 100) * 100),
                        "acquired_on": day + dt.timedelta(days=int(rng.integers(5, 40))),
                        "owner": "state" if kind_of.get(site) in STATE_KINDS else "enterprise",
                        "status": "in_use",
                        "source": "demo",
                    }
                )
        if rng.random() < 1 / 3 and paid < budget:
            payments.append(
                {
                    "ref": f"demo-pay-{code}-plan",
                    "item_code": code,
                    "paid_on": dt.date(2023, 9, 30),
                    "amount_yuan": Decimal(budget - paid),
                    "payee": None,
                    "voucher_ref": None,
                    "site_ref": None,
                    "status": "planned",
                    "note": "演示数据：计划支付",
                    "source": "demo",
                }
            )
    returned = payments[int(rng.integers(len(payments)))]
    if returned["status"] == "paid":
        returned["status"], returned["note"] = "returned", "演示数据：已退回"
    if assets:
        assets[int(rng.integers(len(assets)))]["status"] = "lost"
    return {
        "fund_item": pd.DataFrame(items),
        "fund_payment": pd.DataFrame(payments),
        "asset": pd.DataFrame(assets),
        "inspection_asset": _findings(assets, inspections),
    }


def _findings(assets: list[dict], inspections: pd.DataFrame) -> pd.DataFrame:
    rows = []
    for r in inspections.itertuples():
        visited = pd.Timestamp(r.visited_at).date()
        for a in assets:
            if a["site_ref"] == r.site_ref and a["status"] == "in_use" and a["acquired_on"] <= visited:
                rows.append(
                    {
                        "inspection_ref": r.ref,
                        "asset_ref": a["ref"],
                        "status": "idle" if r.idle_assets else "in_use",
                        "note": None,
                        "source": "demo",
                    }
                )
    return pd.DataFrame(rows, columns=["inspection_ref", "asset_ref", "status", "note", "source"])


FILES = (
    ("fund_item", "fund_items.csv"),
    ("fund_payment", "fund_payments.csv"),
    ("asset", "assets.csv"),
    ("inspection_asset", "inspection_assets.csv"),
)


def write_funds(frames: dict[str, pd.DataFrame], directory: str | os.PathLike[str]) -> list[Path]:
    """CSV files ``fieldmap load FILE --table fund_item|fund_payment|asset|inspection_asset`` takes back."""
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    out: list[Path] = []
    for table, name in FILES:
        frame = frames[table].copy()
        for column in ("site_refs", "village_codes"):
            if column in frame:
                frame[column] = frame[column].map(lambda refs: ",".join(refs))
        path = directory / name
        frame.to_csv(path, index=False, lineterminator="\n")
        out.append(path)
    return out
