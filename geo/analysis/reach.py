"""Logistics reach per village: distance and travel time to the nearest operating station and to
the county hub (分拣中心), with the method that produced them.

``road``: over the road network with pgRouting (:mod:`geo.analysis.road_graph`): each village seat
and site joins the nearest road piece within ``snap_m`` by a straight access leg at
``access_speed_kmh``. A village whose road piece is not connected to any station, or with no road
within ``snap_m``, is *unreachable*: it gets no number. ``straight_line``: no road network; the
geodesic distance × ``circuity`` at ``speed_kmh``, stated as such.

"Operating station" is a site the coverage rule counts (its kinds, status operating, latest
inspection not closed/idle), so reach and coverage agree on which stations exist.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass, field
from typing import TYPE_CHECKING, Any

from sqlalchemy import Connection, text

from geo.analysis import road_graph
from geo.analysis.coverage import NOT_COUNTED_CTE, CoverageRule, counted_condition
from geo.io.roads import has_network
from geo.vocab import word

if TYPE_CHECKING:
    from geo.store.settings import Settings

HUB_SQL = (
    "SELECT id, ref, name, kind, source, ST_X(location) AS lon, ST_Y(location) AS lat FROM site "
    "WHERE kind IN ('sorting_centre', 'warehouse') ORDER BY (kind = 'sorting_centre') DESC, id LIMIT 1"
)


@dataclass(frozen=True)
class ReachParams:
    """How reach is measured (from settings: reach_*)."""

    snap_m: float = 5000.0
    access_speed_kmh: float = 20.0
    circuity: float = 1.35
    speed_kmh: float = 35.0
    use_roads: bool = True

    @classmethod
    def from_settings(cls, settings: Settings) -> ReachParams:
        return cls(
            float(settings.reach_snap_m),
            float(settings.reach_access_speed_kmh),
            float(settings.reach_circuity),
            float(settings.reach_speed_kmh),
        )

    def method_text(self, method: str, lang: str = "zh") -> str:
        if method == "road":
            return word(
                (
                    f"沿路网计算（pgRouting 最短时间路径）：村委会驻地/站点以直线接入 {self.snap_m / 1000:g} 公里内"
                    f"最近的道路（接入段按 {self.access_speed_kmh:g} 公里/小时），道路按其等级车速；"
                    f"最近道路与站点不连通或 {self.snap_m / 1000:g} 公里内无道路的村记为“无法到达”。",
                    f"Over the road network (pgRouting fastest path): village seats and sites join the nearest road "
                    f"within {self.snap_m / 1000:g} km by a straight leg at {self.access_speed_kmh:g} km/h; roads at "
                    f"their class speed. A village whose nearest road is not connected to a station, or with no road "
                    f"within {self.snap_m / 1000:g} km, is 'unreachable'.",
                ),
                lang,
            )
        return word(
            (
                f"未导入路网：直线距离 × 绕行系数 {self.circuity:g}，按假定车速 {self.speed_kmh:g} 公里/小时估算。",
                f"No road network: straight-line distance × circuity {self.circuity:g} at an assumed "
                f"{self.speed_kmh:g} km/h.",
            ),
            lang,
        )


@dataclass
class ReachReport:
    method: str  # road | straight_line
    params: ReachParams
    hub: dict | None
    villages: list[dict] = field(default_factory=list)

    @property
    def demo(self) -> bool:
        return any(v["source"] == "demo" for v in self.villages)

    def as_dict(self) -> dict:
        return {
            "method": self.method,
            "method_text_zh": self.params.method_text(self.method, "zh"),
            "method_text_en": self.params.method_text(self.method, "en"),
            "params": asdict(self.params),
            "hub": self.hub,
            "demo": self.demo,
            "counts": self.counts(),
            "villages": self.villages,
        }

    def counts(self) -> dict[str, int]:
        out: dict[str, int] = {}
        for v in self.villages:
            out[v["status"]] = out.get(v["status"], 0) + 1
        return out


def compute_reach(conn: Connection, params: ReachParams, rule: CoverageRule) -> ReachReport:
    """Reach of every village (with its seat) from the rule's operating stations and the hub."""
    villages = (
        conn.execute(
            text(
                "SELECT v.code, v.name, v.township_code, t.name AS township_name, v.poverty_alleviated, v.households, "
                "v.poverty_households, CASE WHEN 'demo' IN (v.source, v.location_source) THEN 'demo' ELSE v.source END AS source, "
                "ST_X(v.location) AS lon, ST_Y(v.location) AS lat FROM village v JOIN township t ON t.code = v.township_code "
                "ORDER BY v.code"
            )
        )
        .mappings()
        .all()
    )
    stations = (
        conn.execute(
            text(
                f"WITH {NOT_COUNTED_CTE} SELECT s.id, s.ref, s.name, s.kind, s.source, ST_X(s.location) AS lon, "
                f"ST_Y(s.location) AS lat FROM site s WHERE {counted_condition(rule)} ORDER BY s.id"
            )
        )
        .mappings()
        .all()
    )
    hub_row = conn.execute(text(HUB_SQL)).mappings().first()
    hub = dict(hub_row) if hub_row else None
    road = params.use_roads and has_network(conn)
    located = [v for v in villages if v["lon"] is not None]
    if road:
        to_station, to_hub = _by_road_each(conn, located, [stations, [hub] if hub else []], params)
    else:
        to_station = _straight(conn, located, stations, params)
        to_hub = _straight(conn, located, [hub] if hub else [], params)
    by_id = {s["id"]: s for s in stations}
    rows = []
    for v in villages:
        row = {
            k: v[k]
            for k in (
                "code",
                "name",
                "township_code",
                "township_name",
                "poverty_alleviated",
                "households",
                "poverty_households",
                "lon",
                "lat",
            )
        }
        st, hb = to_station.get(v["code"]), to_hub.get(v["code"])
        site = by_id.get(st[0]) if st and st[0] is not None else None
        demo = v["source"] == "demo" or (site is not None and site["source"] == "demo")
        row.update(
            method="road" if road else "straight_line",
            status=_status(v, st),
            reason=_reason(v, st),
            station_id=site["id"] if site else None,
            station_ref=site["ref"] if site else None,
            station_name=site["name"] if site else None,
            station_kind=site["kind"] if site else None,
            station_distance_m=_round(st[1]) if st and st[0] is not None else None,
            station_time_min=_minutes(st[2]) if st and st[0] is not None else None,
            hub_distance_m=_round(hb[1]) if hb and hb[0] is not None else None,
            hub_time_min=_minutes(hb[2]) if hb and hb[0] is not None else None,
            source="demo" if demo else v["source"],
        )
        rows.append(row)
    hub_out = {k: hub[k] for k in ("id", "ref", "name", "kind")} if hub else None
    return ReachReport("road" if road else "straight_line", params, hub_out, rows)


# value per village: (facility id or None, distance m, time s, reason)
_Result = tuple[object, float, float, str]


def _by_road(
    conn: Connection,
    villages: Sequence[Mapping[Any, Any]],
    facilities: Sequence[Mapping[Any, Any]],
    params: ReachParams,
) -> dict[str, _Result]:
    return _by_road_each(conn, villages, [facilities], params)[0]


def _by_road_each(
    conn: Connection,
    villages: Sequence[Mapping[Any, Any]],
    groups: Sequence[Sequence[Mapping[Any, Any]]],
    params: ReachParams,
) -> list[dict[str, _Result]]:
    """Per group of facilities, each village's nearest one: one snap and one pgr_dijkstraCost for all
    groups (each loads the whole network, a second on 100,000 edges)."""
    v_snaps, v_far = road_graph.snap(conn, [(v["code"], v["lon"], v["lat"]) for v in villages], params.snap_m)
    f_snaps = [road_graph.snap(conn, [(f["id"], f["lon"], f["lat"]) for f in g], params.snap_m)[0] for g in groups]
    starts = {n for snaps in f_snaps for s in snaps for n in (s.node_a, s.node_b)}
    ends = {n for s in v_snaps for n in (s.node_a, s.node_b)}
    costs = road_graph.node_costs(conn, starts, ends)
    bests = [road_graph.nearest(v_snaps, snaps, costs, params.access_speed_kmh) for snaps in f_snaps]
    lengths = road_graph.path_lengths(conn, {leg.via for best in bests for _k, leg in best.values() if leg.via})
    outs = []
    for best in bests:
        out: dict[str, _Result] = {code: (None, 0.0, 0.0, "no_road_nearby") for code in v_far}
        for s in v_snaps:
            if s.key in best:
                fid, leg = best[s.key]
                out[s.key] = (fid, road_graph.full_length(leg, lengths), leg.time_s, "by_road")
            else:
                out[s.key] = (None, 0.0, 0.0, "disconnected")
        outs.append(out)
    return outs


def _straight(
    conn: Connection,
    villages: Sequence[Mapping[Any, Any]],
    facilities: Sequence[Mapping[Any, Any]],
    params: ReachParams,
) -> dict[str, _Result]:
    if not villages or not facilities:
        return {}
    rows = conn.execute(
        text(
            "WITH v AS (SELECT code, ST_SetSRID(ST_MakePoint(lon, lat), 4326)::geography AS g FROM unnest("
            "CAST(:codes AS text[]), CAST(:vlon AS float8[]), CAST(:vlat AS float8[])) AS u(code, lon, lat)), "
            "f AS (SELECT id, ST_SetSRID(ST_MakePoint(lon, lat), 4326)::geography AS g FROM unnest("
            "CAST(:ids AS int[]), CAST(:flon AS float8[]), CAST(:flat AS float8[])) AS u(id, lon, lat)) "
            "SELECT DISTINCT ON (v.code) v.code, f.id, ST_Distance(v.g, f.g) AS d FROM v CROSS JOIN f "
            "ORDER BY v.code, ST_Distance(v.g, f.g), f.id"
        ),
        {
            "codes": [v["code"] for v in villages],
            "vlon": [v["lon"] for v in villages],
            "vlat": [v["lat"] for v in villages],
            "ids": [f["id"] for f in facilities],
            "flon": [f["lon"] for f in facilities],
            "flat": [f["lat"] for f in facilities],
        },
    ).all()
    out = {}
    for code, fid, d in rows:
        dist = d * params.circuity
        out[code] = (fid, dist, dist / (params.speed_kmh / 3.6), "straight_line")
    return out


def _status(village: Mapping[Any, Any], result: _Result | None) -> str:
    if village["lon"] is None:
        return "no_position"
    if result is None or result[0] is None:
        return "unreachable"
    return "reached"


def _reason(village: Mapping[Any, Any], result: _Result | None) -> str:
    if village["lon"] is None:
        return "no_position"
    if result is None:
        return "no_station"
    return result[3]


def _round(metres: float) -> int:
    return int(round(metres))


def _minutes(seconds: float) -> float:
    return round(seconds / 60.0, 1)
