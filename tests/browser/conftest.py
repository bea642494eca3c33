"""A real uvicorn server over a copy of the default dataset, and the system's headless Chromium."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator

import pytest
import uvicorn

from api import access
from api.app import create_app
from geo.privacy import rank
from tests.conftest import PASSWORD, _new_database, add_user, dispose

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@pytest.fixture(scope="session")
def live_db(pg_cluster, template_url: str) -> Iterator[str]:
    dispose(template_url)
    name = _new_database(pg_cluster, "fieldmap_template")
    url = pg_cluster.url(name)
    yield url
    dispose(url)
    pg_cluster.drop_database(name)


@pytest.fixture(scope="session")
def server(live_db: str) -> Iterator[str]:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    srv = uvicorn.Server(uvicorn.Config(create_app(live_db), host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=srv.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not srv.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("uvicorn did not start")
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    srv.should_exit = True
    thread.join(timeout=10)


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield b
        b.close()


class Traffic:
    """Every request a page made, and the ones that failed."""

    def __init__(self, page) -> None:  # noqa: ANN001
        self.urls: list[str] = []
        self.failed: list[str] = []
        page.on("request", lambda r: self.urls.append(r.url))
        page.on("requestfailed", lambda r: self.failed.append(f"{r.url} {r.failure}"))
        page.on("response", lambda r: self.failed.append(f"{r.url} {r.status}") if r.status >= 400 else None)


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1600, "height": 1000}, locale="zh-CN")
    pg = context.new_page()
    pg.traffic = Traffic(pg)
    pg.console_errors = []
    pg.on("pageerror", lambda e: pg.console_errors.append(str(e)))
    yield pg
    context.close()


@pytest.fixture
def sign_in(page, server: str, live_db: str, _browser_users: set):  # noqa: ANN001, ANN201
    """``sign_in(role)``: log this page's browser context in through ``/auth/login`` (session cookie),
    as a user of that role, made once per session in the live database."""

    def do(role: str) -> None:
        if role not in _browser_users:
            add_user(live_db, f"browser-{role}", role)
            _browser_users.add(role)
        answer = page.request.post(
            f"{server}/auth/login", form={"username": f"browser-{role}", "password": PASSWORD}, max_redirects=0
        )
        assert answer.status == 303, answer.status

    return do


@pytest.fixture(scope="session")
def _browser_users() -> set:
    return set()


def role_for_map(name: str) -> str:
    """The least role ``api/access.py`` asks for to open ``/maps/{name}``."""
    return access.rule_for("GET", "/maps/{name}").required_role({"name": name})


def needs_sign_in(name: str) -> bool:
    return rank(role_for_map(name)) > rank("viewer")
