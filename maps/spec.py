"""Which layers make up each named map. The interactive page (Folium) and the static
export (PNG/SVG/PDF) both draw a map from its spec, so they show the same thing."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from geo.errors import NotFound


@dataclass(frozen=True)
class MapSpec:
    name: str
    title_zh: str
    title_en: str
    layers: tuple[str, ...]  # layer registry names, drawn bottom first
    subtitle_for: Callable[[str], str] | None = None  # lang -> a line under the title, e.g. the rule in force

    def title(self, lang: str) -> str:
        return self.title_zh if lang == "zh" else self.title_en

    def subtitle(self, lang: str) -> str:
        return self.subtitle_for(lang) if self.subtitle_for else ""


_MAPS: dict[str, MapSpec] = {}


def register(spec: MapSpec) -> MapSpec:
    if spec.name in _MAPS:
        raise ValueError(f"map {spec.name!r} is already registered")
    _MAPS[spec.name] = spec
    return spec


def get(name: str) -> MapSpec:
    try:
        return _MAPS[name]
    except KeyError:
        raise NotFound(
            f"没有名为“{name}”的地图。可用地图：{', '.join(_MAPS)}\nNo map named '{name}'. Maps: {', '.join(_MAPS)}",
            detail={"valid": list(_MAPS)},
        ) from None


def all_maps() -> list[MapSpec]:
    return list(_MAPS.values())


register(MapSpec("overview", "芒市农村电商站点总览", "Mangshi rural e-commerce sites: overview",
                 ("townships", "county", "roads", "seats", "specialty_villages", "villages", "sites")))
