"""What an export says: the demo label only when it applies, filters, the font check itself."""

from __future__ import annotations

import io

import matplotlib
import pytest
from matplotlib.figure import Figure
from sqlalchemy import text

import layers  # noqa: F401
from geo.errors import InvalidInput, NotFound
from geo.store.database import get_engine
from geo.vocab import SITE_KIND
from maps.export import ExportOptions, render_map
from maps.export.fonts import rc_params
from maps.export.furniture import nice_length_km
from maps.spec import all_maps
from tests.maps.exports_helpers import no_missing_glyphs, svg_texts


def svg_words(url: str, name: str = "overview", **options) -> str:
    with get_engine(url).connect() as conn, no_missing_glyphs():
        svg = render_map(conn, name, ExportOptions(fmt="svg", role="admin", **options)).content
    return "\n".join(t for t, _s in svg_texts(svg))


def test_demo_label_only_when_a_drawn_layer_has_demo_rows(db_url: str) -> None:
    assert "演示数据" in svg_words(db_url)
    with get_engine(db_url).begin() as conn:
        for table in ("county", "township", "village", "site", "specialty_village", "inspection"):
            conn.execute(text(f"UPDATE {table} SET source = 'survey' WHERE source = 'demo'"))
        conn.execute(text("UPDATE township SET seat_source = 'survey' WHERE seat_source = 'demo'"))  # seats drawn too
    get_engine(db_url).dispose()
    words = svg_words(db_url)
    assert "演示数据" not in words
    assert "图例" in words


def test_township_filter_zooms_to_it_and_says_so(db_url: str) -> None:
    with get_engine(db_url).connect() as conn:
        n_sites = conn.execute(text("SELECT count(*) FROM site WHERE township_code = '533103102'")).scalar_one()
    words = svg_words(db_url, filters={"township_code": "533103102"})
    assert "遮放镇 (533103102)" in words
    # Only that township's sites are counted in the legend.
    counts = [
        int(w.rsplit("（", 1)[1].rstrip("）"))
        for w in words.splitlines()
        if w.startswith(tuple(SITE_KIND.word(code, "zh") for code in SITE_KIND.codes))
    ]
    assert sum(counts) == n_sites > 0


def test_unknown_filter_and_unknown_map_are_refused(db_url: str) -> None:
    with get_engine(db_url).connect() as conn:
        with pytest.raises(InvalidInput, match="township_cod"):
            render_map(conn, "overview", ExportOptions(filters={"township_cod": "1"}))
        with pytest.raises(NotFound) as err:
            render_map(conn, "nope", ExportOptions())
    assert err.value.detail["valid"] == [s.name for s in all_maps()]


@pytest.mark.parametrize(
    "kwargs",
    [
        dict(width=0),
        dict(height=9000),
        dict(width=8000, height=8000),
        dict(fmt="gif"),
        dict(lang="fr"),
        dict(fmt="png", paper="A4"),
        dict(fmt="pdf", paper="A5"),
        dict(basemap="google"),
    ],
)
def test_bad_options_say_what_is_wrong(kwargs: dict) -> None:
    with pytest.raises(InvalidInput) as err:
        ExportOptions(**kwargs)
    assert "\n" in err.value.message  # Chinese line, then English


def test_the_glyph_check_catches_a_missing_glyph() -> None:
    """The check used by every export test must be able to fail."""
    with pytest.raises(AssertionError), matplotlib.rc_context(rc_params()), no_missing_glyphs():
        fig = Figure()
        fig.text(0.5, 0.5, "\U0001d11e\U0001f600")  # a musical symbol and an emoji: not in the CJK font
        fig.savefig(io.BytesIO(), format="png")


@pytest.mark.parametrize("span_m, km", [(70_000, 10), (20_000, 2), (5_000, 1), (1_500, 0.2), (300_000, 50)])
def test_scale_bar_length_is_a_round_number(span_m: float, km: float) -> None:
    assert nice_length_km(span_m) == km


def test_legend_counts_only_when_the_entries_account_for_every_feature() -> None:
    from layers.base import Layer, LegendEntry
    from maps.export.features import DrawnLayer
    from maps.export.legend import legend_items

    layer = Layer(
        "t",
        "测试",
        "Test",
        "Point",
        "SELECT 1",
        style={"fillColor": "#111111"},
        style_key="k",
        styles={"a": {"fillColor": "#222222"}},
        legend=(LegendEntry("甲", "A", "#222222", "circle"), LegendEntry("其他", "Other", "#111111", "circle")),
    )
    drawn = DrawnLayer(layer, [], [{"k": "a"}, {"k": "b"}, {"k": "b"}], False)
    assert [label for label, _s, _shape in legend_items([drawn], "en")] == ["Test", "A (1)", "Other (2)"]
    mismatched = Layer(
        "u",
        "测试",
        "Test",
        "Point",
        "SELECT 1",
        style={"fillColor": "#333333"},
        legend=(LegendEntry("甲", "A", "#999999", "circle"),),
    )
    assert [label for label, _s, _shape in legend_items([DrawnLayer(mismatched, [], [{}], False)], "en")] == [
        "Test",
        "A",
    ]
