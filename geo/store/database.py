"""Engine and sessions. One engine per URL, created lazily and reused."""

from __future__ import annotations

import select
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from functools import lru_cache
from typing import Any

import psycopg2
from psycopg2 import extensions
from sqlalchemy import Connection, Engine, create_engine, event, text
from sqlalchemy.exc import DisconnectionError, OperationalError
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.pool import NullPool

from geo.errors import DatabaseUnavailable

# A frozen PostGIS (SIGSTOP, a hung host) still completes TCP handshakes and acknowledges
# data, so neither libpq's connect_timeout alone nor keepalives notice it: every wait on the
# server is bounded on our side instead (see _wait). Figures in seconds.
CONNECT_TIMEOUT_S = 2.0  # opening a connection, start-up packet to ready
PING_TIMEOUT_S = 2.0  # the liveness check of a pooled connection when it is handed out
STATEMENT_TIMEOUT_S = 120.0  # one statement, server-side and (with a margin) client-side
POOL_TIMEOUT_S = 5.0  # waiting for a free pooled connection
HEALTH_TIMEOUT_S = 0.8  # /healthz answers within 1 s, whatever the database does

_local = threading.local()
_installed = False


class _BoundedConnection(extensions.connection):  # type: ignore[misc]  # psycopg2 ships no type hints
    """A psycopg2 connection whose waits on the server are bounded (``fm_wait_s``)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        self.fm_wait_s = CONNECT_TIMEOUT_S
        super().__init__(*args, **kwargs)
        self.fm_wait_s = STATEMENT_TIMEOUT_S + 5.0


@contextmanager
def deadline(seconds: float) -> Iterator[None]:
    """Every wait on the server in this thread ends within ``seconds`` from now (or raises)."""
    before = getattr(_local, "until", None)
    _local.until = time.monotonic() + seconds
    try:
        yield
    finally:
        _local.until = before


def _wait(conn: extensions.connection) -> None:
    """psycopg2 wait callback: like psycopg2.extras.wait_select, with an end.

    Past the end it raises an OperationalError worded like a lost connection, so the pool
    discards the connection and the API answers 503."""
    limit = getattr(conn, "fm_wait_s", None)
    end = getattr(_local, "until", None)
    if limit is not None:
        own = time.monotonic() + limit
        end = own if end is None else min(end, own)
    while True:
        state = conn.poll()
        if state == extensions.POLL_OK:
            return
        left = None if end is None else end - time.monotonic()
        if left is not None and left <= 0:
            raise psycopg2.OperationalError("could not receive data from server: no answer in time (fieldmap deadline)")
        fd = conn.fileno()
        if state == extensions.POLL_READ:
            select.select([fd], [], [], left)
        elif state == extensions.POLL_WRITE:
            select.select([], [fd], [], left)
        else:
            raise psycopg2.OperationalError(f"bad state from poll: {state}")


def install_deadlines() -> None:
    """Bound every wait on PostGIS in this process (the service calls this when it starts).

    Process-wide (psycopg2's wait callback): COPY is unavailable afterwards, which only the
    benchmark data loader uses, in its own process."""
    global _installed
    extensions.set_wait_callback(_wait)
    _installed = True


def _connect_args() -> dict:
    args = {
        "connect_timeout": max(2, round(CONNECT_TIMEOUT_S)),  # libpq's own floor is 2 s
        "application_name": "fieldmap",
        "connection_factory": _BoundedConnection,
        # A peer that vanished (cable, VM gone) is noticed in about 20 s even when idle.
        "keepalives": 1,
        "keepalives_idle": 10,
        "keepalives_interval": 5,
        "keepalives_count": 2,
    }
    if _installed:  # the service; the CLI's imports and migrations may run longer statements
        args["options"] = (
            f"-c statement_timeout={int(STATEMENT_TIMEOUT_S * 1000)} -c idle_in_transaction_session_timeout=600000"
        )
    return args


@lru_cache(maxsize=8)
def get_engine(url: str) -> Engine:
    engine = create_engine(
        url, pool_size=10, max_overflow=10, pool_timeout=POOL_TIMEOUT_S, connect_args=_connect_args()
    )

    # Our own pre-ping, bounded: a pooled connection that does not answer in PING_TIMEOUT_S is
    # dropped, and the pool tries a fresh one (which has CONNECT_TIMEOUT_S). So the service
    # recovers on its own when the database returns, and answers 503 in seconds while it is away.
    @event.listens_for(engine, "checkout")
    def _ping(dbapi_conn: Any, _record: Any, _proxy: Any) -> None:
        try:
            with deadline(PING_TIMEOUT_S):
                with dbapi_conn.cursor() as cur:
                    cur.execute("SELECT 1")
        except psycopg2.Error as exc:
            raise DisconnectionError(str(exc)) from exc

    return engine


@lru_cache(maxsize=8)
def _health_engine(url: str) -> Engine:
    # No pool: a health check must not queue behind busy or frozen pooled connections.
    return create_engine(url, poolclass=NullPool, connect_args=_connect_args())


@lru_cache(maxsize=8)
def _session_factory(url: str) -> sessionmaker[Session]:
    return sessionmaker(bind=get_engine(url), expire_on_commit=False)


@contextmanager
def session_scope(url: str) -> Iterator[Session]:
    """A session in one transaction: committed on success, rolled back on any error."""
    session = _session_factory(url)()
    try:
        yield session
        session.commit()
    except OperationalError as exc:
        session.rollback()
        raise DatabaseUnavailable("数据库暂时无法连接 / The database cannot be reached right now.") from exc
    except BaseException:
        session.rollback()
        raise
    finally:
        session.close()


def ping(url: str, seconds: float = HEALTH_TIMEOUT_S) -> None:
    """Raise DatabaseUnavailable unless PostGIS answers within ``seconds``."""
    try:
        with deadline(seconds), _health_engine(url).connect() as conn:
            conn.execute(text("SELECT postgis_lib_version()"))
    except OperationalError as exc:
        raise DatabaseUnavailable("数据库暂时无法连接 / The database cannot be reached right now.") from exc


def data_version(conn: Connection) -> tuple[int, str]:
    """(version, changed_at ISO) of the data; bumped by a trigger on every write."""
    row = conn.execute(text("SELECT version, changed_at FROM data_state WHERE id = 1")).one()
    return int(row.version), row.changed_at.isoformat()
