"""Colours and symbol shapes for every map, web and export alike: one place, colour-blind safe.

- Shares (coverage 0–100 %) use a ColorBrewer *sequential* single-hue-family ramp (YlGnBu, 5
  classes): lightness alone orders the classes, so they stay apart under deuteranopia and in grey.
- Categories use the Okabe–Ito set (Okabe & Ito 2008, "Color Universal Design"), chosen to stay
  distinguishable for the common colour-vision deficiencies; each site *family* also has its own
  shape, so colour is never the only cue.
- Status colours (covered / uncovered / overdue) are reserved: no category or route uses them.
"""

from __future__ import annotations

# ColorBrewer YlGnBu, 5 classes (light → dark = low → high share). colorbrewer2.org, Apache-2.0.
SHARE_RAMP = ("#ffffcc", "#a1dab4", "#41b6c4", "#2c7fb8", "#253494")
NO_DATA = "#e2e2e2"  # a township without poverty-alleviated villages: neutral grey, hatched in exports

# Okabe–Ito categorical palette.
OKABE_ITO = {
    "black": "#000000",
    "orange": "#E69F00",
    "sky_blue": "#56B4E9",
    "bluish_green": "#009E73",
    "yellow": "#F0E442",
    "blue": "#0072B2",
    "vermillion": "#D55E00",
    "reddish_purple": "#CC79A7",
}

# Reserved status colours. Covered/uncovered differ in lightness and hue (blue vs vermillion) and
# are also told apart by shape on the maps (filled circle vs hollow ring / cross).
COVERED = OKABE_ITO["blue"]
UNCOVERED = OKABE_ITO["vermillion"]
OVERDUE = "#B2182B"  # dark red ring; its dash pattern says which overdue reason
STATUS_COLOURS = frozenset({COVERED, UNCOVERED, OVERDUE})

# Site families share a shape; kinds within a family differ by colour (and size).
FAMILY_SHAPE = {"service": "circle", "live": "diamond", "logistics": "square"}
SITE_KIND_COLOUR = {
    "service_centre": OKABE_ITO["black"],
    "township_station": OKABE_ITO["orange"],
    "village_station": OKABE_ITO["bluish_green"],
    "live_base": OKABE_ITO["reddish_purple"],
    "live_station": OKABE_ITO["sky_blue"],
    "warehouse": "#7F3B08",  # dark brown: not the covered blue
    "sorting_centre": OKABE_ITO["black"],
}

# Inspection outcomes (fill of the site symbol on the inspections map).
OUTCOME_COLOUR = {
    "normal": OKABE_ITO["bluish_green"],
    "needs_rectification": OKABE_ITO["orange"],
    "rectified": OKABE_ITO["sky_blue"],
    "closed": "#595959",
    "never": "#ffffff",
}
# Overdue reason -> ring dash pattern (SVG dasharray; "" = solid), all in the OVERDUE colour.
OVERDUE_DASH = {
    "interval": "",
    "never_inspected": "",
    "unannounced_interval": "6 3",
    "never_unannounced": "2 3",
    "flagged": "8 3 2 3",
}

# One colour per tour, none of them a status colour: not the covered blue, not vermillion, not the
# overdue red (Okabe–Ito reddish purple, orange, sky blue plus three darks).
ROUTE_COLOURS = (
    "#5E3C99",
    OKABE_ITO["reddish_purple"],
    "#1B7837",
    OKABE_ITO["orange"],
    OKABE_ITO["sky_blue"],
    "#01665E",
    "#8C510A",
)

# Context drawn under every map: roads, county seat, township seats.
ROAD = "#8c8c8c"
COUNTY_BOUNDARY = "#444444"
TOWNSHIP_OUTLINE = "#7a7a7a"
TOWNSHIP_FILL = "#f2efe6"
SEAT = "#222222"


def share_colour(share_pct: float | None) -> str:
    """The ramp class of a 0–100 share: < 20, 20–40, 40–60, 60–80, ≥ 80; None is no data."""
    if share_pct is None:
        return NO_DATA
    index = min(int(max(share_pct, 0.0) // 20), len(SHARE_RAMP) - 1)
    return SHARE_RAMP[index]


def route_colour(index: int) -> str:
    """The colour of tour ``index`` (0-based), cycling through ROUTE_COLOURS."""
    return ROUTE_COLOURS[index % len(ROUTE_COLOURS)]
