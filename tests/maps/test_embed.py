from __future__ import annotations

import pytest
from sqlalchemy import text

import layers  # noqa: F401
from geo.errors import NotFound
from geo.store.database import get_engine
from maps.embed import iframe_snippet
from maps.spec import all_maps
from tests.maps.page_data import embed_code


def test_iframe_points_at_the_embed_mode_with_the_page_filters() -> None:
    html = iframe_snippet(
        "overview", "http://127.0.0.1:8000/", {"township_code": "533103102", "lang": "en", "embed": "0"}
    )
    assert html.startswith("<iframe ") and html.endswith("</iframe>")
    assert 'src="http://127.0.0.1:8000/maps/overview?township_code=533103102&amp;lang=en&amp;embed=1"' in html
    assert 'title="Mangshi rural e-commerce sites: overview"' in html
    assert 'height="600"' in html


def test_attributes_are_escaped_and_unknown_maps_refused() -> None:
    html = iframe_snippet("overview", "http://x", {"kind": '"><script>'})
    assert "<script>" not in html
    with pytest.raises(NotFound):
        iframe_snippet("nope", "http://x")


@pytest.mark.parametrize("name", [s.name for s in all_maps()])
def test_every_map_page_offers_its_own_embed_code(client_as, name: str) -> None:
    client = client_as("supervisor" if name == "inspections" else "anonymous")  # the inspections map is supervisor-only
    html = client.get(f"/maps/{name}").text
    assert embed_code(html) == iframe_snippet(name, "http://testserver/", {})
    assert 'class="fm-embed-button"' in html and "嵌入代码" in html
    embedded = client.get(f"/maps/{name}", params={"embed": "1"}).text
    assert embed_code(embedded) is None and "fm-embed-button" not in embedded


def test_embed_code_keeps_the_page_filters_and_language_and_follows_the_host(client, db_url: str) -> None:
    with get_engine(db_url).connect() as conn:
        town = conn.execute(text("SELECT code FROM township ORDER BY code LIMIT 1")).scalar_one()
    params = {"township_code": town, "lang": "en"}
    html = client.get("/maps/overview", params=params).text
    code = embed_code(html)
    assert code == iframe_snippet("overview", "http://testserver/", params)
    assert f"township_code={town}&amp;lang=en&amp;embed=1" in code and ">Embed</button>" in html
    # Another host asking for the same page (cached by then) gets its own address in the code.
    other = client.get("/maps/overview", params=params, headers={"host": "maps.example.org"}).text
    assert embed_code(other) == iframe_snippet("overview", "http://maps.example.org/", params)
