"""Page controls around the data: the township / site-kind filter bar and popup styling."""

from __future__ import annotations

import html

import folium

from maps.chrome import BOX, RawHtml
from maps.i18n import t

POPUP_CSS = (
    "<style>.fm-popup{font-size:12px;border-collapse:collapse}"
    ".fm-popup th{text-align:left;padding:1px 8px 1px 0;white-space:nowrap;color:#444}"
    ".leaflet-container{background:#eef1f4;font-family:'WenQuanYi Micro Hei','Noto Sans CJK SC','Microsoft YaHei',sans-serif}"
    "</style>"
)


def add_page_css(m: folium.Map) -> None:
    m.get_root().header.add_child(RawHtml(POPUP_CSS))


def _select(name: str, label: str, options: list[tuple[str, str]], chosen: str | None, lang: str) -> str:
    opts = [f'<option value="">{html.escape(t("all", lang))}</option>']
    for value, text in options:
        sel = " selected" if value == chosen else ""
        opts.append(f'<option value="{html.escape(value)}"{sel}>{html.escape(text)}</option>')
    return (f'<label style="margin-right:8px">{html.escape(label)} '
            f'<select name="{name}" onchange="this.form.submit()">{"".join(opts)}</select></label>')


def add_filter_bar(m: folium.Map, lang: str, keep: dict[str, str], chosen: dict[str, str],
                   townships: list[tuple[str, str]] | None, kinds: list[tuple[str, str]] | None) -> None:
    """A GET form that reloads the page with ?township_code= / ?kind=; ``keep`` holds lang, basemap."""
    parts = [f'<input type="hidden" name="{html.escape(k)}" value="{html.escape(v)}">' for k, v in keep.items()]
    if townships:
        parts.append(_select("township_code", t("filter_township", lang), townships, chosen.get("township_code"), lang))
    if kinds:
        parts.append(_select("kind", t("filter_kind", lang), kinds, chosen.get("kind"), lang))
    if not (townships or kinds):
        return
    form = f'<form method="get" class="fm-filters" style="margin:0">{"".join(parts)}</form>'
    m.get_root().html.add_child(RawHtml(f'<div class="fm-filterbar" style="{BOX}top:70px;left:60px;">{form}</div>'))
