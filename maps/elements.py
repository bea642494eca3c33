"""Folium elements of our own: a whole layer drawn by one call to ``fieldmap.layer`` (fieldmap.js).

A plain Folium page writes one JS object (and one popup template) per marker; here a layer's
features travel as one compact JSON value and are drawn by a small function served once."""

from __future__ import annotations

import json

from folium.map import Layer
from jinja2 import Template


def compact_json(value: object) -> str:
    # No spaces, and Chinese kept as UTF-8 (3 bytes) rather than \\uXXXX escapes (6 bytes).
    # "</" is escaped so a value can never close the page's <script> element.
    return json.dumps(value, ensure_ascii=False, separators=(",", ":")).replace("</", "<\\/")


class FeatureLayer(Layer):
    """One overlay: ``data`` = {"k": keys, "s": styles, "f": rows}; ``config`` = popup fields, tooltip."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
            var {{ this.get_name() }} = fieldmap.layer({{ this.js_name }}, {{ this.data }}, {{ this.config }});
        {% endmacro %}
        """
    )

    def __init__(self, name: str, title: str, data: dict, config: dict, show: bool = True) -> None:
        super().__init__(name=title, overlay=True, control=True, show=show)
        self._name = "FeatureLayer"
        self.js_name = compact_json(name)
        self.data = compact_json(data)
        self.config = compact_json(config)
