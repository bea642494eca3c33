"""Checks shared by the export tests: what a person would see in a PNG, SVG or PDF."""

from __future__ import annotations

import io
import logging
import re
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from functools import lru_cache
from xml.etree import ElementTree

import numpy as np
from fontTools.ttLib import TTCollection
from PIL import Image

from maps.export.fonts import cjk_font

SVG_NS = "{http://www.w3.org/2000/svg}"


@contextmanager
def no_missing_glyphs() -> Iterator[list[str]]:
    """Fail on matplotlib's missing-glyph warnings and on any font fallback it logs."""
    messages: list[str] = []

    class Catch(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            messages.append(record.getMessage())

    handler = Catch(level=logging.DEBUG)
    font_log = logging.getLogger("matplotlib.font_manager")
    font_log.addHandler(handler)
    try:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            yield messages
        glyph = [str(w.message) for w in caught if "missing from" in str(w.message) or "Glyph" in str(w.message)]
        assert not glyph, glyph
        fallbacks = [m for m in messages if "findfont" in m and ("Failed" in m or "not found" in m)]
        assert not fallbacks, fallbacks
    finally:
        font_log.removeHandler(handler)


def assert_not_blank(png: bytes, size: tuple[int, int]) -> np.ndarray:
    img = Image.open(io.BytesIO(png))
    assert img.format == "PNG"
    assert img.size == size
    grey = np.asarray(img.convert("L"), dtype=float)
    assert grey.std() > 15, f"almost uniform picture (std {grey.std():.1f})"
    assert (grey < 200).mean() > 0.03, "too few drawn pixels"
    return np.asarray(img.convert("RGB"))


def svg_size_px(svg: bytes) -> tuple[float, float]:
    root = ElementTree.fromstring(svg)
    to_px = {"pt": 4 / 3, "px": 1.0}
    out = []
    for attr in ("width", "height"):
        value, unit = re.fullmatch(r"([\d.]+)(pt|px)", root.get(attr)).groups()
        out.append(float(value) * to_px[unit])
    return out[0], out[1]


def svg_texts(svg: bytes) -> list[tuple[str, str]]:
    """(text, style) of every text element: text stays text with svg.fonttype='none'."""
    root = ElementTree.fromstring(svg)
    return [("".join(el.itertext()), el.get("style", "")) for el in root.iter(f"{SVG_NS}text")]


@lru_cache(maxsize=1)
def font_cmap() -> set[int]:
    _family, path = cjk_font()
    return set(TTCollection(str(path)).fonts[0].getBestCmap())


def assert_glyphs_in_font(text: str) -> None:
    """Every character would be drawn from the CJK font, not as a missing-glyph box."""
    missing = sorted({ch for ch in text if not ch.isspace() and ord(ch) not in font_cmap()})
    assert not missing, f"characters the font cannot draw: {missing}"


def has_cjk(text: str) -> bool:
    return any("\u4e00" <= ch <= "\u9fff" for ch in text)
