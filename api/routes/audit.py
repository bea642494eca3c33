"""The audit trail (admins only): who changed what, when, before and after."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from fastapi import APIRouter, Query
from pydantic import BaseModel, BeforeValidator

from api.dependencies import ConnectionDep
from api.schemas import PLAIN, iso_datetime
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


def _utc(moment: dt.datetime | None) -> dt.datetime | None:
    """Any ISO 8601 time as UTC (PostgreSQL refuses offsets beyond ±15:59; Python allows ±23:59)."""
    if moment is None:
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=dt.UTC)
    try:
        return moment.astimezone(dt.UTC)
    except OverflowError:  # year 1 minus an offset, year 9999 plus one: the ends of time
        return dt.datetime.min.replace(tzinfo=dt.UTC) if moment.year == 1 else dt.datetime.max.replace(tzinfo=dt.UTC)


@router.get("/audit", response_model=AuditPage)
def audit_log(
    conn: ConnectionDep,
    actor: Annotated[str | None, Query(max_length=200, pattern=PLAIN)] = None,
    table: Annotated[str | None, Query(max_length=64, pattern=PLAIN)] = None,
    action: Annotated[str | None, Query(max_length=64, pattern=PLAIN)] = None,
    since: Annotated[
        dt.datetime | None, BeforeValidator(iso_datetime), Query(description="from this time (ISO 8601)")
    ] = None,
    until: Annotated[
        dt.datetime | None, BeforeValidator(iso_datetime), Query(description="before this time (ISO 8601)")
    ] = None,
    limit: Annotated[int, Query(ge=1, le=500)] = 100,
    offset: Annotated[int, Query(ge=0, le=10_000_000)] = 0,
) -> AuditPage:
    """Audit rows, newest first, filtered and paginated."""
    total, rows = search(conn, AuditFilter(actor, table, action, _utc(since), _utc(until)), limit, offset)
    return AuditPage.model_validate({"total": total, "limit": limit, "offset": offset, "items": rows})
