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
    for geom, props in zip(drawn.geoms, drawn.props):
        style = drawn.layer.style_for(props)
        kind = geom.geom_type
        if kind in ("Polygon", "MultiPolygon"):
            _polygon(ax, geom, style, px, zorder)
        elif kind in ("LineString", "MultiLineString"):
            _line(ax, geom, style, px, zorder)
        elif kind in ("Point", "MultiPoint"):
            for p in getattr(geom, "geoms", [geom]):
                points[tuple(sorted(style.items()))].append((p.x, p.y))
    for key, xy in points.items():
        _markers(ax, dict(key), np.asarray(xy), px, zorder + 0.5)


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
        ax.add_artist(PathPatch(path, facecolor="none", edgecolor=_rgba(kw["edgecolor"], edge_alpha),
                               linewidth=kw["linewidth"], linestyle=kw["linestyle"], zorder=zorder + 0.1,
                               joinstyle="round"))


def _line(ax: Axes, geom: BaseGeometry, style: dict, px: Px, zorder: float) -> None:
    s = {**LEAFLET, **style}
    for line in getattr(geom, "geoms", [geom]):
        xy = np.asarray(line.coords)
        ax.plot(xy[:, 0], xy[:, 1], color=_rgba(s["color"], s["opacity"]), linewidth=px(s["weight"]),
                linestyle=dashes(s, px), solid_capstyle="round", zorder=zorder)


def _markers(ax: Axes, style: dict, xy: np.ndarray, px: Px, zorder: float) -> None:
    kw = patch_kwargs(style, px)
    diameter = px(2 * float({**LEAFLET, **style}["radius"]))
    ax.scatter(xy[:, 0], xy[:, 1], s=diameter**2, marker="o", facecolors=kw["facecolor"],
               edgecolors=_rgba(kw["edgecolor"], kw["edge_alpha"]) if kw["edgecolor"] != "none" else "none",
               linewidths=kw["linewidth"], zorder=zorder)
