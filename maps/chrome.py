"""The parts of a map page around the data: title, legend, demo-data label, data date."""

from __future__ import annotations

import html

import branca.element as be
import folium

from maps.json_text import compact_json

BOX = (
    "position:fixed;z-index:1000;background:rgba(255,255,255,0.92);padding:6px 10px;"
    "border-radius:4px;box-shadow:0 1px 4px rgba(0,0,0,.3);font:13px/1.4 'WenQuanYi Micro Hei','Noto Sans CJK SC',"
    "'Microsoft YaHei',sans-serif;"
)


class RawHtml(be.Element):
    """Fixed HTML. ``be.Element(text)`` compiles its text as a Jinja template on every page
    (milliseconds each); this element just returns its text."""

    def __init__(self, text: str) -> None:
        super().__init__()
        self.text = text

    def render(self, **kwargs) -> str:  # noqa: ANN003
        return self.text


def _fixed(m: folium.Map, inner: str, position: str, css_class: str) -> None:
    m.get_root().html.add_child(RawHtml(f'<div class="{css_class}" style="{BOX}{position}">{inner}</div>'))


def add_title(m: folium.Map, title: str, subtitle: str = "") -> None:
    sub = (f'<div class="fm-subtitle" style="font-size:11px;color:#555;max-width:40em">{html.escape(subtitle)}</div>'
           if subtitle else "")
    _fixed(m, f'<div style="font-size:17px;font-weight:bold">{html.escape(title)}</div>{sub}',
           "top:10px;left:60px;", "fm-title")


def add_legend(m: folium.Map, heading: str, entries: list[dict]) -> None:
    """entries: {"label", "style" (the map's own style, shape included), "count" (or None)}.

    Each swatch is drawn by ``fieldmap.symbol`` from the style the map uses, so the legend shows
    exactly what the map draws; a counted entry shows its count."""
    rows = []
    for e in entries:
        sym = "" if e["style"] is None else (
            f'<span class="fm-sym" data-sym="{html.escape(compact_json(e["style"]))}"></span>')
        count = "" if e.get("count") is None else f' <span class="fm-count">({e["count"]})</span>'
        rows.append(f'<div class="fm-entry">{sym}<span class="fm-label">{html.escape(e["label"])}</span>{count}</div>')
    _fixed(m, f'<div style="font-weight:bold;margin-bottom:3px">{html.escape(heading)}</div>' + "".join(rows),
           "bottom:24px;right:10px;", "fm-legend")


def add_footer(m: folium.Map, text: str, demo_label: str | None) -> None:
    demo = (
        f'<span class="fm-demo" style="background:#c53030;color:#fff;padding:1px 6px;border-radius:3px;'
        f'margin-right:6px;font-weight:bold">{html.escape(demo_label)}</span>'
        if demo_label else ""
    )
    _fixed(m, demo + html.escape(text), "bottom:8px;left:110px;max-width:55%;font-size:11px;", "fm-footer")


def popup_table(rows: list[tuple[str, object]]) -> str:
    cells = "".join(
        f"<tr><th style='text-align:left;padding-right:8px;white-space:nowrap'>{html.escape(str(k))}</th>"
        f"<td>{html.escape('' if v is None else str(v))}</td></tr>"
        for k, v in rows
    )
    return f"<table style='font-size:12px'>{cells}</table>"
