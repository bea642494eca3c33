"""Inspection route planning: sites → matrix → OR-Tools → a stored, timed itinerary.

``plan`` answers with ordered stops (arrival and departure times), the total distance and
driving time, and every site that did not fit with the reason. The plan is stored in
``route`` so the map (``route_path``/``route_stops`` layers), GPX and print pages read it back.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import Connection, text

from geo.analysis import route_matrix
from geo.analysis.route_sites import Place, sites_by_id, sites_by_rule, start_place
from geo.analysis.route_solver import Problem, Solution, default_time_limit, solve
from geo.errors import InvalidInput, NotFound
from geo.store.settings import Settings

LOCAL = ZoneInfo("Asia/Shanghai")


@dataclass(frozen=True)
class PlanRequest:
    site_ids: tuple[int, ...] = ()
    rule: str | None = None  # e.g. "overdue" with township "遮放镇"
    township: str | None = None
    start_site_id: int | None = None
    start_lon: float | None = None
    start_lat: float | None = None
    date: dt.date | None = None  # first day; default: today (Asia/Shanghai)
    days: int = 1
    teams: int = 1
    day_start: str | None = None  # "08:30"; default from settings
    day_end: str | None = None
    visit_minutes: int | None = None
    windows: dict[int, tuple[str, str]] = field(default_factory=dict)  # site id -> ("09:00", "11:30")
    use_roads: bool = True
    time_limit_s: float | None = None
    as_of: dt.date | None = None  # date the overdue rule counts to


def plan(conn: Connection, settings: Settings, req: PlanRequest) -> dict:
    """Plan, store and return a route (see the module docstring)."""
    if not 1 <= req.days <= 10 or not 1 <= req.teams <= 10:
        raise InvalidInput("天数和组数须在 1–10 之间 / days and teams must be between 1 and 10")
    if bool(req.site_ids) == bool(req.rule):
        raise InvalidInput(
            "请给出站点列表 site_ids 或规则 rule（二选一）/ give either site_ids or a rule, not both or neither"
        )
    sites = (
        sites_by_rule(conn, settings, req.rule, req.township, req.as_of)
        if req.rule
        else sites_by_id(conn, list(dict.fromkeys(req.site_ids)))
    )
    if not sites:
        # Nothing to visit is an empty result, not bad input: the rule and township were valid.
        raise NotFound(
            f"没有符合条件的站点（规则 {req.rule}，乡镇 {req.township or '全部'}）/ no site matches the rule"
        )
    start = start_place(conn, settings, req.start_site_id, req.start_lon, req.start_lat)
    day_start = _clock(req.day_start or settings.route_day_start)
    horizon = _clock(req.day_end or settings.route_day_end) - day_start
    if horizon <= 0:
        raise InvalidInput("收工时间须晚于出发时间 / the day must end after it starts")
    visit_s = 60 * (req.visit_minutes if req.visit_minutes is not None else settings.route_visit_minutes)
    unknown = set(req.windows) - {s.site_id for s in sites}
    if unknown:
        raise NotFound(
            f"时间窗中的站点不在路线中：{sorted(unknown)} / windows name sites not on the route: {sorted(unknown)}"
        )
    windows = (
        None,
        *(_window(req.windows.get(s.site_id) if s.site_id is not None else None, day_start, s) for s in sites),
    )

    speeds = route_matrix.Speeds(settings.route_circuity, settings.route_speed_kmh, settings.route_access_speed_kmh)
    points = [(start.lon, start.lat), *((s.lon, s.lat) for s in sites)]
    matrix = route_matrix.build(conn, points, speeds, use_roads=req.use_roads)
    # rule lists come most overdue first, explicit lists in the user's order: earlier = kept first
    priority = (0.0, *(1 - i / len(sites) for i in range(len(sites))))
    problem = Problem(
        matrix.distance_m,
        matrix.time_s,
        (0, *([visit_s] * len(sites))),
        horizon,
        windows,
        req.teams,
        req.days,
        priority,
    )
    limit = (
        req.time_limit_s
        if req.time_limit_s is not None
        else default_time_limit(len(sites), settings.route_solver_seconds)
    )
    solution = solve(problem, limit)

    first_day = req.date or dt.datetime.now(LOCAL).date()
    result = _assemble(start, sites, problem, solution, first_day, day_start, req)
    result["matrix_method"] = matrix.method
    lines = [
        _tour_line(conn, matrix, start, sites, tour_nodes)
        for tour_nodes in ([v.node for v in t.visits] for t in solution.tours)
        if tour_nodes
    ]
    result["id"] = _store(conn, req, result, lines, _source(start, sites))
    return get(conn, result["id"])


def get(conn: Connection, route_id: int) -> dict:
    row = (
        conn.execute(
            text(
                "SELECT id, created_at, request, tours, stops, unplaced, matrix_method, total_distance_m, total_drive_s, source, "
                "ST_AsGeoJSON(path, 6) AS path FROM route WHERE id = :id"
            ),
            {"id": route_id},
        )
        .mappings()
        .first()
    )
    if row is None:
        raise NotFound(f"没有编号为 {route_id} 的路线 / No route with id {route_id}")
    out = dict(row)
    out["created_at"] = out["created_at"].isoformat()
    out["path"] = json.loads(out["path"]) if out["path"] else None
    out["demo"] = out["source"] == "demo"
    return out


def list_routes(conn: Connection, limit: int = 50) -> list[dict]:
    """The latest plans, newest first: id, when, totals, how many stops and unplaced sites."""
    rows = conn.execute(
        text(
            "SELECT id, created_at, matrix_method, total_distance_m, total_drive_s, jsonb_array_length(stops) AS stops, "
            "jsonb_array_length(unplaced) AS unplaced, source FROM route ORDER BY id DESC LIMIT :n"
        ),
        {"n": limit},
    ).mappings()
    return [{**r, "created_at": r["created_at"].isoformat()} for r in rows]


def _assemble(
    start: Place,
    sites: list[Place],
    problem: Problem,
    solution: Solution,
    first_day: dt.date,
    day_start: int,
    req: PlanRequest,
) -> dict:
    def at(day: dt.date, seconds: int) -> str:
        return (dt.datetime.combine(day, dt.time(), LOCAL) + dt.timedelta(seconds=day_start + seconds)).isoformat()

    tours: list[dict[str, Any]] = []
    stops: list[dict[str, Any]] = []
    for k, tour in enumerate(t for t in solution.tours if t.visits):
        day = first_day + dt.timedelta(days=tour.day)
        previous = 0
        for order, visit in enumerate(tour.visits, start=1):
            site = sites[visit.node - 1]
            stops.append(
                {
                    "tour": k,
                    "team": tour.team + 1,
                    "day": tour.day + 1,
                    "date": day.isoformat(),
                    "order": order,
                    "site_id": site.site_id,
                    "name": site.name,
                    "township": site.township,
                    "kind": site.kind,
                    "lon": site.lon,
                    "lat": site.lat,
                    "reasons": list(site.reasons),
                    "source": site.source,
                    "arrival": at(day, visit.arrival_s),
                    "visit_start": at(day, visit.start_s),
                    "departure": at(day, visit.departure_s),
                    "wait_s": visit.start_s - visit.arrival_s,
                    "leg_distance_m": round(float(problem.distance_m[previous, visit.node]), 1),
                    "leg_drive_s": round(float(problem.time_s[previous, visit.node]), 1),
                    "window": list(req.windows[site.site_id]) if site.site_id in req.windows else None,
                }
            )
            previous = visit.node
        tours.append(
            {
                "tour": k,
                "team": tour.team + 1,
                "day": tour.day + 1,
                "date": day.isoformat(),
                "start": {"name": start.name, "lon": start.lon, "lat": start.lat, "site_id": start.site_id},
                "depart": at(day, 0),
                "return": at(day, tour.end_s),
                "stops": len(tour.visits),
                "distance_m": round(tour.distance_m, 1),
                "drive_s": round(tour.drive_s, 1),
            }
        )
    unplaced = [
        {
            "site_id": sites[n - 1].site_id,
            "name": sites[n - 1].name,
            "township": sites[n - 1].township,
            **_why_unplaced(problem, n, len(stops)),
        }
        for n in solution.dropped
    ]
    return {
        "tours": tours,
        "stops": stops,
        "unplaced": unplaced,
        "total_distance_m": round(sum(t["distance_m"] for t in tours), 1),
        "total_drive_s": round(sum(t["drive_s"] for t in tours), 1),
    }


def _why_unplaced(problem: Problem, node: int, placed: int) -> dict:
    """Why a site did not fit, as a code and the figures behind it (words: geo.analysis.route_words)."""
    service, horizon = problem.service_s[node], problem.horizon_s
    there, back = float(problem.time_s[0, node]), float(problem.time_s[node, 0])
    open_, close = problem.window(node)
    if max(there, open_) + service > min(close, horizon):
        return {"reason_code": "window", "arrival_s": round(there), "service_s": int(service)}
    if there + service + back > horizon:
        return {"reason_code": "too_far", "round_trip_s": round(there + service + back)}
    return {"reason_code": "day_full", "placed": placed}


def _tour_line(
    conn: Connection, matrix: route_matrix.Matrix, start: Place, sites: list[Place], nodes: list[int]
) -> list:
    places = [start, *sites]
    seq = [0, *nodes, 0]
    coords = [(start.lon, start.lat)]
    for a, b in zip(seq, seq[1:]):
        na, nb = matrix.nodes[a], matrix.nodes[b]  # both set where the network leg was used
        if matrix.via_network[a, b] and na is not None and nb is not None and na != nb:
            coords += route_matrix.path_nodes(conn, na, nb)
        coords.append((places[b].lon, places[b].lat))
    return coords


def _store(conn: Connection, req: PlanRequest, result: dict, lines: list, source: str) -> int:
    wkt = (
        "MULTILINESTRING(" + ",".join("(" + ",".join(f"{x} {y}" for x, y in line) + ")" for line in lines) + ")"
        if lines
        else None
    )
    request = {k: (v.isoformat() if isinstance(v, dt.date) else v) for k, v in req.__dict__.items()}
    request["site_ids"] = list(req.site_ids)
    request["windows"] = {str(k): list(v) for k, v in req.windows.items()}
    return conn.execute(
        text(
            "INSERT INTO route (request, tours, stops, unplaced, matrix_method, total_distance_m, total_drive_s, path, source) "
            "VALUES (:req, :tours, :stops, :unplaced, :method, :dist, :drive, ST_GeomFromText(CAST(:wkt AS text), 4326), :source) "
            "RETURNING id"
        ),
        {
            "req": json.dumps(request, ensure_ascii=False),
            "tours": json.dumps(result["tours"], ensure_ascii=False),
            "stops": json.dumps(result["stops"], ensure_ascii=False),
            "unplaced": json.dumps(result["unplaced"], ensure_ascii=False),
            "method": result["matrix_method"],
            "dist": result["total_distance_m"],
            "drive": result["total_drive_s"],
            "wkt": wkt,
            "source": source,
        },
    ).scalar_one()


def _source(start: Place, sites: list[Place]) -> str:
    return "demo" if any(p.source == "demo" for p in (start, *sites)) else "plan"


def _clock(value: str) -> int:
    try:
        t = dt.time.fromisoformat(value)
    except ValueError:
        raise InvalidInput(f"时间“{value}”格式不对，应为 HH:MM / time '{value}' must be HH:MM") from None
    return t.hour * 3600 + t.minute * 60


def _window(window: tuple[str, str] | None, day_start: int, site: Place) -> tuple[int, int] | None:
    if window is None:
        return None
    a, b = _clock(window[0]) - day_start, _clock(window[1]) - day_start
    if b <= a:
        site_id = site.site_id
        raise InvalidInput(
            f"站点 {site.name}（{site_id}）的时间窗 {window[0]}–{window[1]} 无效：结束时间须晚于开始时间\n"
            f"The time window {window[0]}–{window[1]} of site {site_id} is invalid: it must end after it starts.",
            detail={"field": "windows", "site_id": site_id, "window": list(window)},
        )
    return (max(a, 0), b)
