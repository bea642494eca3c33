"""No answer a viewer or an embed token can reach carries household-level data or
inspectors' personal details; unannounced-inspection plans stay with supervisors."""

from __future__ import annotations

import itertools
import json
import re

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import text

from api import access
from api.app import create_app
from geo.privacy import FIELD_MIN_ROLE, hidden_fields, scrub
from geo.store.database import get_engine
from layers import registry as layers
from maps import spec as maps

PRIVATE_KEYS = hidden_fields("viewer")


def _samples() -> dict[str, list[str]]:
    names = sorted(
        {m.name for m in maps.all_maps()} | {layer.name for layer in layers.all_layers()} | {"inspections", "routes"}
    )
    return {"name": names, "id": names}


def _viewer_urls(app) -> list[str]:  # noqa: ANN001
    """Every GET a viewer may make, with each path parameter filled by every known name."""
    urls = []
    for method, template in access.route_methods(app):
        rule = access.rule_for(method, template)
        if method != "GET" or rule.role not in (access.OPEN, "viewer"):
            continue
        params = re.findall(r"{(\w+)}", template)
        choices = [_samples().get(p, ["1"]) for p in params]
        for values in itertools.product(*choices):
            filled = dict(zip(params, values))
            if rule.required_role(filled) in (access.OPEN, "viewer"):
                url = template
                for k, v in filled.items():
                    url = url.replace("{" + k + "}", v)
                urls.append(url)
    return urls


def _keys(value) -> set[str]:  # noqa: ANN001
    if isinstance(value, dict):
        return set(value) | set().union(*(_keys(v) for v in value.values())) if value else set()
    if isinstance(value, list):
        return set().union(*(_keys(v) for v in value)) if value else set()
    return set()


def _inspector_names(url: str) -> list[str]:
    with get_engine(url).connect() as conn:
        return conn.execute(text("SELECT DISTINCT inspector FROM inspection")).scalars().all()


@pytest.mark.parametrize("who", ["anonymous", "viewer", "embed"])
def test_no_viewer_reachable_answer_has_private_data(client_as, db_url: str, who: str) -> None:
    official = client_as("official")
    client = client_as("anonymous" if who == "embed" else who)
    token = official.post("/auth/embed-tokens", json={"map": "overview"}).json()["token"] if who == "embed" else None
    names = _inspector_names(db_url)
    assert names  # the demo data has inspections, so the check below can fail
    urls = _viewer_urls(client.app)
    assert "/" in urls and "/healthz" in urls
    checked = 0
    for url in urls:
        response = client.get(url, params={"token": token} if token else None)
        if who == "embed" and response.status_code == 403:
            continue  # embed tokens open their own map only
        assert response.status_code < 500, url
        body = response.text
        for name in names:
            assert name not in body, f"{url} shows inspector {name}"
        if "json" in response.headers.get("content-type", ""):
            assert not (_keys(response.json()) & PRIVATE_KEYS), url
        for key in PRIVATE_KEYS:
            assert f'"{key}":' not in body, f"{url} has field {key}"
        checked += 1
    assert checked >= 3


def _leaky_app(db_url: str) -> TestClient:
    app = create_app(db_url)

    @app.get("/layers/{name}.geojson")  # stands in for a layer that lists too much
    def _layer(name: str) -> dict:
        return {
            "type": "FeatureCollection",
            "features": [
                {
                    "type": "Feature",
                    "geometry": None,
                    "properties": {
                        "name": "站点甲",
                        "inspector": "张三",
                        "inspector_phone": "13800000000",
                        "household_name": "李四",
                    },
                },
                {
                    "type": "Feature",
                    "geometry": None,
                    "properties": {"name": "暗访", "mode": "unannounced", "planned": True},
                },
            ],
        }

    # The real /layers/{name}.geojson route exists too: put the stand-in ahead of it.
    app.router.routes.insert(0, app.router.routes.pop())
    return TestClient(app)


def test_the_filter_strips_private_fields_from_any_json_route(client_as, db_url: str) -> None:
    with _leaky_app(db_url) as app:
        viewer = app.get("/layers/sites.geojson").json()["features"]
        assert viewer == [{"type": "Feature", "geometry": None, "properties": {"name": "站点甲"}}]
        official = app.get("/layers/sites.geojson", headers=client_as("official").headers).json()["features"]
        assert len(official) == 1 and official[0]["properties"]["inspector"] == "张三"
        assert "inspector_phone" not in official[0]["properties"]
        supervisor = app.get("/layers/sites.geojson", headers=client_as("supervisor").headers).json()["features"]
        assert len(supervisor) == 2 and supervisor[0]["properties"]["inspector_phone"] == "13800000000"


def test_scrub_is_table_driven() -> None:
    assert {"household_name", "id_card", "inspector", "phone"} <= PRIVATE_KEYS
    assert hidden_fields("admin") == frozenset()
    value = {"items": [{"inspector": "x", "n": 1}, {"mode": "unannounced", "status": "planned"}]}
    assert scrub(value, "official") == {"items": [{"inspector": "x", "n": 1}]}
    assert scrub(value, "viewer") == {"items": [{"n": 1}]}
    assert scrub(value, "supervisor") == json.loads(json.dumps(value))
    assert all(role in ("official", "supervisor") for role in FIELD_MIN_ROLE.values())
