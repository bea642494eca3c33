"""The start page: links to every map, layer and document the service offers."""

import html

from fastapi import APIRouter
from fastapi.responses import HTMLResponse

from api.dependencies import Lang
from layers import registry
from maps import spec as map_specs
from maps.i18n import t

router = APIRouter(tags=["home"])


@router.get("/", response_class=HTMLResponse)
def home(lang: Lang = "zh") -> HTMLResponse:
    """首页 / The start page linking every map and layer."""
    q = "" if lang == "zh" else "?lang=en"
    amp = "?" if lang == "zh" else "?lang=en&"
    maps = "".join(
        f'<li><a href="/maps/{s.name}{q}">{html.escape(s.title(lang))}</a> · '
        f'<a href="/maps/{s.name}{amp}embed=1">{html.escape(t("embed_hint", lang))}</a></li>'
        for s in map_specs.all_maps()
    )
    layers = "".join(
        f'<li><a href="/layers/{la.name}.geojson">{html.escape(la.title(lang))}</a> <code>{la.name}</code></li>'
        for la in registry.all_layers()
    )
    body = (
        f'<!doctype html><html lang="{"zh-CN" if lang == "zh" else "en"}"><head><meta charset="utf-8">'
        f"<title>{html.escape(t('home_title', lang))}</title>"
        "<style>body{font:15px/1.6 'WenQuanYi Micro Hei','Noto Sans CJK SC',sans-serif;margin:2em auto;max-width:46em}</style>"
        f"</head><body><h1>{html.escape(t('home_title', lang))}</h1>"
        f"<h2>{html.escape(t('maps', lang))}</h2><ul class='maps'>{maps}</ul>"
        f"<h2>{html.escape(t('layers', lang))}</h2><p><a href='/layers'>/layers</a></p><ul class='layers'>{layers}</ul>"
        f"<p><a href='/docs'>{html.escape(t('api_docs', lang))}</a> · <a href='/healthz'>/healthz</a></p>"
        "</body></html>"
    )
    return HTMLResponse(body)
