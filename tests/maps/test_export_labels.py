"""Names on the exported maps: the uncovered villages with their distances, townships with their
shares, and no two drawn labels overlapping (boxes measured by matplotlib's own renderer)."""

from __future__ import annotations

import itertools

import pytest
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.text import Text

import layers  # noqa: F401
from geo.store.database import get_engine
from maps.export import ExportOptions
from maps.export.render import figure
from maps.spec import get


def drawn_labels(url: str, name: str, **kw) -> list[tuple[str, tuple[float, float, float, float]]]:
    """(text, box in display px incl. its white halo) of every map label as the renderer drew it."""
    with get_engine(url).connect() as conn, figure(conn, get(name), ExportOptions(role="official", **kw)) as (fig, *_):
        canvas = FigureCanvasAgg(fig)
        canvas.draw()
        renderer = canvas.get_renderer()
        out = []
        for t in fig.findobj(Text):
            if t.get_gid() == "label" and t.get_visible():
                patch = t.get_bbox_patch()
                box = (patch or t).get_window_extent(renderer)
                out.append((t.get_text(), (box.x0, box.y0, box.x1, box.y1)))
        return out


def overlap(a, b) -> float:  # noqa: ANN001
    w = min(a[2], b[2]) - max(a[0], b[0])
    h = min(a[3], b[3]) - max(a[1], b[1])
    return max(w, 0) * max(h, 0)


@pytest.mark.parametrize(
    "name, kw",
    [
        ("coverage", {}),
        ("overview", {}),
        ("inspections", {}),
        ("logistics", {}),
        ("coverage", {"lang": "en", "width": 1280, "height": 720}),
    ],
)
def test_no_two_labels_overlap(db_url: str, name: str, kw: dict) -> None:
    labels = drawn_labels(db_url, name, **kw)
    assert labels
    for (ta, a), (tb, b) in itertools.combinations(labels, 2):
        assert overlap(a, b) < 1.0, (ta, tb, a, b)


def test_uncovered_villages_named_with_distances_and_townships_with_shares(client_as, db_url: str) -> None:
    cov = client_as("official").get("/indicators/coverage").json()
    texts = [t for t, _box in drawn_labels(db_url, "coverage")]
    assert cov["uncovered"]
    distances = [float(t[:-3]) for t in texts if t.endswith(" km")]
    for village in cov["uncovered"]:
        assert village["name"] in texts, village["name"]
        # the gap line carries its length in km with one decimal (the map keeps whole metres)
        assert any(abs(d - village["distance_m"] / 1000) <= 0.051 for d in distances), village
    shown = 0
    for town in cov["townships"]:
        if town["villages"]:
            expected = f"{town['name']}\n{town['covered']}/{town['villages']} · {town['share_pct']:g}%"
            shown += expected in texts
    assert shown >= len([t for t in cov["townships"] if t["villages"]]) - 2  # at most two dropped for room
