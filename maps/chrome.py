"""The parts of a map page around the data: title bar, panels (summary, filters, layers, legend),
demo-data label, data date.

Layout (placed by ``fieldmap.layout`` in fieldmap.js, so nothing covers anything else):
a top bar (title, subtitle and one button per panel) across the top; panels open under it in
two columns on a wide screen (summary and filters left, layers and legend right) and one at a
time, full width, on a narrow one (a phone, an embed); the footer strip at the bottom, the
zoom buttons and km scale bar just above it on the left.
"""

from __future__ import annotations

import html
from typing import cast

import branca.element as be
import folium

from maps.json_text import compact_json

BOX = (
    "background:rgba(255,255,255,0.94);padding:6px 10px;"
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


def page_root(element: be.Element) -> be.Figure:
    """The page (branca Figure) an element is drawn into: its ``html`` and ``script`` parts."""
    return cast(be.Figure, element.get_root())


def _add(m: folium.Map, markup: str) -> None:
    page_root(m).html.add_child(RawHtml(markup))


def _tools(tools: list[tuple[str, str]]) -> str:
    return (
        '<div class="fm-tools">'
        + "".join(
            f'<button type="button" class="fm-tool" data-panel="{html.escape(pid)}" aria-expanded="false">'
            f"{html.escape(label)}</button>"
            for pid, label in tools
        )
        + "</div>"
    )


def add_title(m: folium.Map, title: str, subtitle: str = "", tools: list[tuple[str, str]] | None = None) -> None:
    """The top bar: title, subtitle (on a phone one tap on the title shows it), panel buttons."""
    sub = f'<div class="fm-subtitle">{html.escape(subtitle)}</div>' if subtitle else ""
    toggle = " onclick=\"this.classList.toggle('fm-more')\"" if subtitle else ""
    _add(
        m,
        f'<div class="fm-top"><div class="fm-title"{toggle}><div class="fm-h">{html.escape(title)}</div>{sub}</div>'
        f"{_tools(tools or [])}</div>",
    )


def add_embed_bar(m: folium.Map, title: str, source: str, data_date: str, tools: list[tuple[str, str]]) -> None:
    """An embed's compact bar: title · source · data date on one line, and the panel buttons."""
    text = f"<b>{html.escape(title)}</b> · {html.escape(source)} · {html.escape(data_date)}"
    _add(
        m,
        f'<div class="fm-top"><div class="fm-embedbar" title="{html.escape(title)}">{text}</div>{_tools(tools)}</div>',
    )


def add_panel(m: folium.Map, pid: str, heading: str, inner: str, side: str, open_wide: bool = True) -> None:
    """A panel opened by its top-bar button; ``side`` is its column on a wide screen (left/right);
    ``open_wide``: open when the page loads on a wide screen (never on a narrow one)."""
    _add(
        m,
        f'<div class="fm-panel fm-{html.escape(pid)}" id="fm-panel-{html.escape(pid)}" data-side="{side}" '
        f'data-open="{"wide" if open_wide else ""}"><h3>{html.escape(heading)}</h3>{inner}</div>',
    )


def legend_html(entries: list[dict]) -> str:
    """entries: {"label", "style" (the map's own style, shape included), "count" (or None)}.

    Each swatch is drawn by ``fieldmap.symbol`` from the style the map uses, so the legend shows
    exactly what the map draws; a counted entry shows its count."""
    rows = []
    for e in entries:
        sym = (
            ""
            if e["style"] is None
            else (f'<span class="fm-sym" data-sym="{html.escape(compact_json(e["style"]))}"></span>')
        )
        count = "" if e.get("count") is None else f' <span class="fm-count">({e["count"]})</span>'
        rows.append(f'<div class="fm-entry">{sym}<span class="fm-label">{html.escape(e["label"])}</span>{count}</div>')
    return "".join(rows)


def add_legend(m: folium.Map, heading: str, entries: list[dict], open_wide: bool = True) -> None:
    add_panel(m, "legend", heading, legend_html(entries), "right", open_wide)


def add_footer(m: folium.Map, text: str, demo_label: str | None) -> None:
    demo = (
        f'<span class="fm-demo" style="background:#c53030;color:#fff;padding:1px 6px;border-radius:3px;'
        f'margin-right:6px;font-weight:bold">{html.escape(demo_label)}</span>'
        if demo_label
        else ""
    )
    _add(m, f'<div class="fm-footer">{demo}{html.escape(text)}</div>')


def popup_table(rows: list[tuple[str, object]]) -> str:
    cells = "".join(
        f"<tr><th style='text-align:left;padding-right:8px;white-space:nowrap'>{html.escape(str(k))}</th>"
        f"<td>{html.escape('' if v is None else str(v))}</td></tr>"
        for k, v in rows
    )
    return f"<table style='font-size:12px'>{cells}</table>"


def _cell(text: object, value: object) -> str:
    """A list cell; its sort value only when it differs from what it shows (or is a number)."""
    shown = html.escape(str(text))
    if isinstance(value, str) and value == str(text):
        return f"<td>{shown}</td>"
    return f'<td data-v="{html.escape(str(value))}">{shown}</td>'


def summary_html(summary, exports: list[tuple[str, str]]) -> str:  # noqa: ANN001 - maps.summary.Summary
    """Figures, then the sortable list (rows point at map features), then the export buttons."""
    figures = "".join(
        f'<div class="fm-figure">{html.escape(label)}<b>{html.escape(value)}</b></div>'
        for label, value in summary.figures
    )
    table = ""
    if summary.rows:
        head = "".join(f"<th>{html.escape(c)}</th>" for c in summary.columns)
        body = "".join(
            f'<tr data-layer="{html.escape(layer)}" data-index="{index}">'
            + "".join(_cell(text, v) for text, v in cells)
            + "</tr>"
            for layer, index, cells in summary.rows
        )
        table = (
            f'<div style="font-weight:bold;margin-top:2px">{html.escape(summary.heading)}</div>'
            f'<table class="fm-list"><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>'
        )
    links = "".join(f'<a href="{html.escape(href)}" download>{html.escape(label)}</a>' for label, href in exports)
    return f'<div class="fm-figures">{figures}</div>{table}' + (
        f'<div class="fm-exports">{links}</div>' if links else ""
    )
