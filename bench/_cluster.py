"""A throwaway PostGIS cluster with the default dataset and one user per role, for the benchmarks."""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import text

from bench._load import free_port
from geo.io.default import load_default
from geo.store import migrate
from geo.store.cluster import LocalCluster
from geo.store.database import dispose as dispose_engines
from geo.store.database import get_engine

ROLES = ("viewer", "official", "supervisor")
PASSWORD = "bench-password-123"


@contextmanager
def bench_database(prefix: str) -> Iterator[tuple[str, dict[str, str]]]:
    """(database URL, {role: bearer token}) on a fresh cluster, stopped and removed afterwards."""
    from geo.accounts import tokens
    from geo.accounts.users import create_user

    root = Path(tempfile.mkdtemp(prefix=f"fieldmap-bench-{prefix}-", dir="/var/tmp"))
    os.chmod(root, 0o755)
    cluster = LocalCluster(root, port=free_port(), database="fieldmap")
    cluster.start()
    try:
        url = cluster.url()
        migrate.upgrade(url)
        load_default(url)
        bearer = {}
        with get_engine(url).begin() as conn:
            for role in ROLES:
                create_user(conn, f"bench_{role}", PASSWORD, role, actor="bench")
                uid = conn.execute(
                    text("SELECT id FROM app_user WHERE username = :u"), {"u": f"bench_{role}"}
                ).scalar_one()
                bearer[role] = tokens.issue(conn, uid, "api", actor="bench", name="bench")
        yield url, bearer
    finally:
        dispose_engines(cluster.url())
        cluster.stop()
        shutil.rmtree(root, ignore_errors=True)


def auth_headers(role: str, bearer: dict[str, str]) -> dict[str, str]:
    return {} if role == "anonymous" else {"Authorization": f"Bearer {bearer[role]}"}
