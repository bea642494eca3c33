"""The access matrix: every endpoint × every role, expected status.

``MATRIX`` is written out by hand, apart from ``api/access.py``: a sample request per
route, the lowest role that may make it, and the status it then gets. The walk over the
app's routes fails when a route has no line here, so no endpoint ships untested.
"""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import text

from api import access
from api.app import create_app
from geo.store.database import get_engine
from geo.store.settings import Settings
from tests.conftest import PASSWORD

ANYONE = "anonymous"
ORDER = (ANYONE, "viewer", "official", "supervisor", "admin")
FORM = "form"

# (method, template) -> (lowest role allowed, status then, request path, request kwargs)
MATRIX: dict[tuple[str, str], tuple[str, int, str, dict]] = {
    ("GET", "/healthz"): (ANYONE, 200, "/healthz", {}),
    ("GET", "/login"): (ANYONE, 200, "/login", {}),
    ("POST", "/auth/login"): (
        ANYONE,
        401,
        "/auth/login",
        {"data": {"username": "nobody", "password": "wrong-password"}},
    ),
    ("POST", "/auth/logout"): (ANYONE, 200, "/auth/logout", {}),
    ("GET", "/auth/me"): (ANYONE, 200, "/auth/me", {}),
    ("POST", "/auth/tokens"): (ANYONE, 401, "/auth/tokens", {"json": {"username": "nobody", "password": "wrong"}}),
    ("GET", "/docs"): (ANYONE, 200, "/docs", {}),
    ("GET", "/docs/oauth2-redirect"): (ANYONE, 200, "/docs/oauth2-redirect", {}),
    ("GET", "/redoc"): (ANYONE, 200, "/redoc", {}),
    ("GET", "/openapi.json"): (ANYONE, 200, "/openapi.json", {}),
    ("GET", "/"): (ANYONE, 200, "/", {}),  # public maps are on by default
    ("POST", "/auth/embed-tokens"): ("official", 201, "/auth/embed-tokens", {"json": {"map": "overview"}}),
    ("GET", "/users"): ("admin", 200, "/users", {}),
    ("POST", "/users"): ("admin", 201, "/users", {"json": {"username": "{role}-made", "password": PASSWORD}}),
    ("PATCH", "/users/{username}"): ("admin", 200, "/users/viewer1", {"json": {"display_name": "改过"}}),
    ("DELETE", "/users/{username}/lockout"): ("admin", 200, "/users/viewer1/lockout", {}),
    ("GET", "/audit"): ("admin", 200, "/audit?limit=5", {}),
    ("POST", "/imports/{table}"): ("admin", 422, "/imports/site", {"files": {"file": ("a.txt", b"x", "text/plain")}}),
    ("GET", "/imports"): ("admin", 200, "/imports", {}),
    ("GET", "/imports/{table}/template.xlsx"): ("admin", 200, "/imports/site/template.xlsx", {}),
    ("PATCH", "/sites/{site_id}"): ("admin", 200, "/sites/{site_id}", {"json": {"status": "suspended"}}),
    ("GET", "/maps/{name}.{fmt}"): (ANYONE, 200, "/maps/overview.png?width=400&height=300", {}),
    ("GET", "/briefing.pptx"): ("official", 200, "/briefing.pptx", {}),
    ("GET", "/maps/{name}"): (ANYONE, 200, "/maps/overview", {}),
    ("GET", "/layers"): (ANYONE, 200, "/layers", {}),
    ("GET", "/layers/{name}.geojson"): (ANYONE, 200, "/layers/sites.geojson", {}),
    ("GET", "/reach"): (ANYONE, 200, "/reach", {}),
    ("GET", "/reach.csv"): (ANYONE, 200, "/reach.csv", {}),
    ("GET", "/reach.xlsx"): (ANYONE, 200, "/reach.xlsx", {}),
    ("GET", "/flows"): ("official", 200, "/flows?by=month", {}),
    ("GET", "/reach/suggestions"): (ANYONE, 200, "/reach/suggestions?k=3", {}),
    ("GET", "/reach/service-areas"): (ANYONE, 200, "/reach/service-areas", {}),
    ("GET", "/layers/{name}.{fmt}"): ("official", 200, "/layers/inspections.shp.zip", {}),
    ("GET", "/ogc/"): (ANYONE, 200, "/ogc/", {}),
    ("GET", "/ogc"): (ANYONE, 200, "/ogc", {}),
    ("GET", "/ogc/conformance"): (ANYONE, 200, "/ogc/conformance", {}),
    ("GET", "/ogc/collections"): (ANYONE, 200, "/ogc/collections", {}),
    ("GET", "/ogc/collections/{id}"): ("official", 200, "/ogc/collections/inspections", {}),
    ("GET", "/ogc/collections/{id}/items"): ("supervisor", 200, "/ogc/collections/route_stops/items", {}),
    ("GET", "/ogc/collections/{id}/items/{fid}"): (ANYONE, 200, "/ogc/collections/villages/items/1", {}),
    ("GET", "/indicators"): ("official", 200, "/indicators", {}),
    ("GET", "/indicators.csv"): ("official", 200, "/indicators.csv", {}),
    ("GET", "/indicators.xlsx"): ("official", 200, "/indicators.xlsx", {}),
    ("GET", "/indicators/coverage"): ("official", 200, "/indicators/coverage", {}),
    ("GET", "/indicators/coverage.csv"): ("official", 200, "/indicators/coverage.csv", {}),
    ("GET", "/indicators/coverage.xlsx"): ("official", 200, "/indicators/coverage.xlsx", {}),
    ("GET", "/indicators/funds"): ("official", 200, "/indicators/funds", {}),
    ("GET", "/indicators/funds.csv"): ("official", 200, "/indicators/funds.csv", {}),
    ("GET", "/indicators/funds.xlsx"): ("official", 200, "/indicators/funds.xlsx", {}),
    ("POST", "/indicators/entries"): ("supervisor", 422, "/indicators/entries", {"json": {}}),
    ("POST", "/trainings"): ("supervisor", 422, "/trainings", {"json": {}}),
    ("GET", "/inspections"): ("official", 200, "/inspections", {}),
    ("GET", "/inspections/status"): ("official", 200, "/inspections/status", {}),
    ("GET", "/inspections/{inspection_id}"): ("official", 200, "/inspections/{inspection_id}", {}),
    ("GET", "/inspections/{inspection_id}/photos/{photo_id}"): (
        "official",
        404,
        "/inspections/{inspection_id}/photos/999999",
        {},
    ),
    ("GET", "/inspections/new"): ("supervisor", 200, "/inspections/new", {}),
    ("POST", "/inspections"): ("supervisor", 422, "/inspections", {"json": {}}),
    ("PATCH", "/inspections/{inspection_id}"): ("supervisor", 422, "/inspections/{inspection_id}", {"json": {}}),
    ("POST", "/inspections/{inspection_id}/photos"): ("supervisor", 422, "/inspections/{inspection_id}/photos", {}),
    ("POST", "/routes/plan"): ("supervisor", 422, "/routes/plan", {"json": {"rule": "nonsense"}}),
    ("GET", "/routes"): ("supervisor", 200, "/routes", {}),
    ("GET", "/routes/{route_id}"): ("supervisor", 404, "/routes/999999", {}),
    ("GET", "/routes/{route_id}.gpx"): ("supervisor", 404, "/routes/999999.gpx", {}),
    ("GET", "/routes/{route_id}/print"): ("supervisor", 404, "/routes/999999/print", {}),
}


def _first_site(url: str) -> int:
    with get_engine(url).connect() as conn:
        return conn.execute(text("SELECT min(id) FROM site")).scalar_one()


def _first_inspection(url: str) -> int:
    with get_engine(url).connect() as conn:
        return conn.execute(text("SELECT min(id) FROM inspection")).scalar_one()


def test_every_route_has_an_access_rule_and_a_matrix_line(db_url: str) -> None:
    app = create_app(db_url)
    routes = access.route_methods(app)
    assert len(routes) >= len(MATRIX) - 1
    assert [r for r in routes if access.rule_for(*r) is None] == []
    assert [r for r in routes if r not in MATRIX] == [], "add the new route to MATRIX with its expected statuses"


def test_app_refuses_to_start_with_a_route_without_a_rule(db_url: str) -> None:
    app = create_app(db_url)

    @app.get("/secret-new-thing")
    def _new() -> dict:
        return {}

    with pytest.raises(RuntimeError, match="GET /secret-new-thing"):
        access.check_app(app)


def test_app_refuses_to_start_with_a_rule_without_a_route(db_url: str) -> None:
    app = create_app(db_url)
    stale = {**access.RULES, ("GET", "/no-such-route"): access.Rule("viewer")}
    with pytest.raises(RuntimeError, match="rules without a route.*GET /no-such-route"):
        access.check_app(app, stale)


def test_private_layers_and_maps_come_from_their_declarations() -> None:
    # Written out by hand: what the registries declare must reach the access table.
    layer_rule = access.RULES[("GET", "/layers/{name}.geojson")]
    assert layer_rule.required_role({"name": "inspection_status"}) == "official"
    assert layer_rule.required_role({"name": "route_stops"}) == "supervisor"
    assert layer_rule.required_role({"name": "sites"}) == "viewer"
    assert access.RULES[("GET", "/maps/{name}")].required_role({"name": "inspections"}) == "official"


@pytest.mark.parametrize("role", ORDER, ids=str)
def test_access_matrix(client_as, db_url: str, role: str) -> None:
    client = client_as(role)
    site, inspection = _first_site(db_url), _first_inspection(db_url)
    client_as("viewer")  # the user PATCH /users/viewer1 changes exists for every role
    seen = []
    for (method, template), (lowest, ok, path, kwargs) in MATRIX.items():
        path = path.format(site_id=site, inspection_id=inspection)
        kwargs = {
            k: (
                {kk: (vv.format(role=role) if isinstance(vv, str) else vv) for kk, vv in v.items()}
                if isinstance(v, dict) and k == "json"
                else v
            )
            for k, v in kwargs.items()
        }
        response = client.request(method, path, **kwargs)
        allowed = ORDER.index(role) >= ORDER.index(lowest)
        expected = ok if allowed else (401 if role == ANYONE else 403)
        seen.append((method, template, response.status_code, expected))
        assert response.status_code < 500, template
        if expected in (401, 403):
            assert "error" in response.json()
    assert [s for s in seen if s[2] != s[3]] == []


def test_private_maps_are_closed_to_anonymous_when_public_maps_are_off(client_as) -> None:
    closed = Settings(public_maps=False)
    anonymous = client_as(ANYONE, closed)
    assert anonymous.get("/").status_code == 401
    assert anonymous.get("/").json()["login"] == "/login?next=%2F"
    page = anonymous.get("/?lang=en", headers={"accept": "text/html"}, follow_redirects=False)
    assert page.status_code == 303 and page.headers["location"] == "/login?next=%2F%3Flang%3Den"
    assert anonymous.get("/healthz").status_code == 200
    assert client_as("viewer", closed).get("/").status_code == 200


def test_stricter_maps_and_embed_tokens(client_as, db_url: str) -> None:
    official = client_as("official")
    token = official.post("/auth/embed-tokens", json={"map": "overview"}).json()
    assert token["url"] == f"/maps/overview?embed=1&token={token['token']}"
    assert official.post("/auth/embed-tokens", json={"map": "nope"}).status_code == 404
    viewer = client_as("viewer").headers["Authorization"]
    with TestClient(create_app(db_url)) as app:
        page = app.get(token["url"])
        assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
        assert app.get(f"/maps/coverage?token={token['token']}").status_code == 403  # another map
        assert app.get(f"/healthz?token={token['token']}").status_code == 200
        assert app.get(f"/users?token={token['token']}").status_code == 403
        assert app.get("/maps/overview?token=fme_forged").status_code == 401
        # a script token must not travel in a URL
        script = official.headers["Authorization"].removeprefix("Bearer ")
        assert app.get(f"/maps/overview?token={script}").status_code == 401
        assert app.get("/maps/overview").status_code == 200  # public map, anonymous
        assert app.get("/maps/inspections").status_code == 401  # not a public map
        assert (
            app.get("/maps/inspections", headers={"Authorization": official.headers["Authorization"]}).status_code
            == 200
        )
        assert app.get("/maps/inspections", headers={"Authorization": viewer}).status_code == 403
        assert app.get("/maps/overview", headers={"Authorization": viewer}).status_code == 200
