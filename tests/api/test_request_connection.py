"""One way to the database per request (issue 16): the access check and the route share the
request's connection from api/dependencies.py; the identity lookup opens no engine of its own."""

from __future__ import annotations

from fastapi.testclient import TestClient
from sqlalchemy import event, text

from api.app import create_app
from geo.store.database import get_engine
from tests.conftest import add_user, api_token


def _count_checkouts(app) -> list[int]:  # noqa: ANN001
    """A list that grows by one each time the app's pool (its one engine) hands a connection out."""
    seen: list[int] = []
    event.listen(app.state.engine, "checkout", lambda *_args: seen.append(1))
    return seen


def test_a_new_token_and_the_route_use_one_pooled_connection(db_url: str) -> None:
    add_user(db_url, "ops", "admin")
    bearer = {"Authorization": f"Bearer {api_token(db_url, 'ops')}"}  # unknown to the identity cache
    app = create_app(db_url)
    with TestClient(app) as client:
        seen = _count_checkouts(app)
        answer = client.get("/users", headers=bearer)
        assert answer.status_code == 200
        assert "ops" in {u["username"] for u in answer.json()}
        assert len(seen) == 1  # the token's lookup and the route's query on the same connection
        answer = client.get("/healthz")  # no credentials, and the ping goes outside the pool
        assert answer.json() == {"status": "ok", "database": "ok", "down": []}
        assert len(seen) == 1


def test_a_write_after_the_identity_lookup_commits_on_that_connection(db_url: str) -> None:
    add_user(db_url, "ops", "admin")
    bearer = {"Authorization": f"Bearer {api_token(db_url, 'ops')}"}
    with TestClient(create_app(db_url)) as client:
        clerk = {"username": "clerk2", "password": "long-enough-pass-1", "role": "official"}
        made = client.post("/users", headers=bearer, json=clerk)
        assert made.status_code == 201, made.text
        twice = client.post("/users", headers=bearer, json=clerk)  # refused: rolled back, no second audit row
        assert twice.status_code == 409, twice.text
    with get_engine(db_url).connect() as conn:
        users = conn.execute(text("SELECT count(*) FROM app_user WHERE username = 'clerk2'")).scalar_one()
        audits = conn.execute(
            text(
                "SELECT count(*) FROM audit_log WHERE action = 'insert' AND \"table\" = 'app_user' "
                "AND key = 'clerk2' AND actor = 'ops'"
            )
        ).scalar_one()
    assert (users, audits) == (1, 1)
