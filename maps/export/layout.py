"""Where the legend goes and how far the layout shrinks: the plan that leaves the largest map.

The layout is designed in reference px (1920x1080 at scale 1). Two arrangements compete:
the legend in a side panel right of the map (one column, or two side by side when one would be
taller than the page), or under the map in one to three columns.
Each is shrunk (never enlarged past the page's own scale) until its legend, title band and
footer fit the page; the one whose map is drawn larger on the page wins. Legend heights count
wrapped lines, so long (English) labels are paid for before anything is drawn.
"""

from __future__ import annotations

import itertools
import math
from dataclasses import dataclass

from maps.export.text import wrap

TITLE_PX, SUB_PX, LEGEND_PX, LABEL_PX, FOOT_PX = 34, 17, 15, 13, 13
BAND_TOP, PANEL_W, MARGIN = 96, 430, 24
MIN_MAP_W, MIN_MAP_H = 420, 300  # what the map keeps beside a side panel / above a bottom legend
MIN_COLUMN = 320  # a bottom-legend column narrower than this wraps nearly every label
SIDE_LINE, BOTTOM_LINE = 26, 24  # reference px a legend line takes (an entry's spacing included)

# A side legend too tall for one column splits into two when the page's text then keeps more of its
# size and the map keeps this share of the area it had (the logistics map's 41 lines at 1920x1080:
# text at 100 % instead of 83 %, map 86 % of the area)
SPLIT_KEEPS = 0.85

Items = list[tuple[str, "dict | None", str]]


@dataclass(frozen=True)
class Plan:
    side_panel: bool
    scale: float  # real px per reference px
    ncol: int
    legend_px: float  # legend font, reference px
    legend_h: float  # legend height reserved, reference px
    map_area: float  # real px² the map gets (for choosing)

    @property
    def panel_w(self) -> float:
        """Reference px of the side panel: PANEL_W per column."""
        return PANEL_W * self.ncol if self.side_panel else 0.0

    def column_px(self, page_w: float) -> float:
        """Real px a legend label may take in one column (marker, padding and gap left out)."""
        column = PANEL_W * self.scale if self.side_panel else (page_w - 2 * MARGIN * self.scale) / self.ncol
        return column - overhead_ref(self.legend_px) * self.scale


def overhead_ref(legend_px: float) -> float:
    return max(90.0, 5.5 * legend_px)  # marker, padding, column gap: about 5.5 em


def footer_ref(lines: int) -> float:
    """Height of the footer band in reference px (its wrapped lines and a gap above)."""
    return 22 + FOOT_PX * 1.35 * lines


def plan(
    page_w: float,
    page_h: float,
    items: Items,
    map_aspect: float,
    scale: float,
    footer_lines: int,
    band_top: float = BAND_TOP,
    side_only: bool = False,
) -> Plan:
    """The arrangement leaving the largest map; ``footer_lines`` as wrapped at ``scale`` (the most).
    ``band_top``: reference px above the map (the title band; a slide picture has none);
    ``side_only``: the legend beside the map (a slide keeps its legend at full size there)."""
    foot = footer_ref(footer_lines) + band_top - BAND_TOP
    candidates = [_side(page_w, page_h, items, map_aspect, scale, foot)]
    if side_only:  # a slide's text keeps its size: the legend is sized for it (thematic entries only)
        side = candidates[0]
        return Plan(
            True,
            scale,
            1,
            side.legend_px,
            side.legend_h,
            _area(page_w - (PANEL_W + 2 * MARGIN) * scale, page_h - (BAND_TOP + foot) * scale, map_aspect),
        )
    else:
        one = candidates[0]
        if one.scale < scale:  # one column is taller than the page: two side by side instead,
            two = _side(page_w, page_h, items, map_aspect, scale, foot, ncol=2)
            if two.scale > one.scale and two.map_area >= SPLIT_KEEPS * one.map_area:  # when the text keeps more size
                candidates[0] = two
        candidates += [_bottom(page_w, page_h, items, map_aspect, scale, foot, ncol) for ncol in (1, 2, 3)]
    # Within 2 % of the largest map, larger text and then a more compact legend matter more.
    best = max(p.map_area for p in candidates)
    return max((p for p in candidates if p.map_area >= 0.98 * best), key=lambda p: (p.scale, -p.legend_h))


def _side(page_w: float, page_h: float, items: Items, aspect: float, scale: float, foot: float, ncol: int = 1) -> Plan:
    lines = [_lines(label, PANEL_W - overhead_ref(LEGEND_PX), LEGEND_PX) for label, _s, _shape in items]
    legend_h = 60 + SIDE_LINE * _tallest(items, lines, ncol)
    s = min(scale, page_w / (PANEL_W * ncol + MIN_MAP_W), page_h / (BAND_TOP + foot + legend_h))
    area = _area(page_w - (PANEL_W * ncol + 2 * MARGIN) * s, page_h - (BAND_TOP + foot) * s, aspect)
    return Plan(True, s, ncol, LEGEND_PX, legend_h, area)


def _tallest(items: Items, lines: list[int], ncol: int) -> int:
    """Lines of the tallest column, the entries dealt as :func:`column_starts` deals them."""
    heading = [shape == "heading" for _l, _s, shape in items]
    return column_height(lines, column_starts(lines, heading, ncol))


def column_starts(lines: list[int], heading: list[bool], ncol: int) -> list[int]:
    """Where each legend column starts: at a layer's heading when there are enough (a heading never
    ends a column away from its entries), so that the tallest column is lowest."""
    n = len(lines)
    if ncol <= 1 or n <= 1:
        return [0]
    cuts = [i for i in range(1, n) if heading[i]]
    if len(cuts) < ncol - 1:
        cuts = list(range(1, n))
    best: tuple[int, list[int]] | None = None
    for inner in itertools.combinations(cuts, min(ncol, n) - 1):
        starts = [0, *inner]
        h = column_height(lines, starts)
        if best is None or h < best[0]:
            best = (h, starts)
    return best[1] if best else [0]


def column_height(lines: list[int], starts: list[int]) -> int:
    """Lines of the tallest column: its entries' lines plus the blank rows that even up the columns'
    entry counts (Matplotlib deals equal runs of entries to the columns)."""
    bounds = [*starts, len(lines)]
    cols = [(sum(lines[a:b]), b - a) for a, b in zip(bounds, bounds[1:])]
    rows = max((c for _l, c in cols), default=0)
    return max((n_lines + rows - c for n_lines, c in cols), default=0)


def _bottom(page_w: float, page_h: float, items: Items, aspect: float, scale: float, foot: float, ncol: int) -> Plan:
    font = LEGEND_PX * 0.9
    s = min(scale, page_w / (ncol * MIN_COLUMN + 2 * MARGIN))
    # Wrapped at the widest this plan may get; shrinking further only widens the columns (in reference px).
    budget = (page_w / s - 2 * MARGIN) / ncol - overhead_ref(font)
    lines = [_lines(label, budget, font) for label, _s, _shape in items]
    legend_h = 50 + BOTTOM_LINE * (_tallest(items, lines, ncol) + 1)  # + the legend's own title; the tallest column
    s = min(s, page_h / (BAND_TOP + foot + legend_h + MIN_MAP_H))
    area = _area(page_w - 2 * MARGIN * s, page_h - (BAND_TOP + foot + legend_h) * s, aspect)
    return Plan(False, s, ncol, font, legend_h, area)


def _lines(label: str, budget_ref: float, font_ref: float) -> int:
    return len(wrap(label, max(budget_ref, 40.0), font_ref * 0.75))


def _area(avail_w: float, avail_h: float, aspect: float) -> float:
    """Real px² of a map of shape ``aspect`` (w/h) fitted into the space left for it."""
    if avail_w <= 0 or avail_h <= 0:
        return 0.0
    w = min(avail_w, avail_h * aspect)
    return w * (w / aspect) if math.isfinite(w) else 0.0
