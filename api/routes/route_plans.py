"""Inspection routes: plan one, read it back as JSON, GPX or a printable itinerary."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Query
from fastapi.responses import HTMLResponse, JSONResponse, Response
from pydantic import BaseModel, ConfigDict, Field, model_validator

from api.dependencies import ConnectionDep, Lang, SettingsDep, WriteConnectionDep
from api.schemas import CLOCK, TEXT, Bool, Int, IsoDate, Number, OptInt
from geo.analysis import routes
from geo.analysis.route_sites import RULES
from geo.io.gpx import route_gpx
from maps.itinerary import itinerary_page

router = APIRouter(tags=["routes"])


SiteId = Annotated[int, Field(ge=1, le=2**31 - 1)]
Clock = Annotated[str, Field(pattern=CLOCK)]
MORNING = r"^(0[0-9]|1[01]):[0-5][0-9]$"
AFTERNOON = r"^(1[2-9]|2[0-3]):[0-5][0-9]$"


class StartIn(BaseModel):
    site_id: SiteId | None = None
    lon: Number | None = Field(default=None, ge=-180, le=180)
    lat: Number | None = Field(default=None, ge=-90, le=90)


class PlanIn(BaseModel):
    """Either ``site_ids`` (non-empty) or a ``rule``, not both and not neither."""

    # What the validator below checks, said in the schema.
    model_config = ConfigDict(
        json_schema_extra={
            "oneOf": [
                {"required": ["site_ids"], "properties": {"site_ids": {"minItems": 1}, "rule": {"type": "null"}}},
                {"required": ["rule"], "properties": {"site_ids": {"maxItems": 0}, "rule": {"type": "string"}}},
            ]
        }
    )

    site_ids: list[SiteId] = Field(default_factory=list, max_length=200, description="sites to visit; or give a rule")
    rule: Literal[tuple(RULES)] | None = Field(  # type: ignore[valid-type]
        default=None, description="overdue | overdue_any | flagged | overdue_or_flagged"
    )
    township: str | None = Field(default=None, max_length=100, pattern=TEXT, description="乡镇名称或代码, e.g. 遮放镇")
    start: StartIn | None = Field(default=None, description="default: the bureau (settings)")
    date: IsoDate | None = None
    days: Int = Field(default=1, ge=1, le=10)
    teams: Int = Field(default=1, ge=1, le=10)
    # The day must end after it starts; a schema cannot compare two fields, so the start is
    # a morning time and the end from noon on (the check in geo.analysis.routes stays).
    day_start: str | None = Field(default=None, pattern=MORNING, description="HH:MM before 12:00, default 08:30")
    day_end: str | None = Field(default=None, pattern=AFTERNOON, description="HH:MM from 12:00, default 17:30")
    visit_minutes: OptInt = Field(default=None, ge=0, le=480)
    windows: dict[SiteId, tuple[Clock, Clock]] = Field(
        default_factory=dict,
        json_schema_extra={"propertyNames": {"pattern": r"^[1-9][0-9]{0,8}$"}},
        description='{"site id": ["09:00", "11:00"]}: sites on this route, each window ending after it starts',
    )
    use_roads: Bool = True
    as_of: IsoDate | None = None

    @model_validator(mode="after")
    def _one_source(self) -> PlanIn:
        if bool(self.site_ids) == bool(self.rule):
            raise ValueError(
                "请给出站点列表 site_ids 或规则 rule（二选一）/ give either site_ids or a rule, not both or neither"
            )
        return self


@router.post("/routes/plan", status_code=201)
def plan_route(body: PlanIn, conn: WriteConnectionDep, settings: SettingsDep) -> JSONResponse:
    """规划督查路线 / plan an inspection route within the working day(s)."""
    start = body.start or StartIn()
    req = routes.PlanRequest(
        site_ids=tuple(body.site_ids),
        rule=body.rule,
        township=body.township,
        start_site_id=start.site_id,
        start_lon=start.lon,
        start_lat=start.lat,
        date=body.date,
        days=body.days,
        teams=body.teams,
        day_start=body.day_start,
        day_end=body.day_end,
        visit_minutes=body.visit_minutes,
        windows=dict(body.windows),
        use_roads=body.use_roads,
        as_of=body.as_of,
    )
    route = routes.plan(conn, settings, req)
    return JSONResponse(route, status_code=201)


@router.get("/routes")
def recent_routes(conn: ConnectionDep, limit: int = Query(50, ge=1, le=500)) -> JSONResponse:
    """最近规划的路线 / the latest planned routes."""
    rows = routes.list_routes(conn, limit)
    body = {"routes": rows, "count": len(rows)}
    if any(r["source"] == "demo" for r in rows):
        body["notice"] = "含演示数据 / contains DEMO DATA"
    return JSONResponse(body)


@router.get(
    "/routes/{route_id}.gpx", response_class=Response, responses={200: {"content": {"application/gpx+xml": {}}}}
)
def route_as_gpx(route_id: int, conn: ConnectionDep) -> Response:
    """GPX 1.1 for phone navigation apps."""
    return Response(
        route_gpx(routes.get(conn, route_id)),
        media_type="application/gpx+xml",
        headers={"Content-Disposition": f'attachment; filename="route-{route_id}.gpx"'},
    )


@router.get("/routes/{route_id}/print", response_class=HTMLResponse)
def route_print(route_id: int, conn: ConnectionDep, lang: Lang = "zh") -> HTMLResponse:
    """可打印的督查行程单 / printable itinerary."""
    return HTMLResponse(itinerary_page(routes.get(conn, route_id), lang))


@router.get("/routes/{route_id}")
def get_route(route_id: int, conn: ConnectionDep) -> JSONResponse:
    return JSONResponse(routes.get(conn, route_id))
