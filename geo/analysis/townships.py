"""Township lookup by name or code, as clerks write it (遮放镇, 芒市遮放镇 or 533103102)."""

from __future__ import annotations

from sqlalchemy import Connection, text

from geo.errors import NotFound


def township_code(conn: Connection, township: str) -> str:
    row = conn.execute(
        text("SELECT code FROM township WHERE code = :t OR name = :t OR name = '芒市' || :t ORDER BY code LIMIT 1"),
        {"t": township.strip()},
    ).scalar()
    if row is None:
        names = conn.execute(text("SELECT name FROM township ORDER BY code")).scalars().all()
        raise NotFound(
            f"没有乡镇“{township}”。可选：{'、'.join(names)}\nNo township '{township}'.", detail={"valid": names}
        )
    return row
