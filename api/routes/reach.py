"""Logistics reach per village (JSON, CSV, XLSX) and where a new station would help most."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query
from fastapi.responses import Response

from api.dependencies import ConnectionDep, IdentityDep, Lang, SettingsDep
from geo.analysis.coverage import CoverageRule
from geo.analysis.reach import ReachParams, compute_reach
from geo.analysis.reach_tables import reach_frame, reach_notes
from geo.analysis.service_areas import AreaParams, service_areas
from geo.analysis.suggestions import suggest
from geo.io.export import csv_bytes, xlsx_bytes
from geo.privacy import hidden_fields, scrub
from geo.vocab import DEFAULT_METRIC_EPSG
from maps.i18n import choose

router = APIRouter(tags=["logistics"])
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
UseRoads = Annotated[bool, Query(description="用路网（如已导入）/ use the road network when loaded")]


def _report(conn, settings, use_roads: bool):  # noqa: ANN001, ANN202
    params = ReachParams.from_settings(settings)
    if not use_roads:
        params = ReachParams(params.snap_m, params.access_speed_kmh, params.circuity, params.speed_kmh, use_roads=False)
    return compute_reach(conn, params, CoverageRule.from_settings(settings))


# The per-village rows carry the villages layer's fields: its privacy rules apply (household counts).
VILLAGE_ROWS = "villages"


def _download(content: bytes, media: str, filename: str) -> Response:
    return Response(content, media_type=media, headers={"Content-Disposition": f'attachment; filename="{filename}"'})


@router.get("/reach")
def reach(conn: ConnectionDep, settings: SettingsDep, who: IdentityDep, use_roads: UseRoads = True) -> dict:
    """每村物流可达性 / Per-village reach: distance and time to the nearest operating station and the hub, with the method.
    A village's household counts only for officials and above (as in the villages layer)."""
    report = _report(conn, settings, use_roads)
    body = {**report.as_dict(), "demo_note": "演示数据 / DEMO DATA" if report.demo else None}
    return scrub(body, who.role, VILLAGE_ROWS)


@router.get("/reach.csv", response_class=Response, responses={200: {"content": {"text/csv": {}}}})
def reach_csv(
    conn: ConnectionDep, settings: SettingsDep, who: IdentityDep, lang: Lang = "zh", use_roads: UseRoads = True
) -> Response:
    """每村物流可达性 CSV（UTF-8 BOM）/ Reach per village as CSV; the method and demo note as leading ``#`` lines."""
    report = _report(conn, settings, use_roads)
    return _download(
        csv_bytes(reach_frame(report, lang, hidden_fields(who.role, VILLAGE_ROWS)), reach_notes(report, lang)),
        "text/csv; charset=utf-8",
        "reach.csv",
    )


@router.get("/reach.xlsx", response_class=Response, responses={200: {"content": {XLSX: {}}}})
def reach_xlsx(
    conn: ConnectionDep, settings: SettingsDep, who: IdentityDep, lang: Lang = "zh", use_roads: UseRoads = True
) -> Response:
    """每村物流可达性 XLSX / Reach per village as a workbook (first sheet: method and notes)."""
    report = _report(conn, settings, use_roads)
    sheet = choose("物流可达性", "Reach", lang)
    frame = reach_frame(report, lang, hidden_fields(who.role, VILLAGE_ROWS))
    content = xlsx_bytes({sheet: frame}, reach_notes(report, lang), lang=lang)
    return _download(content, XLSX, "reach.xlsx")


@router.get("/reach/service-areas")
def areas(conn: ConnectionDep, settings: SettingsDep, use_roads: UseRoads = True) -> dict:
    """服务范围 / Service areas of the hub and each township station by time band, and the villages outside every band."""
    params = ReachParams.from_settings(settings)
    if not use_roads:
        params = ReachParams(params.snap_m, params.access_speed_kmh, params.circuity, params.speed_kmh, use_roads=False)
    out = service_areas(conn, params, AreaParams.from_settings(settings))
    return {
        **out,
        "method_text_zh": params.method_text(out["method"], "zh"),
        "method_text_en": params.method_text(out["method"], "en"),
    }


@router.get("/reach/suggestions")
def suggestions(
    conn: ConnectionDep,
    settings: SettingsDep,
    who: IdentityDep,
    k: Annotated[int, Query(ge=1, le=50, description="建议站点个数 / how many sites to suggest")] = 5,
) -> dict:
    """新站点建议（仅供参考）/ Where a new village station would bring most poverty-alleviated households within the rule (a suggestion)."""
    rule = CoverageRule.from_settings(settings)
    out = suggest(conn, rule, ReachParams.from_settings(settings), k)
    body = {
        **out,
        "suggestion_note": "建议，非决定 / recommended, not decided",
        "rule": rule.as_dict(settings.metric_srid or DEFAULT_METRIC_EPSG),
    }
    return scrub(body, who.role, "station_suggestions")
