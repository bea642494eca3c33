"""Screenshots of every map page in the real headless Chromium: desktop, phone and embed sizes.

    .venv/bin/python scripts/screenshots.py [-o docs/screenshots] [--only coverage,inspections] [--lang zh]

Starts a throwaway PostGIS cluster with the default dataset (seed 2022, demo positions as of
2026-11-01, the shipped OSM roads loaded into ``road``), serves the app on a free port, signs in
as a supervisor (so the inspections and routes maps show what a supervisor sees), plans one
demo route, and writes ``<map>-desktop.png`` (1920×1080), ``<map>-phone.png`` (390×844) and
``<map>-embed.png`` (640×400, ``?embed=1``), and ``<map>-phone-legend.png`` with the legend open.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import shutil
import socket
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

SIZES = {"desktop": (1920, 1080), "phone": (390, 844), "embed": (640, 400)}
PASSWORD = "screenshot-password-1"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("-o", "--out", default=str(ROOT / "docs" / "screenshots"))
    ap.add_argument("--only", default="")
    ap.add_argument("--lang", default="zh")
    ap.add_argument("--sizes", default=",".join(SIZES))
    args = ap.parse_args()

    import uvicorn
    from playwright.sync_api import sync_playwright
    from sqlalchemy import text

    from api.app import create_app
    from geo.accounts.users import create_user
    from geo.io.default import load_default
    from geo.store import migrate
    from geo.store.cluster import LocalCluster
    from geo.store.database import get_engine
    from maps.spec import all_maps

    root = Path(tempfile.mkdtemp(prefix="fieldmap-shots-", dir="/var/tmp"))
    os.chmod(root, 0o755)
    cluster = LocalCluster(root, port=_free_port(), database="postgres")
    cluster.start()
    try:
        cluster.ensure_database("shots")
        url = cluster.url("shots")
        migrate.upgrade(url)
        load_default(url, seed=2022, as_of=dt.date(2026, 11, 1))
        roads = ROOT / "data" / "boundaries" / "mangshi_roads_osm_scgraph.geojson"
        with get_engine(url).connect() as conn:
            has_roads = conn.execute(text("SELECT count(*) FROM road")).scalar_one() > 0
        if not has_roads and roads.exists():
            import subprocess

            env = {**os.environ, "DATABASE_URL": url}
            subprocess.run(
                [sys.executable, "-m", "api.cli", "load", str(roads), "--table", "road"], env=env, check=False, cwd=ROOT
            )
        with get_engine(url).begin() as conn:
            create_user(conn, "shots", PASSWORD, "supervisor", actor="screenshots")
        port = _free_port()
        server = uvicorn.Server(uvicorn.Config(create_app(url), host="127.0.0.1", port=port, log_level="warning"))
        threading.Thread(target=server.run, daemon=True).start()
        while not server.started:
            time.sleep(0.05)
        base = f"http://127.0.0.1:{port}"
        out = Path(args.out)
        out.mkdir(parents=True, exist_ok=True)
        names = [s.name for s in all_maps()]
        if args.only:
            names = [n for n in names if n in args.only.split(",")]
        with sync_playwright() as p:
            browser = p.chromium.launch(
                executable_path="/usr/bin/chromium", headless=True, args=["--no-sandbox", "--disable-gpu"]
            )
            for size in args.sizes.split(","):
                w, h = SIZES[size]
                ctx = browser.new_context(viewport={"width": w, "height": h}, locale="zh-CN", device_scale_factor=1)
                page = ctx.new_page()
                ok = page.request.post(
                    f"{base}/auth/login", form={"username": "shots", "password": PASSWORD}, max_redirects=0
                )
                assert ok.status == 303, ok.status
                page.request.post(f"{base}/routes/plan", data={"rule": "overdue", "township": "遮放镇"})
                for name in names:
                    query = f"?lang={args.lang}" + ("&embed=1" if size == "embed" else "")
                    page.goto(f"{base}/maps/{name}{query}", wait_until="networkidle")
                    page.wait_for_timeout(400)
                    suffix = "" if args.lang == "zh" else f"-{args.lang}"
                    target = out / f"{name}-{size}{suffix}.png"
                    page.screenshot(path=str(target))
                    print(target)
                    if size == "phone":  # and with the legend panel open
                        page.click('.fm-tool[data-panel="legend"]')
                        page.wait_for_timeout(200)
                        page.screenshot(path=str(out / f"{name}-{size}-legend{suffix}.png"))
                ctx.close()
            browser.close()
        server.should_exit = True
    finally:
        cluster.stop()
        shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    main()
