"""Where a new village station would help most: a greedy maximal-coverage pick of k villages.

Demand: the poverty-alleviated villages (脱贫村) the coverage rule leaves uncovered, weighted by
their poverty-alleviated households (脱贫户). A candidate is any located village without a counted
station; it would cover a demand village within the rule's reach: ``distance_m`` straight (UTM, as
the rule measures), or ``travel_time_min`` over roads when the rule uses travel time. The greedy
pick takes, k times, the candidate adding the most still-uncovered households (ties: the lower
village code). Greedy is within 1 − 1/e of the best pick; the result is a suggestion.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import Connection, RowMapping, text

from geo.analysis import road_graph
from geo.analysis.coverage import CoverageRule, village_coverage_sql
from geo.analysis.reach import ReachParams
from geo.io.roads import has_network
from geo.store.metric import metric_srid


@dataclass(frozen=True)
class Pick:
    candidate: str
    gain: int  # poverty-alleviated households newly brought within the rule
    covers: tuple[str, ...]  # demand villages newly covered


def greedy_pick(cover: dict[str, set[str]], weight: dict[str, int], k: int) -> list[Pick]:
    """Pick up to ``k`` candidates, each adding the most not-yet-covered weight; stops when none adds any."""
    left = {c: set(s) for c, s in cover.items()}
    done: set[str] = set()
    picks: list[Pick] = []
    for _ in range(k):
        best, gain = None, 0
        for c in sorted(left):
            g = sum(weight.get(v, 0) for v in left[c] - done)
            if g > gain:
                best, gain = c, g
        if best is None:
            break
        new = tuple(sorted(left.pop(best) - done))
        done.update(new)
        picks.append(Pick(best, gain, new))
    return picks


def suggest(conn: Connection, rule: CoverageRule, reach: ReachParams, k: int, srid: int | None = None) -> dict:
    """The k suggested villages with what each adds, the demand and how it was measured."""
    srid = int(srid) if srid is not None else metric_srid(conn)  # the county's metric CRS
    demand = (
        conn.execute(
            text(
                f"SELECT code, name, township_name, coalesce(poverty_households, 0) AS w, ST_X(location) AS lon, "
                f"ST_Y(location) AS lat, row_source FROM ({village_coverage_sql(rule, srid=srid)}) c WHERE status = 'uncovered' ORDER BY code"
            )
        )
        .mappings()
        .all()
    )
    candidates = (
        conn.execute(
            text(
                "SELECT v.code, v.name, v.township_code, t.name AS township_name, ST_X(v.location) AS lon, ST_Y(v.location) AS lat, "
                "CASE WHEN 'demo' IN (v.source, v.location_source) THEN 'demo' ELSE v.source END AS source "
                "FROM village v JOIN township t ON t.code = v.township_code WHERE v.location IS NOT NULL "
                "AND NOT EXISTS (SELECT 1 FROM site s WHERE s.village_code = v.code AND s.status = 'operating' "
                f"AND s.kind IN ({', '.join(repr(k_) for k_ in rule.site_kinds)})) ORDER BY v.code"
            )
        )
        .mappings()
        .all()
    )
    by_time = rule.travel_time_min is not None and reach.use_roads and has_network(conn)
    cover = (
        _cover_by_time(conn, demand, candidates, rule, reach)
        if by_time
        else _cover_by_distance(conn, demand, candidates, rule, srid)
    )
    picks = greedy_pick(cover, {d["code"]: int(d["w"]) for d in demand}, k)
    cand = {c["code"]: c for c in candidates}
    names = {d["code"]: d["name"] for d in demand}
    rows = []
    for rank, p in enumerate(picks, start=1):
        c = cand[p.candidate]
        rows.append(
            {
                "rank": rank,
                "code": c["code"],
                "name": c["name"],
                "township_code": c["township_code"],
                "township_name": c["township_name"],
                "lon": c["lon"],
                "lat": c["lat"],
                "poverty_households_added": p.gain,
                "villages_added": len(p.covers),
                "covers": [{"code": v, "name": names[v]} for v in p.covers],
                "source": c["source"],
            }
        )
    return {
        "k": k,
        "measure": "travel_time" if by_time else "distance",
        "threshold": rule.travel_time_min if by_time else rule.distance_m,
        "demand_villages": len(demand),
        "demand_poverty_households": sum(int(d["w"]) for d in demand),
        "suggestions": rows,
    }


def _cover_by_distance(
    conn: Connection, demand: Sequence[RowMapping], candidates: Sequence[RowMapping], rule: CoverageRule, srid: int
) -> dict[str, set[str]]:
    if not demand or not candidates:
        return {}
    rows = conn.execute(
        text(
            f"WITH d AS (SELECT code, ST_Transform(ST_SetSRID(ST_MakePoint(lon, lat), 4326), {int(srid)}) AS g FROM unnest("
            "CAST(:dc AS text[]), CAST(:dx AS float8[]), CAST(:dy AS float8[])) AS u(code, lon, lat)), "
            f"c AS (SELECT code, ST_Transform(ST_SetSRID(ST_MakePoint(lon, lat), 4326), {int(srid)}) AS g FROM unnest("
            "CAST(:cc AS text[]), CAST(:cx AS float8[]), CAST(:cy AS float8[])) AS u(code, lon, lat)) "
            "SELECT c.code, d.code FROM c JOIN d ON ST_DWithin(c.g, d.g, :r)"
        ),
        {
            "dc": [d["code"] for d in demand],
            "dx": [d["lon"] for d in demand],
            "dy": [d["lat"] for d in demand],
            "cc": [c["code"] for c in candidates],
            "cx": [c["lon"] for c in candidates],
            "cy": [c["lat"] for c in candidates],
            "r": float(rule.distance_m),
        },
    ).all()
    out: dict[str, set[str]] = {}
    for c, d in rows:
        out.setdefault(c, set()).add(d)
    return out


def _cover_by_time(
    conn: Connection,
    demand: Sequence[RowMapping],
    candidates: Sequence[RowMapping],
    rule: CoverageRule,
    reach: ReachParams,
) -> dict[str, set[str]]:
    if rule.travel_time_min is None:  # suggest() measures by time only under a time rule
        raise ValueError("_cover_by_time needs a rule with travel_time_min")
    d_snaps, _ = road_graph.snap(conn, [(d["code"], d["lon"], d["lat"]) for d in demand], reach.snap_m)
    c_snaps, _ = road_graph.snap(conn, [(c["code"], c["lon"], c["lat"]) for c in candidates], reach.snap_m)
    costs = road_graph.node_costs(
        conn, {n for s in c_snaps for n in (s.node_a, s.node_b)}, {n for s in d_snaps for n in (s.node_a, s.node_b)}
    )
    out: dict[str, set[str]] = {}
    for (c, d), t in road_graph.pair_times(d_snaps, c_snaps, costs, reach.access_speed_kmh).items():
        if t <= float(rule.travel_time_min) * 60:
            out.setdefault(c, set()).add(d)
    return out
