"""The routes that take a file, and each one's limit: the file's own, checked as its bytes arrive.

``BodyLimit`` (api/middleware.py) asks ``upload_limit(scope)`` for every request: an import or a
photo over its file limit is refused with 413 once that many bytes (plus the multipart envelope)
have come in, and at once when its ``Content-Length`` says so, before the route spools anything.
The route still checks the file's exact size (the envelope's allowance is not the file's).
The limits are read from the app's settings per request (tests may replace them).
"""

from __future__ import annotations

import re
from collections.abc import Callable

from starlette.types import Scope

from geo.analysis import photos
from geo.errors import TooLarge
from geo.io import upload
from geo.store.settings import Settings

# Boundaries, part headers, the file's name: a multipart body is the file plus a few hundred bytes.
ENVELOPE_BYTES = 64 * 1024

UPLOADS: tuple[tuple[re.Pattern[str], Callable[[Settings], int], Callable[[int], TooLarge]], ...] = (
    (re.compile(r"/imports/[^/]+"), lambda s: s.max_upload_bytes, upload.too_large),
    (re.compile(r"/inspections/[^/]+/photos"), lambda s: s.photo_max_bytes, photos.too_large),
)


def upload_limit(scope: Scope) -> tuple[int, dict] | None:
    """(most bytes of the request body, the 413 answer's body) for an upload route, else None."""
    if scope.get("method") != "POST":
        return None
    settings = getattr(scope["app"].state, "settings", None) if "app" in scope else None
    if settings is None:
        return None
    for pattern, limit_of, refusal in UPLOADS:
        if pattern.fullmatch(scope["path"]):
            limit = limit_of(settings)
            error = refusal(limit)
            return limit + ENVELOPE_BYTES, {"error": error.message, **error.detail}
    return None
