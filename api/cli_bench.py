"""``fieldmap bench [--quick]``: install the peers, run every benchmark in bench/ against its peer
on the same data in the same run, and gather the figures into bench/results.md."""

from __future__ import annotations

import datetime as dt
import os
import platform
import subprocess
import sys
import time
from pathlib import Path
from typing import Annotated

import typer

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "bench" / "results"


def _benchmarks(quick: bool) -> list[tuple[str, list[str], str]]:
    """(title, command, result file) in the order they run."""
    py = sys.executable
    rounds, seconds = ("5", "2") if quick else ("5", "3")
    return [
        ("Layer GeoJSON vs tipg", [py, "-m", "bench.layers", "--rounds", rounds, "--seconds", seconds], "layers.md"),
        (
            "Map pages vs Folium and nginx",
            [py, "-m", "bench.maps", "--rounds", rounds, "--seconds", seconds, *(["--workers", "1"] if quick else [])],
            "maps.md",
        ),
        ("Routes vs LKH-3", [py, "bench/routes.py", "--runs", "5"], "routes.md"),
        (
            "Coverage vs GeoPandas, incremental and scale",
            [py, "bench/coverage.py", *(["--quick"] if quick else [])],
            "coverage.md",
        ),
    ]


def bench(
    quick: Annotated[
        bool, typer.Option("--quick", help="shorter runs; coverage scale series up to 100,000 villages")
    ] = False,
    only: Annotated[list[str] | None, typer.Option(help="run only these result files (e.g. layers.md)")] = None,
) -> None:
    """基准测试 / Run every benchmark against its peer and write bench/results.md."""
    subprocess.run([str(ROOT / "scripts" / "bench-peers")], check=True)
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    header = _machine()
    ran = []
    for title, cmd, result in _benchmarks(quick):
        if only and result not in only:
            continue
        typer.secho(
            f"== {title}: {' '.join(Path(c).name if c == sys.executable else c for c in cmd)}", fg=typer.colors.CYAN
        )
        t0 = time.monotonic()
        proc = subprocess.run(cmd, cwd=ROOT, env=env)
        ran.append((title, cmd, result, proc.returncode, time.monotonic() - t0))
    _write(header, ran)
    failed = [r for r in ran if r[3] != 0]
    if failed:
        typer.secho("failed: " + ", ".join(r[0] for r in failed), fg=typer.colors.RED, err=True)
        raise typer.Exit(1)


def _version(cmd: list[str]) -> str:
    try:
        out = subprocess.run(cmd, capture_output=True, text=True, timeout=30)
    except (OSError, subprocess.TimeoutExpired):
        return "absent"
    return (out.stdout + out.stderr).strip().splitlines()[0] if (out.stdout + out.stderr).strip() else "?"


def _machine() -> list[str]:
    peers = ROOT / "bench" / ".peers" / "bin" / "python"
    from importlib.metadata import version

    pg = _version(["/usr/lib/postgresql/15/bin/postgres", "--version"])
    return [
        f"- Started {dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC on {platform.node()}: {platform.platform()}, "
        f"{os.cpu_count()} cores shared with other work, load average at the start "
        f"{', '.join(f'{x:.1f}' for x in os.getloadavg())}.",
        f"- Python {platform.python_version()}; fieldmap's fastapi {version('fastapi')}, uvicorn {version('uvicorn')}, "
        f"folium {version('folium')}, ortools {version('ortools')}, elkai {version('elkai')}, shapely {version('shapely')}, "
        f"geopandas {version('geopandas')}; {pg}.",
        f"- Peers: {_version(['nginx', '-v'])}; {_version(['wrk', '-v'])}; tipg "
        f"{_version([str(peers), '-c', 'import tipg; print(tipg.__version__)'])} (in bench/.peers, installed by "
        "scripts/bench-peers).",
    ]


def _write(header: list[str], ran: list) -> None:  # noqa: ANN001
    lines = [
        "# fieldmap benchmarks",
        "",
        "Written by `fieldmap bench` (this file is generated; each section is the "
        "benchmark's own result file, from the same run).",
        "",
        *header,
        f"- Load average at the end {', '.join(f'{x:.1f}' for x in os.getloadavg())}.",
        "",
        "| benchmark | command | exit | seconds |",
        "|---|---|---:|---:|",
    ]
    for title, cmd, _result, code, seconds in ran:
        shown = " ".join(".venv/bin/python" if c == sys.executable else c for c in cmd)
        lines.append(f"| {title} | `{shown}` | {code} | {seconds:.0f} |")
    lines.append("")
    for title, _cmd, result, code, _s in ran:
        path = RESULTS / result
        body = path.read_text(encoding="utf-8") if path.exists() and code == 0 else f"(failed, exit {code})\n"
        lines += [f"## {title}", "", *body.replace("\n# ", "\n### ").splitlines()[1:], ""]
    (ROOT / "bench" / "results.md").write_text("\n".join(lines), encoding="utf-8")
    typer.echo(f"wrote {ROOT / 'bench' / 'results.md'}")
