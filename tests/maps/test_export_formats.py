"""Every registered map in every format: size, type, not blank, title and legend text, Chinese glyphs."""

from __future__ import annotations

import io

import numpy as np
import pytest
from pypdf import PdfReader

import layers  # noqa: F401  (registers the layers)
from geo.store.database import get_engine
from maps.export import ExportOptions, render_map
from maps.export.features import layers_of
from maps.spec import all_maps, get
from tests.expected import LEGEND_LAYERS, LEGENDS, TITLES
from tests.maps.exports_helpers import (
    assert_glyphs_in_font,
    assert_not_blank,
    has_cjk,
    no_missing_glyphs,
    svg_size_px,
    svg_texts,
)

MAPS = [spec.name for spec in all_maps()]


def render(url: str, name: str, **options) -> bytes:
    with get_engine(url).connect() as conn, no_missing_glyphs():
        # an admin sees every layer of every map (viewers get fewer: see test_exports)
        return render_map(conn, name, ExportOptions(role="admin", **options)).content


def shown_entries(conn, layer) -> list:  # noqa: ANN001
    """The legend entries standing for at least one feature (empty categories are not listed):
    an entry that says what it counts by that, an older one by its colour among the features' styles."""
    props = [f["properties"] for f in layer.features(conn)]
    colours = [str(layer.style_for(p).get("fillColor") or layer.style_for(p).get("color") or "").lower() for p in props]
    out = []
    for entry in layer.legend:
        if getattr(entry, "key", None):
            n = sum(
                1
                for p in props
                if entry.value == p.get(entry.key)
                or (isinstance(p.get(entry.key), list) and entry.value in p.get(entry.key))
            )
        else:
            n = colours.count(entry.colour.lower())
        if n:
            out.append(entry)
    return out


def expected_text(name: str, lang: str) -> list[str]:
    """Title, legend heading, every legend layer's heading and its non-empty entries' labels, all
    written in tests/expected.py (TITLES, LEGEND_LAYERS, LEGENDS)."""
    words = [TITLES[name][0 if lang == "zh" else 1], "图例" if lang == "zh" else "Legend"]
    for layer_name in LEGEND_LAYERS[name]:
        heading, labels = LEGENDS[layer_name][0 if lang == "zh" else 1]
        words += [heading, *labels]
    return words


@pytest.mark.parametrize("name", MAPS)
def test_png_has_the_asked_size_and_a_drawn_map(ro_db_url: str, name: str) -> None:
    png = render(ro_db_url, name, fmt="png", width=1280, height=720)
    pixels = assert_not_blank(png, (1280, 720)).astype(int)
    # Every filled legend colour of every drawn layer is really on the picture, blended
    # with white by its fill opacity as Leaflet would show it.
    with get_engine(ro_db_url).connect() as conn:
        shown = {layer.name: shown_entries(conn, layer) for layer in layers_of(get(name))}
    for layer in layers_of(get(name)):
        for entry in shown[layer.name]:
            if entry.shape in ("line", "none", "ring"):
                continue
            alpha = float(layer.style.get("fillOpacity", 0.2))
            rgb = np.array([int(entry.colour[i : i + 2], 16) for i in (1, 3, 5)])
            seen = alpha * rgb + (1 - alpha) * 255
            assert (abs(pixels - seen).sum(axis=2) < 30).any(), (layer.name, entry.colour)


@pytest.mark.parametrize("name", MAPS)
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_svg_keeps_title_and_legend_as_text_in_the_cjk_font(ro_db_url: str, name: str, lang: str) -> None:
    svg = render(ro_db_url, name, fmt="svg", lang=lang)
    assert svg_size_px(svg) == pytest.approx((1920, 1080))
    texts = svg_texts(svg)
    joined = "\n".join(t for t, _style in texts)
    # A long legend label or heading wraps to the legend's column: each line is its own text element,
    # and Chinese text may break between any two characters (no space there), English at a space.
    flowing = " ".join(joined.split())
    unwrapped = "".join(joined.split())
    for word in expected_text(name, lang):
        assert (word in flowing) if lang == "en" else ("".join(word.split()) in unwrapped), word
    assert ("演示数据" if lang == "zh" else "DEMO DATA") in joined
    assert all("WenQuanYi Micro Hei" in style for _t, style in texts)
    assert has_cjk(joined)  # township names stay Chinese in both languages
    assert_glyphs_in_font(joined)


@pytest.mark.parametrize("name", MAPS)
def test_pdf_text_layer_has_title_legend_and_embedded_cjk_font(ro_db_url: str, name: str) -> None:
    pdf = render(ro_db_url, name, fmt="pdf")
    reader = PdfReader(io.BytesIO(pdf))
    assert len(reader.pages) == 1
    page = reader.pages[0]
    # A4 landscape by default: 297 x 210 mm in PDF points (1/72 in)
    assert (float(page.mediabox.width), float(page.mediabox.height)) == pytest.approx(
        (297 / 25.4 * 72, 210 / 25.4 * 72)
    )
    text = page.extract_text()
    unwrapped = "".join(text.split())  # a long legend heading may wrap onto two lines
    for word in expected_text(name, "zh"):
        assert "".join(word.split()) in unwrapped, word
    assert "演示数据" in text
    assert_glyphs_in_font(text)
    fonts = [f.get_object() for f in page["/Resources"]["/Font"].values()]
    assert fonts and all("WenQuanYi" in str(f["/BaseFont"]) for f in fonts)
    for f in fonts:  # TrueType outlines embedded (Type 42), so every reader shows the same glyphs
        descendant = f["/DescendantFonts"][0].get_object() if "/DescendantFonts" in f else f
        assert "/FontFile2" in descendant["/FontDescriptor"].get_object()


@pytest.mark.parametrize("paper, size_pt", [("A4", (841.9, 595.3)), ("A3", (1190.6, 841.9))])
def test_pdf_on_landscape_paper(ro_db_url: str, paper: str, size_pt: tuple[float, float]) -> None:
    pdf = render(ro_db_url, MAPS[0], fmt="pdf", paper=paper)
    box = PdfReader(io.BytesIO(pdf)).pages[0].mediabox
    assert (float(box.width), float(box.height)) == pytest.approx(size_pt, abs=0.5)


def test_pdf_on_a3_when_asked(db_url: str) -> None:
    page = PdfReader(io.BytesIO(render(db_url, "coverage", fmt="pdf", paper="A3"))).pages[0]
    assert (float(page.mediabox.width), float(page.mediabox.height)) == pytest.approx(
        (420 / 25.4 * 72, 297 / 25.4 * 72)
    )
