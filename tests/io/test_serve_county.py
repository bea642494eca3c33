"""``fieldmap serve --county CODE`` on an empty data folder starts its own PostGIS there, sets up
that county from its code and serves it; a second start keeps what the county changed since.

The real command in its own process (no DATABASE_URL): the local cluster is initialised in a
temporary data folder on a free port and stopped when the service stops."""

from __future__ import annotations

import csv
import lzma
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx
from sqlalchemy import text

from geo.store.cluster import LocalCluster
from geo.store.database import get_engine
from tests.conftest import _free_port, dispose

ROOT = Path(__file__).resolve().parents[2]
CODE = "110101"  # 东城区, Beijing


def _townships_in_code_list(code: str) -> int:
    with lzma.open(ROOT / "data" / "divisions" / "streets.csv.xz", "rt", encoding="utf-8", newline="") as f:
        return sum(1 for row in csv.DictReader(f) if row["areaCode"].startswith(code))


def _serve(data_dir: Path, pg_port: int, port: int, log: Path) -> subprocess.Popen:
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "FIELDMAP_DATABASE_URL")}
    env.update(FIELDMAP_DATA_DIR=str(data_dir), FIELDMAP_PG_PORT=str(pg_port))
    fieldmap = Path(sys.executable).with_name("fieldmap")
    with log.open("ab") as out:
        return subprocess.Popen(
            [str(fieldmap), "serve", "--county", CODE, "--port", str(port)],
            cwd=data_dir,  # no .env of the worktree
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
        )


def _wait_ready(proc: subprocess.Popen, base: str, log: Path) -> None:
    """Until /healthz answers (a readiness wait, not a timing check: it fails only if the service
    exits or never comes up within ten minutes on a loaded machine)."""
    deadline = time.monotonic() + 600
    while time.monotonic() < deadline:
        assert proc.poll() is None, log.read_text(errors="replace")
        try:
            if httpx.get(base + "/healthz", timeout=5).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.5)
    raise AssertionError("the service never came up:\n" + log.read_text(errors="replace"))


def _stop(proc: subprocess.Popen) -> None:
    if proc.poll() is None:
        proc.send_signal(signal.SIGINT)
        try:
            proc.wait(120)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(30)


def test_serve_county_on_an_empty_data_folder(tmp_path: Path) -> None:
    # /var/tmp, not pytest's tmp_path: the postgres user must be able to enter the folder
    data_dir, log = Path(tempfile.mkdtemp(prefix="fieldmap-serve-", dir="/var/tmp")), tmp_path / "serve.log"
    os.chmod(data_dir, 0o755)
    pg_port, port = _free_port(), _free_port()
    base = f"http://127.0.0.1:{port}"
    cluster = LocalCluster(data_dir / "pg", port=pg_port)
    url = cluster.url()
    proc = _serve(data_dir, pg_port, port, log)
    try:
        _wait_ready(proc, base, log)
        county = httpx.get(base + "/ogc/collections/county/items", timeout=60).json()["features"]
        assert [f["properties"]["code"] for f in county] == [CODE]
        townships = httpx.get(base + "/ogc/collections/townships/items?limit=1", timeout=60).json()
        assert townships["numberMatched"] == _townships_in_code_list(CODE) > 0
        assert "东城区" in httpx.get(base + "/maps/coverage", timeout=120).text
        with get_engine(url).begin() as conn:
            assert conn.execute(text("SELECT count(*) FROM site")).scalar_one() == 0  # no demo data
            first = conn.execute(text("SELECT min(code) FROM village")).scalar_one()
            conn.execute(text("UPDATE village SET name = '改过的名字' WHERE code = :c"), {"c": first})
        dispose(url)
        _stop(proc)
        assert proc.returncode == 0, log.read_text(errors="replace")
        assert not cluster.running()  # the service stopped the cluster it started

        again = _serve(data_dir, pg_port, port, log)
        try:
            _wait_ready(again, base, log)
            with get_engine(url).connect() as conn:
                name = conn.execute(text("SELECT name FROM village WHERE code = :c"), {"c": first}).scalar_one()
                counties = conn.execute(text("SELECT count(*) FROM county")).scalar_one()
            assert name == "改过的名字" and counties == 1  # not set up a second time over the county's own change
            assert f"county {CODE} is set up already" in log.read_text(errors="replace")
        finally:
            dispose(url)
            _stop(again)
    finally:
        _stop(proc)
        if cluster.running():
            cluster.stop()
        shutil.rmtree(data_dir, ignore_errors=True)
