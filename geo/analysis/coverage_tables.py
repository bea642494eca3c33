"""The coverage report as tables with Chinese (default) or English headers, for CSV/XLSX."""

from __future__ import annotations

import pandas as pd

from geo.analysis.coverage_report import CoverageReport
from geo.vocab import COVERAGE_REASON, word

DEMO_NOTE = ("演示数据：位置与数字为生成数据，非真实。", "DEMO DATA: positions and figures are generated, not real.")

TOWNSHIP_HEADERS = {
    "code": ("乡镇代码", "township_code"),
    "name": ("乡镇", "township"),
    "villages": ("脱贫村数", "poverty_villages"),
    "covered": ("已覆盖", "covered"),
    "uncovered": ("未覆盖", "uncovered"),
    "no_position": ("位置不明", "no_position"),
    "share_pct": ("覆盖率(%)", "covered_share_pct"),
    "poverty_households": ("脱贫户数", "poverty_households"),
    "poverty_households_covered": ("已覆盖村脱贫户数", "poverty_households_covered"),
}
GAP_HEADERS = {
    "code": ("村代码", "village_code"),
    "name": ("脱贫村", "village"),
    "township_name": ("乡镇", "township"),
    "poverty_households": ("脱贫户数", "poverty_households"),
    "nearest_site_name": ("最近的运营站点", "nearest_operating_site"),
    "distance_m": ("距离(米)", "distance_m"),
    "gap_reason": ("未覆盖原因", "why_not_covered"),
}
NO_POSITION_HEADERS = {
    "code": ("村代码", "village_code"),
    "name": ("脱贫村", "village"),
    "township_name": ("乡镇", "township"),
    "poverty_households": ("脱贫户数", "poverty_households"),
}
SHEETS = {
    "townships": ("乡镇覆盖", "Townships"),
    "uncovered": ("未覆盖脱贫村", "Uncovered villages"),
    "no_position": ("位置不明的脱贫村", "Villages without position"),
}
TOTAL = ("合计", "Total")


def _frame(rows: list[dict], headers: dict, lang: str) -> pd.DataFrame:
    return pd.DataFrame([[r.get(k) for k in headers] for r in rows], columns=[word(h, lang) for h in headers.values()])


def township_table(report: CoverageReport, lang: str = "zh") -> pd.DataFrame:
    """One row per township and a last row with the county total."""
    total = {
        "code": "",
        "name": word(TOTAL, lang),
        **{
            k: report.totals[k]
            for k in (
                "villages",
                "covered",
                "uncovered",
                "no_position",
                "share_pct",
                "poverty_households",
                "poverty_households_covered",
            )
        },
    }
    return _frame([*report.townships, total], TOWNSHIP_HEADERS, lang)


def tables(report: CoverageReport, lang: str = "zh") -> dict[str, pd.DataFrame]:
    return {
        "townships": township_table(report, lang),
        "uncovered": _frame(
            [{**g, "gap_reason": COVERAGE_REASON.word(g["gap_reason"], lang)} for g in report.uncovered],
            GAP_HEADERS,
            lang,
        ),
        "no_position": _frame(report.no_position, NO_POSITION_HEADERS, lang),
    }


def notes(report: CoverageReport, lang: str = "zh") -> list[str]:
    rule = word(("覆盖规则：", "Coverage rule: "), lang) + report.rule.text(lang, report.srid)
    return ([word(DEMO_NOTE, lang)] if report.demo else []) + [rule]


def sheet_name(key: str, lang: str) -> str:
    return word(SHEETS[key], lang)
