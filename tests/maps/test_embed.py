from __future__ import annotations

import pytest

import layers  # noqa: F401
from geo.errors import NotFound
from maps.embed import iframe_snippet


def test_iframe_points_at_the_embed_mode_with_the_page_filters() -> None:
    html = iframe_snippet("overview", "http://127.0.0.1:8000/", {"township_code": "533103102", "lang": "en", "embed": "0"})
    assert html.startswith("<iframe ") and html.endswith("</iframe>")
    assert 'src="http://127.0.0.1:8000/maps/overview?township_code=533103102&amp;lang=en&amp;embed=1"' in html
    assert 'title="Mangshi rural e-commerce sites: overview"' in html
    assert 'height="600"' in html


def test_attributes_are_escaped_and_unknown_maps_refused() -> None:
    html = iframe_snippet("overview", "http://x", {"kind": '"><script>'})
    assert "<script>" not in html
    with pytest.raises(NotFound):
        iframe_snippet("nope", "http://x")
