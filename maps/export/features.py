"""The features of a map's layers, asked of the layers themselves and projected to metres.

Geometry is drawn in EPSG:32647 (``geo.io.crs.METRIC``) so that the scale bar is true
in kilometres. Filters go only to the layers that declare them, as on the page.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
import shapely
from pyproj import Transformer
from shapely.geometry.base import BaseGeometry
from sqlalchemy import Connection

from geo.errors import InvalidInput
from geo.io.crs import METRIC, WGS84
from layers import registry
from layers.base import Layer
from maps.spec import MapSpec

# The default base: drawn under every map that does not list them itself.
BASE_LAYERS = ("townships", "county")
# Context on every export, over the last area layer and under everything else: roads, seats.
CONTEXT_LAYERS = ("roads", "seats")
SIMPLIFY_DEG = 0.00005  # ~5 m: invisible at slide scale, keeps SVG/PDF small


@dataclass(frozen=True)
class DrawnLayer:
    layer: Layer
    geoms: list[BaseGeometry]  # EPSG:32647
    props: list[dict]
    filtered: bool  # a caller's filter was applied to this layer


def layers_of(spec: MapSpec) -> list[Layer]:
    """The layers drawn for ``spec``, bottom first, the vector base added when missing."""
    names = [n for n in BASE_LAYERS if n not in spec.layers] + list(spec.layers)
    areas = [i for i, n in enumerate(names) if "Polygon" in registry.get(n).geometry_type]
    at = areas[-1] + 1 if areas else 0
    names[at:at] = [n for n in CONTEXT_LAYERS if n not in names]
    return [registry.get(n) for n in names]


def allowed_filters(spec: MapSpec) -> list[str]:
    return list(dict.fromkeys(f for layer in layers_of(spec) for f in layer.filters))


def collect(
    conn: Connection,
    spec: MapSpec,
    filters: dict[str, str],
    role: str = "viewer",
    settings: object | None = None,
) -> list[DrawnLayer]:
    """The features of every layer of ``spec`` that ``role`` may see (e.g. planned routes only for supervisors),
    each layer as ``settings`` define it (the coverage rule, the inspection rules; defaults without)."""
    allowed = allowed_filters(spec)
    unknown = [k for k in filters if k not in allowed]
    if unknown:
        raise InvalidInput(
            f"地图“{spec.name}”不能按 {', '.join(unknown)} 筛选，可用：{', '.join(allowed) or '无'}\n"
            f"Map '{spec.name}' cannot be filtered by {', '.join(unknown)}; allowed: {', '.join(allowed) or 'none'}",
            detail={"allowed": allowed},
        )
    drawn = []
    for layer in (layer.for_settings(settings) for layer in layers_of(spec)):
        if not layer.visible_to(role):
            continue
        mine = {k: v for k, v in filters.items() if k in layer.filters}
        features = layer.features(conn, filters=mine or None, simplify=SIMPLIFY_DEG)
        geoms = shapely.from_geojson([_geometry_json(f) for f in features]) if features else []
        drawn.append(
            DrawnLayer(layer, list(project(np.asarray(geoms))), [f["properties"] for f in features], bool(mine))
        )
    return drawn


@lru_cache(maxsize=1)
def _to_metric() -> Transformer:
    return Transformer.from_crs(WGS84, METRIC, always_xy=True)


def project(geoms: np.ndarray) -> np.ndarray:
    """WGS 84 lon/lat geometries to EPSG:32647 metres."""
    if len(geoms) == 0:
        return geoms
    tr = _to_metric()
    return shapely.transform(geoms, lambda xy: np.column_stack(tr.transform(xy[:, 0], xy[:, 1])))


def true_north_angle(x: float, y: float) -> float:
    """Degrees from grid north (up) to true north at a map point (meridian convergence)."""
    inverse = Transformer.from_crs(METRIC, WGS84, always_xy=True)
    lon, lat = inverse.transform(x, y)
    x2, y2 = _to_metric().transform(lon, lat + 0.05)
    return float(np.degrees(np.arctan2(x2 - x, y2 - y)))


def _geometry_json(feature: dict) -> str:
    return json.dumps(feature["geometry"])
