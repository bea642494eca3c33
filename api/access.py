"""Who may call what: ONE table, (method, path template) -> rule, enforced app-wide.

Roles, lowest to highest: viewer < official < supervisor < admin.

- ``open``: no account needed, ever (health check, login, the API docs);
- ``viewer``: public maps — anonymous visitors count as viewers when ``FIELDMAP_PUBLIC_MAPS`` is on;
- ``embed=True``: a read-only embed token of the map named in the path opens it too;
- ``stricter``: a path parameter value that needs a higher role (e.g. the inspections map).

A route with no rule here is refused: :func:`check_app` stops the app from starting, so a new
router cannot ship unprotected. Adding a router means adding its lines here.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from fastapi import FastAPI, Request
from fastapi.routing import iter_route_contexts
from starlette.routing import Match, Mount

import maps  # noqa: F401  (registers the map specs, whose min_role the rules read)
from geo.privacy import rank
from geo.vocab import ROLES
from layers import registry as layer_registry
from maps import spec as map_registry

OPEN = "open"


@dataclass(frozen=True)
class Rule:
    role: str
    embed: bool = False
    stricter: Mapping[str, Mapping[str, str]] = field(default_factory=dict)

    def required_role(self, path_params: Mapping[str, str]) -> str:
        """The role this request needs: the rule's, raised by any stricter path parameter."""
        needed = self.role
        for param, values in self.stricter.items():
            override = values.get(str(path_params.get(param, "")))
            if override is not None and rank(override) > rank(needed):
                needed = override
        return needed


# Maps and layers that show inspection records or route plans are not public: each declares its
# own ``min_role``, and these read them from the registries (one source, never a second list).
_MAP_ROLES = {s.name: s.min_role for s in map_registry.all_maps() if s.min_role != "viewer"}
_LAYER_ROLES = {layer.name: layer.min_role for layer in layer_registry.all_layers() if layer.min_role != "viewer"}
_PRIVATE_MAPS = {"name": _MAP_ROLES}
_PRIVATE_LAYERS = {"name": _LAYER_ROLES}
# ``/layers/inspections.shp.zip`` matches ``{name}.{fmt}`` with name ``inspections.shp``
_PRIVATE_FILES = {"name": {**_LAYER_ROLES, **{f"{k}.shp": v for k, v in _LAYER_ROLES.items()}}}
_MAP = Rule("viewer", embed=True, stricter=_PRIVATE_MAPS)

RULES: dict[tuple[str, str], Rule] = {
    # -- open: no account ------------------------------------------------------
    ("GET", "/healthz"): Rule(OPEN),
    ("GET", "/login"): Rule(OPEN),
    ("POST", "/auth/login"): Rule(OPEN),
    ("POST", "/auth/logout"): Rule(OPEN),
    ("GET", "/auth/me"): Rule(OPEN),
    ("POST", "/auth/tokens"): Rule(OPEN),  # checks the username and password in its body
    ("GET", "/docs"): Rule(OPEN),
    ("GET", "/docs/oauth2-redirect"): Rule(OPEN),
    ("GET", "/redoc"): Rule(OPEN),
    ("GET", "/openapi.json"): Rule(OPEN),
    # -- viewer: public maps and aggregate figures --------------------------------
    ("GET", "/"): Rule("viewer"),
    ("GET", "/maps/{name}"): _MAP,
    ("GET", "/maps/{name}.{fmt}"): _MAP,  # the exports router's one route for png/svg/pdf
    ("GET", "/layers"): Rule("viewer"),
    ("GET", "/layers/{name}.geojson"): Rule("viewer", stricter=_PRIVATE_LAYERS),
    # per-village reach: distances and times of village seats, no household (public counts)
    ("GET", "/reach"): Rule("viewer"),
    ("GET", "/reach.csv"): Rule("viewer"),
    ("GET", "/reach.xlsx"): Rule("viewer"),
    ("GET", "/reach/suggestions"): Rule("viewer"),
    ("GET", "/reach/service-areas"): Rule("viewer"),
    ("GET", "/layers/{name}.{fmt}"): Rule("viewer", stricter=_PRIVATE_FILES),  # downloads: gpkg, shp.zip, csv, xlsx
    ("GET", "/ogc/"): Rule("viewer"),
    ("GET", "/ogc"): Rule("viewer"),
    ("GET", "/ogc/conformance"): Rule("viewer"),
    ("GET", "/ogc/collections"): Rule("viewer"),
    ("GET", "/ogc/collections/{id}"): Rule("viewer", stricter={"id": _PRIVATE_LAYERS["name"]}),
    ("GET", "/ogc/collections/{id}/items"): Rule("viewer", stricter={"id": _PRIVATE_LAYERS["name"]}),
    ("GET", "/ogc/collections/{id}/items/{fid}"): Rule("viewer", stricter={"id": _PRIVATE_LAYERS["name"]}),
    # -- official: all maps and indicators -------------------------------------------
    ("GET", "/indicators"): Rule("official"),
    ("GET", "/indicators.csv"): Rule("official"),
    ("GET", "/indicators.xlsx"): Rule("official"),
    ("GET", "/indicators/coverage"): Rule("official"),
    ("GET", "/indicators/coverage.csv"): Rule("official"),
    ("GET", "/indicators/coverage.xlsx"): Rule("official"),
    ("GET", "/indicators/funds"): Rule("official"),
    ("GET", "/indicators/funds.csv"): Rule("official"),
    ("GET", "/indicators/funds.xlsx"): Rule("official"),
    ("GET", "/briefing.pptx"): Rule("official"),
    ("GET", "/flows"): Rule("official"),  # shipments by station: a station's business figures
    ("GET", "/inspections"): Rule("official"),  # unannounced plans are filtered out below supervisor
    ("GET", "/inspections/status"): Rule("official"),
    ("GET", "/inspections/{inspection_id}"): Rule("official"),
    ("GET", "/inspections/{inspection_id}/photos/{photo_id}"): Rule("official"),
    ("POST", "/auth/embed-tokens"): Rule("official"),
    # -- supervisor: records inspections and plans routes --------------------------------
    ("GET", "/inspections/new"): Rule("supervisor"),
    ("POST", "/inspections"): Rule("supervisor"),
    ("PATCH", "/inspections/{inspection_id}"): Rule("supervisor"),
    ("POST", "/inspections/{inspection_id}/photos"): Rule("supervisor"),
    ("POST", "/routes/plan"): Rule("supervisor"),
    ("GET", "/routes"): Rule("supervisor"),
    ("GET", "/routes/{route_id}"): Rule("supervisor"),
    ("GET", "/routes/{route_id}.gpx"): Rule("supervisor"),
    ("GET", "/routes/{route_id}/print"): Rule("supervisor"),
    ("POST", "/indicators/entries"): Rule("supervisor"),
    ("POST", "/trainings"): Rule("supervisor"),
    # -- admin: imports data and manages accounts ---------------------------------------
    ("GET", "/audit"): Rule("admin"),
    ("GET", "/users"): Rule("admin"),
    ("POST", "/users"): Rule("admin"),
    ("PATCH", "/users/{username}"): Rule("admin"),
    ("DELETE", "/users/{username}/lockout"): Rule("admin"),
    ("POST", "/imports/{table}"): Rule("admin"),
    ("GET", "/imports"): Rule("admin"),
    ("GET", "/imports/{table}/template.xlsx"): Rule("admin"),
    ("PATCH", "/sites/{site_id}"): Rule("admin"),
}


def rule_for(method: str, path: str) -> Rule | None:
    return RULES.get(("GET" if method == "HEAD" else method, path))


def _contexts(app: FastAPI) -> list:
    # Routers may be included with a prefix; the route contexts carry the full template.
    return [rc for rc in iter_route_contexts(app.routes) if not isinstance(rc.original_route, Mount)]


def route_methods(app: FastAPI) -> list[tuple[str, str]]:
    """Every (method, path template) the app answers, static mounts aside."""
    out = []
    for rc in _contexts(app):
        for method in sorted(rc.methods or ()):
            if method != "HEAD":
                out.append((method, rc.path))
    return out


def route_template(request: Request) -> str | None:
    """The full path template (e.g. ``/maps/{name}``) of the route this request matched."""
    contexts = getattr(request.app.state, "route_contexts", None)
    if contexts is None:
        contexts = request.app.state.route_contexts = _contexts(request.app)
    for rc in contexts:
        if rc.matches(request.scope)[0] == Match.FULL:
            return rc.path
    return None


def check_app(app: FastAPI, rules: Mapping[tuple[str, str], Rule] = RULES) -> None:
    """Refuse to start when a route has no rule (deny by default, loudly) or a rule has no route
    (a stale line that would silently open a path added later under that name)."""
    routes = route_methods(app)
    missing = [f"{m} {p}" for m, p in routes if rules.get((m, p)) is None]
    if missing:
        raise RuntimeError("routes without an access rule in api/access.py RULES: " + ", ".join(missing))
    stale = sorted(f"{m} {p}" for m, p in set(rules) - set(routes))
    if stale:
        raise RuntimeError("access rules without a route in api/access.py RULES: " + ", ".join(stale))
    unknown = {r.role for r in rules.values()} - {OPEN, *ROLES}
    if unknown:
        raise RuntimeError(f"unknown roles in api/access.py RULES: {unknown}")
