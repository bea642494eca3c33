"""Inspection routes: plan one, read it back as JSON, GPX or a printable itinerary."""

from __future__ import annotations

import datetime as dt

from fastapi import APIRouter, Query
from fastapi.responses import HTMLResponse, JSONResponse, Response
from pydantic import BaseModel, Field

from api.dependencies import ConnectionDep, DatabaseUrl, Lang, SettingsDep
from geo.analysis import routes
from geo.io.gpx import route_gpx
from geo.store.database import get_engine
from maps.itinerary import itinerary_page

router = APIRouter(tags=["routes"])


class StartIn(BaseModel):
    site_id: int | None = None
    lon: float | None = None
    lat: float | None = None


class PlanIn(BaseModel):
    site_ids: list[int] = Field(default_factory=list, description="sites to visit; or give a rule")
    rule: str | None = Field(default=None, description="overdue | overdue_any | flagged | overdue_or_flagged")
    township: str | None = Field(default=None, description="乡镇名称或代码, e.g. 遮放镇")
    start: StartIn | None = Field(default=None, description="default: the bureau (settings)")
    date: dt.date | None = None
    days: int = 1
    teams: int = 1
    day_start: str | None = Field(default=None, description="HH:MM, default 08:30")
    day_end: str | None = Field(default=None, description="HH:MM, default 17:30")
    visit_minutes: int | None = Field(default=None, ge=0, le=480)
    windows: dict[int, tuple[str, str]] = Field(default_factory=dict, description='{"site id": ["09:00", "11:00"]}')
    use_roads: bool = True
    as_of: dt.date | None = None


@router.post("/routes/plan", status_code=201)
def plan_route(body: PlanIn, url: DatabaseUrl, settings: SettingsDep) -> JSONResponse:
    """规划督查路线 / plan an inspection route within the working day(s)."""
    start = body.start or StartIn()
    req = routes.PlanRequest(
        site_ids=tuple(body.site_ids), rule=body.rule, township=body.township, start_site_id=start.site_id,
        start_lon=start.lon, start_lat=start.lat, date=body.date, days=body.days, teams=body.teams,
        day_start=body.day_start, day_end=body.day_end, visit_minutes=body.visit_minutes,
        windows=dict(body.windows), use_roads=body.use_roads, as_of=body.as_of,
    )
    with get_engine(url).begin() as conn:
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


@router.get("/routes/{route_id}.gpx")
def route_as_gpx(route_id: int, conn: ConnectionDep) -> Response:
    """GPX 1.1 for phone navigation apps."""
    return Response(route_gpx(routes.get(conn, route_id)), media_type="application/gpx+xml",
                    headers={"Content-Disposition": f'attachment; filename="route-{route_id}.gpx"'})


@router.get("/routes/{route_id}/print", response_class=HTMLResponse)
def route_print(route_id: int, conn: ConnectionDep, lang: Lang = "zh") -> HTMLResponse:
    """可打印的督查行程单 / printable itinerary."""
    return HTMLResponse(itinerary_page(routes.get(conn, route_id), lang))


@router.get("/routes/{route_id}")
def get_route(route_id: int, conn: ConnectionDep) -> JSONResponse:
    return JSONResponse(routes.get(conn, route_id))
