"""Tokens: random secrets given to the holder once; only their SHA-256 is stored.

- ``session``: the cookie of a logged-in page user (12 hours);
- ``api``: a bearer token for scripts, with the role of its owner;
- ``embed``: read-only, opens one published map as a viewer.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from dataclasses import dataclass

from sqlalchemy import Connection, text

from geo.errors import InvalidInput
from geo.store import audit

SESSION_HOURS = 12
PREFIX = {"session": "fms_", "api": "fmt_", "embed": "fme_"}


@dataclass(frozen=True)
class Identity:
    """Who is asking: a user (through a session or token), an embed token, or nobody."""

    username: str | None
    role: str | None  # None: anonymous without public maps
    kind: str  # session, api, embed, anonymous
    map_name: str | None = None

    @property
    def actor(self) -> str:
        return self.username or self.kind


ANONYMOUS = Identity(None, None, "anonymous")


def digest(raw: str) -> str:
    return hashlib.sha256(raw.encode("utf-8")).hexdigest()


def issue(
    conn: Connection,
    user_id: int,
    kind: str,
    actor: str,
    name: str | None = None,
    map_name: str | None = None,
    ttl: dt.timedelta | None = None,
) -> str:
    if kind not in PREFIX:
        raise InvalidInput(f"unknown token kind {kind!r}")
    if kind == "session" and ttl is None:
        ttl = dt.timedelta(hours=SESSION_HOURS)
    raw = PREFIX[kind] + secrets.token_urlsafe(32)
    expires = dt.datetime.now(dt.UTC) + ttl if ttl else None
    token_id = conn.execute(
        text(
            "INSERT INTO auth_token (kind, token_hash, user_id, name, map_name, expires_at) "
            "VALUES (:k, :h, :u, :n, :m, :e) RETURNING id"
        ),
        {"k": kind, "h": digest(raw), "u": user_id, "n": name, "m": map_name, "e": expires},
    ).scalar_one()
    if kind != "session":  # sessions are logged as logins by the caller
        audit.record(
            conn,
            actor,
            "create_token",
            "auth_token",
            str(token_id),
            None,
            {"kind": kind, "name": name, "map_name": map_name, "user_id": user_id, "expires_at": expires},
        )
    return raw


def resolve(conn: Connection, raw: str) -> Identity | None:
    """The identity a token stands for, or None if unknown, expired, revoked or its user is disabled."""
    if not raw or len(raw) > 200:
        return None
    row = (
        conn.execute(
            text(
                "SELECT t.kind, t.map_name, u.username, u.role FROM auth_token t JOIN app_user u ON u.id = t.user_id "
                "WHERE t.token_hash = :h AND t.revoked_at IS NULL AND NOT u.disabled "
                "AND (t.expires_at IS NULL OR t.expires_at > now())"
            ),
            {"h": digest(raw)},
        )
        .mappings()
        .first()
    )
    if row is None:
        return None
    if row["kind"] == "embed":
        return Identity(None, "viewer", "embed", row["map_name"])
    return Identity(row["username"], row["role"], row["kind"])


def revoke(conn: Connection, raw: str, actor: str) -> bool:
    token_id = conn.execute(
        text("UPDATE auth_token SET revoked_at = now() WHERE token_hash = :h AND revoked_at IS NULL RETURNING id"),
        {"h": digest(raw)},
    ).scalar()
    if token_id is not None:
        audit.record(conn, actor, "revoke_token", "auth_token", str(token_id))
    return token_id is not None
