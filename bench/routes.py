"""Route quality and solve time: the service's solver (LKH-3 for one team and day, OR-Tools +
per-tour LKH otherwise) and OR-Tools alone vs LKH-3 alone (elkai), same matrices.

    .venv/bin/python bench/routes.py [--runs 5] [--limit 1.0]

For 10, 30 and 60 stops drawn from the default dataset's inspected sites (seeded), the matrix is
the one the service plans with without roads (straight line x circuity; the geodesic on the WGS 84
ellipsoid from pyproj, as PostGIS geography computes it, so no database is needed); both get the same
integer distance matrix with the bureau as node 0, a single tour with no day limit (LKH solves
the plain TSP). Writes bench/results/routes.md.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import time
from pathlib import Path

import elkai
import numpy as np
from pyproj import Geod

from geo.analysis.route_solver import Problem, _solve_ortools, check, default_time_limit, improve, solve
from geo.io.boundaries import read_default_boundaries
from geo.io.demo import generate
from geo.store.settings import get_settings

SIZES = (10, 30, 60)
RESULTS = Path(__file__).with_name("results") / "routes.md"


def matrices(n: int, seed: int) -> np.ndarray:
    settings = get_settings()
    ds = generate(read_default_boundaries(settings.boundaries_dir), seed=2022, as_of=dt.date(2026, 11, 1))
    sites = ds.sites
    depot = sites[sites["kind"] == "service_centre"].geometry.iloc[0]
    pool = sites[sites["kind"].isin(settings.inspected_kinds)]
    pick = pool.sample(n=n, random_state=seed)
    pts = [(depot.x, depot.y), *((g.x, g.y) for g in pick.geometry)]
    geod = Geod(ellps="WGS84")
    m = np.zeros((n + 1, n + 1))
    for i, (x1, y1) in enumerate(pts):
        for j, (x2, y2) in enumerate(pts):
            if i < j:
                m[i, j] = m[j, i] = geod.inv(x1, y1, x2, y2)[2] * settings.route_circuity
    return np.rint(m)


def tour_length(d: np.ndarray, order: list[int]) -> float:
    seq = [0, *order, 0]
    return float(sum(d[a, b] for a, b in zip(seq, seq[1:])))


def run(n: int, seed: int, limit: float) -> dict:
    d = matrices(n, seed)
    t = d / (35 / 3.6)
    problem = Problem(d, t, (0,) * (n + 1), horizon_s=10**7)
    t0 = time.perf_counter()  # everything the service does: model, search, feasibility check
    sol = solve(problem, time_limit_s=limit)
    ours_s = time.perf_counter() - t0
    assert not sol.dropped and not check(problem, sol)
    t0 = time.perf_counter()
    ort = _solve_ortools(problem, limit)
    ort_s = time.perf_counter() - t0
    t0 = time.perf_counter()
    lkh = elkai.DistanceMatrix(d.astype(int).tolist()).solve_tsp(runs=10)
    lkh_s = time.perf_counter() - t0
    lkh_order = [k for k in lkh if k != 0]
    return {
        "n": n,
        "seed": seed,
        "ours_m": tour_length(d, sol.order()),
        "ours_s": ours_s,
        "ortools_m": tour_length(d, ort.order()),
        "ortools_s": ort_s,
        "lkh_m": tour_length(d, lkh_order),
        "lkh_s": lkh_s,
    }


def run_teams(n: int, seed: int, limit: float) -> dict:
    """Two teams, a 9-hour day, 20-minute visits, a window on every third site: OR-Tools alone vs
    OR-Tools + per-tour LKH (the service); the LKH peer cannot take windows, so the figure is the
    improvement the LKH step adds, with feasibility checked."""
    d = matrices(n, seed)
    t = d / (35 / 3.6)
    rng = np.random.default_rng(seed)
    windows = [None] + [
        (int(h) * 3600, int(h) * 3600 + 3 * 3600) if k % 3 == 0 else None
        for k, h in enumerate(rng.integers(0, 6, size=n))
    ]
    problem = Problem(d, t, (0, *([1200] * n)), 9 * 3600, tuple(windows), teams=2)
    t0 = time.perf_counter()  # the service's whole answer: OR-Tools, LKH per tour, check
    solve(problem, time_limit_s=limit)
    ours_s = time.perf_counter() - t0
    ort = _solve_ortools(problem, limit)
    sol = improve(problem, ort)  # the LKH step on that same OR-Tools answer: the saving is exact
    assert not check(problem, sol) and not check(problem, ort)
    return {
        "n": n,
        "seed": seed,
        "ours_m": sol.distance_m,
        "ours_s": ours_s,
        "ortools_m": ort.distance_m,
        "visited": len(sol.order()),
        "visited_ort": len(ort.order()),
    }


def _gap(a: float, b: float) -> float:
    return 100 * (a / b - 1)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=5, help="instances per size (different seeds)")
    ap.add_argument("--limit", type=float, default=None, help="time limit in s (default: the service's rule)")
    args = ap.parse_args()
    rows, team_rows = [], []
    for n in SIZES:
        limit = args.limit if args.limit is not None else default_time_limit(n, get_settings().route_solver_seconds)
        for seed in range(args.runs):
            r = run(n, seed, limit)
            r["limit"] = limit
            rows.append(r)
            print(
                f"n={n:3d} seed={seed}  service {r['ours_m'] / 1000:8.2f} km {r['ours_s']:6.3f} s   "
                f"OR-Tools {r['ortools_m'] / 1000:8.2f} km   LKH {r['lkh_m'] / 1000:8.2f} km {r['lkh_s']:6.3f} s   "
                f"gap {_gap(r['ours_m'], r['lkh_m']):+.3f} %",
                flush=True,
            )
            tr = run_teams(n, seed, limit)
            team_rows.append(tr)
            print(
                f"      2 teams + windows: service {tr['ours_m'] / 1000:8.2f} km ({tr['visited']} visited) "
                f"{tr['ours_s']:6.3f} s, OR-Tools alone {tr['ortools_m'] / 1000:8.2f} km ({tr['visited_ort']})",
                flush=True,
            )
    lines = [
        "# Route planning: the service's solver vs LKH-3 alone (elkai) and OR-Tools alone",
        "",
        f"Run {dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC on {platform.machine()} "
        f"({platform.python_implementation()} {platform.python_version()}, {os.cpu_count()} shared cores, load average "
        f"{os.getloadavg()[0]:.1f}), command `.venv/bin/python bench/routes.py --runs {args.runs}`.",
        "",
        "Same integer distance matrix for all (seeded sample of inspected demo sites + the bureau, geodesic × 1.35), "
        "one closed tour, no day limit. *Service* = `geo.analysis.route_solver.solve`: one team and day without windows "
        "goes to LKH-3 (elkai, 10 runs up to 40 stops, 5 above), kept when it fits the day, then every answer is checked "
        "against the windows and the day. *OR-Tools alone*: PATH_CHEAPEST_ARC + guided local search with the service's "
        "time limit (min(1 s, 0.15 s + 0.0125 s × stops)). *LKH alone*: elkai, 10 runs. Times are wall-clock.",
        "",
        "| stops | instance | service km | service s | OR-Tools km | LKH km | LKH s | service gap vs LKH | OR-Tools gap vs LKH |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for r in rows:
        lines.append(
            f"| {r['n']} | {r['seed']} | {r['ours_m'] / 1000:.2f} | {r['ours_s']:.3f} | {r['ortools_m'] / 1000:.2f} | "
            f"{r['lkh_m'] / 1000:.2f} | {r['lkh_s']:.3f} | {_gap(r['ours_m'], r['lkh_m']):+.3f} % | "
            f"{_gap(r['ortools_m'], r['lkh_m']):+.2f} % |"
        )
    lines.append("")
    for n in SIZES:
        sub = [r for r in rows if r["n"] == n]
        gaps = [_gap(r["ours_m"], r["lkh_m"]) for r in sub]
        times = [r["ours_s"] for r in sub]
        lines.append(
            f"- {n} stops: service gap vs LKH mean {np.mean(gaps):+.3f} %, worst {max(gaps):+.3f} %; service time "
            f"median {np.median(times):.3f} s (min {min(times):.3f}, max {max(times):.3f}); OR-Tools alone mean gap "
            f"{np.mean([_gap(r['ortools_m'], r['lkh_m']) for r in sub]):+.2f} %"
        )
    lines += [
        "",
        "Two teams, a 9-hour day, 20-minute visits, a 3-hour window at every third site (LKH alone cannot "
        "take these; the service runs OR-Tools, then LKH on each tour, keeping an order only when it still meets "
        "every window and the day). The saving is measured on one OR-Tools answer before and after the LKH step; "
        "*service s* times a separate full call:",
        "",
        "| stops | instance | OR-Tools + LKH km (visited) | service s | OR-Tools alone km (visited) | saved by LKH step |",
        "|---:|---:|---:|---:|---:|---:|",
    ]
    for r in team_rows:
        lines.append(
            f"| {r['n']} | {r['seed']} | {r['ours_m'] / 1000:.2f} ({r['visited']}) | {r['ours_s']:.3f} | "
            f"{r['ortools_m'] / 1000:.2f} ({r['visited_ort']}) | {-_gap(r['ours_m'], r['ortools_m']):.2f} % |"
        )
    lines.append("")
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"wrote {RESULTS}")


if __name__ == "__main__":
    main()
