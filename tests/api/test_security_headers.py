"""Security headers on every answer; only embed pages may be framed; Secure cookie over HTTPS."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from geo.store.settings import Settings
from tests.conftest import PASSWORD, add_user


def _common(r) -> None:  # noqa: ANN001
    assert r.headers["x-content-type-options"] == "nosniff"
    assert r.headers["referrer-policy"] == "strict-origin-when-cross-origin"
    assert "default-src 'self'" in r.headers["content-security-policy"]
    assert "object-src 'none'" in r.headers["content-security-policy"]


@pytest.mark.parametrize(
    "path", ["/login", "/", "/maps/overview", "/healthz", "/layers", "/no/such/page", "/auth/me", "/maps/inspections"]
)
def test_pages_and_answers_cannot_be_framed(client_as, path: str) -> None:
    r = client_as("anonymous").get(path, follow_redirects=False)
    _common(r)
    assert r.headers["x-frame-options"] == "DENY"
    assert "frame-ancestors 'none'" in r.headers["content-security-policy"]


def test_cached_page_and_oversized_body_carry_the_headers_too(client_as) -> None:
    client = client_as("anonymous")
    first = client.get("/maps/overview")
    again = client.get("/maps/overview")  # a cache hit (fast path)
    _common(again)
    assert again.headers["x-frame-options"] == "DENY" and first.headers["etag"] == again.headers["etag"]
    big = client.post("/auth/login", content=b"x" * 100, headers={"content-length": str(30 * 1024 * 1024)})
    assert big.status_code == 413
    _common(big)


def test_embed_pages_may_be_framed_by_other_sites(client_as) -> None:
    r = client_as("anonymous").get("/maps/overview", params={"embed": "1"})
    assert r.status_code == 200
    _common(r)
    assert "x-frame-options" not in r.headers
    assert "frame-ancestors *" in r.headers["content-security-policy"]


def _cookie(client: TestClient, **headers: str) -> str:
    r = client.post(
        "/auth/login", data={"username": "ann", "password": PASSWORD}, headers=headers, follow_redirects=False
    )
    assert r.status_code == 303, r.text
    return r.headers["set-cookie"]


def test_session_cookie_is_secure_when_the_request_came_over_https(db_url: str) -> None:
    add_user(db_url, "ann", "official")
    with TestClient(create_app(db_url), base_url="https://fieldmap.example") as client:
        assert "Secure" in _cookie(client)
    with TestClient(create_app(db_url)) as client:  # plain http, no proxy configured
        assert "Secure" not in _cookie(client)
        assert "Secure" not in _cookie(client, **{"X-Forwarded-Proto": "https"})  # not trusted by default
    proxied = Settings(database_url=db_url, trust_proxy_headers=True)
    with TestClient(create_app(db_url, proxied)) as client:
        assert "Secure" in _cookie(client, **{"X-Forwarded-Proto": "https"})
