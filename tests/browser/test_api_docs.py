"""Issue 14 finding 7: Swagger UI and ReDoc render in Chromium with every other host blocked."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest


def _block_other_hosts(page, server: str) -> list[str]:  # noqa: ANN001
    host, blocked = urlsplit(server).netloc, []

    def handle(route) -> None:  # noqa: ANN001
        if urlsplit(route.request.url).netloc == host or route.request.url.startswith(("data:", "blob:")):
            route.continue_()
        else:
            blocked.append(route.request.url)
            route.abort()

    page.route("**/*", handle)
    return blocked


@pytest.mark.slow
def test_swagger_ui_renders_operations_offline(page, server: str) -> None:  # noqa: ANN001
    blocked = _block_other_hosts(page, server)
    page.goto(f"{server}/docs")
    page.wait_for_selector(".opblock", timeout=20_000)
    # Operations the API has (api/routes/health.py, api/routes/trainings.py), as Swagger UI draws them.
    health = page.locator(".opblock-get:has([data-path='/healthz'])")
    assert health.count() == 1
    assert page.locator(".opblock-post:has([data-path='/trainings'])").count() == 1
    assert page.locator(".opblock").count() > 20
    health.locator(".opblock-summary").first.click()  # expands: the UI is live, not a static dump
    page.wait_for_selector(".opblock-get.is-open", timeout=10_000)
    assert blocked == []
    assert page.console_errors == []
    assert [f for f in page.traffic.failed if "favicon" not in f] == []


@pytest.mark.slow
def test_redoc_renders_operations_offline(page, server: str) -> None:  # noqa: ANN001
    blocked = _block_other_hosts(page, server)
    page.goto(f"{server}/redoc")
    page.wait_for_selector("[data-section-id^='operation/']", timeout=30_000)
    assert page.locator("[data-section-id^='operation/']").count() > 20
    assert blocked == []
    assert page.console_errors == []
