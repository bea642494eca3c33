"""A frozen PostGIS (SIGSTOP of the postmaster and every backend): the service answers, fast.

Before the fix /healthz hung for 45 s and more and other routes for 5-10 s or until the
client gave up. Each request here runs in a thread that must come back; the bound given to
join() only tells "answered" from "hung" (it is several times the deadlines), it is not a
performance figure."""

from __future__ import annotations

import os
import shutil
import signal
import tempfile
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from geo.store import migrate
from geo.store.cluster import LocalCluster
from geo.store.database import dispose as dispose_engines
from tests.conftest import _free_port, add_user, api_token

pytestmark = pytest.mark.slow
HUNG = 20.0  # seconds: far beyond every deadline (health 0.8 s, ping/connect 2 s, pool 5 s)


@pytest.fixture
def frozen_cluster() -> Iterator[LocalCluster]:
    """A cluster of this test's own, so freezing it cannot freeze anyone else's."""
    root = Path(tempfile.mkdtemp(prefix="fieldmap-frozen-", dir="/var/tmp"))
    os.chmod(root, 0o755)
    cluster = LocalCluster(root, port=_free_port(), database="fieldmap")
    cluster.start()
    yield cluster
    dispose_engines(cluster.url())
    cluster.stop()
    shutil.rmtree(root, ignore_errors=True)


def _processes(cluster: LocalCluster) -> list[int]:
    """The postmaster and all its children (backends, checkpointer, ...)."""
    postmaster = int((cluster.data_dir / "postmaster.pid").read_text().split()[0])
    children = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                ppid = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
            if ppid == postmaster:
                children.append(int(entry.name))
    return [postmaster, *children]


def _ask(client: TestClient, path: str, headers: dict | None = None):  # noqa: ANN202
    """The response, or None when it did not come back (hung)."""
    out: dict = {}
    thread = threading.Thread(target=lambda: out.update(r=client.get(path, headers=headers or {})), daemon=True)
    thread.start()
    thread.join(HUNG)
    return out.get("r")


def test_frozen_postgis_gives_503_and_healthz_says_what_is_down(frozen_cluster: LocalCluster) -> None:
    url = frozen_cluster.url()
    migrate.upgrade(url)
    add_user(url, "ops", "admin")
    bearer = {"Authorization": f"Bearer {api_token(url, 'ops')}"}
    with TestClient(create_app(url)) as client:
        assert client.get("/healthz").json()["status"] == "ok"
        assert client.get("/users", headers=bearer).status_code == 200  # a pooled connection now exists
        frozen = _processes(frozen_cluster)
        for pid in frozen:
            os.kill(pid, signal.SIGSTOP)
        try:
            health = _ask(client, "/healthz")
            assert health is not None, "/healthz hung on a frozen database"
            assert health.status_code == 503
            assert health.json()["down"] == ["database"] and health.json()["database"] == "unavailable"
            # (/auth/me is answered from the identity cache, api/identity_cache.py, with no database)
            for path, headers in (("/users", bearer), ("/audit", bearer)):
                down = _ask(client, path, headers)
                assert down is not None, f"{path} hung on a frozen database"
                assert down.status_code == 503, (path, down.text)
                assert "数据库" in down.json()["error"]
            page = _ask(client, "/users", {**bearer, "Accept": "text/html,application/xhtml+xml"})
            assert page is not None and page.status_code == 503
            assert page.headers["content-type"].startswith("text/html") and "数据库暂时无法连接" in page.text
        finally:
            for pid in frozen:
                os.kill(pid, signal.SIGCONT)
        # Thawed: the same app recovers without a restart.
        assert client.get("/healthz").json() == {"status": "ok", "database": "ok", "down": []}
        assert client.get("/users", headers=bearer).status_code == 200
