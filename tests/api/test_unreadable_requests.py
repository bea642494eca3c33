"""Finding 10: a very long URL (or header) gets the JSON error shape, not uvicorn's plain text.

Such a request never reaches the app: uvicorn answers it while parsing. A real uvicorn server
on a free port, run as ``fieldmap serve`` runs it (``http=api.http_protocol.PROTOCOL``), and
raw sockets (HTTP clients refuse to send URLs this long)."""

from __future__ import annotations

import json
import socket
import threading
import time
from collections.abc import Iterator

import pytest
import uvicorn

from api.app import create_app
from api.http_protocol import PROTOCOL
from tests.conftest import _free_port


@pytest.fixture
def server(db_url: str) -> Iterator[int]:
    port = _free_port()
    srv = uvicorn.Server(
        uvicorn.Config(create_app(db_url), host="127.0.0.1", port=port, log_level="critical", http=PROTOCOL)
    )
    thread = threading.Thread(target=srv.run, daemon=True)
    thread.start()
    while not srv.started:
        time.sleep(0.05)
    yield port
    srv.should_exit = True
    thread.join(10)


def _raw(port: int, request: bytes) -> tuple[int, dict[str, str], bytes]:
    with socket.create_connection(("127.0.0.1", port), timeout=30) as conn:
        try:
            conn.sendall(request)
        except OSError:
            pass  # the server may answer and close before the whole request is sent
        data = b""
        try:
            while chunk := conn.recv(65536):
                data += chunk
        except ConnectionResetError:
            pass
    head, _, body = data.partition(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    headers = dict(line.split(": ", 1) for line in lines[1:] if ": " in line)
    return int(lines[0].split()[1]), {k.lower(): v for k, v in headers.items()}, body


@pytest.mark.parametrize(
    "request_bytes",
    [
        b"GET /maps/overview?township=" + b"5" * 200_000 + b" HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
        b"GET /" + b"a" * 200_000 + b" HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
        b"GET /healthz HTTP/1.1\r\nHost: x\r\nX-Long: " + b"b" * 200_000 + b"\r\nConnection: close\r\n\r\n",
    ],
    ids=["long query", "long path", "long header"],
)
def test_an_unreadable_request_gets_the_json_error_shape(server: int, request_bytes: bytes) -> None:
    status, headers, body = _raw(server, request_bytes)
    assert status == 400
    assert headers["content-type"] == "application/json"
    error = json.loads(body)["error"]
    assert error == (
        "请求无法解析：地址或请求头过长，或格式不对 / "
        "The request could not be read: its address or headers are too long, or malformed."
    )


def test_an_ordinary_request_is_unchanged(server: int) -> None:
    status, headers, body = _raw(server, b"GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
    assert status == 200 and json.loads(body)["status"] == "ok"
    assert headers["x-content-type-options"] == "nosniff"  # the app's own headers, as always


def test_a_large_body_is_not_taken_for_a_large_head(server: int) -> None:
    body = b'{"username": "x", "password": "' + b"p" * 300_000 + b'"}'
    status, _, answer = _raw(
        server,
        b"POST /auth/login HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
        b"Content-Length: " + str(len(body)).encode() + b"\r\nConnection: close\r\n\r\n" + body,
    )
    assert status == 422, answer[:300]  # the app read it: the password is longer than allowed
    assert "请求无法解析" not in answer.decode("utf-8")
