"""Cached answers need no database: the data version is pushed to the worker (LISTEN/NOTIFY).

A dedicated cluster (its postmaster and backends are stopped with SIGSTOP, which would freeze
every other test sharing a cluster) and a real uvicorn server on a free port."""

from __future__ import annotations

import os
import shutil
import signal
import socket
import tempfile
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
import uvicorn
from sqlalchemy import text

from geo.io.default import load_default
from geo.store import migrate
from geo.store.cluster import LocalCluster
from geo.store.database import dispose as dispose_engines
from geo.store.database import get_engine
from geo.store.settings import Settings
from tests.conftest import AS_OF, SEED, add_user, api_token


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def own_cluster() -> Iterator[tuple[LocalCluster, str]]:
    root = Path(tempfile.mkdtemp(prefix="fieldmap-stop-", dir="/var/tmp"))
    os.chmod(root, 0o755)
    cluster = LocalCluster(root, port=_free_port(), database="fieldmap")
    cluster.start()
    url = cluster.url()
    migrate.upgrade(url)
    load_default(url, seed=SEED, as_of=AS_OF)
    add_user(url, "viewer1", "viewer")
    try:
        yield cluster, url
    finally:
        dispose_engines(url)
        cluster.stop()
        shutil.rmtree(root, ignore_errors=True)


def _serve(url: str, check_seconds: float, **settings: float) -> tuple[uvicorn.Server, threading.Thread, str]:
    from api.app import create_app

    app = create_app(url, Settings(database_url=url, version_check_seconds=check_seconds, **settings))
    port = _free_port()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    while not server.started:
        time.sleep(0.05)
    assert app.state.versions.wait_ready(10)
    return server, thread, f"http://127.0.0.1:{port}"


@pytest.fixture
def server(own_cluster) -> Iterator[str]:  # noqa: ANN001
    _, url = own_cluster
    srv, thread, base = _serve(url, check_seconds=1.0)
    yield base
    srv.should_exit = True
    thread.join(10)


def _cluster_pids(cluster: LocalCluster) -> list[int]:
    postmaster = int((cluster.data_dir / "postmaster.pid").read_text().split()[0])
    children = [int(p) for p in os.listdir("/proc") if p.isdigit() and _ppid(int(p)) == postmaster]
    return [postmaster, *children]


def _ppid(pid: int) -> int | None:
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    return int(stat.rsplit(")", 1)[1].split()[1])


def _wait_for(predicate, seconds: float) -> bool:  # noqa: ANN001
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.1)
    return predicate()


# Every wait on PostGIS of the server below lasts up to a minute (its db_*_timeout_s settings), and
# the client gives up after HUNG seconds: an answer that comes back did not wait on the frozen
# database at all, one that does not is still waiting. Neither bound is a speed figure: normal
# answers take milliseconds, and the database's deadlines are four times longer than HUNG.
PATIENT = {"db_connect_timeout_s": 60.0, "db_checkout_timeout_s": 60.0, "db_pool_timeout_s": 60.0}
HUNG = 15.0


@pytest.fixture
def patient_server(own_cluster) -> Iterator[str]:  # noqa: ANN001
    _, url = own_cluster
    srv, thread, base = _serve(url, check_seconds=1.0, **PATIENT)
    yield base
    srv.should_exit = True
    thread.join(10)


def test_cached_page_and_layer_answer_while_postgres_is_stopped(own_cluster, patient_server) -> None:  # noqa: ANN001
    cluster, url = own_cluster
    token = api_token(url, "viewer1")
    viewer = {"Authorization": f"Bearer {token}"}
    paths = ["/maps/overview", "/layers/sites.geojson", "/layers/villages.geojson?poverty_alleviated=true"]
    with httpx.Client(base_url=patient_server, timeout=HUNG) as http:
        warm = {}
        for path in paths:
            for headers in ({}, viewer):
                first = http.get(path, headers=headers)
                assert first.status_code == 200
                warm[path, bool(headers)] = first.content
        pids = _cluster_pids(cluster)
        assert len(pids) > 2  # postmaster, its background workers and our sessions
        try:
            for pid in pids:
                os.kill(pid, signal.SIGSTOP)
            for path in paths:
                for headers in ({}, viewer):
                    again = http.get(path, headers=headers)
                    assert again.status_code == 200
                    assert again.content == warm[path, bool(headers)]
            # an answer not cached yet needs PostGIS, which is frozen: it does not come back in time
            with pytest.raises(httpx.TimeoutException):
                http.get("/layers/sites.geojson?kind=warehouse")
        finally:
            for pid in pids:
                os.kill(pid, signal.SIGCONT)


def test_a_write_is_seen_by_the_next_requests(own_cluster, server) -> None:  # noqa: ANN001
    _, url = own_cluster
    with httpx.Client(base_url=server, timeout=30.0) as http:
        before = http.get("/layers/sites.geojson").json()
        site_id = before["features"][0]["properties"]["id"]
        with get_engine(url).begin() as conn:  # another process writing: only the trigger tells us
            conn.execute(text("UPDATE site SET name = '推送测试站' WHERE id = :i"), {"i": site_id})

        def renamed() -> bool:
            layer = http.get("/layers/sites.geojson").json()
            return any(
                f["properties"]["id"] == site_id and f["properties"]["name"] == "推送测试站" for f in layer["features"]
            )

        assert _wait_for(renamed, 1.0 + 5)  # the safety-net interval plus a busy machine's slack
        assert "推送测试站" in http.get("/maps/overview").text


def test_notification_alone_updates_the_version(own_cluster) -> None:  # noqa: ANN001
    _, url = own_cluster
    srv, thread, base = _serve(url, check_seconds=3600)  # no periodic read during the test
    try:
        app = srv.config.app
        before = app.state.versions.version
        with get_engine(url).begin() as conn:
            expected = conn.execute(text("SELECT version FROM data_state")).scalar_one() + 1
            conn.execute(text("UPDATE site SET status = status"))
        assert _wait_for(lambda: app.state.versions.version == expected, 10)
        assert expected == before + 1
    finally:
        srv.should_exit = True
        thread.join(10)


def test_safety_net_reads_the_version_without_a_notification(own_cluster) -> None:  # noqa: ANN001
    _, url = own_cluster
    srv, thread, base = _serve(url, check_seconds=0.5)
    try:
        app = srv.config.app
        with get_engine(url).begin() as conn:  # data_state itself has no trigger: nothing is sent
            expected = conn.execute(text("UPDATE data_state SET version = version + 7 RETURNING version")).scalar_one()
        assert _wait_for(lambda: app.state.versions.version == expected, 10)
    finally:
        srv.should_exit = True
        thread.join(10)


def test_revoked_token_is_refused_at_once(own_cluster, server) -> None:  # noqa: ANN001
    _, url = own_cluster
    token = api_token(url, "viewer1")
    headers = {"Authorization": f"Bearer {token}"}
    with httpx.Client(base_url=server, timeout=30.0) as http:
        for _ in range(2):  # checked in PostGIS, then remembered
            assert http.get("/layers/sites.geojson", headers=headers).status_code == 200
        with get_engine(url).begin() as conn:
            conn.execute(
                text("UPDATE auth_token SET revoked_at = now() WHERE token_hash = encode(sha256(:t), 'hex')"),
                {"t": token.encode()},
            )
        assert _wait_for(lambda: http.get("/layers/sites.geojson", headers=headers).status_code == 401, 10)
