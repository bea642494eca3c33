"""Changing a site's attributes by hand, with the before/after in the audit trail."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Connection, text

from geo.errors import InvalidInput, NotFound
from geo.store import audit
from geo.store.models import SITE_STATUSES

EDITABLE = ("name", "status", "opened_on")
_SELECT = "SELECT id, ref, kind, name, status, opened_on, village_code, township_code, source FROM site WHERE id = :i"


def get_site(conn: Connection, site_id: int) -> dict:
    row = conn.execute(text(_SELECT), {"i": site_id}).mappings().first()
    if row is None:
        raise NotFound(f"没有编号为 {site_id} 的站点 / No site with id {site_id}.")
    return {k: (v.isoformat() if isinstance(v, dt.date) else v) for k, v in dict(row).items()}


def update_site(conn: Connection, site_id: int, changes: dict, actor: str) -> dict:
    """Apply ``changes`` (only :data:`EDITABLE` columns) and audit them; no-op changes write nothing."""
    unknown = set(changes) - set(EDITABLE)
    if unknown:
        raise InvalidInput(f"不能修改：{', '.join(sorted(unknown))} / Not editable: {', '.join(sorted(unknown))}")
    if changes.get("status") is not None and changes["status"] not in SITE_STATUSES:
        raise InvalidInput(f"状态应为 {', '.join(SITE_STATUSES)} / status must be one of {', '.join(SITE_STATUSES)}")
    before = get_site(conn, site_id)
    given = {k: v for k, v in changes.items() if v is not None}
    if not given:
        return before
    sets = ", ".join(f"{column} = :{column}" for column in given)  # names from EDITABLE only
    conn.execute(text(f"UPDATE site SET {sets} WHERE id = :i"), {**given, "i": site_id})
    after = get_site(conn, site_id)
    if after != before:
        audit.record(conn, actor, "update", "site", str(site_id), before, after)
    return after
