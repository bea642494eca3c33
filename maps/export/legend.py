"""The export's legend: each layer's own entries, counted over the features drawn, symbols
drawn exactly as on the map (same shape, size, fill, edge and overdue rings), empty entries left out.

An entry that says what it counts (``LegendEntry.key``/``value``, e.g. ``overdue_reasons`` ∋
``never_unannounced``) is counted by that; an older entry is counted by matching its colour
with the features' styles, and only when the entries account for every feature.
"""

from __future__ import annotations

from collections import Counter
from typing import Any, cast

from matplotlib.artist import Artist
from matplotlib.figure import Figure
from matplotlib.legend_handler import HandlerBase
from matplotlib.lines import Line2D
from matplotlib.patches import Circle, Patch, Rectangle, RegularPolygon

from geo.vocab import word
from layers.base import LegendEntry
from maps.export.draw import LEAFLET, SHAPE_HALF, Px, dashes, patch_kwargs, ring_radii
from maps.export.features import DrawnLayer
from maps.export.layout import column_starts

Item = tuple[str, "dict | None", str]  # (label, style or None for a heading / text line, shape)
POINT_SHAPES = ("circle", "diamond", "square", "ring")
BLANK: Item = ("", None, "text")  # an empty row evening up the legend's columns


# Layers a slide's legend leaves out: the base and the context, which a slide's audience reads without help.
CONTEXT = ("county", "townships", "roads", "seats")


def legend_items(drawn: list[DrawnLayer], lang: str, thematic_only: bool = False) -> list[Item]:
    """(label, style, shape) from each layer's own legend, top layer first, with counts.
    ``thematic_only`` (slides): no base/context layers, and no heading over a single entry."""
    items: list[Item] = []
    for d in reversed(drawn):
        if not d.layer.legend or (thematic_only and d.layer.name in CONTEXT):
            continue
        entries = _entries(d, lang)
        if not entries:
            continue  # nothing of this layer is on the map: no heading either
        if not (thematic_only and len(entries) == 1):
            items.append((d.layer.title(lang), None, "heading"))
        items += entries
    return items


def _entries(d: DrawnLayer, lang: str) -> list[Item]:
    by_colour = Counter(_entry_key(d.layer.style_for(p)) for p in d.props)
    colour_counted = sum(by_colour.get(e.colour.lower(), 0) for e in d.layer.legend) == len(d.props)
    out: list[Item] = []
    for entry in d.layer.legend:
        counter = getattr(entry, "count", None)
        n = counter(d.props) if callable(counter) else None
        if n is None and colour_counted:
            n = by_colour.get(entry.colour.lower(), 0)
        if n == 0:
            continue  # an empty category is not listed
        label = entry.label(lang) + ("" if n is None else word((f"（{n}）", f" ({n})"), lang))
        if entry.shape == "none":
            out.append((label, None, "text"))
        else:
            out.append((label, _style_of_entry(d, entry), entry.shape))
    return out


def _entry_key(style: dict) -> str:
    return str(style.get("fillColor") or style.get("color") or "").lower()


def _style_of_entry(d: DrawnLayer, entry: LegendEntry) -> dict:
    """The full style behind a legend entry: its own, or the layer's class whose colour it names."""
    own = getattr(entry, "style", None)
    if own:
        return {**d.layer.style, **own}
    for style in (d.layer.style, *({**d.layer.style, **s} for s in d.layer.styles.values())):
        if _entry_key(style) == entry.colour.lower():
            return style
    return {**d.layer.style, "fillColor": entry.colour, "color": d.layer.style.get("color", entry.colour)}


class _Symbol(HandlerBase):
    """A point symbol drawn in the legend at the map's size: body, then one ring per overdue reason."""

    def __init__(self, style: dict, px: Px) -> None:
        super().__init__()
        self.style, self.px = style, px

    def create_artists(self, legend, orig_handle, xdescent, ydescent, width, height, fontsize, trans):  # noqa: ANN001, ANN201, D102
        s, px = {**LEAFLET, **self.style}, self.px
        kw = patch_kwargs(s, px)
        centre = (width / 2 - xdescent, height / 2 - ydescent)
        half = px(float(s["radius"]) * SHAPE_HALF.get(s.get("shape", "circle"), 1.0))
        edge = kw["edgecolor"]
        common = {"facecolor": kw["facecolor"], "edgecolor": edge, "linewidth": kw["linewidth"], "transform": trans}
        shape = s.get("shape", "circle")
        body: Patch
        if shape == "diamond":
            body = RegularPolygon(centre, 4, radius=half, orientation=0, **common)
        elif shape == "square":
            body = Rectangle((centre[0] - half, centre[1] - half), 2 * half, 2 * half, **common)
        else:
            body = Circle(centre, half, **common)
        artists: list[Patch] = [body]
        for dash, radius in zip(s.get("rings") or (), ring_radii(s)):
            artists.append(
                Circle(
                    centre,
                    px(radius),
                    facecolor="none",
                    edgecolor=s.get("ringColor", "#B2182B"),
                    linewidth=px(float(s.get("ringWeight", 2.5))),
                    linestyle=cast(Any, dashes({"dashArray": dash}, px)),
                    transform=trans,
                )
            )
        return artists


def handle_for(style: dict | None, shape: str, px: Px) -> tuple[Artist, HandlerBase | None]:
    """The legend handle of an entry (and its handler when it is a drawn symbol)."""
    if style is None:
        return Patch(visible=False), None
    if shape == "line":
        s = {"weight": 3, **style}
        return Line2D(
            [],
            [],
            color=s.get("color", "#3388ff"),
            linewidth=px(float(s["weight"])),
            linestyle=cast(Any, dashes(s, px)),
        ), None
    if shape in POINT_SHAPES or "radius" in style and shape != "square":
        style = {**style, "shape": style.get("shape", "circle" if shape in ("ring", "circle") else shape)}
        handle = Patch()
        return handle, _Symbol(style, px)
    kw = patch_kwargs(style, px)
    return Patch(
        facecolor=kw["facecolor"], edgecolor=kw["edgecolor"], linewidth=kw["linewidth"], linestyle=kw["linestyle"]
    ), None


def add_legend(
    fig: Figure, items: list[Item], px: Px, anchor: tuple[float, float], heading: str, font_px: float, ncol: int = 1
) -> None:
    items = _in_columns(items, ncol)
    handles: list[Artist] = []
    labels: list[str] = []
    handler_map: dict[Artist, HandlerBase] = {}
    for label, style, shape in items:
        handle, handler = handle_for(style, shape, px)
        if handler is not None:
            handler_map[handle] = handler
        handles.append(handle)
        labels.append(label)
    # The tallest symbol (with its rings) sets the row height, so rings never touch the next row.
    tallest = max((2 * ring_radii(s)[-1] for _l, s, _sh in items if s is not None and s.get("rings")), default=0.0)
    handleheight = max(1.0, px(tallest + 2) / max(px(font_px), 1e-6))
    legend = fig.legend(
        handles,
        labels,
        loc="upper left",
        bbox_to_anchor=anchor,
        ncol=ncol,
        frameon=True,
        fontsize=px(font_px),
        title=heading,
        title_fontproperties={"size": px(font_px * 1.2)},
        alignment="left",
        borderpad=0.8,
        labelspacing=0.55,
        handlelength=max(1.6, handleheight),
        handleheight=handleheight,
        handler_map=handler_map,
    )
    legend.get_frame().set_edgecolor("#bbbbbb")
    legend.set_gid("legend")
    for text, (_label, _style, shape) in zip(legend.get_texts(), items):
        if shape == "heading":
            text.set_color("#555555")  # the CJK font has no bold face: headings differ by colour


def _in_columns(items: list[Item], ncol: int) -> list[Item]:
    """The entries padded with blank rows so that Matplotlib's equal runs start each column where
    :func:`maps.export.layout.column_starts` put it (at a layer's heading)."""
    if ncol <= 1:
        return items
    lines = [label.count("\n") + 1 for label, _s, _sh in items]
    starts = column_starts(lines, [shape == "heading" for _l, _s, shape in items], ncol)
    bounds = [*starts, len(items)]
    cols = [items[a:b] for a, b in zip(bounds, bounds[1:])]
    rows = max(len(c) for c in cols)
    cols += [[]] * (ncol - len(cols))
    return [item for col in cols for item in [*col, *[BLANK] * (rows - len(col))]]
