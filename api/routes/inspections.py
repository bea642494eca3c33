"""Inspection records: list, create, read, update (409 on a stale version), the mobile form."""

from __future__ import annotations

from typing import Literal

from fastapi import APIRouter, Query
from fastapi.responses import HTMLResponse, JSONResponse
from pydantic import BaseModel, ConfigDict, Field, model_validator

from api.dependencies import ConnectionDep, IdentityDep, Lang, SettingsDep, WriteConnectionDep
from api.schemas import PLAIN, TEXT, Bool, Int, IsoDate, IsoDateTime, Number, omitted
from geo.analysis import inspection_status as status
from geo.analysis import inspections
from geo.analysis.inspection_status import StatusRules
from geo.errors import NotFound
from geo.privacy import hides_row
from maps.inspection_form import form_page

router = APIRouter(tags=["inspections"])
DEMO_NOTICE = "含演示数据（站点与记录为生成数据，非真实）/ contains DEMO DATA (generated sites and records, not real)"


class AssetFound(BaseModel):
    """An asset of the inspected site (资产管理台账) and what the inspector found it to be."""

    asset_id: Int
    status: Literal["in_use", "idle"] = Field(description="在用 in_use / 闲置 idle")
    note: str | None = Field(default=None, max_length=500)


class InspectionIn(BaseModel):
    """The phone's position is both ``lon`` and ``lat``, or neither."""

    # What the validator below checks, said in the schema.
    model_config = ConfigDict(
        json_schema_extra={
            "anyOf": [
                {"required": ["lon", "lat"], "properties": {"lon": {"type": "number"}, "lat": {"type": "number"}}},
                {"properties": {"lon": {"type": "null"}, "lat": {"type": "null"}}},
            ]
        }
    )

    site_id: Int
    mode: Literal["announced", "unannounced"] = Field(description="明察 announced / 暗访 unannounced")
    inspector: str = Field(min_length=1, max_length=200, pattern=TEXT, description="督查人或督查组")
    outcome: Literal["normal", "needs_rectification", "rectified", "closed"]
    visited_at: IsoDateTime | None = Field(default=None, description="ISO 8601 with time zone; default now")
    findings: str | None = Field(default=None, max_length=10_000, pattern=PLAIN)
    stalled: Bool = False
    idle_funds: Bool = False
    idle_assets: Bool = False
    lon: Number | None = Field(default=None, ge=-180, le=180, description="phone GPS longitude, WGS 84")
    lat: Number | None = Field(default=None, ge=-90, le=90, description="phone GPS latitude, WGS 84")
    gps_accuracy_m: Number | None = Field(default=None, ge=0)
    assets: list[AssetFound] = Field(
        default_factory=list,
        max_length=500,
        description="资产核查：本站点的资产及其状态 / assets of the site found in use or idle",
    )

    @model_validator(mode="after")
    def _whole_position(self) -> InspectionIn:
        if (self.lon is None) != (self.lat is None):
            raise ValueError("定位需同时给出经度和纬度 / give both lon and lat, or neither")
        return self


class InspectionPatch(BaseModel):
    """Send only the fields to change; null clears ``findings`` only (the others cannot be empty)."""

    version: Int = Field(description="the version you read; a stale version gets 409 with the current record")
    visited_at: IsoDateTime = omitted(description="ISO 8601 with time zone")
    mode: Literal["announced", "unannounced"] = omitted()
    inspector: str = omitted(min_length=1, max_length=200, pattern=TEXT)
    outcome: Literal["normal", "needs_rectification", "rectified", "closed"] = omitted()
    findings: str | None = Field(default=None, max_length=10_000, pattern=PLAIN)
    stalled: Bool = omitted()
    idle_funds: Bool = omitted()
    idle_assets: Bool = omitted()
    assets: list[AssetFound] = omitted(description="replaces the asset findings of the record")


@router.get("/inspections")
def list_inspections(
    conn: ConnectionDep,
    settings: SettingsDep,
    site_id: int | None = None,
    township_code: str | None = Query(None, max_length=60, pattern=PLAIN),
    limit: int = Query(100, ge=1, le=1000),
    offset: int = Query(0, ge=0, le=10_000_000),
) -> JSONResponse:
    """督查记录（最新在前）/ inspection records, newest first."""
    records = inspections.list_records(conn, settings.desk_distance_m, site_id, township_code, limit, offset)
    body = {"inspections": records, "count": len(records)}
    if any(r["source"] == "demo" for r in records):
        body["notice"] = DEMO_NOTICE
    return JSONResponse(body)


@router.post("/inspections", status_code=201)
def create_inspection(body: InspectionIn, conn: WriteConnectionDep, settings: SettingsDep) -> JSONResponse:
    values = body.model_dump()
    values["assets"] = tuple(values["assets"])
    record = inspections.create(
        conn,
        inspections.NewInspection(**values),
        settings.desk_distance_m,
        max_future_minutes=settings.clock_skew_minutes,
    )
    return JSONResponse(record, status_code=201)


@router.get("/inspections/new", response_class=HTMLResponse)
def inspection_form(
    conn: ConnectionDep, settings: SettingsDep, lang: Lang = "zh", site_id: int | None = None
) -> HTMLResponse:
    """手机督查记录表 / the mobile inspection form."""
    sites = inspections.form_sites(conn)
    return HTMLResponse(
        form_page(
            sites,
            lang,
            site_id,
            settings.photo_max_bytes,
            settings.desk_distance_m,
            demo=any(s["source"] == "demo" for s in sites),
        )
    )


@router.get("/inspections/status")
def inspection_status(
    conn: ConnectionDep,
    settings: SettingsDep,
    township: str | None = Query(
        None, max_length=60, pattern=PLAIN, description="乡镇名称或代码 / township name or code"
    ),
    as_of: IsoDate | None = None,
    overdue_only: bool = False,
) -> JSONResponse:
    """各站点督查状态：最近结果、距今天数、是否逾期及原因 / per-site status: latest outcome, days since, overdue and why."""
    rows = status.site_status(conn, StatusRules.from_settings(settings), as_of, township, overdue_only)
    body = {
        "rules": {
            "interval_days": settings.inspection_interval_days,
            "unannounced_days": settings.unannounced_interval_days,
            "kinds": list(settings.inspected_kinds),
        },
        "sites": rows,
        "count": len(rows),
        "overdue_counts": status.overdue_counts(rows),
    }
    if any(r["source"] == "demo" for r in rows):
        body["notice"] = DEMO_NOTICE
    return JSONResponse(body)


@router.get("/inspections/{inspection_id}")
def get_inspection(inspection_id: int, conn: ConnectionDep, settings: SettingsDep, who: IdentityDep) -> JSONResponse:
    record = inspections.get(conn, inspection_id, settings.desk_distance_m)
    if hides_row(record, who.role):  # a planned 暗访 is the supervisors' business
        raise NotFound(f"没有编号为 {inspection_id} 的督查记录 / No inspection record {inspection_id}.")
    return JSONResponse(record)


@router.patch("/inspections/{inspection_id}")
def update_inspection(
    inspection_id: int, body: InspectionPatch, conn: WriteConnectionDep, settings: SettingsDep
) -> JSONResponse:
    """修改记录：须带上读取时的 version / change a record; send the version you read."""
    changes = body.model_dump(exclude_unset=True)
    version = changes.pop("version")
    record = inspections.update(
        conn,
        inspection_id,
        version,
        changes,
        settings.desk_distance_m,
        max_future_minutes=settings.clock_skew_minutes,
    )
    return JSONResponse(record)
