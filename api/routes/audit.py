"""The audit trail (admins only): who changed what, when, before and after."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from fastapi import APIRouter, Query
from pydantic import BaseModel

from api.dependencies import ConnectionDep
from geo.store.audit import AuditFilter, search

router = APIRouter(tags=["audit"])


class AuditRow(BaseModel):
    id: int
    at: str
    actor: str
    action: str
    table: str
    key: str | None
    before: Any = None
    after: Any = None


class AuditPage(BaseModel):
    total: int
    limit: int
    offset: int
    items: list[AuditRow]


@router.get("/audit", response_model=AuditPage)
def audit_log(
    conn: ConnectionDep,
    actor: Annotated[str | None, Query(max_length=200)] = None,
    table: Annotated[str | None, Query(max_length=64)] = None,
    action: Annotated[str | None, Query(max_length=64)] = None,
    since: Annotated[dt.datetime | None, Query(description="from this time (ISO 8601)")] = None,
    until: Annotated[dt.datetime | None, Query(description="before this time (ISO 8601)")] = None,
    limit: Annotated[int, Query(ge=1, le=500)] = 100,
    offset: Annotated[int, Query(ge=0, le=10_000_000)] = 0,
) -> AuditPage:
    """Audit rows, newest first, filtered and paginated."""
    total, rows = search(conn, AuditFilter(actor, table, action, since, until), limit, offset)
    return AuditPage(total=total, limit=limit, offset=offset, items=rows)
