"""OGC API – Features paging: fieldmap's /ogc/.../items beside tipg on the same 100,000-row table,
and a GDAL ogr2ogr copy of that collection through each. Writes bench/results/ogc.md.

tipg is not a dependency of fieldmap; it lives in its own venv for this benchmark only:
    python3 -m venv bench/.peers/tipg && bench/.peers/tipg/bin/pip install tipg==1.6.1 uvicorn
then  .venv/bin/python -m bench.ogc      (gdal-bin's ogr2ogr on PATH; a throwaway PostGIS is started)

The table is ``site``: the default dataset plus 100,000 generated rows (source='bench'), read by
both servers as 10 pages of 10,000 features. 5 interleaved rounds after a warm-up; median (min–max).
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import statistics
import subprocess
import tempfile
import time
from pathlib import Path

from sqlalchemy import text
from sqlalchemy.engine import make_url

from bench._load import ROOT, fetch, fieldmap_server, free_port, process
from geo.io.default import load_default
from geo.store import migrate
from geo.store.cluster import LocalCluster
from geo.store.database import dispose as dispose_engines
from geo.store.database import get_engine

ROWS = 100_000
PAGE = 10_000
ROUNDS = int(os.environ.get("BENCH_ROUNDS", "5"))
RESULT = ROOT / "bench" / "results" / "ogc.md"

FILL = f"""
INSERT INTO site (ref, kind, name, township_code, location, status, source)
SELECT 'bench-' || g, 'village_station', '基准站点' || g, t.code,
       ST_SetSRID(ST_MakePoint(98.05 + (g % 317) * 0.002, 24.10 + (g / 317) * 0.0017), 4326), 'operating', 'bench'
FROM generate_series(1, {ROWS}) g
CROSS JOIN LATERAL (SELECT code FROM township ORDER BY code OFFSET (g % 13) LIMIT 1) t
"""


def walk(first: str, count_key: str = "numberReturned") -> tuple[float, int]:
    """Seconds to read every page from ``first`` on, following rel=next, and the features read."""
    import json

    start, n, url = time.perf_counter(), 0, first
    while url:
        page = json.loads(fetch(url))
        n += len(page["features"])
        url = next((k["href"] for k in page.get("links", []) if k.get("rel") == "next"), None)
    return time.perf_counter() - start, n


def copy(source: str, layer: str, out: Path) -> float:
    if out.exists():
        out.unlink()
    start = time.perf_counter()
    subprocess.run(
        ["ogr2ogr", "-f", "GPKG", str(out), f"OAPIF:{source}", layer, "-oo", f"PAGE_SIZE={PAGE}"],
        check=True,
        capture_output=True,
    )
    return time.perf_counter() - start


def fmt(values: list[float], scale: float = 1.0, digits: int = 2) -> str:
    return f"{statistics.median(values) * scale:,.{digits}f} ({min(values) * scale:,.{digits}f}–{max(values) * scale:,.{digits}f})"


def main() -> None:
    venv = ROOT / "bench" / ".peers" / "tipg"
    if not (venv / "bin" / "uvicorn").exists() or not shutil.which("ogr2ogr"):
        raise SystemExit(__doc__)
    root = Path(tempfile.mkdtemp(prefix="fieldmap-bench-ogc-", dir="/var/tmp"))
    os.chmod(root, 0o755)
    cluster = LocalCluster(root, port=free_port(), database="postgres")
    cluster.start()
    try:
        cluster.ensure_database("bench_ogc")
        url = cluster.url("bench_ogc")
        migrate.upgrade(url)
        load_default(url, seed=2022, as_of=dt.date(2026, 11, 1))
        with get_engine(url).begin() as conn:
            conn.execute(text(FILL))
            conn.execute(text("ANALYZE site"))
            total = conn.execute(text("SELECT count(*) FROM site")).scalar_one()
        dispose_engines(url)
        u = make_url(url)
        pg = f"postgresql://{u.username}@{u.host}:{u.port}/{u.database}"
        tipg_port = free_port()
        tipg_cmd = [
            str(venv / "bin" / "uvicorn"),
            "tipg.main:app",
            "--host",
            "127.0.0.1",
            "--port",
            str(tipg_port),
            "--log-level",
            "warning",
            "--no-access-log",
        ]
        tipg_env = {"DATABASE_URL": pg, "TIPG_DB_SCHEMAS": '["public"]', "TIPG_MAX_FEATURES_PER_QUERY": str(PAGE)}
        with (
            fieldmap_server(url, free_port()) as base,
            process(tipg_cmd, tipg_env, f"http://127.0.0.1:{tipg_port}/collections"),
        ):
            tipg = f"http://127.0.0.1:{tipg_port}"
            ours_first = f"{base}/ogc/collections/sites/items?limit={PAGE}"
            tipg_first = f"{tipg}/collections/public.site/items?limit={PAGE}"
            out = root / "copy.gpkg"
            print(f"{total:,} rows; warming up", flush=True)
            walk(ours_first), walk(tipg_first)  # warm-up
            copy(f"{base}/ogc", "sites", out), copy(tipg, "public.site", out)
            print("warm-up done", flush=True)
            ours_t, tipg_t, ours_c, tipg_c, counts = [], [], [], [], set()
            for _ in range(ROUNDS):
                t, n = walk(ours_first)
                ours_t.append(t)
                counts.add(("ours", n))
                t, n = walk(tipg_first)
                tipg_t.append(t)
                counts.add(("tipg", n))
                ours_c.append(copy(f"{base}/ogc", "sites", out))
                tipg_c.append(copy(tipg, "public.site", out))
                report(total, counts, ours_t, tipg_t, ours_c, tipg_c)
                print(
                    f"round {len(ours_t)}: walk {ours_t[-1]:.2f} s vs {tipg_t[-1]:.2f} s, "
                    f"ogr2ogr {ours_c[-1]:.2f} s vs {tipg_c[-1]:.2f} s",
                    flush=True,
                )
    finally:
        cluster.stop()
        shutil.rmtree(root, ignore_errors=True)
    print(report(total, counts, ours_t, tipg_t, ours_c, tipg_c))


def report(
    total: int, counts: set, ours_t: list[float], tipg_t: list[float], ours_c: list[float], tipg_c: list[float]
) -> str:
    """Write bench/results/ogc.md from the rounds so far (rewritten after every round)."""
    ours_fps = [total / t for t in ours_t]
    tipg_fps = [total / t for t in tipg_t]
    ratio = statistics.median(ours_fps) / statistics.median(tipg_fps)
    copy_ratio = statistics.median(ours_c) / statistics.median(tipg_c)
    lines = [
        "# OGC API – Features paging: fieldmap vs tipg",
        "",
        f"Run {dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC by `.venv/bin/python -m bench.ogc` on this machine "
        f"(2 shared cores). Table `site`: {total:,} rows ({ROWS:,} generated + the default dataset), read as pages of "
        f"{PAGE:,} following `rel=next`; tipg 1.6.1 in its own venv (bench/.peers/tipg), one uvicorn worker each, "
        f"same PostGIS. {len(ours_t)} of {ROUNDS} interleaved rounds done, after a warm-up: median (min–max).",
        "",
        f"Features read per walk: {sorted(counts)}",
        "",
        "| | fieldmap `/ogc/collections/sites/items` | tipg `/collections/public.site/items` | ratio |",
        "|---|---|---|---|",
        f"| whole collection, s | {fmt(ours_t)} | {fmt(tipg_t)} | |",
        f"| features per second | {fmt(ours_fps, digits=0)} | {fmt(tipg_fps, digits=0)} | **{ratio:.1f}×** |",
        f"| `ogr2ogr -f GPKG … -oo PAGE_SIZE={PAGE}`, s | {fmt(ours_c)} | {fmt(tipg_c)} | **{copy_ratio:.2f}** of tipg's time |",
        "",
        "Aim: ≥ 5× tipg's features per second and ≤ half tipg's ogr2ogr time.",
    ]
    RESULT.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return "\n".join(lines)


if __name__ == "__main__":
    main()
