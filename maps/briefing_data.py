"""What the briefing deck says in words and tables, as plain data (headers + rows).

The figures come from the same analysis the API serves: the coverage table and the
coverage takeaway from :func:`geo.analysis.coverage_report.compute_coverage` (as
``GET /indicators/coverage``), the target table from
:func:`geo.analysis.indicators.performance_table` (as ``GET /indicators``), both under
the coverage rule it is given (the settings' rule, as the API applies without parameters).
The deck computes nothing of its own; settings and the rule arrive as arguments.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection

from geo.analysis.coverage import CoverageRule
from geo.analysis.coverage_report import CoverageReport, compute_coverage
from geo.analysis.coverage_tables import TOTAL, TOWNSHIP_HEADERS, notes
from geo.analysis.funds import RULE as FUND_RULE
from geo.analysis.funds import FundReport, fund_report
from geo.analysis.indicators import MISSING, NO_TARGET, performance_table
from geo.analysis.inspection_status import REASON_ORDER, overdue_counts
from geo.store.settings import Settings
from geo.vocab import COLON, FULL_STOP, LIST_SEP, OVERDUE_REASON, SEMICOLON, suffix, word
from layers import registry
from maps.i18n import choose
from maps.spec import MapSpec

# Layers whose takeaway is the coverage line (the overview's villages, the coverage map's villages).
COVERAGE_LINE_LAYERS = ("villages", "coverage_villages")


@dataclass(frozen=True)
class Table:
    title: str
    headers: tuple[str, ...]
    rows: list[tuple]
    note: str  # how the figures were obtained
    demo: bool


def _l(lang: str, zh: str, en: str) -> str:
    return choose(zh, en, lang)


def _gaps(report: CoverageReport) -> list[dict]:
    """Villages not covered: no site in reach, then those with no known position."""
    return [*report.uncovered, *report.no_position]


def coverage_table(
    conn: Connection, lang: str = "zh", report: CoverageReport | None = None, *, rule: CoverageRule
) -> Table:
    """The township table of the coverage report under ``rule`` (as its CSV/XLSX), plus the names of
    the villages left out."""
    report = report or compute_coverage(conn, rule)
    keys = [k for k in TOWNSHIP_HEADERS if k != "code"]  # the slide names the township; the code adds nothing
    missing: dict[str, list[str]] = defaultdict(list)
    for g in _gaps(report):
        missing[g["township_code"]].append(g["name"])
    sep = word(LIST_SEP, lang)
    rows = [
        (*(_cell(k, town[k]) for k in keys), sep.join(missing.get(town["code"], [])) or "—")
        for town in report.townships
    ]
    rows.append((word(TOTAL, lang), *(_cell(k, report.totals[k]) for k in keys[1:]), str(len(_gaps(report)))))
    return Table(
        _l(lang, "脱贫村电商服务覆盖（按乡镇）", "E-commerce service in poverty-alleviated villages, by township"),
        (*(word(TOWNSHIP_HEADERS[k], lang) for k in keys), _l(lang, "未覆盖的脱贫村", "Not covered")),
        rows,
        notes(report, lang)[-1],  # "覆盖规则：…", the rule's own text
        report.demo,
    )


def _cell(key: str, value: Any) -> object:  # noqa: ANN401 - a table cell as the report gives it
    if value is None:  # a share with no poverty-alleviated village to divide by
        return "—"
    return f"{float(value):.1f}" if key == "share_pct" else value


VERDICT = {True: ("达成", "met"), False: ("未达成", "not met"), None: ("无法判断", "unknown")}
# Targets stated in 万元 (10,000 yuan) in the programme document: their actuals are shown in 万元 too.
WAN_YUAN_KEYS = ("specialty_sales",)
_API_PATH = re.compile(r"\s*[（(]\s*/[^）)]*[）)]")  # "（/indicators/coverage）": not for a slide


def target_table(conn: Connection, lang: str = "zh", *, rule: CoverageRule) -> Table:
    """The thirteen performance targets as ``GET /indicators`` lists them, in the deck's words:
    amounts in 万元 where the target is in 万元, no API paths."""
    rows = performance_table(conn, rule)
    out = [
        (
            r[f"indicator_{lang}"],
            r[f"target_{lang}"],
            _actual(r, lang),
            _API_PATH.sub("", r[f"source_{lang}"]),
            choose(*(VERDICT[r["met"]] if r["target_set"] else NO_TARGET), lang),
        )
        for r in rows
    ]
    missing = sum(r["source"] == MISSING for r in rows)
    return Table(
        _l(lang, "绩效目标完成情况", "Performance targets"),
        (
            _l(lang, "指标", "Indicator"),
            _l(lang, "目标", "Target"),
            _l(lang, "实际", "Actual"),
            _l(lang, "实际值来源", "Source of actual"),
            _l(lang, "结论", "Verdict"),
        ),
        out,
        _l(
            lang,
            f"能由数据计算的由数据计算，其余为人工填报；{missing} 项无数据，请填报。",
            f"Computed from the data where it can be, otherwise entered by staff; {missing} without data, please enter them.",
        ),
        any(r["demo"] for r in rows),
    )


def fund_table(conn: Connection, lang: str = "zh", report: FundReport | None = None) -> Table:
    """Disbursement by item against budget (万元) and the 90 % verdict, as ``GET /indicators/funds``."""
    report = report or fund_report(conn)
    sfx = suffix(lang)
    rows = [
        (
            str(i["seq"]),
            i[f"title_{sfx}"] or i["title_zh"],
            f"{i['budget_wan']:g}",
            f"{i['paid_wan']:g}",
            "—" if i["share_pct"] is None else f"{i['share_pct']:.1f}",
        )
        for i in report.items
    ]
    t = report.totals
    rows.append(
        (
            "",
            _l(lang, f"合计（{t['verdict_zh']}）", f"Total ({t['verdict_en']})"),
            f"{t['budget_wan']:g}",
            f"{t['paid_wan']:g}",
            "—" if t["share_pct"] is None else f"{t['share_pct']:.1f}",
        )
    )
    return Table(
        _l(lang, "后续资金支付进度（按项目，万元）", "Follow-up fund disbursed by item (10,000 yuan)"),
        (
            _l(lang, "序号", "No."),
            _l(lang, "项目", "Item"),
            _l(lang, "预算", "Budget"),
            _l(lang, "已支付", "Paid"),
            _l(lang, "支付率(%)", "Paid (%)"),
        ),
        rows,
        _l(
            lang,
            f"规则：{FUND_RULE[0]}；{report.basis.line('zh')}。闲置资产 {len(report.idle_assets)} 件。",
            f"Rule: {FUND_RULE[1]}; {report.basis.line('en')}. Idle assets: {len(report.idle_assets)}.",
        ),
        report.demo,
    )


def fund_line(report: FundReport, lang: str = "zh") -> str:
    """'已支付 X/Y 万元（Z%），未达成 90% 规则；闲置资产 N 件，价值 V 万元' from the funds report (Y: the
    budget of the fund items loaded), or that no fund plan is loaded yet."""
    t = report.totals
    idle = report.idle_assets
    value = round(sum(a["value_wan"] for a in idle), 2)
    if report.basis.kind == "none":
        return report.basis.line(lang)
    return _l(
        lang,
        f"已支付 {t['paid_wan']:g}/{t['budget_wan']:g} 万元（{t['share_pct']}%），{t['verdict_zh']} 90% 规则；"
        f"闲置资产 {len(idle)} 件，价值 {value:g} 万元；资金闲置站点 {len(report.idle_funds)} 个",
        f"{t['paid_wan']:g} of {t['budget_wan']:g} (10,000 yuan) paid ({t['share_pct']} %): 90 % rule {t['verdict_en']}; "
        f"{len(idle)} idle assets worth {value:g}; {len(report.idle_funds)} sites with idle funds",
    )


def _actual(r: dict, lang: str) -> str:
    """The actual as the API words it, except amounts in yuan shown in 万元 beside a 万元 target (zh)."""
    text = r[f"actual_{lang}"]
    if lang == "zh" and r["key"] in WAN_YUAN_KEYS and r["actual"] is not None:
        tail = text[text.index("（") :] if "（" in text else ""
        return f"{r['actual'] / 10000:,.1f} 万元{tail}"
    return text


@dataclass(frozen=True)
class Actions:
    """What needs action, for the closing slide: each a heading and its lines."""

    uncovered: tuple[str, list[str]]
    overdue: tuple[str, list[str]]
    targets: tuple[str, list[str]]


def actions(
    conn: Connection,
    lang: str = "zh",
    status_props: list[dict] | None = None,
    report: CoverageReport | None = None,
    *,
    settings: Settings,
) -> Actions:
    """Uncovered poverty-alleviated villages by name (and why), overdue stations by reason (the
    longest unvisited named), targets not met: the same figures as the slides before, under the
    coverage and inspection rules of ``settings``."""
    from geo.vocab import COVERAGE_REASON

    rule = CoverageRule.from_settings(settings)
    report = report or compute_coverage(conn, rule)
    gaps = _gaps(report)
    sep = word(COLON, lang)
    villages = []
    for g in gaps:
        why = COVERAGE_REASON.word(g["gap_reason"], lang) if g.get("gap_reason") else ""
        dist = f" {g['distance_m'] / 1000:.1f} km" if g.get("distance_m") is not None else ""
        place = _l(
            lang, f"{g['name']}（{g.get('township_name') or ''}）", f"{g['name']} ({g.get('township_name') or ''})"
        )
        villages.append(f"{place}{dist}" + (f" · {why}" if why else ""))
    props = (
        status_props
        if status_props is not None
        else [f["properties"] for f in registry.get("inspection_status").for_settings(settings).features(conn)]
    )
    counts = overdue_counts(props)
    overdue = [f"{OVERDUE_REASON.word(code, lang)}{sep}{counts[code]}" for code in REASON_ORDER if counts[code]]
    late = sorted(
        (p for p in props if p.get("overdue") and p.get("days_since") is not None), key=lambda p: -p["days_since"]
    )[:5]
    if late:
        overdue.append(
            _l(lang, "最久未检：", "Longest unvisited: ")
            + word(LIST_SEP, lang).join(
                _l(lang, f"{p['name']}（{p['days_since']} 天）", f"{p['name']} ({p['days_since']} days)") for p in late
            )
        )
    rows = performance_table(conn, rule)
    failed = [
        _l(
            lang,
            f"{r['indicator_zh']}：实际 {_actual(r, 'zh')}，目标 {r['target_zh']}",
            f"{r['indicator_en']}: {r['actual_en']} against {r['target_en']}",
        )
        for r in rows
        if r["met"] is False
    ]
    missing = [r[f"indicator_{lang}"] for r in rows if r["source"] == MISSING]
    if missing:
        failed.append(_l(lang, "无数据待填报：", "No data yet: ") + word(LIST_SEP, lang).join(missing))
    return Actions(
        (
            _l(lang, f"未覆盖的脱贫村（{len(gaps)} 个）", f"Poverty-alleviated villages not covered ({len(gaps)})"),
            villages,
        ),
        (
            _l(
                lang,
                f"逾期未检的站点（{counts['overdue']} 个，一站可多项）",
                f"Stations overdue ({counts['overdue']}; a site may have several reasons)",
            ),
            overdue,
        ),
        (
            _l(
                lang,
                f"未达成的绩效目标（{sum(r['met'] is False for r in rows)} 项）",
                f"Targets not met ({sum(r['met'] is False for r in rows)})",
            ),
            failed,
        ),
    )


def coverage_line(report: CoverageReport, lang: str = "zh", shown: int = 4) -> str:
    """'35 个脱贫村中 N 个已覆盖；未覆盖：…' from the coverage report."""
    t = report.totals
    names = [g["name"] for g in _gaps(report)]
    listed = word(LIST_SEP, lang).join(names[:shown]) + (_l(lang, " 等", " …") if len(names) > shown else "")
    return _l(
        lang,
        f"{t['villages']} 个脱贫村中 {t['covered']} 个已覆盖"
        + (f"；未覆盖 {len(names)} 个：{listed}" if names else ""),
        f"{t['covered']} of {t['villages']} poverty-alleviated villages covered"
        + (f"; not covered ({len(names)}): {listed}" if names else ""),
    )


def takeaway(conn: Connection, spec: MapSpec, lang: str = "zh", *, settings: Settings) -> str:
    """One line computed from the map's own layers (as ``settings`` define them): counts, operating
    share, covered poverty villages."""
    if "funds" in spec.layers:  # the funds map: the disbursement and idle assets, as /indicators/funds
        return fund_line(fund_report(conn), lang) + word(FULL_STOP, lang)
    parts = []
    for name in reversed(spec.layers):  # top layer first: the sites before the villages under them
        layer = registry.get(name).for_settings(settings)
        if layer.geometry_type != "Point":
            continue
        if name in COVERAGE_LINE_LAYERS:
            parts.append(coverage_line(compute_coverage(conn, CoverageRule.from_settings(settings)), lang))
            continue
        props = [f["properties"] for f in layer.features(conn)]
        if "overdue" in layer.filters:  # the inspections map: how many are overdue, and why
            parts.append(overdue_line(props, lang))
        elif "status" in layer.filters:
            operating = sum(1 for p in props if p.get("status") == "operating")
            parts.append(
                _l(
                    lang,
                    f"共 {len(props)} 个{layer.title_zh}，其中运营中 {operating} 个",
                    f"{len(props)} {layer.title_en.lower()}, {operating} operating",
                )
            )
        elif "counting" in layer.filters:  # the coverage map's sites: which count under the rule
            counted = sum(1 for p in props if p.get("counting") == "counted")
            parts.append(
                _l(
                    lang,
                    f"服务站点 {len(props)} 个，其中计入覆盖 {counted} 个",
                    f"{len(props)} service sites, {counted} counted for coverage",
                )
            )
        else:
            parts.append(_l(lang, f"{layer.title_zh} {len(props)} 个", f"{len(props)} {layer.title_en.lower()}"))
    return word(SEMICOLON, lang).join(parts) + word(FULL_STOP, lang)


def overdue_line(props: list[dict], lang: str = "zh") -> str:
    """'督查对象 N 个，逾期 M 个：从未督查 a、超期未检 b …' from the status layer's features
    (the rules engine's ``overdue`` / ``overdue_reasons``, as ``/inspections/status``)."""
    counts = overdue_counts(props)
    reasons = [(OVERDUE_REASON.word(code, lang), counts[code]) for code in REASON_ORDER if counts[code]]
    listed = word(LIST_SEP, lang).join(f"{w} {n}" for w, n in reasons)
    return _l(
        lang,
        f"督查对象 {len(props)} 个，逾期 {counts['overdue']} 个"
        + (f"（{listed}；一站可有多项原因）" if listed else ""),
        f"{len(props)} sites under inspection, {counts['overdue']} overdue"
        + (f" ({listed}; a site may have several reasons)" if listed else ""),
    )
