"""Faults: PostGIS going away under a running service, an import killed half-way."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pytest
import shapely
from fastapi.testclient import TestClient
from sqlalchemy import text

from api.app import create_app
from geo.io.default import load_default
from geo.store import migrate
from geo.store.cluster import LocalCluster
from geo.store.database import dispose as dispose_engines
from geo.store.database import get_engine
from tests.conftest import AS_OF, SEED, _free_port, add_user, api_token, row_counts

pytestmark = pytest.mark.slow  # a real Chromium / a cluster of its own


@pytest.fixture
def own_cluster():
    """A cluster of this test's own: stopping it leaves the session cluster alone."""
    root = Path(tempfile.mkdtemp(prefix="fieldmap-fault-", dir="/var/tmp"))
    os.chmod(root, 0o755)
    cluster = LocalCluster(root, port=_free_port(), database="fieldmap")
    cluster.start()
    yield cluster
    dispose_engines(cluster.url())
    cluster.stop()
    shutil.rmtree(root, ignore_errors=True)


def test_postgis_stopped_and_started_under_a_running_service(own_cluster: LocalCluster) -> None:
    url = own_cluster.url()
    migrate.upgrade(url)
    load_default(url, seed=SEED, as_of=AS_OF)
    add_user(url, "ops", "admin")
    bearer = {"Authorization": f"Bearer {api_token(url, 'ops')}"}
    with TestClient(create_app(url)) as client:
        assert client.get("/").status_code == 200
        assert client.get("/users", headers=bearer).status_code == 200

        own_cluster.stop()
        for path, headers in (("/", {}), ("/healthz", {}), ("/users", bearer), ("/audit", bearer)):
            down = client.get(path, headers=headers)
            assert down.status_code == 503, path
            assert "database" in json.dumps(down.json()).lower() or "数据库" in down.text
            assert "Traceback" not in down.text

        own_cluster.start()  # the same app object: no restart of the service
        assert client.get("/healthz").json() == {"status": "ok", "database": "ok", "down": []}
        assert client.get("/").status_code == 200
        assert client.get("/users", headers=bearer).status_code == 200


def _big_site_file(url: str, path: Path, n: int) -> None:
    with get_engine(url).connect() as conn:
        county = shapely.from_wkb(bytes(conn.execute(text("SELECT ST_AsBinary(ST_Union(geom)) FROM county")).scalar()))
    rng = np.random.default_rng(7)
    minx, miny, maxx, maxy = county.bounds
    shapely.prepare(county)
    points = []
    while len(points) < n:
        xs, ys = rng.uniform(minx, maxx, n), rng.uniform(miny, maxy, n)
        points += [p for p in shapely.points(xs, ys) if county.contains(p)]
    features = [
        {
            "type": "Feature",
            "geometry": shapely.geometry.mapping(p),
            "properties": {
                "ref": f"bulk-{i}",
                "kind": "village_station",
                "name": f"批量站点{i}",
                "status": "operating",
            },
        }
        for i, p in enumerate(points[:n])
    ]
    path.write_text(json.dumps({"type": "FeatureCollection", "features": features}))


def test_an_import_killed_half_way_leaves_no_partial_data(db_url: str, tmp_path: Path) -> None:
    big = tmp_path / "sites.geojson"
    _big_site_file(db_url, big, 5000)
    before = row_counts(db_url)
    with get_engine(db_url).connect() as conn:
        audit_before = conn.execute(text("SELECT count(*) FROM audit_log")).scalar_one()
    engine = get_engine(db_url)
    blocker = engine.connect()
    # Hold the data_state row: the import's first INSERT page is written, then its
    # statement trigger waits here, so the kill lands with rows written but not committed.
    tx = blocker.begin()
    blocker.execute(text("UPDATE data_state SET version = version WHERE id = 1"))
    env = {**os.environ, "DATABASE_URL": db_url}
    proc = subprocess.Popen(
        [sys.executable, "-m", "api.cli", "load", str(big), "--table", "site"],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    try:
        waiting = None
        for _ in range(1200):  # up to ~2 minutes for reading and validating 5,000 rows
            with engine.connect() as probe:
                waiting = probe.execute(
                    text(
                        "SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid() "
                        "AND wait_event_type = 'Lock' AND backend_xid IS NOT NULL AND query ILIKE 'INSERT INTO site%'"
                    )
                ).scalar()
            if waiting or proc.poll() is not None:
                break
            time.sleep(0.1)
        assert waiting, (
            f"the import never reached its INSERT: {proc.stderr.read().decode() if proc.poll() is not None else ''}"
        )
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=30)
    finally:
        tx.rollback()
        blocker.close()
    # the server notices the dead client when the lock is released and rolls its transaction back
    for _ in range(300):
        with engine.connect() as probe:
            if not probe.execute(text("SELECT 1 FROM pg_stat_activity WHERE pid = :p"), {"p": waiting}).first():
                break
        time.sleep(0.1)
    assert row_counts(db_url) == before
    with engine.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM site WHERE ref LIKE 'bulk-%'")).scalar_one() == 0
        assert conn.execute(text("SELECT count(*) FROM audit_log")).scalar_one() == audit_before
