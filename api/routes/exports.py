"""Maps as finished pictures for slides (PNG/SVG/PDF) and the briefing deck (PPTX).

Registered before the interactive ``/maps/{name}`` page so ``/maps/overview.png`` is
never taken for a map called "overview.png".
"""

from __future__ import annotations

from typing import Annotated, Literal
from urllib.parse import quote

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response

from api.dependencies import ConnectionDep, Lang, SettingsDep, current_identity
from geo.errors import InvalidInput
from geo.extras import needs
from maps.export import ExportOptions
from maps.export.options import MAX_PX, MIN_PX, PPTX_MEDIA_TYPE

router = APIRouter(tags=["exports"])

# Query parameters that are not layer filters: the export's own, and the page's (ignored here).
OWN_PARAMS = {"width", "height", "lang", "paper", "basemap"}
PAGE_PARAMS = {"embed"}


@router.get(
    "/maps/{name}.{fmt}",
    response_class=Response,
    responses={200: {"content": {"image/png": {}, "image/svg+xml": {}, "application/pdf": {}}}},
)
def export_map(
    request: Request,
    conn: ConnectionDep,
    settings: SettingsDep,
    name: str,
    fmt: Literal["png", "svg", "pdf"],
    width: Annotated[int, Query(ge=MIN_PX, le=MAX_PX, description=f"像素宽 / width in px ({MIN_PX}–{MAX_PX})")] = 1920,
    height: Annotated[
        int, Query(ge=MIN_PX, le=MAX_PX, description=f"像素高 / height in px ({MIN_PX}–{MAX_PX})")
    ] = 1080,
    lang: Lang = "zh",
    paper: Annotated[Literal["A4", "A3"] | None, Query(description="PDF 纸张（横向）/ PDF paper, landscape")] = None,
    basemap: Annotated[
        Literal["none", "tianditu", "osm", "amap"], Query(description="none（默认，矢量底图）| tianditu | osm | amap")
    ] = "none",
) -> Response:
    """地图静态图（幻灯片尺寸）/ The map as a PNG, SVG or PDF at slide size; layer filters as on the page."""
    filters = {k: v for k, v in request.query_params.items() if k not in OWN_PARAMS | PAGE_PARAMS}
    cap = settings.anonymous_export_max_pixels
    if current_identity(request).role is None and width * height > cap:
        raise InvalidInput(
            f"未登录时导出图片最多 {cap / 1e6:g} 百万像素（{width}×{height} 过大），请登录或缩小尺寸\n"
            f"Without logging in, pictures are limited to {cap / 1e6:g} megapixels "
            f"({width}x{height} is larger); log in or ask for a smaller size.",
            detail={"max_pixels": cap},
        )
    options = ExportOptions(
        fmt=fmt,
        width=width,
        height=height,
        lang=lang,
        paper=paper,
        basemap=basemap,
        filters=filters,
        role=_role(request),
        settings=settings,
    )
    with needs("exports"):  # matplotlib, imported on first use
        from maps.export import render_map
    with request.app.state.export_slots.take():
        rendered = render_map(conn, name, options)
    headers = {
        "Content-Disposition": f"inline; filename*=UTF-8''{quote(f'{name}.{fmt}')}",
        "X-Fieldmap-Demo-Data": "yes" if rendered.has_demo else "no",
    }
    if basemap != "none":  # say whether the asked-for tiles were drawn or the vector base stood in
        headers["X-Fieldmap-Basemap"] = (
            rendered.basemap if rendered.basemap != "none" else "none (tiles unavailable; vector base used)"
        )
    return Response(rendered.content, media_type=rendered.media_type, headers=headers)


@router.get("/briefing.pptx", response_class=Response, responses={200: {"content": {PPTX_MEDIA_TYPE: {}}}})
def briefing(request: Request, conn: ConnectionDep, settings: SettingsDep, lang: Lang = "zh") -> Response:
    """简报演示文稿（16:9）/ The 16:9 briefing deck: every map, the coverage and target tables."""
    with needs("deck", "exports"):  # python-pptx and matplotlib, imported on first use
        from maps.briefing import build_briefing
    with request.app.state.export_slots.take():
        deck = build_briefing(conn, settings, lang=lang, role=_role(request))
    return Response(
        deck, media_type=PPTX_MEDIA_TYPE, headers={"Content-Disposition": "attachment; filename=briefing.pptx"}
    )


def _role(request: Request) -> str:
    """The role pictures are drawn for: embed tokens and anonymous visitors count as viewers."""
    identity = current_identity(request)
    return "viewer" if identity.kind == "embed" else (identity.role or "viewer")
