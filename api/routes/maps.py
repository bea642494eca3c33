"""Interactive map pages: ``/maps/{name}`` for every registered map."""

from dataclasses import replace

from fastapi import APIRouter, Request
from fastapi.responses import Response

from api.cache import cached_response, params_key
from api.dependencies import LazyConnectionDep, SettingsDep, current_identity
from api.fastpath import caller_key
from api.routes.layers import current_version
from maps import spec as map_specs
from maps.page import PageOptions, build_page

router = APIRouter(tags=["maps"])
HTML = "text/html; charset=utf-8"


@router.get("/maps/{name}", response_class=Response, responses={200: {"content": {"text/html": {}}}})
def map_page(name: str, request: Request, db: LazyConnectionDep, settings: SettingsDep) -> Response:
    """地图页面 / A map page. Query: basemap=none|tianditu|osm|amap, lang=zh|en, embed=1,
    and filters such as township_code=<code> (or township=), kind=<site kind>."""
    spec = map_specs.get(name)
    params = dict(request.query_params)
    opts = PageOptions.from_params(params, settings)
    if opts.lang not in ("zh", "en"):
        opts = replace(opts, lang="zh")
    # The page is built for the caller's role (embeds count as viewers), and cached per role.
    identity = current_identity(request)
    role = "viewer" if identity.kind == "embed" else (identity.role or "viewer")
    opts = replace(opts, role=role, embed=opts.embed or identity.kind == "embed")
    version, changed_at = current_version(request, db)
    base_url = str(request.base_url)  # the embed code on the page points back at this address

    def build() -> bytes:
        return build_page(db(), spec, opts, data_date=changed_at[:10], base_url=base_url).encode()

    key = ("map", name, params_key(params), role, opts.embed, version, base_url)
    entry = request.app.state.cache.get_or_build(key, build)
    request.app.state.cache.remember(request, caller_key(identity), version, entry, HTML)
    return cached_response(request, entry, HTML)
