"""Folium elements of our own: a whole layer drawn by one call to ``fieldmap.layer`` (fieldmap.js).

A plain Folium page writes one JS object (and one popup template) per marker; here a layer's
features travel as one compact JSON value and are drawn by a small function served once."""

from __future__ import annotations

from folium.map import Layer

from maps.chrome import RawHtml, page_root
from maps.json_text import compact_json


class FeatureLayer(Layer):
    """One overlay: ``data`` = {"k": keys, "s": styles, "f": rows}; ``config`` = popup fields, tooltip."""

    def __init__(self, name: str, title: str, data: dict, config: dict, show: bool = True) -> None:
        super().__init__(name=title, overlay=True, control=True, show=show)
        self._name = "FeatureLayer"
        self.js_name = compact_json(name)
        self.data = compact_json(data)
        self.config = compact_json(config)

    def render(self, **kwargs) -> str:  # noqa: ANN003
        # Folium would wrap this script in a Jinja template and compile it: slow for a large
        # layer, and wrong if a name contains "{{". The script is plain text, so add it as such.
        name = self.get_name()
        script = f"var {name} = fieldmap.layer({self.js_name}, {self.data}, {self.config});"
        if self.show and self._parent is not None:
            script += f"\n{name}.addTo({self._parent.get_name()});"
        page_root(self).script.add_child(RawHtml(script), name=name)
        return ""
