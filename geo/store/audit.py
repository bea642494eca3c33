"""The audit trail: every write records who, when, what, before and after.

Call :func:`record` inside the same transaction as the write it describes, so the
write and its audit row are committed (or rolled back) together.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from sqlalchemy import Connection, text

ACTIONS = ("import", "insert", "update", "delete", "login", "logout", "create_token", "revoke_token", "restore")
# Never written into the trail, whatever the caller passes in before/after.
SECRET_KEYS = frozenset({"password", "password_hash", "token", "token_hash"})


def _jsonable(value: Any) -> Any:
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items() if str(k) not in SECRET_KEYS}
    if isinstance(value, (list, tuple, set)):
        return [_jsonable(v) for v in value]
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, (bytes, memoryview)):
        return bytes(value).hex()
    return value


def record(
    conn: Connection,
    actor: str,
    action: str,
    table: str,
    key: str | None,
    before: dict | None = None,
    after: dict | None = None,
) -> None:
    """Append one audit row inside the caller's transaction."""
    conn.execute(
        text(
            'INSERT INTO audit_log (actor, action, "table", key, before, after) '
            "VALUES (:actor, :action, :table, :key, CAST(:before AS jsonb), CAST(:after AS jsonb))"
        ),
        {
            "actor": actor,
            "action": action,
            "table": table,
            "key": key,
            "before": None if before is None else json.dumps(_jsonable(before), ensure_ascii=False),
            "after": None if after is None else json.dumps(_jsonable(after), ensure_ascii=False),
        },
    )


@dataclass(frozen=True)
class AuditFilter:
    actor: str | None = None
    table: str | None = None
    action: str | None = None
    since: dt.datetime | None = None
    until: dt.datetime | None = None


def search(conn: Connection, f: AuditFilter, limit: int = 100, offset: int = 0) -> tuple[int, list[dict]]:
    """(total matching, one page of rows newest first). Every value is a bound parameter."""
    clauses: list[str] = []
    params: dict[str, object] = {"limit": limit, "offset": offset}
    for column, value in (("actor", f.actor), ('"table"', f.table), ("action", f.action)):
        if value is not None:
            name = column.strip('"')
            clauses.append(f"{column} = :{name}")
            params[name] = value
    if f.since is not None:
        clauses.append("at >= :since")
        params["since"] = f.since
    if f.until is not None:
        clauses.append("at < :until")
        params["until"] = f.until
    where = (" WHERE " + " AND ".join(clauses)) if clauses else ""
    total = conn.execute(text(f"SELECT count(*) FROM audit_log{where}"), params).scalar_one()
    rows = (
        conn.execute(
            text(
                f'SELECT id, at, actor, action, "table", key, before, after FROM audit_log{where} '
                "ORDER BY at DESC, id DESC LIMIT :limit OFFSET :offset"
            ),
            params,
        )
        .mappings()
        .all()
    )
    return total, [{**dict(r), "at": r["at"].isoformat()} for r in rows]
