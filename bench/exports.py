"""Export times: every registered map as PNG/SVG/PDF, the briefing deck, over HTTP too,
side by side with the peer staff use today — a headless-Chromium screenshot of the page.

    FIELDMAP_DATA_DIR=/var/tmp/x FIELDMAP_PG_PORT=55106 .venv/bin/python bench/exports.py [--port 8106] [--runs 5]

Uses the local cluster (or DATABASE_URL), serves the app on 127.0.0.1 only, bounded runs,
and writes bench/results/exports.md.
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import subprocess
import tempfile
import threading
import time
from pathlib import Path

import httpx
import uvicorn

import layers  # noqa: F401
from api.app import create_app
from api.runtime import database
from geo.store.database import get_engine
from geo.store.settings import get_settings
from maps.briefing import build_briefing
from maps.export import ExportOptions, render_map
from maps.spec import all_maps

CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def timed(fn, runs: int) -> tuple[list[float], object]:  # noqa: ANN001
    fn()  # warm-up: font cache, engine, imports
    times, out = [], None
    for _ in range(runs):
        t0 = time.perf_counter()
        out = fn()
        times.append(time.perf_counter() - t0)
    return times, out


def row(label: str, times: list[float], size: int | None = None) -> str:
    med = statistics.median(times)
    kb = f"{size / 1024:,.0f}" if size is not None else "—"
    return f"| {label} | {med * 1000:,.0f} | {min(times) * 1000:,.0f} | {max(times) * 1000:,.0f} | {kb} |"


def serve(url: str, port: int) -> uvicorn.Server:
    server = uvicorn.Server(uvicorn.Config(create_app(url), host="127.0.0.1", port=port, log_level="warning"))
    threading.Thread(target=server.run, daemon=True).start()
    for _ in range(100):
        if server.started:
            return server
        time.sleep(0.1)
    raise RuntimeError("server did not start")


def chromium_shot(page: str, out: Path) -> int:
    with tempfile.TemporaryDirectory() as profile:
        subprocess.run(
            [
                "chromium",
                *CHROMIUM_ARGS,
                f"--user-data-dir={profile}",
                f"--screenshot={out}",
                "--window-size=1920,1080",
                "--virtual-time-budget=3000",
                page,
            ],
            check=True,
            capture_output=True,
            timeout=60,
        )
    return out.stat().st_size


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, default=8106)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--out", type=Path, default=Path(__file__).parent / "results" / "exports.md")
    args = parser.parse_args()
    lines = ["| what | median ms | min ms | max ms | size KiB |", "|---|---:|---:|---:|---:|"]
    with database(get_settings()) as url:
        with get_engine(url).connect() as conn:
            for spec in all_maps():
                for fmt, extra in (
                    ("png", {}),
                    ("svg", {}),
                    ("pdf", {}),
                    ("pdf", {"paper": "A4"}),
                    ("png", {"width": 3840, "height": 2160}),
                ):
                    opts = ExportOptions(fmt=fmt, **extra)
                    times, out = timed(lambda: render_map(conn, spec.name, opts), args.runs)
                    size = f"{opts.width}×{opts.height}" if not opts.paper else f"{opts.paper} landscape"
                    lines.append(row(f"render `{spec.name}` {fmt.upper()} {size}", times, len(out.content)))
            times, deck = timed(lambda: build_briefing(conn, get_settings()), max(2, args.runs // 2))
            lines.append(row(f"briefing deck ({len(all_maps()) + 3} slides)", times, len(deck)))
        server = serve(url, args.port)
        base = f"http://127.0.0.1:{args.port}"
        try:
            with httpx.Client(base_url=base, timeout=120) as http:
                for spec in all_maps():
                    for fmt in ("png", "svg", "pdf"):
                        times, r = timed(lambda: http.get(f"/maps/{spec.name}.{fmt}"), args.runs)
                        lines.append(row(f"HTTP GET /maps/{spec.name}.{fmt}", times, len(r.content)))
                times, r = timed(lambda: http.get("/briefing.pptx"), max(2, args.runs // 2))
                lines.append(row("HTTP GET /briefing.pptx", times, len(r.content)))
            with tempfile.TemporaryDirectory() as tmp:
                shot = Path(tmp) / "page.png"
                times, size = timed(lambda: chromium_shot(f"{base}/", shot), max(2, args.runs // 2))
                lines.append(row("peer: Chromium screenshot of the page `/` 1920×1080", times, size))
        finally:
            server.should_exit = True
    header = [
        "# Export benchmark",
        "",
        f"`{' '.join(['python', 'bench/exports.py', '--runs', str(args.runs)])}` on {platform.node()} "
        f"({platform.processor() or platform.machine()}, Python {platform.python_version()}), "
        f"{time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}. Default Mangshi dataset (13 townships, 121 villages, "
        "80 sites). Each line: one warm-up, then the runs; render = in-process, database query included. "
        f"Load average at the end: {' / '.join(f'{v:.1f}' for v in os.getloadavg())} on {os.cpu_count()} cores "
        "(other work shares the machine, so compare lines of the same run).",
        "",
        "The peer is what staff do today: a headless-Chromium screenshot of the interactive page "
        "(process start, page load, Leaflet drawing). It has no scale bar, north arrow or paper size, and its "
        "legend covers the map.",
        "",
    ]
    text = "\n".join(header + lines) + "\n"
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(text, encoding="utf-8")
    print(text)


if __name__ == "__main__":
    main()
