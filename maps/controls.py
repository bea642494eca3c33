"""Page controls around the data: the township / site-kind filter panel (with the embed code)."""

from __future__ import annotations

import html

from maps.i18n import t


def _select(
    name: str, label: str, options: list[tuple[str, str]], chosen: str | None, lang: str, everything: str = "all"
) -> str:
    opts = [f'<option value="">{html.escape(t(everything, lang))}</option>']
    for value, text in options:
        sel = " selected" if value == chosen else ""
        opts.append(f'<option value="{html.escape(value)}"{sel}>{html.escape(text)}</option>')
    return (
        f'<label style="margin-right:8px;display:inline-block">{html.escape(label)} '
        f'<select name="{name}" onchange="this.form.submit()">{"".join(opts)}</select></label>'
    )


def _embed_control(snippet: str, lang: str) -> str:
    """A button that shows a read-only box with the page's iframe code (plain JS, nothing loaded)."""
    toggle = (
        "var b=document.getElementById('fm-embed-code');"
        "b.style.display=b.style.display==='none'?'block':'none';if(b.style.display==='block'){b.select();}"
    )
    return (
        f'<button type="button" class="fm-embed-button" onclick="{html.escape(toggle)}">'
        f"{html.escape(t('embed_code', lang))}</button>"
        f'<textarea id="fm-embed-code" class="fm-embed-code" readonly rows="4" '
        f'aria-label="{html.escape(t("embed_code", lang))}" onfocus="this.select()" '
        f'style="display:none;width:26em;max-width:80vw;margin-top:6px;font:11px monospace">'
        f"{html.escape(snippet)}</textarea>"
    )


def filter_html(
    lang: str,
    keep: dict[str, str],
    chosen: dict[str, str],
    townships: list[tuple[str, str]] | None,
    kinds: list[tuple[str, str]] | None,
    embed_code: str | None = None,
    months: list[tuple[str, str]] | None = None,
    directions: list[tuple[str, str]] | None = None,
) -> str:
    """A GET form that reloads the page with ?township_code= / ?kind= (and, on a map with flows,
    ?month= / ?direction=); ``keep`` holds lang, basemap. ``embed_code`` (the page's iframe
    snippet) adds the 嵌入代码 button after the filters."""
    parts = [f'<input type="hidden" name="{html.escape(k)}" value="{html.escape(v)}">' for k, v in keep.items()]
    if townships:
        parts.append(_select("township_code", t("filter_township", lang), townships, chosen.get("township_code"), lang))
    if kinds:
        parts.append(_select("kind", t("filter_kind", lang), kinds, chosen.get("kind"), lang))
    if months:
        parts.append(_select("month", t("filter_month", lang), months, chosen.get("month"), lang, "whole_year"))
    if directions:
        parts.append(
            _select(
                "direction", t("filter_direction", lang), directions, chosen.get("direction"), lang, "both_directions"
            )
        )
    if not (townships or kinds or months or directions or embed_code):
        return ""
    form = (
        f'<form method="get" class="fm-filters" style="margin:0">{"".join(parts)}</form>'
        if townships or kinds or months or directions
        else ""
    )
    embed = _embed_control(embed_code, lang) if embed_code else ""
    return f'<div class="fm-filterbar">{form}{embed}</div>'
