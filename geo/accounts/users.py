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
        raise InvalidInput(f"角色“{role}”无效，可选：{', '.join(ROLES)}\nRole '{role}' is not one of: {', '.join(ROLES)}",
                           detail={"valid": list(ROLES)})
    return role


def _check_password(password: str) -> None:
    if len(password) < MIN_PASSWORD_LENGTH:
        raise InvalidInput(f"密码至少 {MIN_PASSWORD_LENGTH} 个字符 / The password needs at least {MIN_PASSWORD_LENGTH} characters.")


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


def create_user(conn: Connection, username: str, password: str, role: str, actor: str,
                display_name: str | None = None) -> dict:
    if not USERNAME.match(username or ""):
        raise InvalidInput("用户名只能包含字母、数字和 _ . @ -（1–64 个字符）/ "
                           "A username is 1–64 letters, digits or _ . @ -")
    check_role(role)
    _check_password(password)
    exists = conn.execute(text("SELECT 1 FROM app_user WHERE username = :u"), {"u": username}).first()
    if exists:
        raise Conflict(f"用户“{username}”已存在 / User '{username}' already exists.")
    conn.execute(text(
        "INSERT INTO app_user (username, display_name, password_hash, role) VALUES (:u, :d, :h, :r)"),
        {"u": username, "d": display_name, "h": _HASHER.hash(password), "r": role})
    user = get_user(conn, username)
    audit.record(conn, actor, "insert", "app_user", username, None, user)
    return user


def set_password(conn: Connection, username: str, password: str, actor: str) -> None:
    _check_password(password)
    before = get_user(conn, username)
    conn.execute(text("UPDATE app_user SET password_hash = :h, password_changed_at = now() WHERE username = :u"),
                 {"h": _HASHER.hash(password), "u": username})
    # A new password ends every session and script token the old one opened.
    conn.execute(text("UPDATE auth_token SET revoked_at = now() WHERE user_id = :i AND kind <> 'embed' "
                      "AND revoked_at IS NULL"), {"i": before["id"]})
    audit.record(conn, actor, "update", "app_user", username, before, get_user(conn, username))


def update_user(conn: Connection, username: str, actor: str, role: str | None = None,
                disabled: bool | None = None, display_name: str | None = None) -> dict:
    before = get_user(conn, username)
    if role is not None:
        check_role(role)
    leaves_admins = before["role"] == "admin" and not before["disabled"] and (
        (role is not None and role != "admin") or disabled is True)
    if leaves_admins and not conn.execute(text(
            "SELECT count(*) FROM app_user WHERE role = 'admin' AND NOT disabled AND username <> :u"),
            {"u": username}).scalar_one():
        raise Conflict("不能降级或停用最后一个管理员 / The last enabled admin cannot be demoted or disabled.")
    conn.execute(text(
        "UPDATE app_user SET role = coalesce(:r, role), disabled = coalesce(:dis, disabled), "
        "display_name = coalesce(:d, display_name) WHERE username = :u"),
        {"r": role, "dis": disabled, "d": display_name, "u": username})
    after = get_user(conn, username)
    if after != before:
        audit.record(conn, actor, "update", "app_user", username, before, after)
    return after


# Password guessing: this many failures for one username within the window lock it out for a while.
MAX_FAILURES = 10
FAILURE_WINDOW_MINUTES = 15


def locked_out(conn: Connection, username: str) -> bool:
    """Too many recent failed logins for ``username`` (counted from the audit trail)."""
    failures = conn.execute(text(
        "SELECT count(*) FROM audit_log WHERE action = 'login_failed' AND key = :u "
        "AND at > now() - make_interval(mins => :m)"), {"u": username, "m": FAILURE_WINDOW_MINUTES}).scalar_one()
    return failures >= MAX_FAILURES


def record_failure(conn: Connection, username: str) -> None:
    audit.record(conn, username, "login_failed", "app_user", username)


def authenticate(conn: Connection, username: str, password: str) -> dict | None:
    """The user if the password matches and the account is enabled, else None."""
    row = conn.execute(text("SELECT id, username, role, disabled, password_hash FROM app_user WHERE username = :u"),
                       {"u": username}).mappings().first()
    try:
        _HASHER.verify(row["password_hash"] if row else _DUMMY_HASH, password)
    except (VerificationError, InvalidHashError):
        return None
    if row is None or row["disabled"]:
        return None
    if _HASHER.check_needs_rehash(row["password_hash"]):
        conn.execute(text("UPDATE app_user SET password_hash = :h WHERE id = :i"),
                     {"h": _HASHER.hash(password), "i": row["id"]})
    return {"id": row["id"], "username": row["username"], "role": row["role"]}


def ensure_first_admin(conn: Connection, username: str = "admin") -> str | None:
    """On a fresh database, create an admin with a random password and return it (shown once)."""
    if count_users(conn):
        return None
    password = random_password()
    create_user(conn, username, password, "admin", actor="system")
    return password
