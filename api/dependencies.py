"""Request dependencies: the database connection, the language, the settings and the caller."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Annotated, Literal

from fastapi import Depends, Query, Request
from sqlalchemy import Connection

from api.security import current_identity
from geo.accounts.tokens import Identity
from geo.store.database import get_engine
from geo.store.settings import Settings, get_settings


def database_url(request: Request) -> str:
    return request.app.state.database_url


def connection(url: Annotated[str, Depends(database_url)]) -> Iterator[Connection]:
    with get_engine(url).connect() as conn:
        yield conn


DatabaseUrl = Annotated[str, Depends(database_url)]
ConnectionDep = Annotated[Connection, Depends(connection)]
Lang = Annotated[Literal["zh", "en"], Query(description="页面语言 / page language")]


def settings(request: Request) -> Settings:
    """The app's settings (tests may put their own on ``app.state.settings``)."""
    return getattr(request.app.state, "settings", None) or get_settings()


def identity(request: Request) -> Identity:
    return current_identity(request)


def write_connection(url: Annotated[str, Depends(database_url)]) -> Iterator[Connection]:
    """One transaction for a write and its audit row: committed together or not at all."""
    with get_engine(url).begin() as conn:
        yield conn


SettingsDep = Annotated[Settings, Depends(settings)]
IdentityDep = Annotated[Identity, Depends(identity)]
WriteConnectionDep = Annotated[Connection, Depends(write_connection)]
