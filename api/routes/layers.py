"""The layer registry and each layer as RFC 7946 GeoJSON."""

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse, Response

from api.security import ANONYMOUS, AccessDenied, current_identity, effective_role
from api.cache import cached_response, params_key
from api.dependencies import ConnectionDep, IdentityDep
from geo.io.layer_files import FORMATS, check_format
from geo.store.database import data_version
from layers import registry
from layers.base import parse_bbox
from layers.download import layer_file as layer_file_bytes

router = APIRouter(tags=["layers"])
GEOJSON = "application/geo+json"


@router.get("/layers")
def list_layers(conn: ConnectionDep) -> JSONResponse:
    """图层列表 / Every layer: name, zh/en title, geometry type, feature count, filters."""
    return JSONResponse([
        {"name": layer.name, "title_zh": layer.title_zh, "title_en": layer.title_en,
         "geometry_type": layer.geometry_type, "feature_count": layer.count(conn),
         "filters": list(layer.filters), "url": f"/layers/{layer.name}.geojson"}
        for layer in registry.all_layers()
    ])


@router.get("/layers/{name}.geojson", response_class=Response,
            responses={200: {"content": {"application/geo+json": {}}}})
def layer_geojson(name: str, request: Request, conn: ConnectionDep, bbox: str | None = None) -> Response:
    """一个图层的 GeoJSON（RFC 7946，WGS 84）/ One layer as GeoJSON. ``bbox=minLon,minLat,maxLon,maxLat``;
    any other query parameter filters a property the layer allows (see ``GET /layers``)."""
    if "lang" in request.query_params:  # a download: headings and values in that language
        return layer_file(name, "geojson", request, conn, current_identity(request), bbox)
    layer = registry.get(name)
    box = parse_bbox(bbox)
    filters = {k: v for k, v in request.query_params.items() if k != "bbox"}
    version, _changed = data_version(conn)
    key = ("layer", name, params_key(dict(request.query_params)), version)
    entry = request.app.state.cache.get_or_build(key, lambda: layer.geojson(conn, bbox=box, filters=filters).encode())
    if current_identity(request) is ANONYMOUS:
        request.app.state.cache.remember(request, version, entry, GEOJSON)
    return cached_response(request, entry, GEOJSON)


@router.get("/layers/{name}.{fmt}", response_class=Response,
            responses={200: {"content": {media: {} for _driver, media in FORMATS.values()}}})
def layer_file(name: str, fmt: str, request: Request, conn: ConnectionDep, identity: IdentityDep,
               bbox: str | None = None) -> Response:
    """下载图层 / One layer as a file: ``.geojson`` (with ``lang=``), ``.gpkg``, ``.shp.zip``, ``.csv``, ``.xlsx``;
    ``lang=zh|en`` for headings and values, ``bbox=`` and the layer's property filters as for GeoJSON."""
    if name.endswith(".shp") and fmt == "zip":  # the path matcher splits at the last dot
        name, fmt = name[: -len(".shp")], "shp.zip"
    check_format(fmt)
    layer = registry.get(name)
    role = effective_role(request, identity)
    if not layer.visible_to(role):  # the access table refuses first; this is the second lock
        raise AccessDenied(403, f"图层“{layer.name}”需要更高角色 / The layer '{layer.name}' needs a higher role.")
    lang = "en" if request.query_params.get("lang") == "en" else "zh"
    filters = {k: v for k, v in request.query_params.items() if k not in ("bbox", "lang", "token")}
    body = layer_file_bytes(conn, layer, role, fmt, lang, parse_bbox(bbox), filters)
    filename = f"{layer.name}.{fmt}"
    return Response(body, media_type=FORMATS[fmt][1],
                    headers={"content-disposition": f'attachment; filename="{filename}"'})
