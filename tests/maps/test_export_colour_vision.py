"""Colour-blind safety of the exported coverage map, checked on its PNG pixels.

Each township's fill is read from the picture (the most common colour inside its outline),
its class taken from its covered share in /indicators/coverage, and the colours of every two
share classes are compared after simulating deuteranopia and protanopia (Machado, Oliveira &
Fernandes 2009, severity 100, via colorspacious) by their CAM02-UCS colour distance.
"""

from __future__ import annotations

import io
from collections import Counter

import numpy as np
import pytest
import shapely
from colorspacious import cspace_convert, deltaE
from matplotlib.backends.backend_agg import FigureCanvasAgg
from PIL import Image
from pyproj import Transformer
from sqlalchemy import text

import layers  # noqa: F401
from geo.store.database import get_engine
from maps.export import ExportOptions
from maps.export.render import figure
from maps.spec import get

BOUNDS = (0, 20, 40, 60, 80)  # the classes of covered share, % (lower bounds)
# CAM02-UCS ΔE between the fills of two adjacent classes: about 1 is just noticeable; 6 is told apart
# at a glance for areas as large as a township. (The old RdYlGn ramp at this opacity gave 5.7 between
# its two ends under deuteranopia; this test asks 18 of the ends.)
ADJACENT_MIN = 6.0


def share_class(share: float) -> int:
    return max(i for i, lo in enumerate(BOUNDS) if share >= lo)


def township_fills(url: str, client) -> dict[int, tuple[int, int, int]]:  # noqa: ANN001
    """Class -> the fill colour of its townships as the exported PNG shows them."""
    cov = client.get("/indicators/coverage").json()
    shares = {t["code"]: t["share_pct"] for t in cov["townships"] if t["share_pct"] is not None}
    with get_engine(url).connect() as conn:
        outlines = dict(conn.execute(text("SELECT code, ST_AsText(geom) FROM township")).all())
        with figure(conn, get("coverage"), ExportOptions(fmt="png", role="official")) as (fig, *_):
            canvas = FigureCanvasAgg(fig)
            buf = io.BytesIO()
            fig.savefig(buf, format="png", dpi=96)
            ax = max(fig.axes, key=lambda a: a.get_window_extent().width)  # the map (not an inset)
            to_px = ax.transData.transform
            height = canvas.get_width_height()[1]
    pixels = np.asarray(Image.open(io.BytesIO(buf.getvalue())).convert("RGB"))
    to_utm = Transformer.from_crs("EPSG:4326", "EPSG:32647", always_xy=True)
    by_class: dict[int, Counter] = {}
    for code, share in shares.items():
        poly = shapely.transform(
            shapely.from_wkt(outlines[code]), lambda xy: np.column_stack(to_utm.transform(xy[:, 0], xy[:, 1]))
        )
        minx, miny, maxx, maxy = poly.bounds
        grid = [shapely.Point(x, y) for x in np.linspace(minx, maxx, 40) for y in np.linspace(miny, maxy, 40)]
        inside = [p for p in grid if poly.contains(p)]
        seen = Counter()
        for p in inside:
            x, y = to_px((p.x, p.y))
            seen[tuple(pixels[int(height - y), int(x)])] += 1
        by_class.setdefault(share_class(share), Counter()).update(seen)
    return {k: c.most_common(1)[0][0] for k, c in by_class.items()}


@pytest.mark.parametrize("cvd", ["deuteranomaly", "protanomaly"])
def test_share_classes_stay_apart_under_colour_vision_deficiency(client_as, db_url: str, cvd: str) -> None:
    fills = township_fills(db_url, client_as("official"))
    assert len(fills) >= 4, fills  # the demo data has townships in (nearly) every class
    space = {"name": "sRGB1+CVD", "cvd_type": cvd, "severity": 100}
    simulated = {k: np.clip(cspace_convert(np.array(rgb) / 255, space, "sRGB1"), 0, 1) for k, rgb in fills.items()}
    classes = sorted(simulated)
    for a, b in zip(classes, classes[1:]):
        d = float(deltaE(simulated[a], simulated[b], input_space="sRGB1"))
        assert d >= ADJACENT_MIN * (b - a), (cvd, a, b, fills[a], fills[b], round(d, 1))
    # and the ends of the ramp are never confused (the old red-to-green ramp failed exactly here)
    assert float(deltaE(simulated[classes[0]], simulated[classes[-1]], input_space="sRGB1")) >= 3 * ADJACENT_MIN
