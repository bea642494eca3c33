"""What the briefing deck says in words and tables, as plain data (headers + rows).

The figures come from the same analysis the API serves: the coverage table and the
coverage takeaway from :func:`geo.analysis.coverage_report.compute_coverage` (as
``GET /indicators/coverage``), the target table from
:func:`geo.analysis.indicators.performance_table` (as ``GET /indicators``), both under
the coverage rule in the settings. The deck computes nothing of its own.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from sqlalchemy import Connection

from geo.analysis.coverage import CoverageRule
from geo.analysis.coverage_report import CoverageReport, compute_coverage
from geo.analysis.coverage_tables import TOTAL, TOWNSHIP_HEADERS, notes
from geo.analysis.indicators import MISSING, performance_table
from geo.analysis.inspection_status import REASON_ORDER, overdue_counts
from geo.vocab import OVERDUE_REASON
from geo.store.settings import get_settings
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


def coverage_rule() -> CoverageRule:
    """The rule in force: the one ``GET /indicators/coverage`` applies without parameters."""
    return CoverageRule.from_settings(get_settings())


def _gaps(report: CoverageReport) -> list[dict]:
    """Villages not covered: no site in reach, then those with no known position."""
    return [*report.uncovered, *report.no_position]


def coverage_table(conn: Connection, lang: str = "zh", report: CoverageReport | None = None) -> Table:
    """The township table of the coverage report (as its CSV/XLSX), plus the names of the villages left out."""
    report = report or compute_coverage(conn, coverage_rule())
    i = 0 if lang == "zh" else 1
    keys = [k for k in TOWNSHIP_HEADERS if k != "code"]  # the slide names the township; the code adds nothing
    missing: dict[str, list[str]] = defaultdict(list)
    for g in _gaps(report):
        missing[g["township_code"]].append(g["name"])
    sep = "、" if lang == "zh" else ", "
    rows = [(*(_cell(k, town[k]) for k in keys), sep.join(missing.get(town["code"], [])) or "—")
            for town in report.townships]
    rows.append((TOTAL[i], *(_cell(k, report.totals[k]) for k in keys[1:]), str(len(_gaps(report)))))
    return Table(
        _l(lang, "脱贫村电商服务覆盖（按乡镇）", "E-commerce service in poverty-alleviated villages, by township"),
        (*(TOWNSHIP_HEADERS[k][i] for k in keys), _l(lang, "未覆盖的脱贫村", "Not covered")),
        rows,
        notes(report, lang)[-1],  # "覆盖规则：…", the rule's own text
        report.demo,
    )


def _cell(key: str, value: object) -> object:
    if value is None:  # a share with no poverty-alleviated village to divide by
        return "—"
    return f"{float(value):.1f}" if key == "share_pct" else value


def target_table(conn: Connection, lang: str = "zh") -> Table:
    """The thirteen performance targets exactly as ``GET /indicators`` lists them."""
    rows = performance_table(conn, coverage_rule())
    verdicts = {True: _l(lang, "达成", "met"), False: _l(lang, "未达成", "not met"), None: _l(lang, "无法判断", "unknown")}
    out = [(r[f"indicator_{lang}"], r[f"target_{lang}"], r[f"actual_{lang}"], r[f"source_{lang}"], verdicts[r["met"]])
           for r in rows]
    missing = sum(r["source"] == MISSING for r in rows)
    return Table(
        _l(lang, "绩效目标完成情况", "Performance targets"),
        (_l(lang, "指标", "Indicator"), _l(lang, "目标", "Target"), _l(lang, "实际", "Actual"),
         _l(lang, "实际值来源", "Source of actual"), _l(lang, "结论", "Verdict")),
        out,
        _l(lang, f"与 /indicators 一致：能由数据计算的由数据计算，其余为人工填报；{missing} 项无数据，请填报。",
           f"As /indicators: computed from the data where it can be, otherwise entered by staff; "
           f"{missing} without data, please enter them."),
        any(r["demo"] for r in rows),
    )


def coverage_line(report: CoverageReport, lang: str = "zh", shown: int = 4) -> str:
    """'35 个脱贫村中 N 个已覆盖；未覆盖：…' from the coverage report."""
    t = report.totals
    names = [g["name"] for g in _gaps(report)]
    listed = ("、" if lang == "zh" else ", ").join(names[:shown]) + (_l(lang, " 等", " …") if len(names) > shown else "")
    if lang == "zh":
        return f"{t['villages']} 个脱贫村中 {t['covered']} 个已覆盖" + (f"；未覆盖 {len(names)} 个：{listed}" if names else "")
    return f"{t['covered']} of {t['villages']} poverty-alleviated villages covered" + (
        f"; not covered ({len(names)}): {listed}" if names else "")


def takeaway(conn: Connection, spec: MapSpec, lang: str = "zh") -> str:
    """One line computed from the map's own layers: counts, operating share, covered poverty villages."""
    parts = []
    for name in reversed(spec.layers):  # top layer first: the sites before the villages under them
        layer = registry.get(name)
        if layer.geometry_type != "Point":
            continue
        if name in COVERAGE_LINE_LAYERS:
            parts.append(coverage_line(compute_coverage(conn, coverage_rule()), lang))
            continue
        props = [f["properties"] for f in layer.features(conn)]
        if "overdue" in layer.filters:  # the inspections map: how many are overdue, and why
            parts.append(overdue_line(props, lang))
        elif "status" in layer.filters:
            operating = sum(1 for p in props if p.get("status") == "operating")
            parts.append(_l(lang, f"共 {len(props)} 个{layer.title_zh}，其中运营中 {operating} 个",
                            f"{len(props)} {layer.title_en.lower()}, {operating} operating"))
        elif "counting" in layer.filters:  # the coverage map's sites: which count under the rule
            counted = sum(1 for p in props if p.get("counting") == "counted")
            parts.append(_l(lang, f"服务站点 {len(props)} 个，其中计入覆盖 {counted} 个",
                            f"{len(props)} service sites, {counted} counted for coverage"))
        else:
            parts.append(_l(lang, f"{layer.title_zh} {len(props)} 个", f"{len(props)} {layer.title_en.lower()}"))
    return ("；" if lang == "zh" else "; ").join(parts) + ("。" if lang == "zh" else ".")


def overdue_line(props: list[dict], lang: str = "zh") -> str:
    """'督查对象 N 个，逾期 M 个：从未督查 a、超期未检 b …' from the status layer's features
    (the rules engine's ``overdue`` / ``overdue_reasons``, as ``/inspections/status``)."""
    counts = overdue_counts(props)
    reasons = [(OVERDUE_REASON.word(code, lang), counts[code]) for code in REASON_ORDER if counts[code]]
    if lang == "zh":
        listed = "、".join(f"{w} {n}" for w, n in reasons)
        return f"督查对象 {len(props)} 个，逾期 {counts['overdue']} 个" + (f"（{listed}；一站可有多项原因）" if listed else "")
    listed = ", ".join(f"{w} {n}" for w, n in reasons)
    return f"{len(props)} sites under inspection, {counts['overdue']} overdue" + (
        f" ({listed}; a site may have several reasons)" if listed else "")
