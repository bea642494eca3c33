"""The routes that take a file, and each one's limit: the file's own, checked as its bytes arrive.

``BodyLimit`` (api/middleware.py) asks ``upload_limit(scope)`` for every request: an import or a
photo over its file limit is refused with 413 once that many bytes (plus the multipart envelope)
have come in, and at once when its ``Content-Length`` says so, before the route spools anything.
The route still checks the file's exact size (the envelope's allowance is not the file's).
The limits are read from the app's settings per request (tests may replace them).

An upload from a caller who brings no credentials at all (no ``Authorization: Bearer``, no session
cookie, no ``?token=``) to a route whose rule in api/access.py needs an account is answered with the
ordinary 401 (api/security.py) before a byte of its body is read (``login_first``).
"""

from __future__ import annotations

import re
from collections.abc import Callable

from starlette.requests import Request
from starlette.types import Scope

from api import access, security
from geo.analysis import photos
from geo.errors import TooLarge
from geo.io import upload
from geo.store.settings import Settings

# Boundaries, part headers, the file's name: a multipart body is the file plus a few hundred bytes.
ENVELOPE_BYTES = 64 * 1024

# (route template in api/access.py, the file limit, the 413 answer)
UPLOAD_ROUTES: tuple[tuple[str, Callable[[Settings], int], Callable[[int], TooLarge]], ...] = (
    ("/imports/{table}", lambda s: s.max_upload_bytes, upload.too_large),
    ("/inspections/{inspection_id}/photos", lambda s: s.photo_max_bytes, photos.too_large),
)


def _path_pattern(template: str) -> re.Pattern[str]:
    """The paths a route template matches: each ``{name}`` one path segment."""
    return re.compile(re.sub(r"\\\{[^/}]+\\\}", "[^/]+", re.escape(template)))


UPLOADS = tuple((template, _path_pattern(template), limit, refusal) for template, limit, refusal in UPLOAD_ROUTES)


def _upload_route(scope: Scope) -> tuple[Settings, str, Callable[[Settings], int], Callable[[int], TooLarge]] | None:
    if scope.get("method") != "POST":
        return None
    settings = getattr(scope["app"].state, "settings", None) if "app" in scope else None
    if settings is None:
        return None
    for template, pattern, limit_of, refusal in UPLOADS:
        if pattern.fullmatch(scope["path"]):
            return settings, template, limit_of, refusal
    return None


def upload_limit(scope: Scope) -> tuple[int, dict] | None:
    """(most bytes of the request body, the 413 answer's body) for an upload route, else None."""
    route = _upload_route(scope)
    if route is None:
        return None
    settings, _template, limit_of, refusal = route
    limit = limit_of(settings)
    error = refusal(limit)
    return limit + ENVELOPE_BYTES, {"error": error.message, **error.detail}


def login_first(scope: Scope) -> dict | None:
    """The 401 answer's body for an upload without any credentials to a route that needs an
    account, else None (the request goes on; a credential that turns out invalid is refused later)."""
    route = _upload_route(scope)
    if route is None:
        return None
    rule = access.rule_for("POST", route[1])
    request = Request(scope)
    if rule is None or any(security.credentials(request)):
        return None
    if not security.anonymous_needs_login(request, rule.role):
        return None
    return {"error": security.PLEASE_LOG_IN, "login": security.login_url(request)}
