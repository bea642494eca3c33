"""ASGI middlewares: request size limit (413) and the privacy filter on JSON answers."""

from __future__ import annotations

import gzip
import json
from collections.abc import Callable

from fastapi.routing import iter_route_contexts
from starlette.routing import Match, Mount
from starlette.staticfiles import StaticFiles
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from api.errors import HTTP_MESSAGES
from api.security import STATE_KEY
from geo.privacy import might_need_scrub, scrub
from geo.sizes import readable_size

JSON_TYPES = ("application/json", "application/geo+json")
# Set by a route (never by a client: it is a response header) whose SQL chose the columns the
# caller's role may see and whose rows no row rule can drop (geo.privacy.rows_may_be_hidden).
PREFILTERED = b"x-fieldmap-prefiltered"


class _TooLarge(Exception):
    pass


async def _send_json(send: Send, status: int, body: dict, headers: tuple[tuple[bytes, bytes], ...] = ()) -> None:
    data = json.dumps(body, ensure_ascii=False).encode("utf-8")
    await send(
        {
            "type": "http.response.start",
            "status": status,
            "headers": [
                (b"content-type", b"application/json"),
                (b"content-length", str(len(data)).encode()),
                *headers,
            ],
        }
    )
    await send({"type": "http.response.body", "body": data})


def request_too_large(max_bytes: int) -> dict:
    limit = readable_size(max_bytes)
    return {"error": f"请求过大，上限 {limit} / The request is too large; the limit is {limit}."}


class BodyLimit:
    """Refuse request bodies over their limit with 413 as the bytes arrive, whether declared or streamed.

    Every request has ``max_bytes``; an upload route may have a smaller limit of its own
    (``uploads(scope)`` gives it and the answer's body, api/upload_limits.py), so a file over
    its limit is refused after that many bytes instead of being spooled whole first. A declared
    ``Content-Length`` over the limit is refused before a byte of the body is read, and so is an
    upload that ``login_first(scope)`` answers with a 401 body (no credentials, an account needed).
    """

    def __init__(
        self,
        app: ASGIApp,
        max_bytes: int,
        uploads: Callable[[Scope], tuple[int, dict] | None] | None = None,
        login_first: Callable[[Scope], dict | None] | None = None,
    ) -> None:
        self.app, self.max_bytes, self.uploads, self.login_first = app, max_bytes, uploads, login_first

    def _limit(self, scope: Scope) -> tuple[int, dict]:
        own = self.uploads(scope) if self.uploads is not None else None
        if own is not None and own[0] < self.max_bytes:
            return own
        return self.max_bytes, request_too_large(self.max_bytes)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        unsigned = self.login_first(scope) if self.login_first is not None else None
        if unsigned is not None:
            await _send_json(send, 401, unsigned, headers=((b"www-authenticate", b"Bearer"),))
            return
        max_bytes, refusal = self._limit(scope)
        declared = dict(scope["headers"]).get(b"content-length")
        if declared is not None and (not declared.isdigit() or int(declared) > max_bytes):
            await _send_json(send, 413, refusal)
            return
        seen = 0
        started = replaced = exceeded = False

        async def counting_receive() -> Message:
            nonlocal seen, exceeded
            if exceeded:  # a framework asking again after the refusal reads nothing more
                raise _TooLarge
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > max_bytes:
                    exceeded = True
                    raise _TooLarge
            return message

        async def guarded_send(message: Message) -> None:
            # Frameworks may turn the read error into their own 400; answer 413 instead.
            nonlocal started, replaced
            if exceeded and not started:
                if not replaced and message["type"] == "http.response.start":
                    replaced = True
                    await _send_json(send, 413, refusal)
                return
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, counting_receive, guarded_send)
        except _TooLarge:
            if not started and not replaced:
                await _send_json(send, 413, refusal)


class PrivacyFilter:
    """Strip fields and rows the caller's role may not see from every JSON/GeoJSON answer.

    The rules live in ``geo.privacy``; the identity is the one ``api.security.enforce``
    found. With no identity (e.g. an unknown path) the strictest role, viewer, applies.
    A response carrying the ``PREFILTERED`` header passes through unbuffered (the header is removed).
    ``exempt`` paths answer documents about the API, not records: the OpenAPI schema names
    fields such as ``inspector`` and must reach every client whole.
    """

    def __init__(self, app: ASGIApp, exempt: tuple[str, ...] = ()) -> None:
        self.app, self.exempt = app, frozenset(exempt)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope.get("path") in self.exempt:
            await self.app(scope, receive, send)
            return
        holder: dict = {}
        scope[STATE_KEY] = holder
        start: Message | None = None
        chunks: list[bytes] = []

        async def filtering_send(message: Message) -> None:
            nonlocal start
            if message["type"] == "http.response.start":
                headers = dict(message.get("headers", []))
                if PREFILTERED in headers:
                    # a streamed answer whose SQL already left out what this role may not see
                    await send({**message, "headers": [(k, v) for k, v in message["headers"] if k != PREFILTERED]})
                    return
                ctype = headers.get(b"content-type", b"").decode("latin-1")
                # "scrubbed": the body was built for this role with geo.privacy applied (layers)
                if (
                    any(ctype.startswith(t) for t in JSON_TYPES)
                    and self._role(holder) != "admin"
                    and not holder.get("scrubbed")
                ):
                    start = message  # hold it until the body is complete
                    return
                await send(message)
            elif message["type"] == "http.response.body" and start is not None:
                chunks.append(message.get("body", b""))
                if message.get("more_body"):
                    return
                raw = b"".join(chunks)
                start_headers = dict(start.get("headers", []))
                packed = start_headers.get(b"content-encoding", b"").lower() == b"gzip"
                if packed and raw:  # cached layers go out gzip-compressed: filter what is inside
                    raw = gzip.decompress(raw)
                body = self._filtered(raw, self._role(holder))
                drop = {b"content-length"}
                if packed:
                    drop.add(b"content-encoding")
                if body != raw:
                    drop.add(b"etag")  # the filtered body is not the cached entity the tag names
                kept = [(k, v) for k, v in start.get("headers", []) if k not in drop]
                kept.append((b"content-length", str(len(body)).encode()))
                await send({**start, "headers": kept})
                await send({"type": "http.response.body", "body": body})
            else:
                await send(message)

        await self.app(scope, receive, filtering_send)

    @staticmethod
    def _role(holder: dict) -> str:
        identity = holder.get("identity")
        role = getattr(identity, "role", None)
        return role or "viewer"

    @staticmethod
    def _filtered(body: bytes, role: str) -> bytes:
        try:
            text = body.decode("utf-8")
        except UnicodeDecodeError:
            return body
        if not might_need_scrub(text, role):
            return body
        try:
            value = json.loads(text)
        except ValueError:
            return body
        return json.dumps(scrub(value, role), ensure_ascii=False, separators=(",", ":")).encode("utf-8")


# Pages run Folium's inline scripts and draw tiles from the chosen tile servers; nothing else
# leaves the site. The API docs load Swagger UI / ReDoc from /static/apidocs (api/docs.py);
# ReDoc runs its schema rendering in a blob: worker.
CSP = (
    "default-src 'self'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data: blob: https: http:; font-src 'self' data:; connect-src 'self'; "
    "object-src 'none'; base-uri 'self'; form-action 'self'"
)
DOCS_CSP = (
    CSP.replace("img-src 'self' data: blob: https: http:", "img-src 'self' data: blob:") + "; worker-src 'self' blob:"
)
DOCS_PATHS = ("/docs", "/redoc", "/docs/oauth2-redirect")


def _embeddable(scope: Scope) -> bool:
    """An embed page (``/maps/<name>?embed=1``) may be framed by any site; nothing else may."""
    if not scope["path"].startswith("/maps/"):
        return False
    query = scope.get("query_string", b"").decode("latin-1")
    return any(part in ("embed=1", "embed=true") or part.startswith("token=") for part in query.split("&"))


class SecurityHeaders:
    """nosniff, a referrer policy, a CSP and framing rules on every answer (finding 8)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        embed = _embeddable(scope)
        csp = DOCS_CSP if scope["path"] in DOCS_PATHS else CSP
        extra = [
            (b"x-content-type-options", b"nosniff"),
            # Embed URLs carry a token: other sites get the origin only, never the path and query.
            (b"referrer-policy", b"strict-origin-when-cross-origin"),
            (
                b"content-security-policy",
                (csp + ("; frame-ancestors *" if embed else "; frame-ancestors 'none'")).encode(),
            ),
        ]
        if not embed:
            extra.append((b"x-frame-options", b"DENY"))
        names = {k for k, _ in extra}

        async def with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                kept = [(k, v) for k, v in message.get("headers", []) if k.lower() not in names]
                message = {**message, "headers": kept + extra}
            await send(message)

        await self.app(scope, receive, with_headers)


class MethodCheck:
    """405 for a method the path does not have, with ``Allow`` naming every method it has.

    Starlette answers 405 from the first route whose path matched, so ``Allow`` named that one
    route's methods (``DELETE /users`` said ``GET`` although ``POST /users`` exists). Here all
    routes of the path are asked, before routing, dependencies and the access check run.
    """

    def __init__(self, app: ASGIApp, routes: list) -> None:
        self.app, self.routes = app, routes
        self.contexts: list | None = None

    def _allowed(self, scope: Scope) -> set[str] | None:
        """None when some route takes this method (or no route has the path: 404 then)."""
        allowed: set[str] = set()
        if self.contexts is None:  # routes are all added once the app serves
            self.contexts = list(iter_route_contexts(self.routes))
        for rc in self.contexts:
            route = rc.original_route
            match, _ = route.matches(scope) if isinstance(route, Mount) else rc.matches(scope)
            if match == Match.FULL:
                if isinstance(route, Mount):
                    # Static files answer GET and HEAD only; a mount of another app decides itself.
                    if not isinstance(route.app, StaticFiles) or scope["method"] in ("GET", "HEAD"):
                        return None
                    allowed |= {"GET", "HEAD"}
                    continue
                return None
            if match == Match.PARTIAL:
                allowed |= set(rc.methods or ())
        return allowed or None

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        allowed = self._allowed(scope)
        if allowed is None:
            await self.app(scope, receive, send)
            return
        data = json.dumps({"error": HTTP_MESSAGES[405]}, ensure_ascii=False).encode("utf-8")
        await send(
            {
                "type": "http.response.start",
                "status": 405,
                "headers": [
                    (b"content-type", b"application/json"),
                    (b"content-length", str(len(data)).encode()),
                    (b"allow", ", ".join(sorted(allowed)).encode()),
                ],
            }
        )
        await send({"type": "http.response.body", "body": data})
