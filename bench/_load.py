"""Helpers for the benchmarks: start servers on 127.0.0.1, run wrk for a bounded time, time calls."""

from __future__ import annotations

import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
WRK_SECONDS = int(os.environ.get("BENCH_SECONDS", "5"))
WRK_CONNECTIONS = 16


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_http(url: str, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while True:
        try:
            with urllib.request.urlopen(url, timeout=5) as r:
                r.read()
                return
        except Exception:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.2)


def fetch(url: str, headers: dict[str, str] | None = None) -> bytes:
    with urllib.request.urlopen(urllib.request.Request(url, headers=headers or {}), timeout=60) as r:
        return r.read()


@contextmanager
def process(cmd: list[str], env: dict | None = None, ready_url: str | None = None):
    proc = subprocess.Popen(
        cmd, cwd=ROOT, env={**os.environ, **(env or {})}, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
    )
    try:
        if ready_url:
            wait_http(ready_url)
        yield proc
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()


@contextmanager
def fieldmap_server(database_url: str, port: int, workers: int = 1):
    """The service as deployed: uvicorn (httptools + uvloop), ``workers`` processes, access log off."""
    cmd = [
        sys.executable,
        "-m",
        "uvicorn",
        "bench.asgi:app_factory",
        "--factory",
        "--host",
        "127.0.0.1",
        "--port",
        str(port),
        "--log-level",
        "warning",
        "--no-access-log",
        "--workers",
        str(workers),
    ]
    with process(cmd, {"DATABASE_URL": database_url}, f"http://127.0.0.1:{port}/healthz"):
        yield f"http://127.0.0.1:{port}"


def wrk(
    url: str,
    seconds: int = WRK_SECONDS,
    connections: int = WRK_CONNECTIONS,
    gzip: bool = False,
    headers: dict[str, str] | None = None,
) -> float:
    """Requests per second over ``seconds`` with ``connections`` open connections (one wrk thread)."""
    if not shutil.which("wrk"):
        raise SystemExit("wrk is needed: scripts/bench-peers (apt-get install -y wrk)")
    header = ["-H", "Accept-Encoding: gzip"] if gzip else []
    for k, v in (headers or {}).items():
        header += ["-H", f"{k}: {v}"]
    out = subprocess.run(
        ["wrk", "-t1", f"-c{connections}", f"-d{seconds}s", *header, url], capture_output=True, text=True, check=True
    ).stdout
    if "Non-2xx" in out:
        raise RuntimeError(f"{url} answered errors under load:\n{out}")
    return float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))


def summary(values: list[float]) -> str:
    """median (min–max) of a list of figures."""
    return f"{statistics.median(values):.0f} ({min(values):.0f}–{max(values):.0f})"


def median_time(fn: Callable[[], object], runs: int) -> float:
    """Median wall time of ``fn`` in milliseconds."""
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        fn()
        times.append((time.perf_counter() - t) * 1000)
    return statistics.median(times)
