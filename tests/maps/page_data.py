"""Read back the layers a map page embeds (``fieldmap.layer(name, data, config)`` calls)."""

from __future__ import annotations

import json
import re
from html import unescape

CALL = re.compile(r"fieldmap\.layer\(")


def embedded_layers(html: str) -> dict[str, tuple[dict, dict]]:
    """layer name -> (data, config) for every layer drawn by the page."""
    decoder = json.JSONDecoder()
    out = {}
    for m in CALL.finditer(html):
        pos = m.end()
        name, pos = decoder.raw_decode(html, pos)
        pos = html.index(",", pos) + 1
        data, pos = decoder.raw_decode(html, pos + len(html[pos:]) - len(html[pos:].lstrip()))
        pos = html.index(",", pos) + 1
        config, pos = decoder.raw_decode(html, pos + len(html[pos:]) - len(html[pos:].lstrip()))
        out[name] = (data, config)
    return out


def rows_as_properties(data: dict) -> list[dict]:
    """Each row's values by key; shared words (``d``, maps/page.py share_strings) read back."""
    words = {int(i): table for i, table in data.get("d", {}).items()}

    def value(i: int, v: object) -> object:
        return words[i][v] if i in words and v is not None else v

    return [{k: value(i, v) for i, (k, v) in enumerate(zip(data["k"], values))} for _geom, _style, values in data["f"]]


EMBED_CODE = re.compile(r'<textarea id="fm-embed-code"[^>]*>([^<]*)</textarea>')


def embed_code(html: str) -> str | None:
    """The iframe code the page offers (HTML-unescaped), or None."""
    m = EMBED_CODE.search(html)
    return None if m is None else unescape(m.group(1))


def without_embed_code(html: str) -> str:
    """The page minus its embed-code box: that box names the service's own address, loads nothing."""
    return EMBED_CODE.sub("", html)
