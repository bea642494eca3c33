"""The mobile form in a real headless Chromium: phone position, record saved, photo uploaded."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator

import pytest
import uvicorn
from sqlalchemy import text

from geo.store.database import get_engine
from geo.store.settings import Settings
from tests.api.test_inspections import _png

pytestmark = pytest.mark.slow  # a real Chromium / a cluster of its own

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@pytest.fixture
def live_server(db_url: str, tmp_path) -> Iterator[str]:  # noqa: ANN001
    from api.app import create_app

    app = create_app(db_url)
    app.state.settings = Settings(upload_dir=tmp_path / "uploads")
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started and time.monotonic() < deadline:
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(timeout=10)


def _session(url: str) -> str:
    """A supervisor's session cookie: the form is for supervisors (api/access.py)."""
    from geo.accounts import tokens
    from tests.conftest import add_user

    add_user(url, "field1", "supervisor")
    with get_engine(url).begin() as conn:
        user_id = conn.execute(text("SELECT id FROM app_user WHERE username = 'field1'")).scalar_one()
        return tokens.issue(conn, user_id, "session", actor="test")


def test_form_records_the_phone_position_and_a_photo(live_server: str, db_url: str, tmp_path) -> None:  # noqa: ANN001
    playwright = pytest.importorskip("playwright.sync_api")
    with get_engine(db_url).connect() as conn:
        site_id, lon, lat = conn.execute(
            text(
                "SELECT id, ST_X(location), ST_Y(location) FROM site WHERE kind = 'village_station' ORDER BY id LIMIT 1"
            )
        ).one()
    photo = tmp_path / "门口.png"
    photo.write_bytes(_png())
    # In its own thread: another module's session-wide browser (tests/browser) may hold the main
    # thread's event loop when pytest-xdist puts both on one worker, and the sync API refuses that.
    result: dict = {}

    def drive() -> None:
        try:
            with playwright.sync_playwright() as p:
                browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
                context = browser.new_context(
                    geolocation={"longitude": lon, "latitude": lat + 0.0001},
                    permissions=["geolocation"],
                    viewport={"width": 390, "height": 844},
                )
                context.add_cookies([{"name": "fieldmap_session", "value": _session(db_url), "url": live_server}])
                page = context.new_page()
                page.goto(f"{live_server}/inspections/new")  # no site given: the phone position picks the nearest
                assert page.locator("h1").inner_text() == "督查记录（明察暗访）"
                page.click("#locate")
                page.locator("#pos:not(:empty)").wait_for()  # locators, not eval: the CSP forbids eval
                assert page.locator("select[name=site_id]").input_value() == str(site_id)
                page.check("input[value=unannounced]")
                page.fill("input[name=inspector]", "督查三组")
                page.select_option("select[name=outcome]", "needs_rectification")
                page.check("input[name=idle_assets]")
                page.fill("textarea[name=findings]", "冷库闲置")
                page.set_input_files("#photos", str(photo))
                page.click("button[type=submit]")
                page.locator("#result", has_text="已保存").wait_for()
                message = page.locator("#result").inner_text()
                browser.close()
            result["message"] = message
        except BaseException as exc:  # noqa: BLE001 - re-raised in the test's thread
            result["error"] = exc

    worker = threading.Thread(target=drive)
    worker.start()
    worker.join()
    if "error" in result:
        raise result["error"]
    message = result["message"]
    assert "距站点 11 米" in message
    with get_engine(db_url).connect() as conn:
        rec = conn.execute(
            text(
                "SELECT i.mode, i.inspector, i.outcome, i.idle_assets, i.findings, i.gps_distance_m, "
                "(SELECT count(*) FROM inspection_photo p WHERE p.inspection_id = i.id) AS photos "
                "FROM inspection i WHERE i.source = 'field' AND i.site_id = :s"
            ),
            {"s": site_id},
        ).one()
    assert (rec.mode, rec.inspector, rec.outcome, rec.idle_assets, rec.findings) == (
        "unannounced",
        "督查三组",
        "needs_rectification",
        True,
        "冷库闲置",
    )
    assert rec.gps_distance_m == pytest.approx(11.1, abs=0.5) and rec.photos == 1
