"""JSON written into a page: compact, UTF-8, and unable to close a <script> element."""

from __future__ import annotations

import json


def compact_json(value: object) -> str:
    # No spaces, and Chinese kept as UTF-8 (3 bytes) rather than \\uXXXX escapes (6 bytes).
    # "</" is escaped so a value can never close the page's <script> element.
    return json.dumps(value, ensure_ascii=False, separators=(",", ":")).replace("</", "<\\/")
