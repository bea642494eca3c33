"""Nothing is cut off or covers the map: title, legend, footer and labels stay on the page at any size."""

from __future__ import annotations

import matplotlib
import pytest
from matplotlib.backends.backend_agg import FigureCanvasAgg

import layers  # noqa: F401
from geo.store.database import get_engine
from maps.export import ExportOptions, fonts
from maps.export.features import collect
from maps.export.render import _figure
from maps.spec import all_maps

SIZES = [(1920, 1080), (1280, 720), (3840, 2160), (1080, 1920), (800, 600), (200, 200), (8000, 200), (200, 8000)]


@pytest.mark.parametrize("name", [s.name for s in all_maps()])
@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("size", SIZES, ids=[f"{w}x{h}" for w, h in SIZES])
def test_text_and_legend_inside_the_page_and_off_the_map(
    ro_db_url: str, name: str, size: tuple[int, int], lang: str
) -> None:
    from maps.spec import get

    spec = get(name)
    options = ExportOptions(width=size[0], height=size[1], lang=lang)
    with get_engine(ro_db_url).connect() as conn:
        drawn = collect(conn, spec, {}, "admin")
    with matplotlib.rc_context(fonts.rc_params()):
        fig, _notes = _figure(spec, drawn, options, True, "2026-11-01", None, "")
        FigureCanvasAgg(fig).draw()
        renderer = fig.canvas.get_renderer()
        page = fig.bbox
        ax = max(fig.axes, key=lambda a: a.get_window_extent(renderer).width)  # the map (an inset is smaller)
        for inset in fig.axes:  # an inset of the county seat lies inside the map
            if inset is not ax:
                box = inset.get_window_extent(renderer)
                outer = ax.get_window_extent(renderer)
                assert (
                    outer.x0 - 1 <= box.x0
                    and box.x1 <= outer.x1 + 1
                    and outer.y0 - 1 <= box.y0
                    and box.y1 <= outer.y1 + 1
                )
        map_box = ax.get_window_extent(renderer)
        # A real map, not a stamp: it fills the page in its limiting direction (maps are not 40:1).
        assert max(map_box.width / page.width, map_box.height / page.height) > 0.35
        boxes = [(t.get_text(), t.get_window_extent(renderer)) for t in fig.texts]
        boxes += [("legend", lg.get_window_extent(renderer)) for lg in fig.legends]
        for what, box in boxes:
            assert box.x0 >= -1 and box.y0 >= -1 and box.x1 <= page.width + 1 and box.y1 <= page.height + 1, (
                what,
                box,
                page,
            )
        for legend in fig.legends:
            assert not legend.get_window_extent(renderer).overlaps(map_box)
