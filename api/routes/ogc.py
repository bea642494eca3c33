"""OGC API – Features Part 1 under /ogc (Core, GeoJSON, HTML): thin HTTP over ``layers.ogc``.

The items page streams: its body is read from PostGIS while it is sent, after the route function
has returned, so the route hands ``layers.ogc.stream_items`` the app's engine (``EngineDep``) and
the stream opens and closes its own connection; everything else uses the request's connection."""

from __future__ import annotations

import datetime as dt

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, JSONResponse, Response, StreamingResponse

from api.dependencies import ConnectionDep, EngineDep, IdentityDep, SettingsDep
from api.middleware import PREFILTERED
from api.security import effective_role
from geo.errors import BadParameter
from layers import ogc
from maps import ogc_html

router = APIRouter(prefix="/ogc", tags=["ogc"])


def _html_wanted(request: Request) -> bool:
    f = request.query_params.get("f")
    if f in ("json", "geojson"):
        return False
    if f == "html":
        return True
    if f:
        raise BadParameter(f"f=“{f}”不支持，可用 json、html / f='{f}' is not supported; use json or html.")
    accept = request.headers.get("accept", "")
    html_at, json_at = accept.find("text/html"), accept.find("json")
    return html_at >= 0 and (json_at < 0 or html_at < json_at)


def _lang(request: Request) -> str:
    return "en" if request.query_params.get("lang") == "en" else "zh"


def _base(request: Request) -> str:
    return str(request.base_url).rstrip("/") + "/ogc"


def _answer(request: Request, doc: dict, html, media: str = ogc.JSON) -> Response:  # noqa: ANN001
    if _html_wanted(request):
        return HTMLResponse(html(doc, _lang(request)))
    return JSONResponse(doc, media_type=media)


@router.get("", include_in_schema=False)
@router.get("/")
def landing(request: Request) -> Response:
    """OGC API 首页 / Landing page."""
    return _answer(request, ogc.landing(_base(request), _lang(request)), ogc_html.landing)


@router.get("/conformance")
def conformance(request: Request) -> Response:
    """声明的符合类 / Conformance classes."""
    return _answer(request, ogc.conformance(), ogc_html.conformance)


@router.get("/collections")
def collections(request: Request, conn: ConnectionDep, identity: IdentityDep, settings: SettingsDep) -> Response:
    """调用者可见的集合（由图层注册表生成）/ The collections the caller may see (from the layer registry)."""
    role = effective_role(request, identity)
    doc = ogc.collections(conn, role, _base(request), _lang(request), settings)
    return _answer(request, doc, ogc_html.collections)


@router.get("/collections/{id}")
def collection(
    id: str,  # noqa: A002
    request: Request,
    conn: ConnectionDep,
    identity: IdentityDep,
    settings: SettingsDep,
) -> Response:
    """一个集合 / One collection."""
    layer = ogc.collection_layer(id, effective_role(request, identity), settings)
    return _answer(request, ogc.collection(conn, layer, _base(request), _lang(request)), ogc_html.collection)


@router.get(
    "/collections/{id}/items",
    response_class=Response,
    responses={200: {"content": {"application/geo+json": {}, "text/html": {}}}},
)
def items(
    id: str,  # noqa: A002
    request: Request,
    conn: ConnectionDep,
    db: EngineDep,
    identity: IdentityDep,
    settings: SettingsDep,
) -> Response:
    """要素（分页，流式输出）/ Features: ``limit`` (1–10000, default 10), ``offset``, ``bbox``
    (CRS84), ``datetime`` and property filters such as ``township_code=``."""
    role = effective_role(request, identity)
    layer = ogc.collection_layer(id, role, settings)
    params = dict(request.query_params)
    params.pop("token", None)
    q = ogc.parse_items_query(layer, params)
    matched = ogc.number_matched(conn, layer, q)
    links = ogc.page_links(_base(request), layer, q, matched, params)
    lang = _lang(request)
    if _html_wanted(request):
        rows = ogc.page_rows(conn, layer, role, q)
        columns = ogc.properties_for(layer, role)
        return HTMLResponse(
            ogc_html.items(
                layer.title(lang),
                rows,
                ogc.column_labels(layer, columns, lang),
                ogc.value_words(layer, lang),
                matched,
                links,
                lang,
            )
        )
    stamp = dt.datetime.now(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    # streamed after this function returns: the stream takes its own connection from the engine
    body = ogc.stream_items(db, layer, role, q, matched, links, stamp)
    headers = {PREFILTERED.decode(): "1"} if ogc.prefiltered(layer, role) else {}
    return StreamingResponse(body, media_type=ogc.GEOJSON, headers=headers)


@router.get("/collections/{id}/items/{fid}")
def feature(
    id: str,  # noqa: A002
    fid: str,
    request: Request,
    conn: ConnectionDep,
    identity: IdentityDep,
    settings: SettingsDep,
) -> Response:
    """一个要素 / One feature."""
    role = effective_role(request, identity)
    layer = ogc.collection_layer(id, role, settings)
    doc = ogc.item(conn, layer, role, fid, _base(request))
    lang = _lang(request)
    if _html_wanted(request):
        labels = ogc.column_labels(layer, list(doc["properties"]), lang)
        return HTMLResponse(ogc_html.item(layer.title(lang), doc, labels, ogc.value_words(layer, lang), lang))
    return JSONResponse(doc, media_type=ogc.GEOJSON)
