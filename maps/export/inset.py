"""An enlarged inset of the county seat's area when points crowd there (the urban core holds the
service centre, the hubs and several stations within a few hundred metres).

The inset sits in the corner of the map that has the fewest features, is framed, titled, and
marked on the main map by a rectangle; it draws the same layers at a larger scale.
"""

from __future__ import annotations

from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.patches import Rectangle

from maps.export.draw import Px, draw_layer
from maps.export.features import DrawnLayer

WINDOW = 0.13  # the inset shows a square this share of the map's width around the county seat
SIZE = 0.34  # the inset's side as a share of the map axes' height
MIN_POINTS = 8  # fewer points than this in the window: no crowd, no inset
WORDS = {"zh": "城区放大", "en": "Town centre (enlarged)"}


def county_seat(drawn: list[DrawnLayer]) -> tuple[float, float] | None:
    for d in drawn:
        if d.layer.name == "seats":
            for g, p in zip(d.geoms, d.props):
                if p.get("county_seat") is True or p.get("seat_kind") == "county":
                    return g.x, g.y
    return None


def window(
    drawn: list[DrawnLayer], extent: tuple[float, float, float, float]
) -> tuple[float, float, float, float] | None:
    """The inset's extent (map units) when enough points crowd around the county seat, else None."""
    seat = county_seat(drawn)
    if seat is None:
        return None
    half = (extent[2] - extent[0]) * WINDOW / 2
    box = (seat[0] - half, seat[1] - half, seat[0] + half, seat[1] + half)
    inside = sum(
        1
        for d in drawn
        if d.layer.name not in ("seats",)
        for g in d.geoms
        if g.geom_type == "Point" and box[0] <= g.x <= box[2] and box[1] <= g.y <= box[3]
    )
    return box if inside >= MIN_POINTS else None


def add_inset(
    fig: Figure, ax: Axes, drawn: list[DrawnLayer], win: tuple[float, float, float, float], px: Px, lang: str
) -> Axes:
    """Draw the inset in the emptiest corner of ``ax``; returns the inset axes."""
    main = ax.get_window_extent()
    side = main.height * SIZE
    fw, fh = fig.bbox.width, fig.bbox.height
    corners = {
        "lower right": (main.x1 - side, main.y0),
        "upper left": (main.x0, main.y1 - side),
        "lower left": (main.x0, main.y0),
        "upper right": (main.x1 - side, main.y1 - side),
    }
    to_data = ax.transData.inverted()

    def crowd(corner: tuple[float, float]) -> int:
        (x0, y0), (x1, y1) = to_data.transform(corner), to_data.transform((corner[0] + side, corner[1] + side))
        return sum(1 for d in drawn for g in d.geoms if g.geom_type == "Point" and x0 <= g.x <= x1 and y0 <= g.y <= y1)

    # the scale bar keeps the lower left and the north arrow the upper right unless both others are fuller
    order = ("lower right", "upper left", "lower left", "upper right")
    x, y = corners[min(order, key=lambda c: (crowd(corners[c]), order.index(c)))]
    inset = fig.add_axes((x / fw, y / fh, side / fw, side / fh))
    inset.set_xticks([])
    inset.set_yticks([])
    inset.set_facecolor("white")
    for spine in inset.spines.values():
        spine.set_edgecolor("#333333")
        spine.set_linewidth(px(1.5))
    inset.set_zorder(ax.get_zorder() + 1)
    for i, d in enumerate(drawn):
        draw_layer(inset, d, px, zorder=10 + i * 2)
    inset.set_xlim(win[0], win[2])
    inset.set_ylim(win[1], win[3])
    inset.set_aspect("equal", adjustable="datalim")
    inset.text(
        0.02,
        0.98,
        WORDS.get(lang, WORDS["zh"]),
        transform=inset.transAxes,
        ha="left",
        va="top",
        fontsize=px(13),
        color="#222222",
        zorder=60,
        bbox={"boxstyle": "round,pad=0.2", "facecolor": (1, 1, 1, 0.85), "edgecolor": "none"},
    )
    ax.add_patch(
        Rectangle(
            (win[0], win[1]),
            win[2] - win[0],
            win[3] - win[1],
            facecolor="none",
            edgecolor="#333333",
            linewidth=px(1.2),
            zorder=45,
        )
    )
    return inset
