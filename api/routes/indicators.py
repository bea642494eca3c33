"""The performance-target table and the poverty-village coverage indicator (JSON, CSV, XLSX)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Any, Literal

from fastapi import APIRouter, Query
from fastapi.responses import Response
from pydantic import BaseModel, Field
from sqlalchemy import Connection

from api.dependencies import ConnectionDep, Lang, SettingsDep, WriteConnectionDep
from api.schemas import PLAIN, TEXT, Number
from geo.analysis.coverage import CoverageRule
from geo.analysis.coverage_report import CoverageReport, compute_coverage
from geo.analysis.coverage_tables import notes, sheet_name, tables
from geo.analysis.indicator_tables import performance_frame, performance_notes
from geo.analysis.indicators import performance_table
from geo.io.entries import record
from geo.io.export import csv_bytes, xlsx_bytes
from geo.store.settings import Settings
from geo.vocab import DEFAULT_METRIC_EPSG, INDICATOR_KEYS
from maps.i18n import choose

router = APIRouter(tags=["indicators"])

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CSV_OK: dict[int | str, dict[str, Any]] = {200: {"content": {"text/csv": {}}}}
XLSX_OK: dict[int | str, dict[str, Any]] = {200: {"content": {XLSX: {}}}}
Distance = Annotated[
    float | None,
    Query(
        gt=0, le=100_000, description="覆盖距离（米），默认取设置 / coverage distance in metres; default from settings"
    ),
]


def _rule(settings: Settings, distance_m: float | None) -> CoverageRule:
    rule = CoverageRule.from_settings(settings)
    return rule if distance_m is None else CoverageRule(distance_m, rule.site_kinds, rule.travel_time_min)


def _report(conn: Connection, settings: Settings, distance_m: float | None) -> CoverageReport:
    return compute_coverage(conn, _rule(settings, distance_m))


def _download(content: bytes, media: str, filename: str) -> Response:
    return Response(content, media_type=media, headers={"Content-Disposition": f'attachment; filename="{filename}"'})


@router.get("/indicators")
def indicators(conn: ConnectionDep, settings: SettingsDep, distance_m: Distance = None) -> dict:
    """绩效目标表 / The performance-target table: target, actual, source of the actual, met or not."""
    rule = _rule(settings, distance_m)
    rows = performance_table(conn, rule)
    return {
        "demo": any(r["demo"] for r in rows),
        "coverage_rule": rule.as_dict(settings.metric_srid or DEFAULT_METRIC_EPSG),
        "indicators": rows,
    }


@router.get("/indicators.csv", response_class=Response, responses=CSV_OK)
def indicators_csv(
    conn: ConnectionDep, settings: SettingsDep, lang: Lang = "zh", distance_m: Distance = None
) -> Response:
    """绩效目标表 CSV / The performance-target table as CSV."""
    rows = performance_table(conn, _rule(settings, distance_m))
    return _download(
        csv_bytes(performance_frame(rows, lang), performance_notes(rows, lang)),
        "text/csv; charset=utf-8",
        "indicators.csv",
    )


@router.get("/indicators.xlsx", response_class=Response, responses=XLSX_OK)
def indicators_xlsx(
    conn: ConnectionDep, settings: SettingsDep, lang: Lang = "zh", distance_m: Distance = None
) -> Response:
    """绩效目标表 XLSX / The performance-target table as a workbook."""
    rows = performance_table(conn, _rule(settings, distance_m))
    sheet = choose("绩效目标表", "Performance targets", lang)
    content = xlsx_bytes(
        {sheet: performance_frame(rows, lang)},
        performance_notes(rows, lang),
        lang=lang,
    )
    return _download(content, XLSX, "indicators.xlsx")


@router.get("/indicators/coverage")
def coverage(conn: ConnectionDep, settings: SettingsDep, distance_m: Distance = None) -> dict:
    """脱贫村覆盖 / Coverage of poverty-alleviated villages: rule, totals, townships, gaps."""
    report = _report(conn, settings, distance_m)
    return {**report.as_dict(), "demo_note": "演示数据 / DEMO DATA" if report.demo else None}


@router.get("/indicators/coverage.csv", response_class=Response, responses=CSV_OK)
def coverage_csv(
    conn: ConnectionDep,
    settings: SettingsDep,
    lang: Lang = "zh",
    distance_m: Distance = None,
    table: Literal["townships", "uncovered", "no_position"] = "townships",
) -> Response:
    """One table as CSV (UTF-8 with BOM); the rule and the demo note as leading ``#`` lines."""
    report = _report(conn, settings, distance_m)
    return _download(
        csv_bytes(tables(report, lang)[table], notes(report, lang)), "text/csv; charset=utf-8", f"coverage_{table}.csv"
    )


@router.get("/indicators/coverage.xlsx", response_class=Response, responses=XLSX_OK)
def coverage_xlsx(
    conn: ConnectionDep, settings: SettingsDep, lang: Lang = "zh", distance_m: Distance = None
) -> Response:
    """All tables as one workbook; a first sheet states the rule and, for demo data, says so."""
    report = _report(conn, settings, distance_m)
    sheets = {sheet_name(k, lang): frame for k, frame in tables(report, lang).items()}
    content = xlsx_bytes(sheets, notes(report, lang), lang=lang)
    return _download(content, XLSX, "coverage.xlsx")


if TYPE_CHECKING:
    IndicatorKey = str
else:  # an indicator key (geo.vocab.INDICATOR): pydantic checks and documents the choices
    IndicatorKey = Literal[INDICATOR_KEYS]


class EntryIn(BaseModel):
    indicator: IndicatorKey = Field(description="指标代码，如 complaints / indicator key, e.g. complaints")
    period: str = Field(min_length=1, max_length=20, pattern=TEXT, description="期间，如 2025 / period, e.g. 2025")
    value: Number
    entered_by: str = Field(min_length=1, max_length=100, pattern=TEXT)
    note: str | None = Field(default=None, max_length=2000, pattern=PLAIN)


@router.post("/indicators/entries", status_code=201)
def add_entry(entry: EntryIn, conn: WriteConnectionDep) -> dict:
    """人工填报指标值 / Enter an indicator value (one per indicator and period; re-entering replaces it)."""
    report = record(conn, "indicator_entry", entry.model_dump(), actor=entry.entered_by)
    return {"status": "saved", **entry.model_dump(), "inserted": report.inserted, "updated": report.updated}
