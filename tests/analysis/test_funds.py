"""The funds indicator: the plan's ten items, the 90 % rule on hand-made payments, idle assets."""

from __future__ import annotations

from decimal import Decimal

import pytest
from sqlalchemy import text

from geo.analysis.funds import fund_report
from geo.store.database import get_engine

# 资金安排表 (appendix 2 of 芒工商科发〔2022〕19号), in 万元, typed from the plan
PLAN_WAN = {
    "F01": 50,
    "F02": 100,
    "F03": 50,
    "F04": 30,
    "F05": 30,
    "F06": 100,
    "F07": 20,
    "F08": 20,
    "F09": 20,
    "F10": 80,
}


def test_the_ten_items_and_budgets_equal_the_plan(db_url: str) -> None:
    with get_engine(db_url).connect() as conn:
        rows = conn.execute(text("SELECT code, seq, budget_yuan, source, funding FROM fund_item ORDER BY seq")).all()
        total = conn.execute(text("SELECT sum(budget_yuan) FROM fund_item")).scalar_one()
    assert [r.code for r in rows] == list(PLAN_WAN)
    assert [r.seq for r in rows] == list(range(1, 11))
    assert [r.budget_yuan for r in rows] == [Decimal(w * 10_000) for w in (50, 100, 50, 30, 30, 100, 20, 20, 20, 80)]
    assert total == Decimal(5_000_000)  # 500 万元
    assert {r.source for r in rows} == {"plan2022"} and {r.funding for r in rows} == {"central"}


def _only_these_payments(conn, payments: list[tuple[str, int, str]]) -> None:  # noqa: ANN001
    conn.execute(text("DELETE FROM fund_payment"))
    for n, (item, yuan, status) in enumerate(payments, start=1):
        conn.execute(
            text(
                "INSERT INTO fund_payment (ref, item_code, paid_on, amount_yuan, status, source) "
                "VALUES (:ref, :item, DATE '2022-09-01', :yuan, :status, 'test')"
            ),
            {"ref": f"t-{n}", "item": item, "yuan": yuan, "status": status},
        )


# 449.9 万元 paid over eight items; a planned and a returned payment that must not count
BELOW = [
    ("F02", 1_000_000, "paid"),
    ("F06", 1_000_000, "paid"),
    ("F10", 800_000, "paid"),
    ("F01", 500_000, "paid"),
    ("F03", 500_000, "paid"),
    ("F04", 300_000, "paid"),
    ("F05", 300_000, "paid"),
    ("F07", 99_000, "paid"),
    ("F08", 200_000, "planned"),
    ("F09", 150_000, "returned"),
]


@pytest.mark.parametrize(
    ("extra", "paid_wan", "share", "met"),
    [
        ([], 449.9, 89.98, False),  # 4,499,000 / 5,000,000
        ([("F07", 1_000, "paid")], 450.0, 90.0, True),  # exactly 90 %
    ],
)
def test_paid_share_and_verdict_by_hand(db_url: str, extra, paid_wan, share, met) -> None:  # noqa: ANN001
    with get_engine(db_url).begin() as conn:
        _only_these_payments(conn, BELOW + extra)
    with get_engine(db_url).connect() as conn:
        report = fund_report(conn)
    t = report.totals
    assert t["budget_wan"] == 500.0 and t["paid_wan"] == paid_wan and t["share_pct"] == share
    assert t["met"] is met and t["verdict_zh"] == ("达成" if met else "未达成")
    assert t["planned_wan"] == 20.0 and t["returned_wan"] == 15.0
    assert t["remaining_wan"] == round(500.0 - paid_wan, 4)
    items = {i["code"]: i for i in report.items}
    assert (
        items["F02"]["share_pct"] == 100.0 and items["F08"]["paid_wan"] == 0.0 and items["F08"]["planned_wan"] == 20.0
    )
    assert items["F09"]["paid_wan"] == 0.0 and items["F09"]["returned_wan"] == 15.0
    assert items["F07"]["share_pct"] == (49.5 if not extra else 50.0)  # 99,000 (or 100,000) of 200,000
    # totals equal the sum of the rows
    assert round(sum(i["paid_wan"] for i in report.items), 4) == t["paid_wan"]
    assert sum(i["budget_wan"] for i in report.items) == t["budget_wan"]


@pytest.mark.parametrize(
    ("paid_yuan", "share", "met"), [(4_495_000, 89.9, False), (4_500_000, 90.0, True), (5_000_000, 100.0, True)]
)
def test_verdict_at_89_9_90_and_100_percent(db_url: str, paid_yuan: int, share: float, met: bool) -> None:
    with get_engine(db_url).begin() as conn:
        # one payment per item at its budget, the last one short by what is missing
        budgets = [w * 10_000 for w in PLAN_WAN.values()]
        short = 5_000_000 - paid_yuan
        amounts = budgets[:-1] + [budgets[-1] - short]
        _only_these_payments(conn, [(code, a, "paid") for code, a in zip(PLAN_WAN, amounts)])
    with get_engine(db_url).connect() as conn:
        t = fund_report(conn).totals
    assert t["share_pct"] == share and t["met"] is met


def test_the_target_table_carries_the_disbursement_line(client_as, db_url: str) -> None:
    with get_engine(db_url).begin() as conn:
        _only_these_payments(conn, BELOW)
    rows = {r["key"]: r for r in client_as("official").get("/indicators").json()["indicators"]}
    line = rows["fund_disbursement"]
    assert line["actual"] == 89.98 and line["met"] is False and line["source"] == "computed"
    assert "449.9" in line["actual_zh"] and "500" in line["actual_zh"]
    with get_engine(db_url).begin() as conn:
        conn.execute(
            text(
                "INSERT INTO fund_payment (ref, item_code, paid_on, amount_yuan, status, source) "
                "VALUES ('t-last', 'F07', DATE '2022-10-01', 1000, 'paid', 'test')"
            )
        )
    line = {r["key"]: r for r in client_as("official").get("/indicators").json()["indicators"]}["fund_disbursement"]
    assert line["actual"] == 90.0 and line["met"] is True
