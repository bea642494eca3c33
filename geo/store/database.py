"""Engine and sessions. One engine per URL, created lazily and reused."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from functools import lru_cache

from sqlalchemy import Connection, Engine, create_engine, text
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session, sessionmaker

from geo.errors import DatabaseUnavailable


@lru_cache(maxsize=8)
def get_engine(url: str) -> Engine:
    # pre_ping lets the pool drop connections that died while PostGIS was away,
    # so the service recovers on its own when the database returns.
    return create_engine(
        url,
        pool_pre_ping=True,
        pool_size=10,
        max_overflow=10,
        connect_args={"connect_timeout": 5, "application_name": "fieldmap"},
    )


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


def ping(url: str) -> None:
    """Raise DatabaseUnavailable unless PostGIS answers."""
    try:
        with get_engine(url).connect() as conn:
            conn.execute(text("SELECT postgis_lib_version()"))
    except OperationalError as exc:
        raise DatabaseUnavailable("数据库暂时无法连接 / The database cannot be reached right now.") from exc


def data_version(conn: Connection) -> tuple[int, str]:
    """(version, changed_at ISO) of the data; bumped by a trigger on every write."""
    row = conn.execute(text("SELECT version, changed_at FROM data_state WHERE id = 1")).one()
    return int(row.version), row.changed_at.isoformat()
