"""Request dependencies: the database connection and the language."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Annotated, Literal

from fastapi import Depends, Query, Request
from sqlalchemy import Connection

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


SettingsDep = Annotated[Settings, Depends(settings)]
