"""The features of a map's layers, asked of the layers themselves and projected to metres.

Geometry is drawn in the county's metric CRS (its UTM zone, ``county.metric_srid``; ``srid``
on every :class:`DrawnLayer`) so that the scale bar is true in kilometres. Filters go only to the
layers that declare them, as on the page.
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
from geo.io.crs import WGS84
from geo.store.metric import metric_srid
from geo.store.settings import Settings
from geo.vocab import DEFAULT_METRIC_EPSG
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
    geoms: list[BaseGeometry]  # EPSG ``srid`` metres
    props: list[dict]
    filtered: bool  # a caller's filter was applied to this layer
    srid: int = DEFAULT_METRIC_EPSG  # the drawing CRS (the county's UTM zone)


def drawing_srid(drawn: list[DrawnLayer]) -> int:
    """The EPSG code the drawn geometries are in (the default zone when nothing was drawn)."""
    return drawn[0].srid if drawn else DEFAULT_METRIC_EPSG


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
    srid: int | None = None,
    settings: Settings | None = None,
) -> list[DrawnLayer]:
    """The features of every layer of ``spec`` that ``role`` may see (e.g. planned routes only for supervisors),
    projected to EPSG ``srid`` (None: the county's metric CRS, ``county.metric_srid``). With ``settings``
    (geo.store.settings.Settings) the layers are built for them (the coverage rule), measuring in ``srid``;
    without, as registered."""
    srid = int(srid) if srid is not None else metric_srid(conn)
    if settings is not None and getattr(settings, "metric_srid", None) is None:
        settings = settings.model_copy(update={"metric_srid": srid})
    allowed = allowed_filters(spec)
    unknown = [k for k in filters if k not in allowed]
    if unknown:
        raise InvalidInput(
            f"地图“{spec.name}”不能按 {', '.join(unknown)} 筛选，可用：{', '.join(allowed) or '无'}\n"
            f"Map '{spec.name}' cannot be filtered by {', '.join(unknown)}; allowed: {', '.join(allowed) or 'none'}",
            detail={"allowed": allowed},
        )
    drawn = []
    for registered in layers_of(spec):
        layer = registered.for_settings(settings)
        if not layer.visible_to(role):
            continue
        mine = {k: v for k, v in filters.items() if k in layer.filters}
        # a county set up by code has townships without outlines: nothing to draw for those rows
        features = [
            f
            for f in layer.features(conn, filters=mine or None, simplify=SIMPLIFY_DEG)
            if (f.get("geometry") or {}).get("type")
        ]
        geoms = shapely.from_geojson([_geometry_json(f) for f in features]) if features else []
        drawn.append(
            DrawnLayer(
                layer, list(project(np.asarray(geoms), srid)), [f["properties"] for f in features], bool(mine), srid
            )
        )
    return drawn


@lru_cache(maxsize=8)
def _to_metric(srid: int) -> Transformer:
    return Transformer.from_crs(WGS84, f"EPSG:{int(srid)}", always_xy=True)


def project(geoms: np.ndarray, srid: int = DEFAULT_METRIC_EPSG) -> np.ndarray:
    """WGS 84 lon/lat geometries to EPSG ``srid`` metres."""
    if len(geoms) == 0:
        return geoms
    tr = _to_metric(srid)
    return shapely.transform(geoms, lambda xy: np.column_stack(tr.transform(xy[:, 0], xy[:, 1])))


def true_north_angle(x: float, y: float, srid: int = DEFAULT_METRIC_EPSG) -> float:
    """Degrees from grid north (up) to true north at a map point of EPSG ``srid`` (meridian convergence)."""
    inverse = Transformer.from_crs(f"EPSG:{int(srid)}", WGS84, always_xy=True)
    lon, lat = inverse.transform(x, y)
    x2, y2 = _to_metric(srid).transform(lon, lat + 0.05)
    return float(np.degrees(np.arctan2(x2 - x, y2 - y)))


def _geometry_json(feature: dict) -> str:
    return json.dumps(feature["geometry"])
