"""No raw code in a Chinese export: every word read off the SVG and the PDF is a word, not a
stored code (``village_station``, ``operating``, ``approximate``, ``county`` …)."""

from __future__ import annotations

import io
import re

import pytest
from pypdf import PdfReader

import layers  # noqa: F401
from geo.store.database import get_engine
from geo.vocab import VOCABULARIES
from maps.export import ExportOptions, render_map
from maps.spec import all_maps
from tests.maps.exports_helpers import svg_texts

# Every code the vocabulary knows, plus codes of the maps themselves that are not in a vocabulary.
# (Datum names such as WGS84 are what a GIS reader expects to see, not codes.)
CODES = sorted(
    {c for name, v in VOCABULARIES.items() if name != "coordinate_frame" for c in v.codes if c not in ("true", "false")}
    | {"covered", "uncovered", "counted", "never", "osm", "amap", "tianditu", "none"}
)


def raw_codes(words: str) -> list[str]:
    return [c for c in CODES if re.search(rf"(?<![A-Za-z_]){re.escape(c)}(?![A-Za-z_])", words, re.IGNORECASE)]


@pytest.mark.parametrize("name", [s.name for s in all_maps()])
def test_no_raw_code_in_zh_svg_or_pdf(db_url: str, name: str) -> None:
    with get_engine(db_url).connect() as conn:
        svg = render_map(conn, name, ExportOptions(fmt="svg", role="supervisor")).content
        pdf = render_map(conn, name, ExportOptions(fmt="pdf", role="supervisor")).content
    svg_words = "\n".join(t for t, _s in svg_texts(svg))
    pdf_words = PdfReader(io.BytesIO(pdf)).pages[0].extract_text()
    for words in (svg_words, pdf_words):
        assert "图例" in words
        assert raw_codes(words) == [], raw_codes(words)
