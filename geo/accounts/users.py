"""Users and their roles. Passwords are hashed with argon2id; account changes are audited."""

from __future__ import annotations

import re
import secrets

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import Connection, RowMapping, text

from geo.errors import Conflict, InvalidInput, NotFound
from geo.store import audit
from geo.vocab import ROLES

MIN_PASSWORD_LENGTH = 10
USERNAME = re.compile(r"^[A-Za-z0-9_.@-]{1,64}$")
_HASHER = PasswordHasher()
# Verified against when the user does not exist, so a wrong name costs as long as a wrong password.
_DUMMY_HASH = _HASHER.hash("fieldmap-no-such-user")
_COLUMNS = "id, username, display_name, role, disabled, created_at, password_changed_at"


def check_role(role: str) -> str:
    if role not in ROLES:
        raise InvalidInput(
            f"角色“{role}”无效，可选：{', '.join(ROLES)}\nRole '{role}' is not one of: {', '.join(ROLES)}",
            detail={"valid": list(ROLES)},
        )
    return role


def _check_password(password: str) -> None:
    if len(password) < MIN_PASSWORD_LENGTH:
        raise InvalidInput(
            f"密码至少 {MIN_PASSWORD_LENGTH} 个字符 / The password needs at least {MIN_PASSWORD_LENGTH} characters."
        )


def random_password() -> str:
    return secrets.token_urlsafe(15)


def _public(row: RowMapping) -> dict:
    return {k: (v.isoformat() if hasattr(v, "isoformat") else v) for k, v in dict(row).items()}


def get_user(conn: Connection, username: str) -> dict:
    row = conn.execute(text(f"SELECT {_COLUMNS} FROM app_user WHERE username = :u"), {"u": username}).mappings().first()
    if row is None:
        raise NotFound(f"没有用户“{username}” / No user named '{username}'.")
    return _public(row)


def list_users(conn: Connection) -> list[dict]:
    return [_public(r) for r in conn.execute(text(f"SELECT {_COLUMNS} FROM app_user ORDER BY username")).mappings()]


def count_users(conn: Connection) -> int:
    return conn.execute(text("SELECT count(*) FROM app_user")).scalar_one()


def create_user(
    conn: Connection, username: str, password: str, role: str, actor: str, display_name: str | None = None
) -> dict:
    if not USERNAME.match(username or ""):
        raise InvalidInput(
            "用户名只能包含字母、数字和 _ . @ -（1–64 个字符）/ A username is 1–64 letters, digits or _ . @ -"
        )
    check_role(role)
    _check_password(password)
    exists = conn.execute(text("SELECT 1 FROM app_user WHERE username = :u"), {"u": username}).first()
    if exists:
        raise Conflict(f"用户“{username}”已存在 / User '{username}' already exists.")
    conn.execute(
        text("INSERT INTO app_user (username, display_name, password_hash, role) VALUES (:u, :d, :h, :r)"),
        {"u": username, "d": display_name, "h": _HASHER.hash(password), "r": role},
    )
    user = get_user(conn, username)
    audit.record(conn, actor, "insert", "app_user", username, None, user)
    return user


def set_password(conn: Connection, username: str, password: str, actor: str) -> None:
    _check_password(password)
    before = get_user(conn, username)
    conn.execute(
        text("UPDATE app_user SET password_hash = :h, password_changed_at = now() WHERE username = :u"),
        {"h": _HASHER.hash(password), "u": username},
    )
    # A new password ends every session and script token the old one opened.
    conn.execute(
        text("UPDATE auth_token SET revoked_at = now() WHERE user_id = :i AND kind <> 'embed' AND revoked_at IS NULL"),
        {"i": before["id"]},
    )
    clear_failures(conn, username)  # a new password lifts the lockout too
    audit.record(conn, actor, "update", "app_user", username, before, get_user(conn, username))


def update_user(
    conn: Connection,
    username: str,
    actor: str,
    role: str | None = None,
    disabled: bool | None = None,
    display_name: str | None = None,
) -> dict:
    before = get_user(conn, username)
    if role is not None:
        check_role(role)
    leaves_admins = (
        before["role"] == "admin"
        and not before["disabled"]
        and ((role is not None and role != "admin") or disabled is True)
    )
    if (
        leaves_admins
        and not conn.execute(
            text("SELECT count(*) FROM app_user WHERE role = 'admin' AND NOT disabled AND username <> :u"),
            {"u": username},
        ).scalar_one()
    ):
        raise Conflict("不能降级或停用最后一个管理员 / The last enabled admin cannot be demoted or disabled.")
    conn.execute(
        text(
            "UPDATE app_user SET role = coalesce(:r, role), disabled = coalesce(:dis, disabled), "
            "display_name = coalesce(:d, display_name) WHERE username = :u"
        ),
        {"r": role, "dis": disabled, "d": display_name, "u": username},
    )
    after = get_user(conn, username)
    if after != before:
        audit.record(conn, actor, "update", "app_user", username, before, after)
    return after


# Password guessing. Failures are counted per (username, client address): a stranger cannot
# lock an admin out of the office by guessing from elsewhere. After MAX_FAILURES the pair is
# locked for LOCK_MINUTES, doubling with every further failure up to MAX_LOCK_MINUTES. One
# address is also limited across all usernames (ADDRESS_MAX_FAILURES per window).
MAX_FAILURES = 10
FAILURE_WINDOW_MINUTES = 15
LOCK_MINUTES = 1
MAX_LOCK_MINUTES = 60
ADDRESS_MAX_FAILURES = 30


def lockout_seconds(conn: Connection, username: str, address: str) -> int:
    """Seconds until this (username, address) may try again; 0 when it may now. Also 0 < n
    when the address as a whole has failed too often within the window."""
    row = conn.execute(
        text(
            "SELECT greatest(0, ceil(extract(epoch FROM locked_until - now())))::int AS pair, "
            "(SELECT coalesce(sum(failures), 0) FROM login_failure WHERE address = :a "
            " AND last_at > now() - make_interval(mins => :w)) AS from_address "
            "FROM (SELECT 1) one LEFT JOIN login_failure f ON f.username = :u AND f.address = :a"
        ),
        {"u": username, "a": address, "w": FAILURE_WINDOW_MINUTES},
    ).one()
    if row.from_address >= ADDRESS_MAX_FAILURES:
        return FAILURE_WINDOW_MINUTES * 60
    return int(row.pair or 0)


def record_failure(conn: Connection, username: str, address: str, known: bool) -> None:
    """Count a failed login; lock the pair with backoff once it reaches MAX_FAILURES. Only
    known accounts get an audit row (unknown names would fill the log)."""
    conn.execute(
        text(
            "INSERT INTO login_failure AS f (username, address, failures) VALUES (:u, :a, 1) "
            "ON CONFLICT (username, address) DO UPDATE SET "
            "  failures = CASE WHEN (f.last_at < now() - make_interval(mins => :w) AND f.locked_until IS NULL)"
            "                    OR f.last_at < now() - interval '1 day' THEN 1 ELSE f.failures + 1 END,"
            "  locked_until = CASE WHEN f.last_at < now() - interval '1 day' THEN NULL ELSE f.locked_until END,"
            "  last_at = now()"
        ),
        {"u": username, "a": address, "w": FAILURE_WINDOW_MINUTES},
    )
    conn.execute(
        text(
            "UPDATE login_failure SET locked_until = now() + make_interval(mins => "
            "  least(:cap, :base * power(2, failures - :n))::int) "
            "WHERE username = :u AND address = :a AND failures >= :n"
        ),
        {"u": username, "a": address, "n": MAX_FAILURES, "base": LOCK_MINUTES, "cap": MAX_LOCK_MINUTES},
    )
    if known:
        audit.record(conn, username, "login_failed", "app_user", username, None, {"address": address})


def clear_failures(conn: Connection, username: str, address: str | None = None) -> int:
    """Forget the failures of ``username`` (from ``address``, or from everywhere)."""
    return conn.execute(
        text("DELETE FROM login_failure WHERE username = :u AND (CAST(:a AS text) IS NULL OR address = :a)"),
        {"u": username, "a": address},
    ).rowcount


def unlock(conn: Connection, username: str, actor: str) -> int:
    """Lift every lockout of ``username`` (an admin, ``fieldmap user unlock``); audited."""
    get_user(conn, username)  # 404 for an unknown name
    lifted = clear_failures(conn, username)
    audit.record(conn, actor, "unlock", "app_user", username, None, {"lockouts_lifted": lifted})
    return lifted


def exists(conn: Connection, username: str) -> bool:
    return conn.execute(text("SELECT 1 FROM app_user WHERE username = :u"), {"u": username}).first() is not None


def authenticate(conn: Connection, username: str, password: str) -> dict | None:
    """The user if the password matches and the account is enabled, else None."""
    row = (
        conn.execute(
            text("SELECT id, username, role, disabled, password_hash FROM app_user WHERE username = :u"),
            {"u": username},
        )
        .mappings()
        .first()
    )
    try:
        _HASHER.verify(row["password_hash"] if row else _DUMMY_HASH, password)
    except (VerificationError, InvalidHashError):
        return None
    if row is None or row["disabled"]:
        return None
    if _HASHER.check_needs_rehash(row["password_hash"]):
        conn.execute(
            text("UPDATE app_user SET password_hash = :h WHERE id = :i"), {"h": _HASHER.hash(password), "i": row["id"]}
        )
    return {"id": row["id"], "username": row["username"], "role": row["role"]}


def ensure_first_admin(conn: Connection, username: str = "admin") -> str | None:
    """On a fresh database, create an admin with a random password and return it (shown once)."""
    if count_users(conn):
        return None
    password = random_password()
    create_user(conn, username, password, "admin", actor="system")
    return password
