"""Names on the map, placed so that no two overlap.

Candidates are gathered from the drawn layers, most important first: uncovered
poverty-alleviated villages (with the distance on their gap line), townships (with the covered
share on the coverage map), then the names of small point layers. Each is tried at a few
positions around its anchor (a point label beside its symbol, an area label at its seat or
inside it); the first position that overlaps no label already placed and stays inside the map
wins; a label with no free position is dropped. Boxes are measured as Agg draws the text.
"""

from __future__ import annotations

from dataclasses import dataclass

from matplotlib.axes import Axes

from maps.export.draw import LEAFLET, Px
from maps.export.features import DrawnLayer
from maps.export.text import width_px
from maps.i18n import choose

# A white box behind a label rather than a path-effect halo: path effects turn text into
# outlines, and SVG/PDF text must stay text (searchable, selectable, testable).
HALO = {"boxstyle": "round,pad=0.15", "facecolor": (1, 1, 1, 0.78), "edgecolor": "none"}
MAX_LABELLED_POINTS = 15  # a point layer with more features is named only where it matters
PAD_PX = 2.0  # free space kept between two labels (real px)
LABEL_GID = "label"


@dataclass(frozen=True)
class Candidate:
    text: str
    x: float  # anchor, map units (the drawing CRS, DrawnLayer.srid)
    y: float
    size: float  # reference px
    colour: str
    gap: float = 0.0  # reference px between the anchor and the label (a symbol's radius); 0 = centred
    priority: int = 5  # lower goes first
    more: tuple[tuple[float, float], ...] = ()  # other anchors to try (e.g. further along a gap line)


def candidates(drawn: list[DrawnLayer], lang: str) -> list[Candidate]:
    """Every label the map would like to show, most important first."""
    seats = {p.get("township_code"): g for d in drawn if d.layer.name == "seats" for g, p in zip(d.geoms, d.props)}
    out: list[Candidate] = []
    # townships are named once, by the topmost area layer that has them (the coverage shares over the plain names)
    gaps = {
        p.get("code"): (g, p)
        for d in drawn
        if d.layer.name == "coverage_gaps"
        for g, p in zip(d.geoms, d.props)
        if p.get("distance_m") is not None
    }
    area_layers = [d.layer.name for d in drawn if d.layer.name in ("coverage_townships", "townships")]
    for d in drawn:
        name = d.layer.name
        if name in area_layers and name != area_layers[-1]:
            continue
        if name == "coverage_villages":  # each uncovered village's name, then the length of its gap line
            for g, p in zip(d.geoms, d.props):
                if p.get("status") == "uncovered":
                    out.append(Candidate(str(p.get("name", "")), g.x, g.y, 13, "#8b1a1a", _radius(d, p) + 3, 0))
                    if p.get("code") in gaps:
                        out.append(_distance(*gaps[p["code"]]))
        elif name in ("coverage_townships", "townships"):
            if len(d.geoms) == 1 and not d.filtered:
                continue
            for g, p in zip(d.geoms, d.props):
                seat = seats.get(p.get("township_code") or p.get("code"))
                anchor = seat if seat is not None and g.contains(seat) else g.representative_point()
                text = str(p.get("name", ""))
                if name == "coverage_townships":
                    text += "\n" + _share_text(p, lang)
                out.append(
                    Candidate(
                        text,
                        anchor.x,
                        anchor.y,
                        12.5,
                        "#333333",
                        5 if seat is not None else 0,
                        2 if name == "coverage_townships" else 3,
                    )
                )
        elif name == "seats":  # the county seat's own label (芒市（县城）); township seats are named by their township
            for g, p in zip(d.geoms, d.props):
                label = d.layer.label_text(p, lang)
                if label:
                    out.append(Candidate(label, g.x, g.y, 12.5, "#111111", _radius(d, p) + 2, 1))
        elif (
            d.geoms
            and d.geoms[0].geom_type == "Point"
            and len(d.geoms) <= MAX_LABELLED_POINTS
            and "name" in {f.name for f in d.layer.fields}
            and name != "seats"
        ):
            for g, p in zip(d.geoms, d.props):
                out.append(Candidate(str(p.get("name", "")), g.x, g.y, 12.5, "#111111", _radius(d, p) + 2, 4))
    seen: set[tuple[str, float, float]] = set()
    unique = []
    for c in sorted(out, key=lambda c: c.priority):  # stable: layer order within a priority
        key = (c.text, round(c.x), round(c.y))
        if key not in seen:
            seen.add(key)
            unique.append(c)
    return unique


def _distance(line, props: dict) -> Candidate:  # noqa: ANN001 - a projected LineString
    """The gap's length in km, on the line: at its middle, else further along."""
    mid, *along = [line.interpolate(f, normalized=True) for f in (0.5, 0.35, 0.65, 0.2, 0.8)]
    return Candidate(
        f"{props['distance_m'] / 1000:.1f} km", mid.x, mid.y, 12.5, "#8b1a1a", 0, 0, tuple((q.x, q.y) for q in along)
    )


def _radius(d: DrawnLayer, props: dict) -> float:
    return float({**LEAFLET, **d.layer.style_for(props)}["radius"])


def _share_text(p: dict, lang: str) -> str:
    if not p.get("villages"):
        return choose("无脱贫村", "no poverty village", lang)
    share = p.get("share_pct")
    return (
        f"{p.get('covered', 0)}/{p['villages']} · {share:g}%"
        if share is not None
        else f"{p.get('covered', 0)}/{p['villages']}"
    )


# Positions tried around an anchor, as (dx, dy) unit directions: right, left, above, below, diagonals.
AROUND = ((1, 0), (-1, 0), (0, 1), (0, -1), (1, 1), (-1, 1), (1, -1), (-1, -1))
CENTRED = ((0, 0), (0, 1), (0, -1), (1, 0), (-1, 0), (0, 2), (0, -2))


def place(
    ax: Axes,
    labels: list[Candidate],
    px: Px,
    scale: float,
    taken: list[tuple[float, float, float, float]] | None = None,
) -> list[tuple[float, float, float, float]]:
    """Draw the labels that fit (no overlap, inside the map); returns the boxes used (display px)."""
    box = ax.get_window_extent()
    boxes = list(taken or [])
    for c in labels:
        lines = c.text.split("\n")
        size_pt = px(c.size)
        w = max(width_px(line, size_pt) for line in lines) + 2 * 0.15 * size_pt * 96 / 72
        h = len(lines) * size_pt * 96 / 72 * 1.25 + 2 * 0.15 * size_pt * 96 / 72
        gap = c.gap * scale
        tries = [
            (ax.transData.transform(anchor), d)
            for anchor in ((c.x, c.y), *c.more)
            for d in (AROUND if gap else CENTRED)
        ]
        for (ax_x, ax_y), (dx, dy) in tries:
            # the box's centre, the label kept clear of the symbol by ``gap``
            cx = ax_x + dx * (gap + w / 2) if gap else ax_x + dx * w * 0.6
            cy = ax_y + dy * (gap + h / 2) if gap else ax_y + dy * h * 0.8
            cand = (cx - w / 2, cy - h / 2, cx + w / 2, cy + h / 2)
            if cand[0] < box.x0 or cand[2] > box.x1 or cand[1] < box.y0 or cand[3] > box.y1:
                continue
            if any(_overlap(cand, b) for b in boxes):
                continue
            boxes.append(cand)
            x, y = ax.transData.inverted().transform((cx, cy))
            ax.text(
                x,
                y,
                c.text,
                ha="center",
                va="center",
                fontsize=size_pt,
                color=c.colour,
                zorder=40,
                bbox=HALO,
                linespacing=1.05,
                gid=LABEL_GID,
                clip_on=True,
            )
            break
    return boxes


def _overlap(a: tuple[float, float, float, float], b: tuple[float, float, float, float]) -> bool:
    return a[0] < b[2] + PAD_PX and b[0] < a[2] + PAD_PX and a[1] < b[3] + PAD_PX and b[1] < a[3] + PAD_PX


def point_names(drawn: list[DrawnLayer], window: tuple[float, float, float, float]) -> list[Candidate]:
    """Names of the sites inside an inset's window (too many to name on the whole map, few here)."""
    out = []
    for d in drawn:
        if (
            d.layer.name in ("seats", "coverage_villages")
            or not d.geoms
            or d.geoms[0].geom_type != "Point"
            or "name" not in {f.name for f in d.layer.fields}
            or len(d.geoms) <= MAX_LABELLED_POINTS
        ):
            continue
        for g, p in zip(d.geoms, d.props):
            if window[0] <= g.x <= window[2] and window[1] <= g.y <= window[3]:
                out.append(Candidate(str(p.get("name", "")), g.x, g.y, 12.5, "#111111", _radius(d, p) + 2, 6))
    return out
