"""What makes a map readable on a slide: scale bar and north arrow (legend: legend.py, names: labels.py)."""

from __future__ import annotations

import math
from typing import cast

from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.patches import Polygon as PolygonPatch
from matplotlib.patches import Rectangle
from matplotlib.transforms import Affine2D, Affine2DBase, ScaledTranslation

from maps.export.draw import Px
from maps.export.labels import HALO


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
        ax.add_patch(
            Rectangle(
                (left + i * length / 4, base),
                length / 4,
                height,
                facecolor="#222222" if i % 2 == 0 else "white",
                edgecolor="#222222",
                linewidth=px(1),
                zorder=50,
            )
        )
    for frac, text in ((0, "0"), (0.5, _fmt(km / 2)), (1, f"{_fmt(km)} km")):
        ax.text(
            left + frac * length,
            base + height * 1.8,
            text,
            ha="center",
            va="bottom",
            fontsize=px(font_px),
            zorder=51,
            bbox=HALO,
        )


def _fmt(km: float) -> str:
    return f"{km:g}"


def add_north_arrow(fig: Figure, ax: Axes, px: Px, angle_deg: float, north_label: str) -> None:
    """An arrow pointing to true north (rotated by the meridian convergence), top right of the map."""
    size = px(46) / 72  # inches
    anchor = ScaledTranslation(
        0.95, 0.93, cast(Affine2DBase, ax.transAxes)
    )  # a BboxTransformTo; the stubs say Transform
    rotate = Affine2D().rotate_deg(-angle_deg)
    trans = rotate + fig.dpi_scale_trans + anchor
    half = size / 2
    left = [(0, half), (-half * 0.45, -half), (0, -half * 0.55)]
    right = [(0, half), (half * 0.45, -half), (0, -half * 0.55)]
    for shape, colour in ((left, "#222222"), (right, "white")):
        fig.add_artist(
            PolygonPatch(
                shape, closed=True, transform=trans, facecolor=colour, edgecolor="#222222", linewidth=px(1.2), zorder=60
            )
        )
    fig.text(
        0, half * 1.05, north_label, transform=trans, ha="center", va="bottom", fontsize=px(20), zorder=61, bbox=HALO
    )
