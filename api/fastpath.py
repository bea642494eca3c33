"""Serve cached pages and layers before FastAPI sees the request (a plain ASGI middleware).

Only for requests that bring no credentials (no bearer header, no session cookie, no token):
their answers were remembered by the routes after the access rules let an anonymous visitor in,
and the privacy filter, which wraps this middleware, still strips what a viewer may not see.

A cached body is valid while ``data_state.version`` is unchanged. Reading the version costs a
database round trip, so concurrent requests share reads: a request waits for a read that
*started after it arrived*, which sees every write committed before it, and one read answers
every request that queued behind it. Misses fall through to the routes, which build the page
and ``remember`` it here under the raw path, query string and host."""

from __future__ import annotations

import asyncio

import psycopg2
import psycopg2.extensions
from sqlalchemy.engine import make_url

from api.cache import RenderCache, hot_key
from api.security import SESSION_COOKIE


class VersionWatch:
    """The current data version, read over one non-blocking connection on the event loop."""

    def __init__(self, database_url: str) -> None:
        self._url = database_url
        self._conn = None
        self._pending: asyncio.Future | None = None  # the next read, not started yet
        self._running = False

    async def current(self) -> int:
        future = self._pending
        if future is None:
            future = self._pending = asyncio.get_running_loop().create_future()
            if not self._running:
                self._start()
        return await asyncio.shield(future)

    def _start(self) -> None:
        future, self._pending, self._running = self._pending, None, True
        task = asyncio.ensure_future(self._read())

        def done(t: asyncio.Task) -> None:
            self._running = False
            if t.exception() is not None:
                future.set_exception(t.exception())
            else:
                future.set_result(t.result())
            if self._pending is not None:
                self._start()

        task.add_done_callback(done)

    async def _read(self) -> int:
        try:
            if self._conn is None:
                u = make_url(self._url)
                conn = psycopg2.connect(
                    host=u.host, port=u.port, user=u.username, password=u.password, dbname=u.database,
                    connect_timeout=5, application_name="fieldmap-version", async_=1,
                )
                await _ready(conn)
                self._conn = conn
            cur = self._conn.cursor()
            cur.execute("SELECT version FROM data_state WHERE id = 1")
            await _ready(self._conn)
            return int(cur.fetchone()[0])
        except Exception:
            if self._conn is not None:
                self._conn.close()
            self._conn = None
            raise


async def _ready(conn) -> None:  # noqa: ANN001
    """Wait, without blocking the loop, until an async psycopg2 connection has finished its work."""
    loop = asyncio.get_running_loop()
    while True:
        state = conn.poll()
        if state == psycopg2.extensions.POLL_OK:
            return
        waiter = loop.create_future()
        fd = conn.fileno()
        watch, unwatch = (loop.add_reader, loop.remove_reader) if state == psycopg2.extensions.POLL_READ \
            else (loop.add_writer, loop.remove_writer)
        watch(fd, lambda: waiter.done() or waiter.set_result(None))
        # a database that stops answering must not hang every cached request
        timer = loop.call_later(5, lambda: waiter.done() or waiter.set_exception(TimeoutError("database")))
        try:
            await waiter
        finally:
            unwatch(fd)
            timer.cancel()


class FastPath:
    """ASGI middleware: answer GET /maps/* and /layers/*.geojson from memory when still current."""

    PREFIXES = ("/maps/", "/layers/")

    def __init__(self, app, database_url: str, cache: RenderCache) -> None:  # noqa: ANN001
        self.app = app
        self.watch = VersionWatch(database_url)
        self.cache = cache

    async def __call__(self, scope, receive, send) -> None:  # noqa: ANN001
        if (scope["type"] != "http" or scope["method"] != "GET" or not scope["path"].startswith(self.PREFIXES)
                or _has_credentials(scope)):
            return await self.app(scope, receive, send)
        hit = self.cache.hot.get(hot_key(scope))
        if hit is not None:
            try:
                version = await self.watch.current()
            except Exception:  # database trouble: let the routes answer (503 with a message)
                version = None
            if version == hit[0]:
                return await self._send(scope, send, hit[1], hit[2])
        return await self.app(scope, receive, send)

    @staticmethod
    async def _send(scope, send, entry, media_type: bytes) -> None:  # noqa: ANN001
        accept, match = "", None
        for k, v in scope["headers"]:
            if k == b"accept-encoding":
                accept = v.decode("latin-1")
            elif k == b"if-none-match":
                match = v
        body, etag, compressed = entry.choose(accept)
        headers = [(b"etag", etag.encode()), (b"cache-control", b"no-cache"), (b"vary", b"Accept-Encoding")]
        if match == etag.encode():
            await send({"type": "http.response.start", "status": 304, "headers": headers})
            await send({"type": "http.response.body", "body": b""})
            return
        if compressed:
            headers.append((b"content-encoding", b"gzip"))
        headers += [(b"content-type", media_type), (b"content-length", str(len(body)).encode())]
        await send({"type": "http.response.start", "status": 200, "headers": headers})
        await send({"type": "http.response.body", "body": body})


def _has_credentials(scope: dict) -> bool:
    """Signed-in and token requests always go through the routes and their access checks."""
    if b"token=" in scope.get("query_string", b""):
        return True
    for k, v in scope["headers"]:
        if k == b"authorization" or (k == b"cookie" and SESSION_COOKIE.encode() in v):
            return True
    return False
