"""The performance-target table (绩效目标表): target, actual, where the actual comes from, met or not.

The targets are those of Mangshi's plan (appendix 1, ``PLAN_COUNTY``). For another county set up
by its code they are not set (its own target table cannot be loaded yet): its rows keep their
actuals but say the target is not set, and claim no verdict; the fund-disbursement line follows
the county's own fund items (``geo.analysis.funds``).

Actuals are computed from the data where the data holds them (sites, specialty-village
yearly figures, training sessions, the coverage analysis); the rest are values staff
enter (``indicator_entry``). A computed indicator with no data falls back to an entered
value when there is one, and says so.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, RowMapping, text

from geo.analysis import funds
from geo.analysis.coverage import CoverageRule
from geo.analysis.coverage_report import compute_coverage
from geo.io import funds_plan
from geo.vocab import INDICATOR_KEYS


@dataclass(frozen=True)
class Actual:
    value: float | None
    text_zh: str
    text_en: str
    source_zh: str
    source_en: str
    demo: bool = False
    met: bool | None = None  # set when the verdict needs more than one number


@dataclass(frozen=True)
class Indicator:
    key: str
    zh: str
    en: str
    target_zh: str
    target_en: str
    op: str  # ">=" or "<="
    target: float
    unit_zh: str = ""
    unit_en: str = ""
    entered_sum: bool = False  # entered values: sum over periods (True) or the latest period


INDICATORS = (
    Indicator("live_base", "电商直播基地建成", "Live-streaming base built", "1 个", "1", ">=", 1, "个", ""),
    Indicator(
        "consumer_goods_system",
        "农村消费品管理系统建成",
        "Rural consumer-goods management system built",
        "1 套",
        "1 set",
        ">=",
        1,
        "套",
        "set",
    ),
    Indicator(
        "specialty_villages", "电商特色村升级", "E-commerce specialty villages upgraded", "2 个", "2", ">=", 2, "个", ""
    ),
    Indicator(
        "coffee_brand",
        "打造“象塘咖啡”品牌",
        "Xiangtang coffee (象塘咖啡) brand created",
        "≥ 1 个",
        "≥ 1",
        ">=",
        1,
        "个",
        "",
    ),
    Indicator(
        "rice_campaigns",
        "“遮放贡米”营销活动",
        "Zhefang tribute rice marketing campaigns",
        "≥ 2 场",
        "≥ 2",
        ">=",
        2,
        "场",
        "",
        entered_sum=True,
    ),
    Indicator(
        "specialty_training",
        "特色村培训",
        "Training in specialty villages",
        "≥ 100 人次",
        "≥ 100 person-times",
        ">=",
        100,
        "人次",
        "person-times",
    ),
    Indicator(
        "county_training",
        "市级电商高级培训",
        "County-level advanced training",
        "≥ 900 人次，每年 ≥ 10 期",
        "≥ 900 person-times, ≥ 10 sessions a year",
        ">=",
        900,
        "人次",
        "person-times",
    ),
    Indicator(
        "specialty_sales",
        "特色村年网络零售额",
        "Specialty-village annual online sales",
        "≥ 500 万元",
        "≥ 5,000,000 yuan",
        ">=",
        5_000_000,
        "元",
        "yuan",
    ),
    Indicator(
        "specialty_shops",
        "特色村活跃网店",
        "Specialty-village active online shops",
        "≥ 50 个",
        "≥ 50",
        ">=",
        50,
        "个",
        "",
    ),
    Indicator(
        "specialty_jobs",
        "特色村带动就业创业",
        "Specialty-village jobs and start-ups driven",
        "≥ 100 人",
        "≥ 100 people",
        ">=",
        100,
        "人",
        "people",
    ),
    Indicator(
        "poverty_coverage",
        "农村电商服务覆盖脱贫村、服务脱贫户",
        "Rural e-commerce services reach poverty-alleviated villages and serve poverty-alleviated households",
        "是（脱贫村全部覆盖）",
        "yes (every poverty-alleviated village covered)",
        ">=",
        100,
        "%",
        "%",
    ),
    Indicator(
        "complaints",
        "政府信息公开投诉",
        "Complaints about government information disclosure",
        "≤ 10 件",
        "≤ 10",
        "<=",
        10,
        "件",
        "",
    ),
    Indicator("trainee_satisfaction", "培训满意度", "Trainee satisfaction", "≥ 90%", "≥ 90 %", ">=", 90, "%", "%"),
    # Not in appendix 1 but in the plan's fund rules: the target that speaks of money (资金安排表).
    Indicator(
        "fund_disbursement",
        "后续资金支付进度（验收时）",
        "Follow-up fund disbursed (at acceptance)",
        "≥ 90%（已支付 ÷ 预算）",
        "≥ 90 % (paid ÷ budget)",
        ">=",
        90,
        "%",
        "%",
    ),
)
assert tuple(i.key for i in INDICATORS) == INDICATOR_KEYS

PLAN_COUNTY = "533103"  # Mangshi: the county whose plan's appendix 1 gives the targets above
NOT_SET = ("未设定（本县绩效目标表尚未导入）", "not set (this county's target table is not loaded yet)")
VERDICT = {True: ("达成", "met"), False: ("未达成", "not met"), None: ("无数据", "no data")}
NO_TARGET = ("未设目标", "no target")


def verdict(row: dict) -> tuple[str, str]:
    """(zh, en) verdict of a performance-table row: met, not met, no data, or no target set."""
    return VERDICT[row["met"]] if row.get("target_set", True) else NO_TARGET


COMPUTED = "computed"
ENTERED = "entered"
MISSING = "missing"


def _fmt(v: float) -> str:
    return f"{v:,.0f}" if float(v).is_integer() or abs(v) >= 1000 else f"{v:,.1f}"


def _one(conn: Connection, sql: str, **params: Any) -> RowMapping:
    return conn.execute(text(sql), params).mappings().one()


def _sites(conn: Connection, _ind: Indicator, _rule: CoverageRule) -> Actual | None:
    r = _one(
        conn,
        "SELECT count(*) AS n, coalesce(bool_or(source = 'demo'), false) AS demo FROM site "
        "WHERE kind = 'live_base' AND status IN ('operating', 'suspended')",
    )
    return Actual(
        r["n"],
        f"{r['n']} 个",
        str(r["n"]),
        "由数据计算：站点表（已建成的电商直播基地）",
        "computed: site table (live-streaming bases built)",
        r["demo"],
    )


def _specialty(column: str, zh: str, en: str) -> Callable:
    def compute(conn: Connection, ind: Indicator, _rule: CoverageRule) -> Actual | None:
        r = _one(
            conn,
            f"SELECT max(year) AS year, sum({column}) FILTER (WHERE year = (SELECT max(year) FROM specialty_village)) AS v, "
            "coalesce(bool_or(source = 'demo'), false) AS demo FROM specialty_village",
        )
        if r["v"] is None:
            return None
        v = float(r["v"])
        return Actual(
            v,
            f"{_fmt(v)} {ind.unit_zh}（{r['year']} 年）",
            f"{_fmt(v)} {ind.unit_en} ({r['year']})".replace("  ", " "),
            f"由数据计算：电商特色村年度数据（{zh}，{r['year']} 年合计）",
            f"computed: specialty-village yearly figures ({en}, {r['year']} total)",
            r["demo"],
        )

    return compute


def _specialty_count(conn: Connection, _ind: Indicator, _rule: CoverageRule) -> Actual | None:
    r = _one(
        conn,
        "SELECT count(DISTINCT village_code) AS n, coalesce(bool_or(source = 'demo'), false) AS demo FROM specialty_village",
    )
    if not r["n"]:
        return None
    return Actual(
        r["n"], f"{r['n']} 个", str(r["n"]), "由数据计算：电商特色村表", "computed: specialty-village table", r["demo"]
    )


def _coffee_brand(conn: Connection, _ind: Indicator, _rule: CoverageRule) -> Actual | None:
    r = _one(
        conn,
        "SELECT count(DISTINCT brand) AS n, coalesce(bool_or(source = 'demo'), false) AS demo "
        "FROM specialty_village WHERE brand LIKE '%象塘咖啡%'",
    )
    if not r["n"]:
        return None
    return Actual(
        r["n"],
        f"{r['n']} 个",
        str(r["n"]),
        "由数据计算：电商特色村品牌（象塘咖啡）",
        "computed: specialty-village brands (象塘咖啡)",
        r["demo"],
    )


def _specialty_training(conn: Connection, ind: Indicator, _rule: CoverageRule) -> Actual | None:
    r = _one(
        conn,
        "SELECT count(*) AS n, sum(attendees) AS v, coalesce(bool_or(source = 'demo'), false) AS demo "
        "FROM training_session WHERE level = 'village' "
        "AND village_code IN (SELECT village_code FROM specialty_village)",
    )
    if r["n"]:
        v = float(r["v"])
        return Actual(
            v,
            f"{_fmt(v)} 人次（{r['n']} 期）",
            f"{_fmt(v)} person-times ({r['n']} sessions)",
            "由数据计算：培训场次（特色村村级培训，累计）",
            "computed: training sessions (in specialty villages, cumulative)",
            r["demo"],
        )
    return _specialty("trainees", "培训人数", "trainees")(conn, ind, _rule)


def _county_training(conn: Connection, _ind: Indicator, _rule: CoverageRule) -> Actual | None:
    r = (
        _one(
            conn,
            "SELECT extract(year FROM held_on)::int AS year, count(*) AS n, sum(attendees) AS v, "
            "bool_or(source = 'demo') AS demo FROM training_session WHERE level = 'county' "
            "GROUP BY 1 ORDER BY 1 DESC LIMIT 1",
        )
        if _has(conn, "training_session WHERE level = 'county'")
        else None
    )
    if r is None:
        return None
    v = float(r["v"])
    return Actual(
        v,
        f"{_fmt(v)} 人次，{r['n']} 期（{r['year']} 年）",
        f"{_fmt(v)} person-times, {r['n']} sessions ({r['year']})",
        f"由数据计算：培训场次（市级，{r['year']} 年）",
        f"computed: training sessions (county level, {r['year']})",
        r["demo"],
        met=v >= 900 and r["n"] >= 10,
    )


def _satisfaction(conn: Connection, _ind: Indicator, _rule: CoverageRule) -> Actual | None:
    r = _one(
        conn,
        "SELECT sum(attendees * satisfaction_pct) / nullif(sum(attendees), 0) AS v, count(*) AS n, "
        "coalesce(bool_or(source = 'demo'), false) AS demo FROM training_session WHERE satisfaction_pct IS NOT NULL",
    )
    if r["v"] is None:
        return None
    v = round(float(r["v"]), 1)
    return Actual(
        v,
        f"{v:.1f}%（{r['n']} 期，按人次加权）",
        f"{v:.1f} % ({r['n']} sessions, weighted by attendance)",
        "由数据计算：培训场次满意度",
        "computed: training-session satisfaction",
        r["demo"],
    )


def _coverage(conn: Connection, _ind: Indicator, rule: CoverageRule) -> Actual | None:
    report = compute_coverage(conn, rule)
    t = report.totals
    if not t["villages"]:
        return None
    return Actual(
        t["share_pct"],
        f"{t['share_pct']:.1f}%（{t['covered']}/{t['villages']} 个脱贫村；覆盖脱贫户 {t['poverty_households_covered']:,}/{t['poverty_households']:,}）",
        f"{t['share_pct']:.1f} % ({t['covered']}/{t['villages']} villages; {t['poverty_households_covered']:,}/"
        f"{t['poverty_households']:,} poverty-alleviated households)",
        "由数据计算：脱贫村覆盖分析（/indicators/coverage）",
        "computed: coverage analysis (/indicators/coverage)",
        report.demo,
        met=t["uncovered"] == 0 and t["no_position"] == 0,
    )


def _funds(conn: Connection, _ind: Indicator, _rule: CoverageRule) -> Actual | None:
    r = _one(
        conn,
        "SELECT (SELECT sum(budget_yuan) FROM fund_item) AS budget, "
        "coalesce(sum(amount_yuan) FILTER (WHERE status = 'paid'), 0) AS paid, "
        "coalesce(bool_or(source = 'demo'), false) AS demo FROM fund_payment",
    )
    if not r["budget"]:
        return None
    share = funds.share_pct(r["paid"], r["budget"])
    paid, budget = funds_plan.wan(r["paid"]), funds_plan.wan(r["budget"])
    return Actual(
        share,
        f"{share:.2f}%（已支付 {paid:g}/{budget:g} 万元）",
        f"{share:.2f} % ({paid:g} of {budget:g} in 10,000 yuan paid)",
        "由数据计算：资金支付（/indicators/funds）",
        "computed: fund payments (/indicators/funds)",
        r["demo"],
        met=funds.met(r["paid"], r["budget"]),
    )


def _has(conn: Connection, from_where: str) -> bool:
    return bool(conn.execute(text(f"SELECT EXISTS (SELECT 1 FROM {from_where})")).scalar())


COMPUTE: dict[str, Callable] = {
    "live_base": _sites,
    "specialty_villages": _specialty_count,
    "coffee_brand": _coffee_brand,
    "specialty_training": _specialty_training,
    "county_training": _county_training,
    "specialty_sales": _specialty("online_sales_yuan", "网络零售额", "online sales"),
    "specialty_shops": _specialty("active_shops", "活跃网店", "active shops"),
    "specialty_jobs": _specialty("jobs_driven", "带动就业创业", "jobs driven"),
    "poverty_coverage": _coverage,
    "trainee_satisfaction": _satisfaction,
    "fund_disbursement": _funds,
}


def _entered(conn: Connection, ind: Indicator) -> Actual | None:
    rows = (
        conn.execute(
            text("SELECT period, value, entered_by, source FROM indicator_entry WHERE indicator = :k ORDER BY period"),
            {"k": ind.key},
        )
        .mappings()
        .all()
    )
    if not rows:
        return None
    demo = any(r["source"] == "demo" for r in rows)
    if ind.entered_sum:
        v = float(sum(r["value"] for r in rows))
        periods = f"{rows[0]['period']}–{rows[-1]['period']}" if len(rows) > 1 else rows[0]["period"]
        return Actual(
            v,
            f"{_fmt(v)} {ind.unit_zh}（{periods} 累计）",
            f"{_fmt(v)} {ind.unit_en} ({periods} total)".replace("  ", " "),
            f"人工填报（{len(rows)} 条，{periods}）",
            f"entered by staff ({len(rows)} entries, {periods})",
            demo,
        )
    last = rows[-1]
    v = float(last["value"])
    return Actual(
        v,
        f"{_fmt(v)} {ind.unit_zh}（{last['period']}）",
        f"{_fmt(v)} {ind.unit_en} ({last['period']})".replace("  ", " "),
        f"人工填报：{last['entered_by']}，{last['period']}",
        f"entered by staff: {last['entered_by']}, {last['period']}",
        last["source"] == "demo",
    )


def performance_table(conn: Connection, rule: CoverageRule) -> list[dict]:
    """The thirteen indicators of appendix 1 and the fund disbursement line, each with its actual, source and verdict."""
    counties = list(conn.execute(text("SELECT code FROM county")).scalars())
    plan_targets = not counties or counties == [PLAN_COUNTY]
    rows = []
    for ind in INDICATORS:
        target_set = plan_targets or ind.key == "fund_disbursement"
        actual, source = None, MISSING
        if ind.key in COMPUTE:
            actual = COMPUTE[ind.key](conn, ind, rule)
            source = COMPUTED if actual is not None else MISSING
        if actual is None:
            actual = _entered(conn, ind)
            source = ENTERED if actual is not None else MISSING
        met = None
        if actual is not None and target_set:
            met = (
                actual.met
                if actual.met is not None or actual.value is None
                else (actual.value >= ind.target if ind.op == ">=" else actual.value <= ind.target)
            )
        rows.append(
            {
                "key": ind.key,
                "indicator_zh": ind.zh,
                "indicator_en": ind.en,
                "target_zh": ind.target_zh if target_set else NOT_SET[0],
                "target_en": ind.target_en if target_set else NOT_SET[1],
                "target": ind.target if target_set else None,
                "target_set": target_set,
                "op": ind.op,
                "actual": None if actual is None else actual.value,
                "actual_zh": "无数据" if actual is None else actual.text_zh,
                "actual_en": "no data" if actual is None else actual.text_en,
                "source": source,
                "source_zh": "无数据：请填报" if actual is None else actual.source_zh,
                "source_en": "no data: please enter a value" if actual is None else actual.source_en,
                "met": met,
                "demo": bool(actual is not None and actual.demo),
            }
        )
    return rows
