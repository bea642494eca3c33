"""The layer registry and each layer as RFC 7946 GeoJSON."""

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse, Response

from api.security import ANONYMOUS, current_identity
from api.cache import cached_response, params_key
from api.dependencies import ConnectionDep
from geo.store.database import data_version
from layers import registry
from layers.base import parse_bbox

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
    layer = registry.get(name)
    box = parse_bbox(bbox)
    filters = {k: v for k, v in request.query_params.items() if k != "bbox"}
    version, _changed = data_version(conn)
    key = ("layer", name, params_key(dict(request.query_params)), version)
    entry = request.app.state.cache.get_or_build(key, lambda: layer.geojson(conn, bbox=box, filters=filters).encode())
    if current_identity(request) is ANONYMOUS:
        request.app.state.cache.remember(request, version, entry, GEOJSON)
    return cached_response(request, entry, GEOJSON)
