"""Serve cached pages and layers before FastAPI sees the request (a plain ASGI middleware).

A hit is a dictionary lookup and a send: the data version comes from memory
(:class:`api.version_watch.VersionWatch`, pushed by LISTEN/NOTIFY), a signed-in caller's
identity from :class:`api.identity_cache.IdentityCache`. The answers were remembered by the
routes for one caller class — anonymous, or a session/api token of one role — after the access
rules let that class in, and were built for that role with ``geo.privacy`` applied once, so the
privacy filter lets them pass unparsed. Embed tokens, unknown credentials and a version not yet
known fall through to the routes."""

from __future__ import annotations

import logging

from starlette.concurrency import run_in_threadpool

from api.cache import RenderCache, hot_key
from api.identity_cache import IdentityCache
from api.security import SESSION_COOKIE, STATE_KEY
from api.version_watch import VersionWatch

log = logging.getLogger(__name__)
ANONYMOUS_KEY = "anonymous"
_COOKIE_PREFIX = SESSION_COOKIE.encode() + b"="


class FastPath:
    """ASGI middleware: answer GET /maps/* and /layers/*.geojson from memory when still current."""

    PREFIXES = ("/maps/", "/layers/")

    def __init__(self, app, cache: RenderCache, watch: VersionWatch, identities: IdentityCache) -> None:  # noqa: ANN001
        self.app, self.cache, self.watch, self.identities = app, cache, watch, identities

    async def __call__(self, scope, receive, send) -> None:  # noqa: ANN001
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        if scope["method"] not in ("GET", "HEAD"):
            try:
                return await self.app(scope, receive, send)
            finally:
                # this worker's own write: do not wait for its notification to come back
                self.identities.clear()
                await run_in_threadpool(self._refresh)
        if scope["method"] != "GET" or not scope["path"].startswith(self.PREFIXES):
            return await self.app(scope, receive, send)
        version = self.watch.version
        if version is not None:
            caller = self._caller(scope)
            if caller is not None:
                hit = self.cache.hot.get(hot_key(scope, caller[0]))
                if hit is not None and hit[0] == version:
                    holder = scope.get(STATE_KEY)
                    if isinstance(holder, dict):
                        holder["identity"], holder["scrubbed"] = caller[1], True
                    return await self._send(scope, send, hit[1], hit[2])
        return await self.app(scope, receive, send)

    def _refresh(self) -> None:
        try:
            self.watch.refresh()
        except Exception as exc:  # noqa: BLE001 - the database is away: the watch catches up later
            log.warning("version refresh after a write: %s", exc)

    def _caller(self, scope: dict):  # noqa: ANN205
        """(hot-cache class, identity) of the request, or None when only the routes can tell."""
        from geo.accounts.tokens import ANONYMOUS

        if b"token=" in scope.get("query_string", b""):
            return None  # embed tokens: their map name is checked by the routes
        raw, by_cookie = None, False
        for k, v in scope["headers"]:
            if k == b"authorization":
                if v[:7].lower() != b"bearer ":
                    return None
                raw, by_cookie = v[7:].strip().decode("latin-1"), False
                break
            if k == b"cookie" and _COOKIE_PREFIX in v:
                for part in v.split(b";"):
                    part = part.strip()
                    if part.startswith(_COOKIE_PREFIX):
                        raw, by_cookie = part[len(_COOKIE_PREFIX) :].decode("latin-1"), True
        if raw is None:
            return ANONYMOUS_KEY, ANONYMOUS
        identity = self.identities.get(raw)
        # sessions travel only as cookies, script tokens only as bearer headers (as api.security.identify)
        if identity is None or (identity.kind == "session") != by_cookie:
            return None
        return caller_key(identity), identity

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


def caller_key(identity) -> str | None:  # noqa: ANN001
    """The hot-cache class of an identity: anonymous, or 'role:<role>' for sessions and api tokens."""
    if identity.kind == "anonymous":
        return ANONYMOUS_KEY
    if identity.kind in ("session", "api") and identity.role:
        return f"role:{identity.role}"
    return None
