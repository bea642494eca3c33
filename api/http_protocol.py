"""uvicorn's HTTP protocol (httptools) answering unreadable requests in the service's error shape.

A request uvicorn cannot parse (an address of ~80 KB or more, a broken header line) never
reaches the app: uvicorn itself answered ``400 Invalid HTTP request received.`` as plain text.
Here that answer is the JSON error every other refusal has, in Chinese and English (issue 14,
finding 10). httptools also takes header lines of any length (a 5 MB header was read whole):
a request whose address and headers pass ``MAX_HEAD_BYTES`` gets the same 400.
``fieldmap serve`` runs uvicorn with ``http=PROTOCOL``.
"""

from __future__ import annotations

import json
from typing import Any

from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol

PROTOCOL = "api.http_protocol:JsonErrorsProtocol"  # uvicorn's ``http=`` setting (an import string)
UNREADABLE = (
    "请求无法解析：地址或请求头过长，或格式不对 / "
    "The request could not be read: its address or headers are too long, or malformed."
)
MAX_HEAD_BYTES = 64 * 1024  # request line and headers; browsers send a few KB (cookies included)


class JsonErrorsProtocol(HttpToolsProtocol):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._head_bytes = 0  # bytes received since the request began, until its headers are complete
        self._in_head = True

    def on_message_begin(self) -> None:
        super().on_message_begin()
        self._head_bytes, self._in_head = 0, True

    def on_headers_complete(self) -> None:
        self._in_head = False
        super().on_headers_complete()

    def data_received(self, data: bytes) -> None:
        super().data_received(data)
        if self._in_head and not self.transport.is_closing():
            self._head_bytes += len(data)
            if self._head_bytes > MAX_HEAD_BYTES:
                self.send_400_response("request head too large")

    def send_400_response(self, msg: str) -> None:
        body = json.dumps({"error": UNREADABLE}, ensure_ascii=False).encode("utf-8")
        head = [b"HTTP/1.1 400 Bad Request\r\n"]
        for name, value in self.server_state.default_headers:
            head += [name, b": ", value, b"\r\n"]
        head += [
            b"content-type: application/json\r\n",
            b"x-content-type-options: nosniff\r\n",
            b"content-length: " + str(len(body)).encode("ascii") + b"\r\n",
            b"connection: close\r\n\r\n",
        ]
        self.transport.write(b"".join(head) + body)
        self.transport.close()
