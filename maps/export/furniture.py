"""What makes a map readable on a slide: legend, scale bar, north arrow, labels."""

from __future__ import annotations

import math
from collections import Counter

from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch, Polygon as PolygonPatch, Rectangle
from matplotlib.transforms import Affine2D, ScaledTranslation

from layers.base import LegendEntry
from maps.export.draw import Px, dashes, patch_kwargs
from maps.export.features import DrawnLayer

# A white box behind a label rather than a path-effect halo: path effects turn text into
# outlines, and SVG/PDF text must stay text (searchable, selectable, testable).
HALO = {"boxstyle": "round,pad=0.15", "facecolor": (1, 1, 1, 0.7), "edgecolor": "none"}
MAX_LABELLED_POLYGONS = 30  # more names than this would hide the map
MAX_LABELLED_POINTS = 15


def legend_items(drawn: list[DrawnLayer], lang: str) -> list[tuple[str, dict | None, str]]:
    """(label, style or None for a heading, shape) from each layer's own legend, top layer first.

    Each entry is counted by matching its colour with the features' styles, so the legend
    also says how many of each thing the map shows."""
    items = []
    for d in reversed(drawn):
        if not d.layer.legend:
            continue
        items.append((d.layer.title(lang), None, "heading"))
        counts = Counter(_entry_key(d.layer.style_for(p)) for p in d.props)
        # Counts only when the entries account for every feature; a layer whose legend
        # colours do not name its styles gets plain labels rather than wrong numbers.
        counted = sum(counts.get(e.colour.lower(), 0) for e in d.layer.legend) == len(d.props)
        for entry in d.layer.legend:
            style = _style_of_entry(d, entry)
            n = counts.get(entry.colour.lower(), 0)
            label = entry.label(lang) + ((f"（{n}）" if lang == "zh" else f" ({n})") if counted else "")
            items.append((label, style, entry.shape))
    return items


def _entry_key(style: dict) -> str:
    return str(style.get("fillColor") or style.get("color") or "").lower()


def _style_of_entry(d: DrawnLayer, entry: LegendEntry) -> dict:
    """The full style behind a legend entry: the base style or the per-feature class whose colour it names."""
    for style in (d.layer.style, *({**d.layer.style, **s} for s in d.layer.styles.values())):
        if _entry_key(style) == entry.colour.lower():
            return style
    return {**d.layer.style, "fillColor": entry.colour, "color": d.layer.style.get("color", entry.colour)}


def add_legend(fig: Figure, items: list, px: Px, anchor: tuple[float, float], heading: str,
               font_px: float, ncol: int = 1) -> None:
    handles, labels = [], []
    for label, style, shape in items:
        labels.append(label)
        if style is None:
            handles.append(Patch(visible=False))
        elif shape == "line":
            s = {"weight": 3, **style}
            handles.append(Line2D([], [], color=s.get("color", "#3388ff"), linewidth=px(float(s["weight"])),
                                  linestyle=dashes(s, px)))
        elif shape == "circle":
            kw = patch_kwargs(style, px)
            handles.append(Line2D([], [], linestyle="none", marker="o", markersize=px(2 * float(style.get("radius", 6))),
                                  markerfacecolor=kw["facecolor"], markeredgecolor=kw["edgecolor"],
                                  markeredgewidth=kw["linewidth"]))
        else:
            kw = patch_kwargs(style, px)
            handles.append(Patch(facecolor=kw["facecolor"], edgecolor=kw["edgecolor"], linewidth=kw["linewidth"],
                                 linestyle=kw["linestyle"]))
    legend = fig.legend(handles, labels, loc="upper left", bbox_to_anchor=anchor, ncol=ncol, frameon=True,
                        fontsize=px(font_px), title=heading, title_fontproperties={"size": px(font_px * 1.2)},
                        alignment="left", borderpad=0.8, labelspacing=0.55, handlelength=1.6, handleheight=1.0)
    legend.get_frame().set_edgecolor("#bbbbbb")
    for text, (_label, style, _shape) in zip(legend.get_texts(), items):
        if style is None:
            text.set_color("#555555")  # the CJK font has no bold face: headings differ by colour


def nice_length_km(span_m: float) -> float:
    """A round scale-bar length near a fifth of the map width."""
    target = span_m / 5 / 1000
    exp = 10 ** math.floor(math.log10(target))
    return max(m * exp for m in (1, 2, 5) if m * exp <= target) if target >= exp else exp


def add_scale_bar(ax: Axes, px: Px, font_px: float) -> None:
    (x0, x1), (y0, y1) = ax.get_xlim(), ax.get_ylim()
    km = nice_length_km(x1 - x0)
    length = km * 1000
    left, base = x0 + (x1 - x0) * 0.03, y0 + (y1 - y0) * 0.04
    height = (y1 - y0) * 0.008
    for i in range(4):
        ax.add_patch(Rectangle((left + i * length / 4, base), length / 4, height,
                               facecolor="#222222" if i % 2 == 0 else "white", edgecolor="#222222",
                               linewidth=px(1), zorder=50))
    for frac, text in ((0, "0"), (0.5, _fmt(km / 2)), (1, f"{_fmt(km)} km")):
        ax.text(left + frac * length, base + height * 1.8, text, ha="center", va="bottom",
                fontsize=px(font_px), zorder=51, bbox=HALO)


def _fmt(km: float) -> str:
    return f"{km:g}"


def add_north_arrow(fig: Figure, ax: Axes, px: Px, angle_deg: float, north_label: str) -> None:
    """An arrow pointing to true north (rotated by the meridian convergence), top right of the map."""
    size = px(46) / 72  # inches
    anchor = ScaledTranslation(0.95, 0.93, ax.transAxes)
    rotate = Affine2D().rotate_deg(-angle_deg)
    trans = rotate + fig.dpi_scale_trans + anchor
    half = size / 2
    left = [(0, half), (-half * 0.45, -half), (0, -half * 0.55)]
    right = [(0, half), (half * 0.45, -half), (0, -half * 0.55)]
    for shape, colour in ((left, "#222222"), (right, "white")):
        fig.add_artist(PolygonPatch(shape, closed=True, transform=trans, facecolor=colour, edgecolor="#222222",
                                    linewidth=px(1.2), zorder=60))
    fig.text(0, half * 1.05, north_label, transform=trans, ha="center", va="bottom", fontsize=px(20),
             zorder=61, bbox=HALO)


def add_labels(ax: Axes, drawn: list[DrawnLayer], px: Px, font_px: float) -> None:
    """Names from each layer's ``name`` field: polygons when few, points only when very few."""
    for d in drawn:
        if "name" not in {f.name for f in d.layer.fields} or not d.geoms:
            continue
        polygons = d.geoms[0].geom_type in ("Polygon", "MultiPolygon")
        limit = MAX_LABELLED_POLYGONS if polygons else MAX_LABELLED_POINTS
        if len(d.geoms) > limit or (polygons and len(d.geoms) == 1 and not d.filtered):
            continue
        for geom, props in zip(d.geoms, d.props):
            p = geom.representative_point() if polygons else geom
            ax.text(p.x, p.y, str(props.get("name", "")), ha="center", va="center" if polygons else "bottom",
                    fontsize=px(font_px if polygons else font_px * 0.85), color="#333333" if polygons else "#111111",
                    zorder=40, bbox=HALO, clip_on=True,
                    transform=ax.transData if polygons else ax.transData + ScaledTranslation(0, px(9) / 72, ax.figure.dpi_scale_trans))
