"""Engines and sessions: one per database URL and deadlines, created lazily and reused."""

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
from geo.store.deadlines import Deadlines

DEFAULT = Deadlines()
_local = threading.local()


class _BoundedConnection(extensions.connection):  # type: ignore[misc]  # psycopg2 ships no type hints
    """A psycopg2 connection whose waits on the server are bounded (``fm_wait_s``): the connect
    deadline while it opens, then the statement deadline (with a margin)."""

    connect_s = DEFAULT.connect_s
    statement_s = DEFAULT.statement_s

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        self.fm_wait_s = self.connect_s
        super().__init__(*args, **kwargs)
        self.fm_wait_s = self.statement_s + 5.0


@lru_cache(maxsize=32)
def _connection_class(connect_s: float, statement_s: float) -> type[_BoundedConnection]:
    return type("BoundedConnection", (_BoundedConnection,), {"connect_s": connect_s, "statement_s": statement_s})


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
    extensions.set_wait_callback(_wait)


def _connect_args(deadlines: Deadlines | None) -> dict:
    waits = deadlines or DEFAULT
    args = {
        "connect_timeout": max(2, round(waits.connect_s)),  # libpq's own floor is 2 s
        "application_name": "fieldmap",
        "connection_factory": _connection_class(waits.connect_s, waits.statement_s),
        # A peer that vanished (cable, VM gone) is noticed in about 20 s even when idle.
        "keepalives": 1,
        "keepalives_idle": 10,
        "keepalives_interval": 5,
        "keepalives_count": 2,
    }
    if deadlines is not None:  # the service; the CLI's imports and migrations may run longer statements
        args["options"] = (
            f"-c statement_timeout={round(deadlines.statement_s * 1000)} -c idle_in_transaction_session_timeout=600000"
        )
    return args


_engines: dict[tuple[str, Deadlines | None], Engine] = {}
_health_engines: dict[tuple[str, Deadlines], Engine] = {}
_lock = threading.Lock()


def get_engine(url: str, deadlines: Deadlines | None = None) -> Engine:
    """The pooled engine of ``url`` (one per URL and deadlines, per process).

    ``deadlines`` given: the service's engine (``create_app`` passes the settings' deadlines),
    whose statements the server stops after ``statement_s`` too. None: the command line,
    migrations and scripts, whose statements may run long; its waits are the default ones."""
    with _lock:
        engine = _engines.get((url, deadlines))
        if engine is None:
            engine = _engines[(url, deadlines)] = _new_engine(url, deadlines)
        return engine


def _new_engine(url: str, deadlines: Deadlines | None) -> Engine:
    waits = deadlines or DEFAULT
    engine = create_engine(
        url, pool_size=10, max_overflow=10, pool_timeout=waits.pool_s, connect_args=_connect_args(deadlines)
    )

    # Our own pre-ping, bounded: a pooled connection that does not answer in checkout_s is
    # dropped, and the pool tries a fresh one (which has connect_s). So the service recovers
    # on its own when the database returns, and answers 503 in seconds while it is away.
    @event.listens_for(engine, "checkout")
    def _ping(dbapi_conn: Any, _record: Any, _proxy: Any) -> None:
        try:
            with deadline(waits.checkout_s):
                with dbapi_conn.cursor() as cur:
                    cur.execute("SELECT 1")
        except psycopg2.Error as exc:
            raise DisconnectionError(str(exc)) from exc

    return engine


def dispose(url: str) -> None:
    """Close the pooled connections of every engine of ``url`` (before copying or dropping it)."""
    with _lock:
        engines = [e for (u, _), e in (*_engines.items(), *_health_engines.items()) if u == url]
    for engine in engines:
        engine.dispose()


def _health_engine(url: str, deadlines: Deadlines) -> Engine:
    # No pool: a health check must not queue behind busy or frozen pooled connections.
    with _lock:
        engine = _health_engines.get((url, deadlines))
        if engine is None:
            engine = _health_engines[(url, deadlines)] = create_engine(
                url, poolclass=NullPool, connect_args=_connect_args(deadlines)
            )
        return engine


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


def ping(url: str, deadlines: Deadlines = DEFAULT) -> None:
    """Raise DatabaseUnavailable unless PostGIS answers within ``deadlines.health_s``."""
    try:
        with deadline(deadlines.health_s), _health_engine(url, deadlines).connect() as conn:
            conn.execute(text("SELECT postgis_lib_version()"))
    except OperationalError as exc:
        raise DatabaseUnavailable("数据库暂时无法连接 / The database cannot be reached right now.") from exc


def data_version(conn: Connection) -> tuple[int, str]:
    """(version, changed_at ISO) of the data; bumped by a trigger on every write."""
    row = conn.execute(text("SELECT version, changed_at FROM data_state WHERE id = 1")).one()
    return int(row.version), row.changed_at.isoformat()
