"""Logistics reach, service areas and the station suggestion: pgRouting vs the straight-line peer,
on the default road skeleton and on a generated road network of more than 100,000 edges.

    .venv/bin/python bench/reach.py [--rounds 5] [--grid 225]

Starts a throwaway local cluster (127.0.0.1 only), loads the default dataset (121 villages, the
demo stations, the 141-edge OSM skeleton), times each analysis with roads and without (the
straight-line peer, same data, same run), then replaces the roads by a generated grid over the
county (grid x grid nodes, 2·grid·(grid−1) edges; every 10th line a 40 km/h county road, the rest
20 km/h village roads; seeded, no randomness) and times the same again. One warm-up, then
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

from geo.analysis.coverage import CoverageRule  # noqa: E402
from geo.analysis.reach import ReachParams, compute_reach  # noqa: E402
from geo.analysis.service_areas import AreaParams, service_areas  # noqa: E402
from geo.analysis.suggestions import suggest  # noqa: E402
from geo.io.default import load_default  # noqa: E402
from geo.store import migrate  # noqa: E402
from geo.store.cluster import LocalCluster  # noqa: E402
from geo.store.database import get_engine  # noqa: E402

RESULTS = Path(__file__).with_name("results") / "reach.md"


def grid_roads(conn, n: int) -> int:  # noqa: ANN001
    """Replace ``road`` by an n x n grid over the county's bounding box; returns the edge count."""
    conn.execute(text("DELETE FROM road"))
    conn.execute(
        text(
            """
        WITH b AS (SELECT ST_XMin(e) x0, ST_YMin(e) y0, ST_XMax(e) x1, ST_YMax(e) y1 FROM (SELECT ST_Extent(geom) e FROM county) q),
        p AS (SELECT i, j, b.x0 + (b.x1 - b.x0) * i / (:n - 1.0) AS x, b.y0 + (b.y1 - b.y0) * j / (:n - 1.0) AS y
              FROM b, generate_series(0, :n - 1) i, generate_series(0, :n - 1) j),
        e AS (SELECT a.i * :n + a.j AS s, c.i * :n + c.j AS t, ST_MakeLine(ST_MakePoint(a.x, a.y), ST_MakePoint(c.x, c.y)) g,
                     CASE WHEN (a.i = c.i AND a.i % 10 = 0) OR (a.j = c.j AND a.j % 10 = 0) THEN 'secondary' ELSE 'residential' END cls
              FROM p a JOIN p c ON (c.i = a.i + 1 AND c.j = a.j) OR (c.i = a.i AND c.j = a.j + 1))
        INSERT INTO road (ref, geom, class, speed_kmh, length_m, source_node, target_node, source)
        SELECT 'grid-' || s || '-' || t, ST_SetSRID(g, 4326), cls, CASE cls WHEN 'secondary' THEN 40 ELSE 20 END,
               ST_Length(ST_SetSRID(g, 4326)::geography), s, t, 'bench' FROM e
        """
        ),
        {"n": n},
    )
    conn.execute(text("ANALYZE road"))
    return conn.execute(text("SELECT count(*) FROM road")).scalar_one()


def cases(url: str) -> dict:
    rule = CoverageRule(distance_m=3000.0)
    time_rule = CoverageRule(distance_m=3000.0, travel_time_min=30.0)
    road, straight = ReachParams(), ReachParams(use_roads=False)
    areas = AreaParams()

    def run(fn):  # noqa: ANN001, ANN202
        def timed():  # noqa: ANN202
            with get_engine(url).connect() as conn:
                t0 = time.perf_counter()
                out = fn(conn)
                return time.perf_counter() - t0, out

        return timed

    return {
        ("reach", "road"): run(lambda c: compute_reach(c, road, rule).counts()),
        ("reach", "straight_line"): run(lambda c: compute_reach(c, straight, rule).counts()),
        ("service areas", "road"): run(lambda c: len(service_areas(c, road, areas)["outside"])),
        ("service areas", "straight_line"): run(lambda c: len(service_areas(c, straight, areas)["outside"])),
        ("suggestion k=5", "road"): run(lambda c: [s["code"] for s in suggest(c, time_rule, road, 5)["suggestions"]]),
        ("suggestion k=5", "straight_line"): run(
            lambda c: [s["code"] for s in suggest(c, rule, straight, 5)["suggestions"]]
        ),
    }


def measure(url: str, rounds: int) -> dict:
    fns = cases(url)
    outputs = {k: fn()[1] for k, fn in fns.items()}  # warm-up
    times: dict = {k: [] for k in fns}
    for _ in range(rounds):
        for k, fn in fns.items():  # interleaved: every case once per round
            times[k].append(fn()[0])
    return {k: (statistics.median(v), min(v), max(v), outputs[k]) for k, v in times.items()}


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--rounds", type=int, default=5)
    ap.add_argument("--grid", type=int, default=225)
    ap.add_argument("--port", type=int, default=55437)
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
        with get_engine(url).connect() as conn:
            versions = conn.execute(text("SELECT version(), postgis_lib_version(), pgr_version()")).one()
            n_edges = conn.execute(text("SELECT count(*) FROM road")).scalar_one()
        results.append((f"default OSM skeleton ({n_edges} edges)", measure(url, args.rounds)))
        _write(results, args.rounds, versions, load_before)  # written after each network: a slow one loses nothing
        with get_engine(url).begin() as conn:
            n_edges = grid_roads(conn, args.grid)
        results.append((f"generated grid ({n_edges:,} edges, {args.grid**2:,} nodes)", measure(url, args.rounds)))
        _write(results, args.rounds, versions, load_before)
    finally:
        cluster.stop()
        shutil.rmtree(root, ignore_errors=True)


def _write(results, rounds: int, versions, load_before) -> None:  # noqa: ANN001
    lines = [
        "# Logistics reach, service areas, station suggestion: pgRouting vs straight line",
        "",
        f"Command: `.venv/bin/python bench/reach.py --rounds {rounds}` (one warm-up, then {rounds} interleaved rounds; "
        "median, min–max). Same database, same villages (121) and stations (demo) for both methods.",
        "",
        f"Machine: {platform.platform()}, {os.cpu_count()} CPUs (shared with other jobs); {versions[0].split(',')[0]}, "
        f"PostGIS {versions[1]}, pgRouting {versions[2]}. Load average before {', '.join(f'{x:.1f}' for x in load_before)}, "
        f"after {', '.join(f'{x:.1f}' for x in os.getloadavg())}.",
        "",
        "* reach = `compute_reach` (every village → nearest operating station and → hub).",
        "* service areas = `service_areas` (hub + each township station, 30/60/120 min; road: pgr_drivingDistance + "
        "buffered reached network, straight line: circles) and the villages outside every band.",
        "* suggestion = `suggest` k=5; road: the rule by travel time (30 min) over roads; straight line: the 3 km rule.",
        "",
        "| network | analysis | pgRouting median (min–max) | straight-line median (min–max) | answer (road / straight) |",
        "|---|---|---:|---:|---|",
    ]
    for label, res in results:
        for analysis in ("reach", "service areas", "suggestion k=5"):
            r, s = res[(analysis, "road")], res[(analysis, "straight_line")]
            lines.append(
                f"| {label} | {analysis} | {r[0]:.2f} s ({r[1]:.2f}–{r[2]:.2f}) | {s[0]:.2f} s ({s[1]:.2f}–{s[2]:.2f}) | "
                f"{str(r[3])[:60]} / {str(s[3])[:60]} |"
            )
    lines.append("")
    RESULTS.write_text("\n".join(lines), encoding="utf-8")
    print(f"wrote {RESULTS}")


if __name__ == "__main__":
    main()
