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
  connection while the body is sent).

Routes never call ``geo.store.database.get_engine`` themselves, and ``geo``/``layers`` functions called from
routes take the connection, never a URL.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Annotated, Literal

from fastapi import Depends, Query, Request
from sqlalchemy import Connection, Engine

from api.security import current_identity
from geo.accounts.tokens import Identity
from geo.store.settings import Settings, get_settings


def database_url(request: Request) -> str:
    return request.app.state.database_url


def engine(request: Request) -> Engine:
    """The app's pooled engine, made by ``create_app`` with the settings' deadlines."""
    return request.app.state.engine


EngineDep = Annotated[Engine, Depends(engine)]


def connection(db: EngineDep) -> Iterator[Connection]:
    with db.connect() as conn:
        yield conn


def write_connection(db: EngineDep) -> Iterator[Connection]:
    """One transaction for a write and its audit row: committed together or not at all."""
    with db.begin() as conn:
        yield conn


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


DatabaseUrl = Annotated[str, Depends(database_url)]
# scope="function": the connection goes back (and a write commits) before the answer is sent.
ConnectionDep = Annotated[Connection, Depends(connection, scope="function")]
WriteConnectionDep = Annotated[Connection, Depends(write_connection, scope="function")]
LazyConnectionDep = Annotated[LazyConnection, Depends(lazy_connection, scope="function")]
Lang = Annotated[Literal["zh", "en"], Query(description="页面语言 / page language")]


def settings(request: Request) -> Settings:
    """The app's settings (tests may put their own on ``app.state.settings``)."""
    return getattr(request.app.state, "settings", None) or get_settings()


def identity(request: Request) -> Identity:
    return current_identity(request)


SettingsDep = Annotated[Settings, Depends(settings)]
IdentityDep = Annotated[Identity, Depends(identity)]
