"""Layer GeoJSON: fieldmap's /layers/{name}.geojson vs tipg's OGC API items of the same table,
per role (anonymous, viewer, official), and a cache-missing bbox series. Writes bench/results/layers.md.

    scripts/bench-peers                 # tipg into bench/.peers, wrk from apt
    .venv/bin/python -m bench.layers [--rounds 5] [--seconds 3]

A throwaway cluster with the default dataset and one user per role (bench/_cluster.py); both servers
on 127.0.0.1 with one worker over the same database; wrk, 1 thread, 16 connections.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import statistics
from pathlib import Path

from sqlalchemy.engine import make_url

from bench._cluster import auth_headers, bench_database
from bench._load import ROOT, fetch, fieldmap_server, free_port, median_time, process, summary, wrk
from geo.store.database import get_engine
from layers import registry
from layers import registry as layer_registry

# our layer -> the table tipg serves for it
PAIRS = {"sites": "site", "villages": "village", "townships": "township", "inspections": "inspection"}
ROLES = ("anonymous", "viewer", "official")
PEERS = ROOT / "bench" / ".peers"
BBOXES = ["98.40,24.30,98.55,24.45", "98.50,24.35,98.65,24.50", "98.35,24.25,98.70,24.55", "98.55,24.40,98.70,24.55"]
BBOX_LUA = r"""
counter = 0
function request()
  counter = counter + 1
  local x = 98.30 + (counter % 97) * 0.004
  local y = 24.20 + (math.floor(counter / 97) % 89) * 0.004
  return wrk.format("GET", string.format("%s?bbox=%.4f,%.4f,%.4f,%.4f", wrk.path, x, y, x + 0.15, y + 0.15))
end
"""


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--rounds", type=int, default=5)
    ap.add_argument("--seconds", type=int, default=3)
    args = ap.parse_args()
    if not (PEERS / "bin" / "uvicorn").exists():
        raise SystemExit("tipg is missing: run scripts/bench-peers")
    rows = []
    with bench_database("layers") as (url, bearer):
        with get_engine(url).connect() as conn:
            for name in PAIRS:
                layer = registry.get(name)
                rows.append(
                    {"layer": name, "table": PAIRS[name], "build_ms": median_time(lambda: layer.geojson(conn), 9)}
                )
        u = make_url(url)
        pg = f"postgresql://{u.username}@{u.host}:{u.port}/{u.database}"
        tipg_port = free_port()
        tipg_cmd = [
            str(PEERS / "bin" / "uvicorn"),
            "tipg.main:app",
            "--host",
            "127.0.0.1",
            "--port",
            str(tipg_port),
            "--log-level",
            "warning",
            "--no-access-log",
        ]
        with (
            fieldmap_server(url, free_port()) as base,
            process(
                tipg_cmd,
                {"DATABASE_URL": pg, "TIPG_DB_SCHEMAS": '["public"]'},
                f"http://127.0.0.1:{tipg_port}/collections",
            ),
        ):
            tipg = f"http://127.0.0.1:{tipg_port}"
            for row in rows:
                row["ours_url"] = f"{base}/layers/{row['layer']}.geojson"
                row["tipg_url"] = f"{tipg}/collections/public.{row['table']}/items?limit=10000"
                row["roles"] = [
                    r for r in ROLES if layer_registry.get(row["layer"]).visible_to(None if r == "anonymous" else r)
                ]
                ours_fc = json.loads(fetch(row["ours_url"], auth_headers(row["roles"][0], bearer)))
                tipg_fc = json.loads(fetch(row["tipg_url"]))
                row["ours_n"], row["tipg_n"] = len(ours_fc["features"]), len(tipg_fc["features"])
                row["ours_kb"] = len(json.dumps(ours_fc).encode()) / 1000
                row["tipg_kb"] = len(fetch(row["tipg_url"])) / 1000
                row["tipg"], row["ours"] = [], {r: [] for r in row["roles"]}
                for r in row["roles"]:  # warm-up: builds the cache entry per role
                    wrk(row["ours_url"], 1, headers=auth_headers(r, bearer))
                wrk(row["tipg_url"], 1)
            for k in range(args.rounds):  # interleaved: every figure sees the same machine, round by round
                for row in rows:
                    row["tipg"].append(wrk(row["tipg_url"], args.seconds))
                    for r in row["roles"]:
                        row["ours"][r].append(wrk(row["ours_url"], args.seconds, headers=auth_headers(r, bearer)))
                print(f"round {k + 1}/{args.rounds} done", flush=True)
            # cache misses: a new bbox on every request (our cache never holds it; tipg never caches)
            miss = {"ours": [], "tipg": []}
            lua = Path(ROOT / "bench" / ".peers" / "bbox.lua")
            lua.write_text(BBOX_LUA)
            for _ in range(args.rounds):
                miss["tipg"].append(wrk_lua(f"{tipg}/collections/public.site/items", lua, args.seconds))
                miss["ours"].append(wrk_lua(f"{base}/layers/sites.geojson", lua, args.seconds))
            for row in rows:
                print(
                    f"{row['layer']}: tipg {summary(row['tipg'])} req/s; "
                    + "; ".join(
                        f"{r} {summary(v)} ({statistics.median(v) / statistics.median(row['tipg']):.0f}x)"
                        for r, v in row["ours"].items()
                    ),
                    flush=True,
                )
            print(f"bbox misses (sites): ours {summary(miss['ours'])} vs tipg {summary(miss['tipg'])}", flush=True)
    write(rows, miss, args)


def wrk_lua(url: str, script: Path, seconds: int) -> float:
    import re
    import subprocess

    out = subprocess.run(
        ["wrk", "-t1", "-c16", f"-d{seconds}s", "-s", str(script), url], capture_output=True, text=True, check=True
    ).stdout
    if "Non-2xx" in out:
        raise RuntimeError(f"{url} answered errors under load:\n{out}")
    return float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))


def _tipg_version() -> str:
    import subprocess

    return subprocess.run(
        [str(PEERS / "bin" / "python"), "-c", "import tipg; print(tipg.__version__)"], capture_output=True, text=True
    ).stdout.strip()


def write(rows: list[dict], miss: dict, args: argparse.Namespace) -> None:
    out = ROOT / "bench" / "results" / "layers.md"
    lines = [
        "# Layer GeoJSON: fieldmap vs tipg, per role",
        "",
        f"Measured {dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC on {os.cpu_count()} shared cores (load average "
        f"{os.getloadavg()[0]:.1f} at the end), default Mangshi dataset in a throwaway cluster, command "
        f"`.venv/bin/python -m bench.layers --rounds {args.rounds} --seconds {args.seconds}`. Both servers: one uvicorn "
        f"worker on 127.0.0.1, access log off, same database. wrk: 1 thread, 16 connections, {args.seconds} s per run, "
        f"a warm-up run each, then {args.rounds} interleaved rounds; req/s as median (min–max).",
        "",
        "- **fieldmap**: `GET /layers/{name}.geojson` as anonymous (no credentials), viewer and official (a bearer "
        "token). Cached per (layer, query, role, data version) with the privacy rules applied once when built; a hit "
        "reads the version from memory (LISTEN/NOTIFY) and the caller's identity from memory (forgotten on any "
        "account/token change), so it costs no database round trip.",
        f"- **tipg {_tipg_version()}** with its defaults: `GET /collections/public.{{table}}/items?limit=10000`, a query "
        "per request. tipg has no response cache: its only cache settings are `TIPG_CACHECONTROL` (a Cache-Control "
        "header for caches in front of it, default `public, max-age=3600`) and `TIPG_CATALOG_TTL` (how long the table "
        "catalogue is kept, default 300 s), both in force here; wrk ignores Cache-Control, so the defaults are also "
        "'tipg with its cache settings'. tipg serves every column (it has no roles).",
        "",
        "| layer | table | features (ours / tipg) | KB (ours / tipg) | tipg req/s | "
        + " | ".join(f"{r} req/s (ratio)" for r in ROLES)
        + " | uncached build ms |",
        "|---|---|---:|---:|---:|" + "---:|" * len(ROLES) + "---:|",
    ]
    worst = None
    for r in rows:
        tipg = statistics.median(r["tipg"])
        cells = []
        for role in ROLES:
            if role not in r["ours"]:
                cells.append("refused (needs official)")
                continue
            ratio = statistics.median(r["ours"][role]) / tipg
            worst = ratio if worst is None else min(worst, ratio)
            cells.append(f"{summary(r['ours'][role])} ({ratio:.1f}x)")
        lines.append(
            f"| {r['layer']} | {r['table']} | {r['ours_n']} / {r['tipg_n']} | {r['ours_kb']:.1f} / "
            f"{r['tipg_kb']:.1f} | {summary(r['tipg'])} | " + " | ".join(cells) + f" | {r['build_ms']:.1f} |"
        )
    m_ratio = statistics.median(miss["ours"]) / statistics.median(miss["tipg"])
    lines += [
        "",
        f"Target ≥ 10x tipg for every layer and role: lowest ratio {worst:.1f}x — {'met' if worst >= 10 else 'not met'}.",
        "",
        "Cache misses: a different `bbox` on every request (a 0.15° square stepped over the county by a wrk script), "
        f"sites layer, anonymous: fieldmap {summary(miss['ours'])} req/s vs tipg `collections/public.site/items?bbox=` "
        f"{summary(miss['tipg'])} req/s ({m_ratio:.1f}x; target ≥ 5x — {'met' if m_ratio >= 5 else 'not met'}). "
        "fieldmap builds the FeatureCollection in PostGIS (`string_agg(ST_AsGeoJSON(...))`, 6 decimals) in one "
        "statement, but does not stream it and does not simplify by zoom band.",
        "",
    ]
    out.write_text("\n".join(lines))
    print(f"wrote {out}")


if __name__ == "__main__":
    main()
