"""Rendered pages and layer GeoJSON, cached until the data changes.

The key holds ``data_state.version`` (bumped by a trigger on every write), so a write makes
every older entry unreachable: nothing needs to be told to invalidate. Old entries fall out
of the LRU as new ones arrive."""

from __future__ import annotations

import gzip
import hashlib
import threading
from collections import OrderedDict
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from fastapi import Request
from fastapi.responses import Response


@dataclass
class Entry:
    body: bytes
    etag: str
    gzip_etag: str
    _gzipped: bytes | None = None  # compressed once, when a gzip client first asks: a 60 KB page travels as ~14 KB

    @property
    def gzipped(self) -> bytes:
        if self._gzipped is None:  # two threads may compress it once each: same bytes, no harm
            self._gzipped = gzip.compress(self.body, 6, mtime=0)
        return self._gzipped

    def choose(self, accept_encoding: str) -> tuple[bytes, str, bool]:
        """(body, ETag, compressed) for a client's Accept-Encoding."""
        if "gzip" in accept_encoding:
            return self.gzipped, self.gzip_etag, True
        return self.body, self.etag, False


class RenderCache:
    def __init__(self, max_entries: int = 256) -> None:
        self._items: OrderedDict[tuple, Entry] = OrderedDict()
        self._lock = threading.Lock()
        self.max_entries = max_entries
        # (raw path, raw query string, Host header, caller class) -> (data version, entry, media
        # type): read by api.fastpath. The caller class is 'anonymous' or 'role:<role>' (see
        # api.fastpath.caller_key); the host is in the key because a map page's embed code names it.
        self.hot: dict[tuple[str, bytes, bytes, str], tuple[int, Entry, bytes]] = {}

    def remember(self, request: Request, caller: str | None, version: int, entry: Entry, media_type: str) -> None:
        """Offer an answer the routes built (and let ``caller`` see) to the fast path."""
        if caller is None:
            return
        if len(self.hot) >= self.max_entries:
            self.hot = {}  # crude but bounded: whatever is asked for again is rebuilt
        self.hot[hot_key(request.scope, caller)] = (version, entry, media_type.encode())

    def get_or_build(self, key: tuple, build: Callable[[], bytes]) -> Entry:
        with self._lock:
            entry = self._items.get(key)
            if entry is not None:
                self._items.move_to_end(key)
                return entry
        body = build()  # outside the lock: two requests may build the same entry once each
        tag = hashlib.blake2b(repr(key).encode() + body, digest_size=10).hexdigest()
        entry = Entry(body, f'"{tag}"', f'"{tag}-gz"')
        with self._lock:
            self._items[key] = entry
            while len(self._items) > self.max_entries:
                self._items.popitem(last=False)
        return entry

    def clear(self) -> None:
        with self._lock:
            self._items.clear()
            self.hot = {}


def cached_response(request: Request, entry: Entry, media_type: str) -> Response:
    """200 with the body, or 304 when the client already holds this version."""
    # no-cache: a browser may keep the page but must ask (cheaply, by ETag) before reusing it.
    body, etag, compressed = entry.choose(request.headers.get("accept-encoding", ""))
    headers = {"ETag": etag, "Cache-Control": "no-cache", "Vary": "Accept-Encoding"}
    if request.headers.get("if-none-match") == etag:
        return Response(status_code=304, headers=headers)
    if compressed:
        headers["Content-Encoding"] = "gzip"
    return Response(body, media_type=media_type, headers=headers)


def hot_key(scope: Mapping[str, Any], caller: str) -> tuple[str, bytes, bytes, str]:
    host = next((v for k, v in scope["headers"] if k == b"host"), b"")
    return scope["path"], scope["query_string"], host, caller


def params_key(params: dict[str, str]) -> tuple:
    return tuple(sorted(params.items()))
