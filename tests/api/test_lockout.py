"""Password guessing: locked per (username, client address) with backoff, lifted by an admin,
by ``fieldmap user unlock`` and by ``fieldmap user passwd``; unknown names fill no audit log."""

from __future__ import annotations

import os
import subprocess
import sys

from fastapi.testclient import TestClient
from sqlalchemy import text

from api.app import create_app
from geo.store.database import get_engine
from geo.store.settings import Settings
from tests.conftest import PASSWORD, add_user, api_token

MAX_FAILURES = 10  # written here, not imported: the rule the service promises


def _login(client: TestClient, username: str, password: str = PASSWORD, address: str = "203.0.113.7"):  # noqa: ANN202
    return client.post(
        "/auth/login",
        data={"username": username, "password": password},
        headers={"X-Forwarded-For": address},
        follow_redirects=False,
    )


def _guess(client: TestClient, username: str, n: int, address: str = "203.0.113.7") -> list[int]:
    return [_login(client, username, f"guess-{i}", address).status_code for i in range(n)]


def _cli(url: str, *args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "FIELDMAP_DATABASE_URL": url}
    return subprocess.run(
        [sys.executable, "-m", "api.cli", *args],
        capture_output=True,
        text=True,
        env=env,
        input="another-long-password\n",
    )


def _proxied(db_url: str) -> TestClient:
    return TestClient(create_app(db_url, Settings(database_url=db_url, trust_proxy_headers=True)))


def test_guessing_locks_only_that_username_from_that_address(db_url: str) -> None:
    add_user(db_url, "gus", "official")
    with _proxied(db_url) as client:
        assert _guess(client, "gus", MAX_FAILURES) == [401] * MAX_FAILURES
        locked = _login(client, "gus")  # even the right password, from the guessing address
        assert locked.status_code == 429 and int(locked.headers["retry-after"]) > 0
        assert "登录失败次数过多" in locked.json()["error"]
        assert (
            client.post(
                "/auth/tokens",
                json={"username": "gus", "password": PASSWORD},
                headers={"X-Forwarded-For": "203.0.113.7"},
            ).status_code
            == 429
        )
        # The owner at the office is not locked out by a stranger elsewhere.
        assert _login(client, "gus", address="198.51.100.20").status_code == 303
    with get_engine(db_url).connect() as conn:
        audited = conn.execute(
            text("SELECT count(*) FROM audit_log WHERE action = 'login_failed' AND key = 'gus'")
        ).scalar_one()
    assert audited == MAX_FAILURES


def test_proxy_headers_are_ignored_unless_configured(db_url: str) -> None:
    add_user(db_url, "ivy", "official")
    with TestClient(create_app(db_url)) as client:  # trust_proxy_headers off (the default)
        assert _guess(client, "ivy", MAX_FAILURES) == [401] * MAX_FAILURES
        # A forged X-Forwarded-For does not make a new address: the socket peer is the same.
        assert _login(client, "ivy", address="198.51.100.99").status_code == 429


def test_further_failures_lock_for_longer(db_url: str) -> None:
    add_user(db_url, "kim", "official")
    with _proxied(db_url) as client:
        _guess(client, "kim", MAX_FAILURES)
        first = int(_login(client, "kim").headers["retry-after"])
        with get_engine(db_url).begin() as conn:  # the first lock has run out
            conn.execute(text("UPDATE login_failure SET locked_until = now() - interval '1 second'"))
        assert _login(client, "kim", "still-wrong").status_code == 401
        second = int(_login(client, "kim").headers["retry-after"])
    assert first <= 60 and 60 < second <= 120  # 1 minute, then 2


def test_admin_endpoint_unlock_and_passwd_lift_the_lockout(db_url: str) -> None:
    add_user(db_url, "lea", "official")
    add_user(db_url, "boss", "admin")
    admin = {"Authorization": f"Bearer {api_token(db_url, 'boss')}"}
    with _proxied(db_url) as client:
        _guess(client, "lea", MAX_FAILURES)
        assert _login(client, "lea").status_code == 429
        assert client.delete("/users/lea/lockout").status_code in (401, 403)  # not for anyone
        lifted = client.delete("/users/lea/lockout", headers=admin)
        assert lifted.status_code == 200 and lifted.json()["lockouts_lifted"] == 1
        assert _login(client, "lea").status_code == 303

        _guess(client, "lea", MAX_FAILURES)
        assert _login(client, "lea").status_code == 429
        assert _cli(db_url, "user", "unlock", "lea").returncode == 0
        assert _login(client, "lea").status_code == 303

        _guess(client, "lea", MAX_FAILURES)
        assert _login(client, "lea").status_code == 429
        changed = _cli(db_url, "user", "passwd", "lea", "--password-stdin")
        assert changed.returncode == 0, changed.stderr
        assert _login(client, "lea", "another-long-password").status_code == 303
    with get_engine(db_url).connect() as conn:
        actions = (
            conn.execute(
                text("SELECT action FROM audit_log WHERE key = 'lea' AND action IN ('unlock', 'update') ORDER BY id")
            )
            .scalars()
            .all()
        )
    assert actions == ["unlock", "unlock", "update"]


def test_unknown_names_are_rate_limited_per_address_without_audit_rows(db_url: str) -> None:
    with _proxied(db_url) as client:
        codes = [_login(client, f"nobody{i}", "x", address="192.0.2.5").status_code for i in range(30)]
        assert codes == [401] * 30
        assert _login(client, "nobody-else", "x", address="192.0.2.5").status_code == 429  # the address, any name
        assert _login(client, "nobody-else", "x", address="192.0.2.6").status_code == 401
    with get_engine(db_url).connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM audit_log WHERE action = 'login_failed'")).scalar_one() == 0
        assert (
            conn.execute(text("SELECT sum(failures) FROM login_failure WHERE address = '192.0.2.5'")).scalar_one() == 30
        )
