"""The layer registry and each layer as RFC 7946 GeoJSON."""

import json

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse, Response

from api.cache import cached_response, params_key
from api.dependencies import (
    ConnectionDep,
    IdentityDep,
    LazyConnection,
    LazyConnectionDep,
    SettingsDep,
    current_identity,
)
from api.fastpath import caller_key
from api.security import STATE_KEY, AccessDenied, effective_role
from geo.io.layer_files import FORMATS, check_format
from geo.privacy import might_need_scrub, scrub
from geo.store.database import data_version
from layers import registry
from layers.base import parse_bbox
from layers.download import layer_file as layer_file_bytes

router = APIRouter(tags=["layers"])
GEOJSON = "application/geo+json"


@router.get("/layers")
def list_layers(conn: ConnectionDep, settings: SettingsDep) -> JSONResponse:
    """图层列表 / Every layer: name, zh/en title, geometry type, feature count, filters."""
    return JSONResponse(
        [
            {
                "name": layer.name,
                "title_zh": layer.title_zh,
                "title_en": layer.title_en,
                "geometry_type": layer.geometry_type,
                "feature_count": layer.count(conn),
                "filters": list(layer.filters),
                "url": f"/layers/{layer.name}.geojson",
            }
            for layer in (la.for_settings(settings) for la in registry.all_layers())
        ]
    )


@router.get(
    "/layers/{name}.geojson", response_class=Response, responses={200: {"content": {"application/geo+json": {}}}}
)
def layer_geojson(
    name: str, request: Request, db: LazyConnectionDep, settings: SettingsDep, bbox: str | None = None
) -> Response:
    """一个图层的 GeoJSON（RFC 7946，WGS 84）/ One layer as GeoJSON. ``bbox=minLon,minLat,maxLon,maxLat``;
    any other query parameter filters a property the layer allows (see ``GET /layers``)."""
    if "lang" in request.query_params:  # a download: headings and values in that language
        return layer_file(name, "geojson", request, db(), current_identity(request), settings, bbox)
    layer = registry.get(name).for_settings(settings)
    box = parse_bbox(bbox)
    filters = {k: v for k, v in request.query_params.items() if k != "bbox"}
    identity = current_identity(request)
    role = identity.role or "viewer"

    def build() -> bytes:
        # privacy applied once per (layer, query, role, version), not to every answer
        body = layer.geojson(db(), bbox=box, filters=filters)
        if might_need_scrub(body, role, layer.name):
            body = json.dumps(scrub(json.loads(body), role, layer.name), ensure_ascii=False, separators=(",", ":"))
        return body.encode()

    version, _ = current_version(request, db)
    key = ("layer", name, params_key(dict(request.query_params)), role, version)
    entry = request.app.state.cache.get_or_build(key, build)
    request.app.state.cache.remember(request, caller_key(identity), version, entry, GEOJSON)
    mark_scrubbed(request)
    return cached_response(request, entry, GEOJSON)


@router.get(
    "/layers/{name}.{fmt}",
    response_class=Response,
    responses={200: {"content": {media: {} for _driver, media in FORMATS.values()}}},
)
def layer_file(
    name: str,
    fmt: str,
    request: Request,
    conn: ConnectionDep,
    identity: IdentityDep,
    settings: SettingsDep,
    bbox: str | None = None,
) -> Response:
    """下载图层 / One layer as a file: ``.geojson`` (with ``lang=``), ``.gpkg``, ``.shp.zip``, ``.csv``, ``.xlsx``;
    ``lang=zh|en`` for headings and values, ``bbox=`` and the layer's property filters as for GeoJSON."""
    if name.endswith(".shp") and fmt == "zip":  # the path matcher splits at the last dot
        name, fmt = name[: -len(".shp")], "shp.zip"
    check_format(fmt)
    layer = registry.get(name).for_settings(settings)
    role = effective_role(request, identity)
    if not layer.visible_to(role):  # the access table refuses first; this is the second lock
        raise AccessDenied(403, f"图层“{layer.name}”需要更高角色 / The layer '{layer.name}' needs a higher role.")
    lang = "en" if request.query_params.get("lang") == "en" else "zh"
    filters = {k: v for k, v in request.query_params.items() if k not in ("bbox", "lang", "token")}
    body = layer_file_bytes(conn, layer, role, fmt, lang, parse_bbox(bbox), filters)
    filename = f"{layer.name}.{fmt}"
    return Response(
        body, media_type=FORMATS[fmt][1], headers={"content-disposition": f'attachment; filename="{filename}"'}
    )


def current_version(request: Request, db: LazyConnection) -> tuple[int, str]:
    """(version, changed_at) from the worker's watch, or from PostGIS while it is not known yet."""
    watch = getattr(request.app.state, "versions", None)
    if watch is not None and watch.version is not None:
        return watch.version, watch.changed_at or ""
    return data_version(db())


def mark_scrubbed(request: Request) -> None:
    """Tell the privacy filter this JSON body was built for the caller's role already."""
    holder = request.scope.get(STATE_KEY)
    if isinstance(holder, dict):
        holder["scrubbed"] = True
