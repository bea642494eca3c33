"""A planned route as GPX 1.1 for phone navigation apps (OsmAnd, Organic Maps, 两步路, …).

Each tour becomes a route (``rte``) whose points are the start, the stops in order and the
start again, plus a track (``trk``) of the drawn path; every stop is also a waypoint.
"""

from __future__ import annotations

import datetime as dt

import gpxpy.gpx

from geo.text import printable


def route_gpx(route: dict) -> str:
    """GPX text of a stored route (the dict of ``geo.analysis.routes.get``)."""
    gpx = gpxpy.gpx.GPX()
    demo = " · 演示数据 DEMO DATA" if route.get("demo") else ""
    gpx.name = f"督查路线 {route['id']} / inspection route {route['id']}"
    roads = " · 路网 © OpenStreetMap contributors (ODbL)" if route.get("matrix_method") == "pgrouting" else ""
    gpx.description = f"fieldmap 督查路线{demo}{roads}"
    gpx.creator = "fieldmap"
    lines = (route.get("path") or {}).get("coordinates") or []
    for k, tour in enumerate(route["tours"]):
        stops = [s for s in route["stops"] if s["tour"] == tour["tour"]]
        rte = gpxpy.gpx.GPXRoute(
            name=f"第{tour['day']}天 第{tour['team']}组 / day {tour['day']} team {tour['team']}",
            description=f"{tour['date']} {tour['depart'][11:16]}–{tour['return'][11:16]}{demo}",
        )
        start = tour["start"]
        rte.points.append(gpxpy.gpx.GPXRoutePoint(start["lat"], start["lon"], name=f"出发 {start['name']}"))
        for s in stops:
            name = f"{s['order']}. {s['name']}"
            when = _time(s["arrival"])
            rte.points.append(gpxpy.gpx.GPXRoutePoint(s["lat"], s["lon"], name=name, time=when))
            gpx.waypoints.append(
                gpxpy.gpx.GPXWaypoint(
                    s["lat"],
                    s["lon"],
                    name=name,
                    time=when,
                    description=f"到达 {s['arrival'][11:16]} 离开 {s['departure'][11:16]} {s.get('township') or ''}{demo}",
                )
            )
        rte.points.append(gpxpy.gpx.GPXRoutePoint(start["lat"], start["lon"], name=f"返回 {start['name']}"))
        gpx.routes.append(rte)
        if k < len(lines):
            track = gpxpy.gpx.GPXTrack(name=rte.name)
            segment = gpxpy.gpx.GPXTrackSegment([gpxpy.gpx.GPXTrackPoint(lat, lon) for lon, lat in lines[k]])
            track.segments.append(segment)
            gpx.tracks.append(track)
    return printable(gpx.to_xml(version="1.1"))  # a name with \x0b would make the XML invalid


def _time(iso: str) -> dt.datetime:
    return dt.datetime.fromisoformat(iso).astimezone(dt.UTC)
