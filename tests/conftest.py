"""A real PostGIS for the whole test run: a throwaway cluster started once, a template
database migrated and loaded with the default dataset, and a fresh copy of it per test."""

from __future__ import annotations

import concurrent.futures
import datetime as dt
import os
import shutil
import socket
import tempfile
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import text

from geo.io.default import load_default
from geo.store import database, migrate
from geo.store.cluster import LocalCluster
from geo.store.database import get_engine

AS_OF = dt.date(2026, 11, 1)  # fixed reference date: the demo data is the same on every run
SEED = 2022
TEMPLATE = "fieldmap_template"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def dispose(url: str) -> None:
    """Close pooled connections (of every engine of the URL) so the database can be copied or dropped."""
    database.dispose(url)


@pytest.fixture(scope="session", autouse=True)
def _cheap_password_hashing() -> Iterator[None]:
    """Real argon2id, at its lowest cost: the default (64 MiB, 3 passes, 4 lanes) took 0.5-1.3 s
    per hash or check here, and every user made and every login paid it. Hashes still carry their
    own parameters, so checks and the ``$argon2id$`` format are the same; only the cost is lower."""
    from argon2 import PasswordHasher

    from geo.accounts import users

    cheap = PasswordHasher(time_cost=1, memory_cost=8, parallelism=1)
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(users, "_HASHER", cheap)
        mp.setattr(users, "_DUMMY_HASH", cheap.hash("fieldmap-no-such-user"))
        yield


@pytest.fixture(scope="session")
def pg_cluster() -> Iterator[LocalCluster]:
    # /var/tmp, not pytest's tmp_path: the postgres user must be able to enter the folder.
    root = Path(tempfile.mkdtemp(prefix="fieldmap-test-", dir="/var/tmp"))
    os.chmod(root, 0o755)
    cluster = LocalCluster(root, port=_free_port(), database="postgres")
    cluster.start()
    yield cluster
    cluster.stop()
    shutil.rmtree(root, ignore_errors=True)


@pytest.fixture(scope="session")
def template_url(pg_cluster: LocalCluster) -> str:
    pg_cluster.ensure_database(TEMPLATE)
    url = pg_cluster.url(TEMPLATE)
    migrate.upgrade(url)
    load_default(url, seed=SEED, as_of=AS_OF)
    dispose(url)
    return url


class _Copies:
    """Copies of the template made one test ahead, on a background thread: CREATE DATABASE
    ... TEMPLATE (a file copy) overlaps the previous test instead of adding to it, and the
    DROPs of finished copies run there too. One admin connection, no psql process per copy."""

    def __init__(self, cluster: LocalCluster) -> None:
        self._cluster = cluster
        self._conn = None
        self._pool = concurrent.futures.ThreadPoolExecutor(max_workers=1, thread_name_prefix="db-copies")
        self._next: concurrent.futures.Future | None = None

    def _sql(self, sql: str) -> None:
        import psycopg2

        if self._conn is None:
            self._conn = psycopg2.connect(host="127.0.0.1", port=self._cluster.port, user="postgres", dbname="postgres")
            self._conn.autocommit = True
        with self._conn.cursor() as cur:
            cur.execute(sql)

    def _create(self) -> str:
        name = f"t_{uuid.uuid4().hex[:12]}"
        self._sql(f'CREATE DATABASE "{name}" TEMPLATE "{TEMPLATE}"')
        return name

    def take(self) -> str:
        """A fresh copy of the template, and the next one started."""
        name = (self._next or self._pool.submit(self._create)).result()
        self._next = self._pool.submit(self._create)
        return name

    def drop(self, name: str) -> None:
        self._pool.submit(self._sql, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    def close(self) -> None:
        self._pool.shutdown(wait=True)
        if self._conn is not None:
            self._conn.close()


@pytest.fixture(scope="session")
def _copies(pg_cluster: LocalCluster, template_url: str) -> Iterator[_Copies]:
    copies = _Copies(pg_cluster)
    yield copies
    copies.close()


def _new_database(cluster: LocalCluster, template: str | None) -> str:
    name = f"t_{uuid.uuid4().hex[:12]}"
    cluster.psql(f'CREATE DATABASE "{name}"' + (f' TEMPLATE "{template}"' if template else ""))
    if template is None:
        cluster.psql("CREATE EXTENSION postgis", database=name)
    return name


@pytest.fixture
def db_url(pg_cluster: LocalCluster, _copies: _Copies) -> Iterator[str]:
    """A private copy of the loaded default dataset; tests may write to it freely."""
    name = _copies.take()
    url = pg_cluster.url(name)
    yield url
    dispose(url)
    _copies.drop(name)


@pytest.fixture(scope="module")
def ro_db_url(pg_cluster: LocalCluster, template_url: str) -> Iterator[str]:
    """One copy of the loaded default dataset shared by a module's tests that only READ it
    (cloning a database per test cost as long as the tests themselves)."""
    dispose(template_url)
    name = _new_database(pg_cluster, TEMPLATE)
    url = pg_cluster.url(name)
    yield url
    dispose(url)
    pg_cluster.drop_database(name)


@pytest.fixture
def empty_url(pg_cluster: LocalCluster) -> Iterator[str]:
    """An empty database with PostGIS and nothing else."""
    name = _new_database(pg_cluster, None)
    url = pg_cluster.url(name)
    yield url
    dispose(url)
    pg_cluster.drop_database(name)


@pytest.fixture
def client(client_as):
    """The least privileged client: an anonymous visitor (seen as a viewer on public maps).
    Tests that need more say so: ``client_as("official" | "supervisor" | "admin")``."""
    return client_as("anonymous")


def row_counts(url: str) -> dict[str, int]:
    tables = ("county", "township", "village", "site", "specialty_village", "inspection", "road")
    with get_engine(url).connect() as conn:
        return {t: conn.execute(text(f"SELECT count(*) FROM {t}")).scalar_one() for t in tables}


PASSWORD = "correct-horse-battery"
ROLES = ("viewer", "official", "supervisor", "admin")


def add_user(url: str, username: str, role: str, password: str = PASSWORD) -> None:
    from geo.accounts.users import create_user

    with get_engine(url).begin() as conn:
        create_user(conn, username, password, role, actor="test")


def api_token(url: str, username: str) -> str:
    from geo.accounts import tokens

    with get_engine(url).begin() as conn:
        user_id = conn.execute(text("SELECT id FROM app_user WHERE username = :u"), {"u": username}).scalar_one()
        return tokens.issue(conn, user_id, "api", actor="test", name="tests")


@pytest.fixture
def client_as(db_url: str):
    """``client_as(role, settings=None)``: a TestClient carrying a bearer token of a user with
    that role; ``'anonymous'`` brings no credentials. One user per role, made on first use."""
    from fastapi.testclient import TestClient

    from api.app import create_app

    opened, made = [], set()

    def make(role: str, settings=None):  # noqa: ANN001, ANN202
        c = TestClient(create_app(db_url, settings))
        c.__enter__()
        opened.append(c)
        if role != "anonymous":
            if role not in made:
                add_user(db_url, f"{role}1", role)
                made.add(role)
            c.headers["Authorization"] = f"Bearer {api_token(db_url, f'{role}1')}"
        return c

    yield make
    for c in opened:
        c.__exit__(None, None, None)


@pytest.fixture
def admin_client(client_as):
    return client_as("admin")


def seen_by_app(client, url: str, within_s: float = 5.0) -> None:  # noqa: ANN001
    """Wait until the app's version watch (LISTEN/NOTIFY, api/version_watch.py) has the data version
    a direct SQL write made: the push is asynchronous, so a test that writes behind the app's back
    and asks at once would race it. Not a timing assertion: it fails only if the push never arrives."""
    import time

    with get_engine(url).connect() as conn:
        want = conn.execute(text("SELECT version FROM data_state WHERE id = 1")).scalar_one()
    deadline = time.monotonic() + within_s
    while getattr(client.app.state.versions, "version", None) != want:
        assert time.monotonic() < deadline, "the data version never reached the app"
        time.sleep(0.02)
