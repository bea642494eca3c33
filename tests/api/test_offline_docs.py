"""Issue 14 finding 7: /docs and /redoc load Swagger UI / ReDoc from this site, never a CDN."""

from __future__ import annotations

import re

import pytest

SRC = re.compile(r'(?:src|href)="([^"]+)"')
DOCS_PAGES = ("/docs", "/redoc")


def _asset_urls(html: str) -> list[str]:
    return [u for u in SRC.findall(html) if not u.startswith("data:")]


@pytest.mark.parametrize("path", DOCS_PAGES)
def test_docs_page_references_only_local_urls(client, path: str) -> None:
    answer = client.get(path)
    assert answer.status_code == 200
    urls = _asset_urls(answer.text)
    assert urls, "the page names its script"
    assert [u for u in urls if not u.startswith("/")] == []
    # No absolute URL anywhere in the page (scripts can also be built from strings).
    assert re.findall(r"https?://[^\s\"'<>]+", answer.text) == []


def test_docs_assets_answer_with_js_and_css(client) -> None:
    urls = _asset_urls(client.get("/docs").text) + _asset_urls(client.get("/redoc").text)
    assert sorted(set(urls)) == [
        "/static/apidocs/redoc.standalone.js",
        "/static/apidocs/swagger-ui-bundle.js",
        "/static/apidocs/swagger-ui.css",
    ]
    for url in urls:
        answer = client.get(url)
        assert answer.status_code == 200, url
        want = "text/css" if url.endswith(".css") else "javascript"
        assert want in answer.headers["content-type"], (url, answer.headers["content-type"])
        assert len(answer.content) > 100_000, url  # the real bundle, not a stub


@pytest.mark.parametrize("path", DOCS_PAGES)
def test_docs_csp_allows_no_other_host(client, path: str) -> None:
    csp = client.get(path).headers["content-security-policy"]
    assert "jsdelivr" not in csp and "googleapis" not in csp and "gstatic" not in csp
    assert re.findall(r"https?:", csp) == [], csp
