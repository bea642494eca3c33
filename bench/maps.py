"""Map pages: our builder vs two plain-Folium peers (cold build time, HTML size), and the cached
page over HTTP vs nginx serving the same bytes (req/s, plain and gzip), per role, with 1 and 2
uvicorn workers. Writes bench/results/maps.md.

    scripts/bench-peers                  # nginx and wrk from apt
    .venv/bin/python -m bench.maps [--rounds 5] [--seconds 3]
"""

from __future__ import annotations

import argparse
import datetime as dt
import gzip
import os
import statistics
import subprocess
import tempfile
import uuid
from contextlib import contextmanager
from pathlib import Path

from bench._cluster import auth_headers, bench_database
from bench._load import ROOT, fetch, fieldmap_server, free_port, median_time, summary, wait_http, wrk
from bench.plain_folium import build_documented, build_plain
from geo.privacy import rank
from geo.store.database import get_engine
from maps import spec as map_specs
from maps.page import PageOptions, build_page
from maps.spec import all_maps

ROLES = ("anonymous", "viewer", "official")
NGINX_CONF = """worker_processes {workers};
pid {dir}/nginx.pid;
error_log {dir}/error.log;
events {{ worker_connections 1024; }}
http {{
  access_log off;
  default_type text/html;
  sendfile on;
  gzip_static on;  # serves NAME.html.gz, compressed once like ours, to gzip clients
  client_body_temp_path {dir}/tmp; proxy_temp_path {dir}/tmp; fastcgi_temp_path {dir}/tmp;
  uwsgi_temp_path {dir}/tmp; scgi_temp_path {dir}/tmp;
  server {{ listen 127.0.0.1:{port}; root {dir}/www; }}
}}
"""


@contextmanager
def nginx(pages: dict[str, bytes], workers: int = 1):
    """nginx (as many workers as ours) serving each page as a static file, plus its .gz."""
    with tempfile.TemporaryDirectory(prefix="fieldmap-nginx-", dir="/var/tmp") as d:
        root = Path(d)
        root.chmod(0o755)  # nginx workers run as an unprivileged user
        (root / "www").mkdir(mode=0o755)
        (root / "tmp").mkdir()
        for name, body in pages.items():
            (root / "www" / f"{name}.html").write_bytes(body)
            (root / "www" / f"{name}.html.gz").write_bytes(gzip.compress(body, 6, mtime=0))
        for f in (root / "www").iterdir():
            f.chmod(0o644)
        port = free_port()
        conf = root / "nginx.conf"
        conf.write_text(NGINX_CONF.format(dir=root, port=port, workers=workers))
        subprocess.run(["nginx", "-c", str(conf)], check=True)
        try:
            wait_http(f"http://127.0.0.1:{port}/{next(iter(pages))}.html")
            yield f"http://127.0.0.1:{port}"
        finally:
            subprocess.run(["nginx", "-c", str(conf), "-s", "stop"], check=False)


def _may(role: str, name: str) -> bool:
    return rank(None if role == "anonymous" else role) >= rank(map_specs.get(name).min_role)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--rounds", type=int, default=5)
    ap.add_argument("--seconds", type=int, default=3)
    ap.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    args = ap.parse_args()
    rows, http = [], []
    with bench_database("maps") as (url, bearer):
        specs = all_maps()
        with get_engine(url).connect() as conn:
            for spec in specs:
                opts = PageOptions(role="official")  # every layer of the map drawn, as the peers draw them
                sizes = {
                    "ours": build_page(conn, spec, opts),
                    "documented": build_documented(conn, spec),
                    "markers": build_plain(conn, spec),
                }
                times = {"ours": [], "documented": [], "markers": []}
                builders = {
                    "ours": lambda: build_page(conn, spec, opts),
                    "documented": lambda: build_documented(conn, spec),
                    "markers": lambda: build_plain(conn, spec),
                }
                for _ in range(5):  # interleaved rounds (each built once already above: the warm-up)
                    for k, fn in builders.items():
                        times[k].append(median_time(fn, 1))
                rows.append(
                    {"map": spec.name, "times": times, "kb": {k: len(v.encode()) / 1000 for k, v in sizes.items()}}
                )
                print(
                    f"{spec.name}: build ours {summary(times['ours'])} ms, Folium GeoJson {summary(times['documented'])} "
                    f"ms, Folium markers {summary(times['markers'])} ms",
                    flush=True,
                )
        for workers in args.workers:
            with fieldmap_server(url, free_port(), workers) as base:
                pages, targets = {}, []
                for spec in specs:
                    for role in ROLES:
                        if not _may(role, spec.name):
                            continue
                        body = fetch(f"{base}/maps/{spec.name}", auth_headers(role, bearer))
                        pages[f"{spec.name}-{role}"] = body
                        targets.append((spec.name, role))
                if workers != args.workers[0]:  # the scaling figure: one map is enough (time)
                    targets = [t for t in targets if t[0] == specs[0].name]
                with nginx(pages, workers) as ngx:
                    for name, role in targets:
                        h = auth_headers(role, bearer)
                        rec = {
                            "map": name,
                            "role": role,
                            "workers": workers,
                            "ours": [],
                            "nginx": [],
                            "ours_gz": [],
                            "nginx_gz": [],
                            "kb": len(pages[f"{name}-{role}"]) / 1000,
                        }
                        rec["cold_ms"] = median_time(
                            lambda: fetch(f"{base}/maps/{name}?bench={uuid.uuid4().hex}", h), 5
                        )
                        wrk(f"{base}/maps/{name}", 1, headers=h)  # warm-up
                        wrk(f"{ngx}/{name}-{role}.html", 1)
                        for _ in range(args.rounds):  # interleaved
                            rec["ours"].append(wrk(f"{base}/maps/{name}", args.seconds, headers=h))
                            rec["nginx"].append(wrk(f"{ngx}/{name}-{role}.html", args.seconds))
                            rec["ours_gz"].append(wrk(f"{base}/maps/{name}", args.seconds, gzip=True, headers=h))
                            rec["nginx_gz"].append(wrk(f"{ngx}/{name}-{role}.html", args.seconds, gzip=True))
                        http.append(rec)
                        print(
                            f"{workers}w {name} {role}: {summary(rec['ours'])} vs nginx {summary(rec['nginx'])} "
                            f"({_ratio(rec, 'ours', 'nginx'):.2f}x); gzip {summary(rec['ours_gz'])} vs "
                            f"{summary(rec['nginx_gz'])} ({_ratio(rec, 'ours_gz', 'nginx_gz'):.2f}x)",
                            flush=True,
                        )
    write(rows, http, args)


def _ratio(rec: dict, a: str, b: str) -> float:
    return statistics.median(rec[a]) / statistics.median(rec[b])


def write(rows: list[dict], http: list[dict], args: argparse.Namespace) -> None:
    out = ROOT / "bench" / "results" / "maps.md"
    lines = [
        "# Map pages: fieldmap vs plain Folium (cold) and vs nginx (cached)",
        "",
        f"Measured {dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC on {os.cpu_count()} shared cores (load average "
        f"{os.getloadavg()[0]:.1f} at the end), default Mangshi dataset in a throwaway cluster, command "
        f"`.venv/bin/python -m bench.maps --rounds {args.rounds} --seconds {args.seconds}`.",
        "",
        "Cold build in-process, queries included, one warm-up then 5 interleaved rounds, ms median (min–max). Ours is "
        "built for an official (every layer). Peers, same layers, geometries as stored:",
        "- **Folium GeoJson** (the fair peer, as Folium's documentation teaches): one `folium.GeoJson` per layer with "
        "`GeoJsonPopup` + `GeoJsonTooltip`;",
        "- **Folium markers**: one `CircleMarker` + `Popup` + `Tooltip` per point (`bench/plain_folium.py`).",
        "",
        "| map | ours ms | Folium GeoJson ms | speed-up | Folium markers ms | speed-up | HTML KB ours / GeoJson / markers |",
        "|---|---:|---:|---:|---:|---:|---:|",
    ]
    for r in rows:
        t = {k: statistics.median(v) for k, v in r["times"].items()}
        lines.append(
            f"| {r['map']} | {summary(r['times']['ours'])} | {summary(r['times']['documented'])} | "
            f"{t['documented'] / t['ours']:.1f}x | {summary(r['times']['markers'])} | {t['markers'] / t['ours']:.1f}x | "
            f"{r['kb']['ours']:.0f} / {r['kb']['documented']:.0f} / {r['kb']['markers']:.0f} |"
        )
    lines += [
        "",
        f"Cached pages over HTTP: wrk, 1 thread, 16 connections, {args.seconds} s per run, a warm-up run each, then "
        f"{args.rounds} interleaved rounds, req/s median (min–max). fieldmap = `uvicorn --workers N` (httptools, uvloop); "
        "a hit is a dictionary lookup and a send: data version and the caller's identity from memory. nginx = the same "
        "number of workers serving the very bytes fieldmap sent to that role as a static file (`sendfile`), and its "
        "pre-compressed .gz to gzip clients (`gzip_static`). Anonymous = no credentials; viewer/official = a bearer token.",
        "",
        "| workers | map | role | KB | cold miss ms | fieldmap | nginx | ratio | fieldmap gzip | nginx gzip | ratio |",
        "|---:|---|---|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for r in http:
        lines.append(
            f"| {r['workers']} | {r['map']} | {r['role']} | {r['kb']:.0f} | {r['cold_ms']:.0f} | {summary(r['ours'])} | "
            f"{summary(r['nginx'])} | {_ratio(r, 'ours', 'nginx'):.2f}x | {summary(r['ours_gz'])} | "
            f"{summary(r['nginx_gz'])} | {_ratio(r, 'ours_gz', 'nginx_gz'):.2f}x |"
        )
    plain = [_ratio(r, "ours", "nginx") for r in http]
    packed = [_ratio(r, "ours_gz", "nginx_gz") for r in http]
    lines += [
        "",
        f"Target cached page ≥ 0.5x nginx (plain and gzip): lowest plain {min(plain):.2f}x, lowest gzip "
        f"{min(packed):.2f}x — {'met' if min(plain + packed) >= 0.5 else 'not met'}.",
        "",
    ]
    by_workers = {}
    for r in http:
        by_workers.setdefault(r["workers"], []).append(statistics.median(r["ours"]))
    if len(by_workers) > 1:
        lines.append(
            "Workers: "
            + ", ".join(
                f"{w} worker(s) median over pages {statistics.median(v):.0f} req/s"
                for w, v in sorted(by_workers.items())
            )
            + " (2 cores shared with the load generator, nginx and other work)."
        )
        lines.append("")
    out.write_text("\n".join(lines))
    print(f"wrote {out}")


if __name__ == "__main__":
    main()
