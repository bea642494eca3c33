"""Layer GeoJSON: fieldmap's /layers/{name}.geojson vs tipg's OGC API items of the same table.
Writes bench/results/layers.md.

tipg is not a dependency of fieldmap: install it into a separate venv for this benchmark only,
    python3 -m venv /var/tmp/tipg-venv && /var/tmp/tipg-venv/bin/pip install tipg uvicorn
then  TIPG_VENV=/var/tmp/tipg-venv DATABASE_URL=postgresql+psycopg2://... .venv/bin/python -m bench.layers
Load is generated on 127.0.0.1 only, with wrk, for BENCH_SECONDS (default 5) per run.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import statistics
from pathlib import Path

from sqlalchemy.engine import make_url

from bench._load import ROOT, fetch, fieldmap_server, free_port, median_time, process, wrk
from geo.store.database import get_engine
from geo.store.runtime import database
from geo.store.settings import get_settings
from layers import registry

# our layer -> the table tipg serves for it
PAIRS = {"sites": "site", "villages": "village", "townships": "township", "inspections": "inspection"}
ROUNDS = 2


def main() -> None:
    venv = Path(os.environ.get("TIPG_VENV", "/var/tmp/tipg-venv"))
    if not (venv / "bin" / "uvicorn").exists():
        raise SystemExit(__doc__)
    rows = []
    with database(get_settings()) as url:
        with get_engine(url).connect() as conn:
            for layer_name in PAIRS:
                layer = registry.get(layer_name)
                rows.append({"layer": layer_name, "table": PAIRS[layer_name],
                             "build_ms": median_time(lambda: layer.geojson(conn), 9)})
        u = make_url(url)
        pg = f"postgresql://{u.username}{':' + u.password if u.password else ''}@{u.host}:{u.port}/{u.database}"
        tipg_port = free_port()
        tipg_cmd = [str(venv / "bin" / "uvicorn"), "tipg.main:app", "--host", "127.0.0.1", "--port", str(tipg_port),
                    "--log-level", "warning", "--no-access-log"]
        tipg_env = {"DATABASE_URL": pg, "TIPG_DB_SCHEMAS": '["public"]'}
        with fieldmap_server(url, int(os.environ.get("BENCH_PORT", "8103"))) as base, \
                process(tipg_cmd, tipg_env, f"http://127.0.0.1:{tipg_port}/collections") :
            tipg = f"http://127.0.0.1:{tipg_port}"
            for row in rows:
                ours_url = f"{base}/layers/{row['layer']}.geojson"
                tipg_url = f"{tipg}/collections/public.{row['table']}/items?limit=10000"
                ours_fc, tipg_fc = json.loads(fetch(ours_url)), json.loads(fetch(tipg_url))
                row["ours_n"], row["tipg_n"] = len(ours_fc["features"]), len(tipg_fc["features"])
                row["ours_kb"], row["tipg_kb"] = len(fetch(ours_url)) / 1000, len(fetch(tipg_url)) / 1000
                ours, peer = [], []
                for _ in range(ROUNDS):
                    ours.append(wrk(ours_url))
                    peer.append(wrk(tipg_url))
                row["ours_rps"], row["tipg_rps"] = statistics.median(ours), statistics.median(peer)
                print(f"{row['layer']} ({row['ours_n']} features; tipg {row['tipg_n']}): fieldmap {row['ours_rps']:.0f} "
                      f"req/s vs tipg {row['tipg_rps']:.0f} req/s ({row['ours_rps'] / row['tipg_rps']:.0f}x); "
                      f"uncached build {row['build_ms']:.1f} ms", flush=True)
    write(rows)


def write(rows: list[dict]) -> None:
    out = ROOT / "bench" / "results" / "layers.md"
    out.parent.mkdir(parents=True, exist_ok=True)
    lines = [
        "# Layer GeoJSON: fieldmap vs tipg",
        "",
        f"Measured {dt.datetime.now(dt.timezone.utc):%Y-%m-%d %H:%M} UTC (load average {os.getloadavg()[0]:.1f} "
        f"at the end: the machine is shared, so req/s figures move by ±50 % between runs) on {os.cpu_count()} cores, default Mangshi "
        "dataset, `python -m bench.layers`. Both servers: one uvicorn worker on 127.0.0.1, access log off, same "
        "PostGIS database. fieldmap: `GET /layers/{name}.geojson` (cached until the data version changes; every "
        "request still checks the version in PostGIS). tipg 1.x: `GET /collections/public.{table}/items?limit=10000` "
        "(a query per request). wrk: 1 thread, 16 connections, "
        f"{os.environ.get('BENCH_SECONDS', '5')} s, median of {ROUNDS} interleaved runs.",
        "",
        "| layer | table | features (ours / tipg) | size KB (ours / tipg) | fieldmap req/s | tipg req/s | ratio "
        "| uncached build (ms) |",
        "|---|---|---:|---:|---:|---:|---:|---:|",
    ]
    for r in rows:
        lines.append(
            f"| {r['layer']} | {r['table']} | {r['ours_n']} / {r['tipg_n']} | {r['ours_kb']:.1f} / {r['tipg_kb']:.1f} "
            f"| {r['ours_rps']:.0f} | {r['tipg_rps']:.0f} | {r['ours_rps'] / r['tipg_rps']:.0f}x | {r['build_ms']:.1f} |"
        )
    lines += ["", "Target: layer GeoJSON ≥ 10x the requests/s of tipg on the same table.", ""]
    out.write_text("\n".join(lines))
    print(f"wrote {out}")


if __name__ == "__main__":
    main()
