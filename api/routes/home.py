"""The start page: links to every map (and its exports), indicator, download, form and document."""

import html

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response
from sqlalchemy.engine import Connection

from api.cache import cached_response
from api.dependencies import ConnectionDep, IdentityDep, Lang, SettingsDep
from geo.store.database import data_version
from geo.vocab import in_brackets
from layers import registry
from maps import spec as map_specs
from maps.i18n import choose, county_name, html_lang, lang_param, t, word
from maps.site_directory import site_directory

router = APIRouter(tags=["home"])

# Words used only here: (zh, en).
WORDS = {
    "indicators": ("绩效指标", "Indicators"),
    "targets": ("绩效目标完成情况", "Performance targets"),
    "coverage": ("脱贫村电商服务覆盖", "Coverage of poverty-alleviated villages"),
    "funds": ("后续资金支付与资产（90% 规则）", "Follow-up fund disbursed and assets (90 % rule)"),
    "briefing": ("简报", "Briefing"),
    "deck": ("地图简报演示文稿（PPTX，16:9）", "Map briefing deck (PPTX, 16:9)"),
    "inspections": ("督查", "Inspections"),
    "form": ("手机督查记录表", "Mobile inspection form"),
    "status": ("各站点督查状态（JSON）", "Inspection status per site (JSON)"),
    "routes": ("督查路线（JSON）", "Inspection routes (JSON)"),
    "layer_list": ("图层列表（JSON）", "Layer list (JSON)"),
    "data": ("数据导入（管理员）", "Data import (administrators)"),
    "import_page": (
        "导入表格或地理文件（先试导入，再确认）",
        "Import a spreadsheet or GIS file (dry run, then confirm)",
    ),
    "template": ("导入模板", "Import template"),
}


def _w(key: str, lang: str) -> str:
    return word(WORDS, key, lang)


def _a(href: str, label: str) -> str:
    return f'<a href="{html.escape(href, quote=True)}">{html.escape(label)}</a>'


def _with_lang(path: str, lang: str, extra: str = "") -> str:
    """``path`` with ``extra`` query and, for English, lang=en."""
    query = "&".join(p for p in (extra, lang_param(lang)) if p)
    return f"{path}?{query}" if query else path


def _downloads(path: str, lang: str) -> str:
    """CSV and XLSX of one indicator resource (its title links the JSON)."""
    return f"{_a(_with_lang(f'{path}.csv', lang), 'CSV')} · {_a(_with_lang(f'{path}.xlsx', lang), 'XLSX')}"


@router.get("/", response_class=HTMLResponse)
def home(request: Request, conn: ConnectionDep, who: IdentityDep, settings: SettingsDep, lang: Lang = "zh") -> Response:
    """首页 / The start page linking every map, export, indicator, form and layer, and the site directory."""
    # The directory shows the data, so the page is cached per data version like the map pages;
    # administrators also get the import links.
    version, changed_at = data_version(conn)
    admin = who.role == "admin"
    entry = request.app.state.cache.get_or_build(
        ("home", lang, version, admin), lambda: _page(conn, lang, changed_at[:10], settings, admin).encode()
    )
    return cached_response(request, entry, "text/html; charset=utf-8")


def _imports(lang: str) -> str:
    from geo.io.tables import SPECS

    templates = " · ".join(
        _a(f"/imports/{s.name}/template.xlsx", choose(s.title_zh, s.name, lang)) for s in SPECS.values()
    )
    return (
        f"<h2>{html.escape(_w('data', lang))}</h2><ul class='imports'>"
        f"<li>{_a(_with_lang('/imports', lang), _w('import_page', lang))}</li>"
        f"<li>{html.escape(_w('template', lang))}：{templates}</li></ul>"
    )


def _page(conn: Connection, lang: str, data_date: str, settings: object, admin: bool = False) -> str:
    maps = "".join(
        f"<li>{_a(_with_lang(f'/maps/{s.name}', lang), s.title(lang, settings))} · "
        f"{_a(_with_lang(f'/maps/{s.name}.png', lang), 'PNG')} · {_a(_with_lang(f'/maps/{s.name}.pdf', lang), 'PDF')} · "
        f"{_a(_with_lang(f'/maps/{s.name}', lang, 'embed=1'), t('embed_hint', lang))}</li>"
        for s in map_specs.all_maps()
    )
    json_ = in_brackets("JSON", lang)
    indicators = "".join(
        f"<li>{_a(path, _w(key, lang))}{json_} · {_downloads(path, lang)}</li>"
        for key, path in (
            ("targets", "/indicators"),
            ("coverage", "/indicators/coverage"),
            ("funds", "/indicators/funds"),
        )
    )
    inspections = (
        f"<li>{_a(_with_lang('/inspections/new', lang), _w('form', lang))}</li>"
        f"<li>{_a('/inspections/status', _w('status', lang))}</li>"
        f"<li>{_a('/routes', _w('routes', lang))}</li>"
    )
    layers = "".join(
        f"<li>{_a(f'/layers/{la.name}.geojson', la.title(lang))} <code>{la.name}</code></li>"
        for la in registry.all_layers()
    )
    body = (
        f'<!doctype html><html lang="{html_lang(lang)}"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{html.escape(t('home_title', lang).format(county=county_name(lang, settings)))}</title>"
        "<style>body{font:15px/1.6 'WenQuanYi Micro Hei','Noto Sans CJK SC',sans-serif;margin:2em auto;max-width:46em;padding:0 1em}</style>"
        f"</head><body><h1>{html.escape(t('home_title', lang).format(county=county_name(lang, settings)))}</h1>"
        f"<p>{choose(_a('/?lang=en', 'English'), _a('/', '中文'), lang)}</p>"
        f"<h2>{html.escape(t('maps', lang))}</h2><ul class='maps'>{maps}</ul>"
        f"<h2>{html.escape(_w('indicators', lang))}</h2><ul class='indicators'>{indicators}</ul>"
        f"<h2>{html.escape(_w('briefing', lang))}</h2><ul class='briefing'>"
        f"<li>{_a(_with_lang('/briefing.pptx', lang), _w('deck', lang))}</li></ul>"
        f"<h2>{html.escape(_w('inspections', lang))}</h2><ul class='inspections'>{inspections}</ul>"
        f"<h2>{html.escape(t('layers', lang))}</h2><p>{_a('/layers', _w('layer_list', lang))}</p><ul class='layers'>{layers}</ul>"
        f"{_imports(lang) if admin else ''}"
        f"{site_directory(conn, lang, data_date)}"
        f"<p>{_a('/docs', t('api_docs', lang))} · {_a('/healthz', '/healthz')}</p>"
        "</body></html>"
    )
    return body
