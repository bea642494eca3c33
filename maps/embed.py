"""The iframe code a map page offers for its embed mode (``?embed=1``)."""

from __future__ import annotations

import html
from urllib.parse import urlencode

from maps import spec as specs


def iframe_snippet(
    name: str,
    base_url: str,
    params: dict[str, str] | None = None,
    width: str = "100%",
    height: int = 600,
    lang: str = "zh",
    settings: object = None,
) -> str:
    """HTML to paste into another page; raises NotFound for an unknown map.

    ``params`` are the page's own query parameters (filters, basemap, lang); ``embed=1``
    is always set, so the embedded page shows the map without the site's chrome."""
    spec = specs.get(name)
    query = {k: v for k, v in (params or {}).items() if k != "embed" and v not in (None, "")}
    query["embed"] = "1"
    src = f"{base_url.rstrip('/')}/maps/{name}?{urlencode(query)}"
    return (
        f'<iframe src="{html.escape(src, quote=True)}" title="{html.escape(spec.title(query.get("lang", lang), settings), quote=True)}" '
        f'width="{html.escape(str(width), quote=True)}" height="{int(height)}" style="border:0" '
        f'loading="lazy" referrerpolicy="no-referrer-when-downgrade" allowfullscreen></iframe>'
    )
