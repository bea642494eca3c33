"""Page controls around the data: the township / site-kind filter bar (with the embed code) and popup styling."""

from __future__ import annotations

import html

import folium

from maps.chrome import BOX, RawHtml
from maps.i18n import t

POPUP_CSS = (
    "<style>.fm-popup{font-size:12px;border-collapse:collapse}"
    ".fm-popup th{text-align:left;padding:1px 8px 1px 0;white-space:nowrap;color:#444}"
    ".fm-icon{background:none;border:none}.fm-sym svg{vertical-align:middle;margin-right:5px}"
    ".leaflet-tooltip.fm-label{background:rgba(255,255,255,.82);border:none;box-shadow:none;padding:0 3px;font-size:11px;"
    "font-weight:bold;color:#222;white-space:nowrap}.leaflet-tooltip.fm-label:before{display:none}"
    ".leaflet-tooltip.fm-label-area{background:transparent;color:#333;font-weight:normal;text-shadow:0 0 2px #fff,0 0 2px #fff}"
    ".leaflet-tooltip.fm-label-line{font-weight:normal;color:#8a2c00;font-size:10px}"
    ".leaflet-tooltip.fm-label-point{color:#8a2c00}"
    ".fm-entry{white-space:nowrap;line-height:1.55}.fm-count{color:#555}"
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


# The title box grows with a subtitle (the coverage rule runs to several lines, more on a narrow
# window): keep the filter bar just under it, whatever its height.
BELOW_TITLE = (
    "<script>(function(){function place(){var t=document.querySelector('.fm-title'),"
    "f=document.querySelector('.fm-filterbar');if(t&&f){f.style.top=(t.getBoundingClientRect().bottom+8)+'px';}}"
    "place();window.addEventListener('resize',place);window.addEventListener('load',place);})();</script>"
)


def _embed_control(snippet: str, lang: str) -> str:
    """A button that shows a read-only box with the page's iframe code (plain JS, nothing loaded)."""
    toggle = ("var b=document.getElementById('fm-embed-code');"
              "b.style.display=b.style.display==='none'?'block':'none';if(b.style.display==='block'){b.select();}")
    return (f'<button type="button" class="fm-embed-button" onclick="{html.escape(toggle)}">'
            f'{html.escape(t("embed_code", lang))}</button>'
            f'<textarea id="fm-embed-code" class="fm-embed-code" readonly rows="4" '
            f'aria-label="{html.escape(t("embed_code", lang))}" onfocus="this.select()" '
            f'style="display:none;width:26em;max-width:80vw;margin-top:6px;font:11px monospace">'
            f'{html.escape(snippet)}</textarea>')


def add_filter_bar(m: folium.Map, lang: str, keep: dict[str, str], chosen: dict[str, str],
                   townships: list[tuple[str, str]] | None, kinds: list[tuple[str, str]] | None,
                   embed_code: str | None = None) -> None:
    """A GET form that reloads the page with ?township_code= / ?kind=; ``keep`` holds lang, basemap.
    ``embed_code`` (the page's iframe snippet) adds the 嵌入代码 button after the filters."""
    parts = [f'<input type="hidden" name="{html.escape(k)}" value="{html.escape(v)}">' for k, v in keep.items()]
    if townships:
        parts.append(_select("township_code", t("filter_township", lang), townships, chosen.get("township_code"), lang))
    if kinds:
        parts.append(_select("kind", t("filter_kind", lang), kinds, chosen.get("kind"), lang))
    if not (townships or kinds or embed_code):
        return
    form = f'<form method="get" class="fm-filters" style="margin:0;display:inline">{"".join(parts)}</form>' \
        if townships or kinds else ""
    embed = _embed_control(embed_code, lang) if embed_code else ""
    m.get_root().html.add_child(RawHtml(f'<div class="fm-filterbar" style="{BOX}top:70px;left:60px;">{form}{embed}</div>'
                                        + BELOW_TITLE))
