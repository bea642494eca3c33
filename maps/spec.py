"""Which layers make up each named map. The interactive page (Folium) and the static
export (PNG/SVG/PDF) both draw a map from its spec, so they show the same thing."""

from __future__ import annotations

import inspect
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from geo.registry import Registry
from maps.i18n import choose, county_name


@dataclass(frozen=True)
class MapSpec:
    name: str
    title_zh: str
    title_en: str
    layers: tuple[str, ...]  # layer registry names, drawn bottom first
    # lang, (lang, settings or None) or (lang, settings, conn or None) -> a line under the title,
    # e.g. the rule in force or where the figures come from (read through geo analyses, no SQL here)
    subtitle_for: Callable[..., str] | None = None
    # The lowest role that may open the map at all (its layers may ask more of their own).
    min_role: str = "viewer"
    # (conn, lang) -> an HTML panel drawn on the page (e.g. a chart); built from geo analyses, no SQL here
    panel_for: Callable | None = None
    # layer name -> (decimals, simplify tolerance in degrees) for this map's page, coarser than the
    # layer's own where a busy map needs a lighter page (never finer: the layer's own is the floor)
    display: dict[str, tuple[int, float]] = field(default_factory=dict)
    # a busy map's page: lines and polygons packed as integer steps, repeated words written once
    # (maps/page.py pack_geometry, share_strings)
    packed: bool = False

    def title(self, lang: str, settings: Any = None) -> str:  # noqa: ANN401 - geo.store.settings.Settings
        """The title in ``lang``, naming the county the settings carry (the default county without)."""
        return choose(self.title_zh, self.title_en, lang).format(county=county_name(lang, settings))

    def precision(self, layer: Any) -> tuple[int, float]:  # noqa: ANN401 - layers.base.Layer
        """(decimals, simplify tolerance) of ``layer`` on this map's page."""
        own = (layer.precision, layer.simplify)
        if layer.name not in self.display:
            return own
        decimals, tolerance = self.display[layer.name]
        return min(own[0], decimals), max(own[1], tolerance)

    def subtitle(self, lang: str, settings: Any = None, conn: Any = None) -> str:  # noqa: ANN401 - Settings, Connection
        if self.subtitle_for is None:
            return ""
        # a subtitle that depends on settings takes them as its second argument, one that depends
        # on the data a connection as its third; others take lang only
        takes = len(inspect.signature(self.subtitle_for).parameters)
        if takes > 2:
            return self.subtitle_for(lang, settings, conn)
        return self.subtitle_for(lang, settings) if takes > 1 else self.subtitle_for(lang)


MAPS: Registry[MapSpec] = Registry("地图", "map")
register = MAPS.register
get = MAPS.get
all_maps = MAPS.all
