"""Issue 14 finding 6: full ``Allow`` on 405, before the access check; no lax coercions."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import text

from geo.store.database import get_engine

# (method, path, the Allow header the path must answer with): methods from api/access.py's table
# (FastAPI routes do not answer HEAD; the static files do).
WRONG_METHODS = [
    ("DELETE", "/users", "GET, POST"),
    ("PUT", "/users", "GET, POST"),
    ("DELETE", "/healthz", "GET"),
    ("PATCH", "/healthz", "GET"),
    ("GET", "/trainings", "POST"),
    ("DELETE", "/trainings", "POST"),
    ("DELETE", "/users/someone", "PATCH"),
    ("PUT", "/sites/1", "PATCH"),
    ("POST", "/static/leaflet/leaflet.js", "GET, HEAD"),
]


@pytest.mark.parametrize("who", ["anonymous", "admin"])
@pytest.mark.parametrize(("method", "path", "allow"), WRONG_METHODS)
def test_undeclared_method_is_405_with_full_allow(client_as, who: str, method: str, path: str, allow: str) -> None:
    answer = client_as(who).request(method, path, json={"x": 1})
    assert answer.status_code == 405
    assert answer.headers["allow"] == allow
    assert answer.json() == {"error": "此地址不支持该请求方法 / Method not allowed here."}


def test_declared_methods_still_answer(admin_client) -> None:
    assert admin_client.get("/users").status_code == 200
    assert admin_client.get("/healthz").status_code == 200
    assert admin_client.head("/static/leaflet/leaflet.js").status_code == 200


TRAINING = {"held_on": "2025-03-01", "title": "电商培训", "level": "county", "attendees": 12}
LAX_BODIES = [
    ("POST", "/trainings", {**TRAINING, "satisfaction_pct": False}),
    ("POST", "/trainings", {**TRAINING, "attendees": True}),
    ("POST", "/trainings", {**TRAINING, "attendees": 12.5}),
    ("POST", "/trainings", {**TRAINING, "attendees": "12"}),
    ("POST", "/trainings", {**TRAINING, "held_on": 0}),
    ("POST", "/trainings", {**TRAINING, "held_on": "2025-03-01T00:00:00"}),
    ("POST", "/indicators/entries", {"indicator": "complaints", "period": "2025", "value": False, "entered_by": "t"}),
    ("POST", "/indicators/entries", {"indicator": "complaints", "period": "2025", "value": "3", "entered_by": "t"}),
    ("PATCH", "/users/admin1", {"disabled": 0}),
    ("PATCH", "/users/admin1", {"disabled": "false"}),
]


@pytest.mark.parametrize(("method", "path", "body"), LAX_BODIES)
def test_lax_body_values_are_422(admin_client, db_url: str, method: str, path: str, body: dict) -> None:
    with get_engine(db_url).connect() as conn:
        before = conn.execute(text("SELECT count(*) FROM training_session")).scalar_one()
    answer = admin_client.request(method, path, json=body)
    assert answer.status_code == 422, answer.text
    with get_engine(db_url).connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM training_session")).scalar_one() == before


def test_site_opened_on_number_is_422(admin_client, db_url: str) -> None:
    with get_engine(db_url).connect() as conn:
        site_id = conn.execute(text("SELECT min(id) FROM site")).scalar_one()
    assert admin_client.patch(f"/sites/{site_id}", json={"opened_on": 0}).status_code == 422
    assert admin_client.patch(f"/sites/{site_id}", json={"opened_on": "2024-05-01"}).status_code == 200


def test_strict_bodies_still_take_their_types(client_as) -> None:  # noqa: ANN001
    supervisor = client_as("supervisor")  # who records trainings (api/access.py)
    assert supervisor.post("/trainings", json={**TRAINING, "satisfaction_pct": 90}).status_code == 201
    assert supervisor.post("/trainings", json={**TRAINING, "satisfaction_pct": 92.5}).status_code == 201
    # 12.0 is an integer to JSON Schema, so the handler takes it too
    assert supervisor.post("/trainings", json={**TRAINING, "attendees": 12.0}).status_code == 201


@pytest.mark.parametrize("path", ["/inspections/status?as_of=0", "/inspections/status?as_of=20250101"])
def test_as_of_query_needs_an_iso_date(client_as, path: str) -> None:  # noqa: ANN001
    official = client_as("official")  # the least role that reads the status
    assert official.get(path).status_code == 422
    assert official.get("/inspections/status?as_of=2025-01-31").status_code == 200


def test_openapi_says_the_strict_types(client) -> None:
    schemas = client.get("/openapi.json").json()["components"]["schemas"]
    training = schemas["TrainingIn"]["properties"]
    assert training["held_on"] == {"type": "string", "format": "date", "title": "Held On"}
    assert training["attendees"]["type"] == "integer"
    assert {"type": "number", "minimum": 0, "maximum": 100} in training["satisfaction_pct"]["anyOf"]
    assert {"type": "boolean"} in schemas["UserChange"]["properties"]["disabled"]["anyOf"]


def _village_station(db_url: str) -> int:
    with get_engine(db_url).connect() as conn:
        return conn.execute(text("SELECT min(id) FROM site WHERE kind = 'village_station'")).scalar_one()


@pytest.mark.parametrize("when", [0, 1735689600, False, 1.5])
def test_visited_at_number_is_422_naming_the_field_and_nothing_is_stored(client_as, db_url: str, when: object) -> None:
    client = client_as("supervisor")
    record = {"site_id": _village_station(db_url), "mode": "announced", "inspector": "督查组", "outcome": "normal"}
    with get_engine(db_url).connect() as conn:
        before = conn.execute(text("SELECT count(*) FROM inspection")).scalar_one()
    answer = client.post("/inspections", json={**record, "visited_at": when})
    assert answer.status_code == 422, answer.text
    assert "visited_at" in answer.text
    with get_engine(db_url).connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM inspection")).scalar_one() == before


def test_visited_at_number_in_a_patch_is_422_and_text_still_works(client_as, db_url: str) -> None:
    client = client_as("supervisor")
    record = {"site_id": _village_station(db_url), "mode": "announced", "inspector": "督查组", "outcome": "normal"}
    made = client.post("/inspections", json={**record, "visited_at": "2025-01-31T08:00:00+08:00"})
    assert made.status_code == 201, made.text
    bad = client.patch(f"/inspections/{made.json()['id']}", json={"version": 1, "visited_at": 0})
    assert bad.status_code == 422 and "visited_at" in bad.text
    with get_engine(db_url).connect() as conn:
        stored = conn.execute(text("SELECT visited_at FROM inspection WHERE id = :i"), {"i": made.json()["id"]})
        assert stored.scalar_one().astimezone(dt.UTC) == dt.datetime(2025, 1, 31, 0, 0, tzinfo=dt.UTC)
