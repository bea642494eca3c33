"""Logistics reach, service areas and the station suggestion: fieldmap's analyses vs plain pgRouting
used as its documentation teaches, on the default road skeleton and on a generated road network of
more than 100,000 edges.

    nice .venv/bin/python bench/reach.py [--rounds 5] [--grid 225] [--topology sql]

Starts a throwaway local cluster (127.0.0.1 only), loads the default dataset (121 villages, the
demo stations, the 141-edge OSM skeleton), times each analysis against its plain-pgRouting peer
(same data, same run), then replaces the roads by a generated grid over the county (grid x grid
nodes, 2·grid·(grid−1) edges; every 10th line a 40 km/h county road, the rest 20 km/h village
roads; no randomness), builds its topology (``pgr_createTopology``, or with ``--topology sql`` the
grid's own node ids and the same ``road_vertices_pgr`` table written by SQL: pgr_createTopology ran
more than 25 minutes on 100,800 edges) and times the same again.

The peer (plain pgRouting, as in its docs): every point goes to its closest vertex of
``road_vertices_pgr`` (``ORDER BY the_geom <-> point LIMIT 1``, no snap limit, no access leg);
reach = ``pgr_dijkstraCost`` many-to-many stations → villages and hub → villages, min per village;
service areas = ``pgr_drivingDistance`` once per facility, ``ST_ConcaveHull`` of the reached
vertices per band; suggestion = ``pgr_dijkstraCost`` many-to-many candidates → uncovered villages,
then the same greedy pick. The answers differ in detail (fieldmap joins at the nearest road piece
with a timed access leg and reports villages beyond ``snap_m`` as unreachable); both are shown. One warm-up, then
``--rounds`` interleaved rounds; median with min–max. Writes bench/results/reach.md.
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sqlalchemy import text  # noqa: E402

from geo.analysis import road_graph  # noqa: E402
from geo.analysis.coverage import CoverageRule  # noqa: E402
from geo.analysis.reach import ReachParams, compute_reach  # noqa: E402
from geo.analysis.service_areas import AreaParams, facilities, service_areas  # noqa: E402
from geo.analysis.suggestions import greedy_pick, suggest  # noqa: E402
from geo.io.default import load_default  # noqa: E402
from geo.io.roads import build_topology  # noqa: E402
from geo.store import migrate  # noqa: E402
from geo.store.cluster import LocalCluster  # noqa: E402
from geo.store.database import get_engine  # noqa: E402

RESULTS = Path(__file__).with_name("results") / "reach.md"


def grid_roads(conn, n: int, topology: str = "pgr") -> int:  # noqa: ANN001
    """Replace ``road`` by an n x n grid over the county's bounding box; returns the edge count."""
    conn.execute(text("DELETE FROM road"))
    conn.execute(
        text(
            """
        WITH b AS (SELECT ST_XMin(e) x0, ST_YMin(e) y0, ST_XMax(e) x1, ST_YMax(e) y1 FROM (SELECT ST_Extent(geom) e FROM county) q),
        ij AS (SELECT i, j FROM generate_series(0, :n - 1) i, generate_series(0, :n - 1) j),
        pairs AS (  -- each node to its east and its north neighbour: 2·n·(n−1) edges, no join
            SELECT i, j, i + 1 AS i2, j AS j2 FROM ij WHERE i < :n - 1
            UNION ALL SELECT i, j, i, j + 1 FROM ij WHERE j < :n - 1),
        e AS (SELECT i * :n + j AS s, i2 * :n + j2 AS t,
                     ST_MakeLine(ST_MakePoint(b.x0 + (b.x1 - b.x0) * i / (:n - 1.0), b.y0 + (b.y1 - b.y0) * j / (:n - 1.0)),
                                 ST_MakePoint(b.x0 + (b.x1 - b.x0) * i2 / (:n - 1.0), b.y0 + (b.y1 - b.y0) * j2 / (:n - 1.0))) g,
                     CASE WHEN (i = i2 AND i % 10 = 0) OR (j = j2 AND j % 10 = 0) THEN 'secondary' ELSE 'residential' END cls
              FROM pairs, b)
        INSERT INTO road (ref, geom, class, speed_kmh, length_m, source)
        SELECT 'grid-' || s || '-' || t, ST_SetSRID(g, 4326), cls, CASE cls WHEN 'secondary' THEN 40 ELSE 20 END,
               ST_Length(ST_SetSRID(g, 4326)::geography), 'bench' FROM e
        """
        ),
        {"n": n},
    )
    conn.execute(text("ANALYZE road"))
    t0 = time.perf_counter()
    if topology == "sql":  # the grid's own node ids and the vertices table pgr_createTopology would write
        conn.execute(
            text(
                "UPDATE road SET source_node = split_part(ref, '-', 2)::bigint, target_node = split_part(ref, '-', 3)::bigint; "
                "DROP TABLE IF EXISTS road_vertices_pgr; "
                "CREATE TABLE road_vertices_pgr AS SELECT DISTINCT ON (id) id, the_geom FROM ("
                "SELECT source_node AS id, ST_StartPoint(geom) AS the_geom FROM road UNION ALL "
                "SELECT target_node, ST_EndPoint(geom) FROM road) v ORDER BY id; "
                "ALTER TABLE road_vertices_pgr ADD PRIMARY KEY (id); "
                "CREATE INDEX ON road_vertices_pgr USING gist (the_geom)"
            )
        )
    else:
        assert build_topology(conn) == 0  # pgr_createTopology: nodes and road_vertices_pgr
    conn.execute(text("ANALYZE road; ANALYZE road_vertices_pgr"))
    print(f"topology ({topology}): {time.perf_counter() - t0:.1f} s", flush=True)
    return conn.execute(text("SELECT count(*) FROM road")).scalar_one()


CLOSEST_VID = "(SELECT v.id FROM road_vertices_pgr v ORDER BY v.the_geom <-> {g} LIMIT 1)"
VILLAGE_VIDS = f"SELECT code, poverty_households, {CLOSEST_VID.format(g='location')} AS vid FROM village WHERE location IS NOT NULL"


def _vids(conn, points: list[dict]) -> dict:  # noqa: ANN001
    rows = conn.execute(
        text(
            f"SELECT k, {CLOSEST_VID.format(g='ST_SetSRID(ST_MakePoint(x, y), 4326)')} FROM "
            "unnest(CAST(:k AS bigint[]), CAST(:x AS float8[]), CAST(:y AS float8[])) AS u(k, x, y)"
        ),
        {"k": [p["id"] for p in points], "x": [p["lon"] for p in points], "y": [p["lat"] for p in points]},
    ).all()
    return dict(rows)


def plain_reach(conn) -> dict:  # noqa: ANN001
    """Each village's cost to its nearest station and to the hub: pgr_dijkstraCost many-to-many."""
    facs = facilities(conn)
    fv = _vids(conn, facs)
    hub = fv[facs[0]["id"]]
    stations = [fv[f["id"]] for f in facs[1:]]
    rows = conn.execute(
        text(
            f"WITH vv AS MATERIALIZED ({VILLAGE_VIDS}) "
            "SELECT vv.code, min(d.agg_cost) FILTER (WHERE d.start_vid = ANY(CAST(:st AS bigint[]))), "
            "min(d.agg_cost) FILTER (WHERE d.start_vid = :hub) FROM vv LEFT JOIN pgr_dijkstraCost(:edges, "
            "CAST(:starts AS bigint[]), (SELECT array_agg(DISTINCT vid) FROM vv), directed := false) d "
            "ON d.end_vid = vv.vid GROUP BY vv.code"
        ),
        {"edges": road_graph.EDGES_SQL, "st": stations, "hub": hub, "starts": [hub, *stations]},
    ).all()
    return {"reached": sum(1 for r in rows if r[1] is not None), "unreachable": sum(1 for r in rows if r[1] is None)}


def plain_service_areas(conn, bands: tuple = (30, 60, 120)) -> int:  # noqa: ANN001
    """pgr_drivingDistance once per facility, ST_ConcaveHull of the reached vertices per band;
    returns the villages outside every widest band."""
    facs = facilities(conn)
    fv = _vids(conn, facs)
    hulls = []
    for f in facs:  # one query per facility, as in the pgr_drivingDistance documentation
        for band in bands:
            hulls.append(
                conn.execute(
                    text(
                        "SELECT ST_ConcaveHull(ST_Collect(v.the_geom), 0.8) FROM pgr_drivingDistance(:edges, "
                        "CAST(:vid AS bigint), :lim, directed := false) d JOIN road_vertices_pgr v ON v.id = d.node "
                        "WHERE d.agg_cost <= :band"
                    ),
                    {"edges": road_graph.EDGES_SQL, "vid": fv[f["id"]], "lim": bands[-1] * 60, "band": band * 60},
                ).scalar()
            )
    return conn.execute(
        text(
            "SELECT count(*) FROM village v WHERE v.location IS NOT NULL AND NOT EXISTS "
            "(SELECT 1 FROM unnest(CAST(:h AS geometry[])) h WHERE ST_Intersects(h, v.location))"
        ),
        {"h": [h for h in hulls if h is not None]},
    ).scalar_one()


def plain_suggestion(conn, k: int = 5, minutes: float = 30) -> list[str]:  # noqa: ANN001
    """Candidates → uncovered poverty-alleviated villages by pgr_dijkstraCost, then the greedy pick."""
    facs = facilities(conn)
    stations = list(_vids(conn, facs[1:]).values())
    rows = conn.execute(
        text(
            f"WITH vv AS MATERIALIZED ({VILLAGE_VIDS} AND poverty_alleviated), "
            "near AS (SELECT DISTINCT end_vid FROM pgr_dijkstraCost(:edges, CAST(:st AS bigint[]), "
            "(SELECT array_agg(DISTINCT vid) FROM vv), directed := false) WHERE agg_cost <= :lim), "
            "demand AS (SELECT * FROM vv WHERE vid NOT IN (SELECT end_vid FROM near) AND NOT vid = ANY(CAST(:st AS bigint[]))), "
            f"cand AS MATERIALIZED ({VILLAGE_VIDS}) "
            "SELECT c.code, d.code, d.poverty_households FROM pgr_dijkstraCost(:edges, (SELECT array_agg(DISTINCT vid) FROM cand), "
            "(SELECT array_agg(DISTINCT vid) FROM demand), directed := false) x "
            "JOIN cand c ON c.vid = x.start_vid JOIN demand d ON d.vid = x.end_vid WHERE x.agg_cost <= :lim "
            "UNION ALL SELECT c.code, d.code, d.poverty_households FROM cand c JOIN demand d ON d.vid = c.vid"
        ),
        {"edges": road_graph.EDGES_SQL, "st": stations, "lim": minutes * 60},
    ).all()
    cover: dict[str, set[str]] = {}
    weight: dict[str, int] = {}
    for c, d, w in rows:
        cover.setdefault(c, set()).add(d)
        weight[d] = int(w or 0)
    return [p.candidate for p in greedy_pick(cover, weight, k)]


def cases(url: str) -> dict:
    rule = CoverageRule(distance_m=3000.0)
    time_rule = CoverageRule(distance_m=3000.0, travel_time_min=30.0)
    road = ReachParams()
    areas = AreaParams()

    def run(fn):  # noqa: ANN001, ANN202
        def timed():  # noqa: ANN202
            with get_engine(url).connect() as conn:
                t0 = time.perf_counter()
                out = fn(conn)
                return time.perf_counter() - t0, out

        return timed

    return {
        ("reach", "fieldmap"): run(lambda c: compute_reach(c, road, rule).counts()),
        ("reach", "plain"): run(plain_reach),
        ("service areas", "fieldmap"): run(lambda c: len(service_areas(c, road, areas)["outside"])),
        ("service areas", "plain"): run(plain_service_areas),
        ("suggestion k=5", "fieldmap"): run(
            lambda c: [s["code"] for s in suggest(c, time_rule, road, 5)["suggestions"]]
        ),
        ("suggestion k=5", "plain"): run(plain_suggestion),
    }


def measure(url: str, rounds: int, report=None) -> dict:  # noqa: ANN001
    """``report(partial)`` after each round: a slow network still leaves its figures so far."""
    fns = cases(url)
    outputs = {k: fn()[1] for k, fn in fns.items()}  # warm-up
    times: dict = {k: [] for k in fns}
    for n in range(rounds):
        for k, fn in fns.items():  # interleaved: every case once per round
            times[k].append(fn()[0])
        print(f"round {n + 1}: " + ", ".join(f"{k[0]}/{k[1]} {v[-1]:.2f}s" for k, v in times.items()), flush=True)
        if report is not None:
            report({k: (statistics.median(v), min(v), max(v), outputs[k]) for k, v in times.items()}, n + 1)
    return {k: (statistics.median(v), min(v), max(v), outputs[k]) for k, v in times.items()}


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--rounds", type=int, default=5)
    ap.add_argument("--grid", type=int, default=225)
    ap.add_argument("--port", type=int, default=55437)
    ap.add_argument(
        "--topology",
        choices=("pgr", "sql"),
        default="pgr",
        help="grid topology by pgr_createTopology, or its node ids and vertices table written by SQL (same result)",
    )
    args = ap.parse_args()
    load_before = os.getloadavg()
    root = Path(tempfile.mkdtemp(prefix="fieldmap-bench-reach-", dir="/var/tmp"))
    os.chmod(root, 0o755)
    cluster = LocalCluster(root, port=args.port, database="postgres")
    cluster.start()
    results = []
    try:
        cluster.ensure_database("bench_reach")
        url = cluster.url("bench_reach")
        migrate.upgrade(url)
        load_default(url)
        with get_engine(url).begin() as conn:  # the skeleton ships node ids; the peer needs the vertices table
            if conn.execute(text("SELECT to_regclass('road_vertices_pgr')")).scalar() is None:
                conn.execute(text("UPDATE road SET source_node = NULL, target_node = NULL"))
                build_topology(conn)
        with get_engine(url).connect() as conn:
            versions = conn.execute(text("SELECT version(), postgis_lib_version(), pgr_version()")).one()
            n_edges = conn.execute(text("SELECT count(*) FROM road")).scalar_one()
        results.append((f"default OSM skeleton ({n_edges} edges)", measure(url, args.rounds)))
        _write(results, args, versions, load_before)  # written after each network: a slow one loses nothing
        with get_engine(url).begin() as conn:
            n_edges = grid_roads(conn, args.grid, args.topology)
        label = f"generated grid ({n_edges:,} edges, {args.grid**2:,} nodes)"

        def partial(res, done):  # noqa: ANN001, ANN202
            _write([*results, (f"{label}, {done} of {args.rounds} rounds", res)], args, versions, load_before)

        results.append((label, measure(url, args.rounds, partial)))
        _write(results, args, versions, load_before)
    finally:
        cluster.stop()
        shutil.rmtree(root, ignore_errors=True)


def _write(results, args, versions, load_before) -> None:  # noqa: ANN001
    rounds = args.rounds
    lines = [
        "# Logistics reach, service areas, station suggestion: fieldmap vs plain pgRouting",
        "",
        f"Command: `nice .venv/bin/python bench/reach.py --rounds {rounds} --grid {args.grid} --topology {args.topology}` "
        f"(one warm-up, then {rounds} interleaved rounds; "
        "median, min–max). Same database, same villages (121) and stations (demo) for both.",
        "",
        f"Machine: {platform.platform()}, {os.cpu_count()} CPUs (shared with other jobs); {versions[0].split(',')[0]}, "
        f"PostGIS {versions[1]}, pgRouting {versions[2]}. Load average before {', '.join(f'{x:.1f}' for x in load_before)}, "
        f"after {', '.join(f'{x:.1f}' for x in os.getloadavg())}.",
        "",
        "* reach = `compute_reach` (every village → nearest operating station and → hub; nearest road piece within "
        "5 km, timed access leg) vs plain `pgr_dijkstraCost` many-to-many between closest vertices.",
        "* service areas = `service_areas` (hub + each township station, 30/60/120 min; one batched "
        "`pgr_drivingDistance` with every start, reached network buffered by 1 km on a grid of 200 m cells, "
        "geo.analysis.reached_outline) vs `pgr_drivingDistance` once per "
        "facility + `ST_ConcaveHull` of the reached vertices; answer = villages outside every band.",
        "* suggestion = `suggest` k=5 by travel time (30 min) vs `pgr_dijkstraCost` candidates → uncovered "
        "villages + the same greedy pick.",
        "",
        "| network | analysis | fieldmap median (min–max) | plain pgRouting median (min–max) | answer (fieldmap / plain) |",
        "|---|---|---:|---:|---|",
    ]
    for label, res in results:
        for analysis in ("reach", "service areas", "suggestion k=5"):
            r, s = res[(analysis, "fieldmap")], res[(analysis, "plain")]
            lines.append(
                f"| {label} | {analysis} | {r[0]:.2f} s ({r[1]:.2f}–{r[2]:.2f}) | {s[0]:.2f} s ({s[1]:.2f}–{s[2]:.2f}) | "
                f"{str(r[3])[:60]} / {str(s[3])[:60]} |"
            )
    lines.append("")
    RESULTS.write_text("\n".join(lines), encoding="utf-8")
    print(f"wrote {RESULTS}")


if __name__ == "__main__":
    main()
