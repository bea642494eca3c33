"""Leaflet path options drawn with matplotlib, so an export looks like the page.

Leaflet lengths (radius, weight, dashArray) are CSS pixels; ``px`` converts one to
points at the export's scale. Defaults are Leaflet's own (color #3388ff, weight 3,
fillOpacity 0.2, fill on for polygons and circle markers).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable

import numpy as np
from matplotlib.axes import Axes
from matplotlib.patches import PathPatch
from matplotlib.path import Path
from shapely.geometry import Polygon
from shapely.geometry.base import BaseGeometry

from maps.export.features import DrawnLayer

LEAFLET = {"color": "#3388ff", "weight": 3, "opacity": 1.0, "fillOpacity": 0.2, "radius": 10}

Px = Callable[[float], float]  # CSS px -> points


def dashes(style: dict, px: Px) -> tuple | str:
    pattern = style.get("dashArray")
    if not pattern:
        return "solid"
    numbers = [float(v) for v in str(pattern).replace(",", " ").split()]
    if len(numbers) % 2:
        numbers *= 2
    return (0, tuple(px(v) for v in numbers))


def patch_kwargs(style: dict, px: Px) -> dict:
    """Edge and face of a polygon or circle marker from Leaflet path options."""
    s = {**LEAFLET, **style}
    stroke = s.get("stroke", True)
    fill = s.get("fill", True)  # Leaflet fills polygons and circle markers by default
    face = s.get("fillColor") or s["color"]
    return {
        "edgecolor": s["color"] if stroke else "none",
        "linewidth": px(s["weight"]) if stroke else 0,
        "linestyle": dashes(s, px),
        "facecolor": _rgba(face, s["fillOpacity"]) if fill else "none",
        "edge_alpha": s["opacity"],
    }


def draw_layer(ax: Axes, drawn: DrawnLayer, px: Px, zorder: float) -> None:
    points: dict[tuple, list[tuple[float, float]]] = defaultdict(list)
    lines: dict[tuple, list[np.ndarray]] = defaultdict(list)
    for geom, props in zip(drawn.geoms, drawn.props):
        style = drawn.layer.style_for(props)
        kind = geom.geom_type
        if kind in ("Polygon", "MultiPolygon"):
            _polygon(ax, geom, style, px, zorder)
        elif kind in ("LineString", "MultiLineString"):
            key = tuple(sorted(style.items()))
            lines[key] += [np.asarray(part.coords)[:, :2] for part in getattr(geom, "geoms", [geom])]
        elif kind in ("Point", "MultiPoint"):
            for p in getattr(geom, "geoms", [geom]):
                points[tuple(sorted(style.items()))].append((p.x, p.y))
    for key, parts in lines.items():
        _lines(ax, dict(key), parts, px, zorder)
    for key, xy in points.items():
        _markers(ax, dict(key), np.asarray(xy), px, zorder + 0.5)
    number_key = getattr(drawn.layer, "number_key", None)
    if number_key:  # a stop number inside its symbol, as on the page
        for geom, props in zip(drawn.geoms, drawn.props):
            value = props.get(number_key)
            if value is not None and geom.geom_type == "Point":
                style = {**LEAFLET, **drawn.layer.style_for(props)}
                ax.text(
                    geom.x,
                    geom.y,
                    str(value),
                    ha="center",
                    va="center",
                    fontsize=px(float(style["radius"]) * 1.15),
                    color=style.get("labelColor", "#ffffff"),
                    zorder=zorder + 0.8,
                    gid="number",
                )


def _rgba(colour: str, alpha: float) -> tuple[float, float, float, float]:
    from matplotlib.colors import to_rgba

    return to_rgba(colour, alpha)


def _ring(coords: np.ndarray) -> tuple[list, list]:
    verts = list(coords[:, :2])
    codes = [Path.MOVETO] + [Path.LINETO] * (len(verts) - 2) + [Path.CLOSEPOLY]
    return verts, codes


def polygon_path(geom: BaseGeometry) -> Path:
    verts, codes = [], []
    for poly in getattr(geom, "geoms", [geom]):
        assert isinstance(poly, Polygon)
        for ring in (poly.exterior, *poly.interiors):
            v, c = _ring(np.asarray(ring.coords))
            verts += v
            codes += c
    return Path(np.asarray(verts), codes)


def _polygon(ax: Axes, geom: BaseGeometry, style: dict, px: Px, zorder: float) -> None:
    kw = patch_kwargs(style, px)
    edge_alpha = kw.pop("edge_alpha")
    path = polygon_path(geom)
    # Face and edge as two patches: Leaflet has separate opacities for them. add_artist, not
    # add_patch: the export sets the map extent itself, and add_patch's data-limit update
    # walks every vertex (a third of the render time for the township outlines).
    ax.add_artist(PathPatch(path, facecolor=kw["facecolor"], edgecolor="none", zorder=zorder))
    if kw["edgecolor"] != "none":
        ax.add_artist(
            PathPatch(
                path,
                facecolor="none",
                edgecolor=_rgba(kw["edgecolor"], edge_alpha),
                linewidth=kw["linewidth"],
                linestyle=kw["linestyle"],
                zorder=zorder + 0.1,
                joinstyle="round",
            )
        )


def _lines(ax: Axes, style: dict, parts: list[np.ndarray], px: Px, zorder: float) -> None:
    """All lines of one style as one collection (a road network is hundreds of lines)."""
    from matplotlib.collections import LineCollection

    s = {**LEAFLET, **style}
    ax.add_collection(
        LineCollection(
            parts,
            colors=[_rgba(s["color"], s["opacity"])],
            linewidths=px(s["weight"]),
            linestyles=[dashes(s, px)],
            capstyle="round",
            zorder=zorder,
        ),
        autolim=False,
    )


# Point symbols as the page draws them (maps/static/fieldmap.js ``fm.symbol``): the style's
# ``shape`` (circle, diamond, square) sized from ``radius``; one ring per overdue reason around it.
MARKER = {"circle": "o", "diamond": "D", "square": "s", "seat": "o"}
SHAPE_HALF = {"circle": 1.0, "diamond": 1.3, "square": 0.92}  # half-width of the symbol per radius


def symbol_diameter(style: dict) -> float:
    """CSS px across the body of a point symbol (marker sizes are given as widths in points)."""
    s = {**LEAFLET, **style}
    shape = s.get("shape", "circle")
    # matplotlib's "D" is a square turned 45 degrees: its width is sqrt(2) times the size asked for
    half = float(s["radius"]) * SHAPE_HALF.get(shape, 1.0)
    return 2 * half / (2**0.5) if shape == "diamond" else 2 * half


def ring_radii(style: dict) -> list[float]:
    """CSS px radius of each overdue ring of ``style`` (innermost first), as fieldmap.js draws them."""
    s = {**LEAFLET, **style}
    rings = s.get("rings") or ()
    outer = float(s["radius"]) * (1.0 if s.get("shape", "circle") == "circle" else 1.3)
    weight = float(s.get("ringWeight", 2.5))
    return [outer + 1 + weight * 1.6 * (i + 0.5) for i in range(len(rings))]


def _markers(ax: Axes, style: dict, xy: np.ndarray, px: Px, zorder: float) -> None:
    kw = patch_kwargs(style, px)
    shape = style.get("shape", "circle")
    ax.scatter(
        xy[:, 0],
        xy[:, 1],
        s=px(symbol_diameter(style)) ** 2,
        marker=MARKER.get(shape, "o"),
        facecolors=kw["facecolor"],
        edgecolors=_rgba(kw["edgecolor"], kw["edge_alpha"]) if kw["edgecolor"] != "none" else "none",
        linewidths=kw["linewidth"],
        zorder=zorder,
    )
    for dash, radius in zip(style.get("rings") or (), ring_radii(style)):
        ring = {"dashArray": dash}
        ax.scatter(
            xy[:, 0],
            xy[:, 1],
            s=px(2 * radius) ** 2,
            marker="o",
            facecolors="none",
            edgecolors=style.get("ringColor", "#B2182B"),
            linewidths=px(float(style.get("ringWeight", 2.5))),
            linestyles=[dashes(ring, px)],
            zorder=zorder + 0.2,
        )
