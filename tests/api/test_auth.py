"""Login, sessions, script tokens and the ``fieldmap user`` command line."""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys

from fastapi.testclient import TestClient
from sqlalchemy import text

from api.app import create_app
from geo.accounts.users import ensure_first_admin
from geo.store.database import get_engine
from tests.conftest import PASSWORD, add_user


def _login(client: TestClient, username: str, password: str = PASSWORD, **extra):  # noqa: ANN003, ANN202
    return client.post(
        "/auth/login", data={"username": username, "password": password, **extra}, follow_redirects=False
    )


def test_login_sets_a_safe_cookie_and_stores_only_hashes(db_url: str) -> None:
    add_user(db_url, "ann", "official")
    with TestClient(create_app(db_url)) as client:
        response = _login(client, "ann", next="/?lang=en")
        assert response.status_code == 303 and response.headers["location"] == "/?lang=en"
        cookie = response.headers["set-cookie"]
        assert "HttpOnly" in cookie and "SameSite=lax" in cookie and "Path=/" in cookie
        raw = client.cookies["fieldmap_session"]
        assert client.get("/auth/me").json() == {
            "username": "ann",
            "role": "official",
            "kind": "session",
            "public_maps": True,
        }
        with get_engine(db_url).connect() as conn:
            stored = conn.execute(text("SELECT token_hash FROM auth_token WHERE kind = 'session'")).scalars().all()
            pw = conn.execute(text("SELECT password_hash FROM app_user WHERE username = 'ann'")).scalar_one()
        assert stored == [hashlib.sha256(raw.encode()).hexdigest()]
        assert pw.startswith("$argon2id$") and PASSWORD not in pw
        assert client.post("/auth/logout").status_code == 200
        client.cookies.set("fieldmap_session", raw)  # a stolen copy of the old cookie
        assert client.get("/auth/me").json()["kind"] == "anonymous"


def test_wrong_password_unknown_user_and_disabled_account_are_refused(db_url: str) -> None:
    add_user(db_url, "bob", "viewer")
    with TestClient(create_app(db_url)) as client:
        assert _login(client, "bob", "wrong-password").status_code == 401
        assert _login(client, "nobody").status_code == 401
        page = client.post("/auth/login", data={"username": "bob", "password": "x"}, headers={"accept": "text/html"})
        assert page.status_code == 401 and "用户名或密码不正确" in page.text
        with get_engine(db_url).begin() as conn:
            conn.execute(text("UPDATE app_user SET disabled = true WHERE username = 'bob'"))
        assert _login(client, "bob").status_code == 401


def test_login_never_redirects_to_another_site(db_url: str) -> None:
    add_user(db_url, "cat", "viewer")
    with TestClient(create_app(db_url)) as client:
        for target in ("https://evil.example/", "//evil.example/", "/\\evil.example"):
            assert _login(client, "cat", next=target).headers["location"] == "/"


def test_script_tokens_carry_the_owners_role_and_die_with_a_new_password(db_url: str) -> None:
    add_user(db_url, "dan", "admin")
    with TestClient(create_app(db_url)) as client:
        answer = client.post(
            "/auth/tokens", json={"username": "dan", "password": PASSWORD, "name": "nightly", "days": 30}
        )
        assert answer.status_code == 201 and answer.json()["role"] == "admin"
        bearer = {"Authorization": f"Bearer {answer.json()['token']}"}
        assert client.get("/users", headers=bearer).status_code == 200
        assert client.get("/users", headers={"Authorization": "Bearer fmt_forged"}).status_code == 401
        assert client.patch("/users/dan", headers=bearer, json={"password": "another-long-password"}).status_code == 200
        assert client.get("/users", headers=bearer).status_code == 401


def test_first_admin_is_created_once_with_a_random_password(empty_url: str) -> None:
    from geo.store import migrate

    migrate.upgrade(empty_url)
    with get_engine(empty_url).begin() as conn:
        password = ensure_first_admin(conn)
    with get_engine(empty_url).begin() as conn:
        assert ensure_first_admin(conn) is None
    assert password and len(password) >= 16
    with TestClient(create_app(empty_url)) as client:
        assert _login(client, "admin", password).status_code == 303
        assert client.get("/auth/me").json()["role"] == "admin"


def _cli(url: str, *args: str, stdin: str = "") -> subprocess.CompletedProcess:
    env = {**os.environ, "DATABASE_URL": url}
    return subprocess.run(
        [sys.executable, "-m", "api.cli", *args],
        input=stdin,
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        start_new_session=True,
    )


def test_cli_user_add_passwd_role(db_url: str) -> None:
    made = _cli(db_url, "user", "add", "eve", "--role", "supervisor", "--password-stdin", stdin="a-long-password\n")
    assert made.returncode == 0, made.stderr
    with TestClient(create_app(db_url)) as client:
        assert _login(client, "eve", "a-long-password").status_code == 303
        assert client.get("/auth/me").json()["role"] == "supervisor"
    assert _cli(db_url, "user", "role", "eve", "official").returncode == 0
    changed = _cli(db_url, "user", "passwd", "eve", "--random-password")
    new_password = changed.stdout.splitlines()[0].split(":")[-1].strip()
    with TestClient(create_app(db_url)) as client:
        assert _login(client, "eve", "a-long-password").status_code == 401
        assert _login(client, "eve", new_password).status_code == 303
        assert client.get("/auth/me").json()["role"] == "official"
    bad = _cli(db_url, "user", "role", "eve", "king")
    assert bad.returncode == 2 and "king" in bad.stderr
    with get_engine(db_url).connect() as conn:
        actions = (
            conn.execute(
                text(
                    "SELECT action FROM audit_log WHERE \"table\" = 'app_user' AND key = 'eve' "
                    "AND actor = 'cli' ORDER BY id"
                )
            )
            .scalars()
            .all()
        )
    assert actions == ["insert", "update", "update"]


def test_the_last_admin_cannot_be_demoted_or_disabled(admin_client) -> None:
    assert admin_client.patch("/users/admin1", json={"role": "viewer"}).status_code == 409
    assert admin_client.patch("/users/admin1", json={"disabled": True}).status_code == 409
    assert (
        admin_client.post("/users", json={"username": "second", "password": PASSWORD, "role": "admin"}).status_code
        == 201
    )
    assert admin_client.patch("/users/second", json={"role": "supervisor"}).status_code == 200
    assert admin_client.patch("/users/admin1", json={"display_name": "管理员"}).status_code == 200
