"""Request dependencies: the database, the language, the settings and the caller.

One way to the database from a route: a parameter typed with one of these.

- ``ConnectionDep``: a read connection (``engine.connect()``), returned to the pool when the
  route function returns, before the answer is sent.
- ``WriteConnectionDep``: one transaction (``engine.begin()``) for a write and its audit row,
  committed when the route function returns and before the answer is sent (a failed commit is
  an error answer, never a 201 for a row that is not there); rolled back if the route raises.
- ``LazyConnectionDep``: a read connection opened on first use; for the routes that answer
  from the render cache, so a cache hit takes no connection from the pool.
- ``EngineDep``: the app's engine, for an answer that reads the database after the route
  function has returned (the OGC items stream, ``layers.ogc.stream_items``, opens its
  connection while the body is sent), and for the health check (``/healthz`` pings that
  engine's database on a connection outside its pool).

The access check (``api.security.enforce``, applied to every route) takes ``LazyConnectionDep``
too and opens it only when the identity cache does not know the caller's credentials. A request
holds at most one pooled connection: ``ConnectionDep`` and ``WriteConnectionDep`` are that same
lazy connection (FastAPI resolves a dependency once per request), the write one inside its
transaction.

Routes never call ``geo.store.database.get_engine`` themselves, and ``geo``/``layers`` functions called from
routes take the connection, never a URL.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Annotated, Literal

from fastapi import Depends, Query, Request
from sqlalchemy import Connection, Engine

from geo.accounts.tokens import Identity
from geo.store.settings import Settings, get_settings


def engine(request: Request) -> Engine:
    """The app's pooled engine, made by ``create_app`` with the settings' deadlines."""
    return request.app.state.engine


EngineDep = Annotated[Engine, Depends(engine)]


class LazyConnection:
    """A read connection opened by the first call and closed with the route: ``conn = db()``."""

    def __init__(self, db: Engine) -> None:
        self._engine = db
        self._conn: Connection | None = None

    def __call__(self) -> Connection:
        if self._conn is None:
            self._conn = self._engine.connect()
        return self._conn

    def close(self) -> None:
        if self._conn is not None:
            self._conn.close()
            self._conn = None


def lazy_connection(db: EngineDep) -> Iterator[LazyConnection]:
    lazy = LazyConnection(db)
    try:
        yield lazy
    finally:
        lazy.close()


# scope="function": the connection goes back (and a write commits) before the answer is sent.
LazyConnectionDep = Annotated[LazyConnection, Depends(lazy_connection, scope="function")]


def connection(db: LazyConnectionDep) -> Iterator[Connection]:
    """The request's connection (the one the access check may already have opened)."""
    yield db()


def write_connection(db: LazyConnectionDep) -> Iterator[Connection]:
    """One transaction for a write and its audit row: committed together or not at all."""
    conn = db()
    if conn.in_transaction():  # the access check's read (its identity lookup) ends here
        conn.commit()
    with conn.begin():
        yield conn


ConnectionDep = Annotated[Connection, Depends(connection, scope="function")]
WriteConnectionDep = Annotated[Connection, Depends(write_connection, scope="function")]
Lang = Annotated[Literal["zh", "en"], Query(description="页面语言 / page language")]


def settings(request: Request) -> Settings:
    """The app's settings (tests may put their own on ``app.state.settings``)."""
    return getattr(request.app.state, "settings", None) or get_settings()


def current_identity(request: Request) -> Identity:
    """The identity the access check (``api.security.enforce``, run for every route) found."""
    found = getattr(request.state, "identity", None)
    if found is None:
        raise RuntimeError(f"no access check ran for {request.method} {request.url.path}")
    return found


def identity(request: Request) -> Identity:
    return current_identity(request)


SettingsDep = Annotated[Settings, Depends(settings)]
IdentityDep = Annotated[Identity, Depends(identity)]
