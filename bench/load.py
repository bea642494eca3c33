"""Load test on loopback with wrk: N concurrent clients for D seconds over a list of URLs.

    .venv/bin/python bench/load.py                       # own server + cluster, default paths
    .venv/bin/python bench/load.py --base http://127.0.0.1:8000 / /maps/overview /layers/sites.geojson

Without ``--base`` it starts ``fieldmap serve`` on its own port and local cluster (port
55107 by default) and stops both afterwards. The mixed run (every client cycling through
all paths) is the figure the issue asks for; each path is then also run alone, briefly, so
its latency stands beside the others. Zero errors means: no socket error, no timeout, and
no answer outside 2xx/3xx. Writes ``bench/results/load.md``. Needs ``wrk`` (apt-get install wrk).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_PATHS = [
    "/",
    "/maps/overview",
    "/maps/coverage",
    "/maps/logistics",
    "/layers/sites.geojson",
    "/layers/villages.geojson",
    "/layers/townships.geojson",
    "/healthz",
]

LUA = r"""
local paths = {}
local counter = 0
local codes = {}
function init(args)
  for i, p in ipairs(args) do paths[i] = p end
end
function request()
  counter = counter + 1
  return wrk.format("GET", paths[(counter % #paths) + 1])
end
function response(status, headers, body)
  codes[status] = (codes[status] or 0) + 1
end
function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    'RESULT {"requests": %d, "duration_us": %d, "connect": %d, "read": %d, "write": %d, "status": %d, "timeout": %d, '
    .. '"p50_ms": %.2f, "p95_ms": %.2f, "p99_ms": %.2f, "mean_ms": %.2f, "max_ms": %.2f}\n',
    summary.requests, summary.duration, e.connect, e.read, e.write, e.status, e.timeout,
    latency:percentile(50) / 1000, latency:percentile(95) / 1000, latency:percentile(99) / 1000,
    latency.mean / 1000, latency.max / 1000))
end
"""


def run_wrk(base: str, paths: list[str], connections: int, seconds: int, threads: int) -> dict:
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as f:
        f.write(LUA)
        script = f.name
    try:
        cmd = [
            "wrk",
            "-t",
            str(threads),
            "-c",
            str(connections),
            "-d",
            f"{seconds}s",
            "--timeout",
            "60s",
            "-s",
            script,
            base,
            "--",
            *paths,
        ]
        out = subprocess.run(cmd, capture_output=True, text=True, check=True).stdout
    finally:
        os.unlink(script)
    line = next(l for l in out.splitlines() if l.startswith("RESULT "))
    result = json.loads(line[len("RESULT ") :])
    result["rps"] = result["requests"] / (result["duration_us"] / 1e6)
    result["errors"] = sum(result[k] for k in ("connect", "read", "write", "status", "timeout"))
    return result


def wait_ready(base: str, seconds: float = 180) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(base + "/healthz", timeout=2) as r:
                if r.status == 200:
                    return
        except OSError:
            time.sleep(1)
    raise SystemExit(f"the service at {base} did not become ready")


def single_ms(base: str, path: str, repeat: int = 5) -> float:
    """Median time of one request with nothing else running: the floor under the loaded figures."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        with urllib.request.urlopen(base + path, timeout=60) as r:
            r.read()
            assert r.status < 400, path
        times.append((time.perf_counter() - start) * 1000)
    return sorted(times)[len(times) // 2]


def drain(base: str) -> None:
    """Let the server finish what the last run left queued, so runs do not overlap."""
    wait_ready(base)
    time.sleep(2)


def start_server(port: int, pg_port: int) -> subprocess.Popen:
    env = {**os.environ, "FIELDMAP_DATA_DIR": f"/var/tmp/fieldmap-bench-{pg_port}", "FIELDMAP_PG_PORT": str(pg_port)}
    env.pop("DATABASE_URL", None)
    return subprocess.Popen(
        [str(ROOT / ".venv/bin/fieldmap"), "serve", "--port", str(port)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def row(name: str, r: dict) -> str:
    return (
        f"| {name} | {r['requests']} | {r['rps']:.1f} | {r['p50_ms']:.1f} | {r['p95_ms']:.1f} | "
        f"{r['p99_ms']:.1f} | {r['errors']} |"
    )


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("paths", nargs="*", default=DEFAULT_PATHS)
    ap.add_argument("--base", help="a running service, e.g. http://127.0.0.1:8000 (default: start one)")
    ap.add_argument("--port", type=int, default=8107)
    ap.add_argument("--pg-port", type=int, default=55107)
    ap.add_argument("--connections", type=int, default=50)
    ap.add_argument("--seconds", type=int, default=60)
    ap.add_argument("--per-path-seconds", type=int, default=20, help="0 skips the runs of each path alone")
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--out", type=Path, default=ROOT / "bench/results/load.md")
    args = ap.parse_args()
    if shutil.which("wrk") is None:
        raise SystemExit("wrk is not installed: apt-get install -y wrk")
    base = args.base or f"http://127.0.0.1:{args.port}"
    if not base.startswith(("http://127.0.0.1", "http://localhost", "http://[::1]")):
        raise SystemExit("load is generated on loopback only")
    server = None if args.base else start_server(args.port, args.pg_port)
    try:
        wait_ready(base)
        unloaded = {p: single_ms(base, p) for p in args.paths}  # also: every path must answer
        mixed = run_wrk(base, args.paths, args.connections, args.seconds, args.threads)
        alone = {}
        for p in args.paths if args.per_path_seconds else []:
            drain(base)
            alone[p] = run_wrk(base, [p], args.connections, args.per_path_seconds, args.threads)
    finally:
        if server is not None:
            server.send_signal(signal.SIGINT)  # fieldmap serve stops its cluster on the way out
            server.wait(timeout=120)
    header = "| run | requests | req/s | p50 ms | p95 ms | p99 ms | errors |\n|---|---|---|---|---|---|---|"
    lines = [row(f"mixed: {' '.join(args.paths)} ({args.seconds} s)", mixed)]
    lines += [row(f"{p} alone ({args.per_path_seconds} s)", r) for p, r in alone.items()]
    table = header + "\n" + "\n".join(lines)
    table += (
        "\n\nOne request at a time, no load (median of 5): "
        + ", ".join(f"`{p}` {ms:.0f} ms" for p, ms in unloaded.items())
        + "."
    )
    print(table)
    cpu = os.cpu_count()
    note = (
        f"# Load test (wrk, loopback)\n\n{dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC, {cpu} CPU cores, "
        f"{args.connections} concurrent connections, wrk -t{args.threads}, one uvicorn worker, "
        f"server and load generator on the same machine.\n\n"
        f"Command: `.venv/bin/python bench/load.py {' '.join(sys.argv[1:])}`\n\n{table}\n\n"
        f"Errors = socket errors + timeouts (60 s) + answers outside 2xx/3xx.\n"
    )
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(note)
    if mixed["errors"] or any(r["errors"] for r in alone.values()):
        raise SystemExit("errors under load")


if __name__ == "__main__":
    main()
