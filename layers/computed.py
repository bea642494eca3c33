"""A layer whose features come from an analysis run in Python (pgRouting reach, service areas,
station suggestions) rather than from one SELECT: the analysis gives GeoJSON features, this
class gives them the same interface as every other layer (filters, bbox, count, demo flag).

An analysis runs once per database and data version: the OGC listing (the extent of every
collection), the collection, its pages and the map all read the one result. The key holds the
version and the time of the write that made it, so a write rolled back cannot alias a later one."""

from __future__ import annotations

import json
from collections.abc import Callable, Hashable
from dataclasses import dataclass
from typing import Any, TypeVar

import shapely
from sqlalchemy import Connection, text

from layers.base import Layer

T = TypeVar("T")
Compute = Callable[[Connection], list[dict]]  # conn -> GeoJSON features (properties incl. id, source)

_RESULTS: dict[tuple, Any] = {}
_KEEP = 64  # results kept (a few layers, a few settings, a few databases in tests)


def per_data_version(conn: Connection, key: Hashable, fn: Callable[[Connection], T]) -> T:
    """``fn(conn)``, reused while the database's data version and its change time stay the same
    (every write bumps them: trigger; the change time tells a rolled-back version number from the
    next real one). ``key`` names the analysis and its parameters. Shared by every computed layer
    and the reach layers (the service areas feed two layers)."""
    state = conn.execute(text("SELECT version, changed_at FROM data_state WHERE id = 1")).first()
    if state is None:
        return fn(conn)
    full = (conn.engine.url.render_as_string(hide_password=True), state[0], state[1], key)
    if full not in _RESULTS:
        if len(_RESULTS) >= _KEEP:
            _RESULTS.clear()
        _RESULTS[full] = fn(conn)
    return _RESULTS[full]


def _once(
    conn: Connection, compute: Compute, what: str = "features", make: Callable[[Connection], list[Any]] | None = None
) -> list:
    """A copy of ``(make or compute)(conn)`` once per data version; ``what`` tells apart results
    derived from one analysis (its features, their extent)."""
    return list(per_data_version(conn, (compute, what), make or compute))


@dataclass(frozen=True)
class ComputedLayer(Layer):
    compute: Compute | None = None

    def _selected(self, conn: Connection, bbox=None, filters=None) -> list[dict]:  # noqa: ANN001
        self._where(None, filters)  # the same clear error for a filter the layer does not have
        feats = _once(conn, self.compute) if self.compute else []
        for column, value in (filters or {}).items():
            feats = [f for f in feats if str(f["properties"].get(column)) == str(value)]
        if bbox is not None:
            box = shapely.box(*bbox)
            feats = [f for f in feats if shapely.from_geojson(json.dumps(f["geometry"])).intersects(box)]
        return feats

    def geojson(self, conn: Connection, bbox=None, filters=None, precision: int = 6, simplify: float = 0.0) -> str:  # noqa: ANN001
        feats = self._selected(conn, bbox, filters)
        keep = ["id", "source", *[f.name for f in self.fields], *self.filters]
        out = []
        for f in sorted(feats, key=lambda f: f["properties"]["id"]):
            geom = f["geometry"]
            if "Polygon" in geom["type"]:
                # snapped to the output grid by GEOS (stays valid, unlike rounding), RFC 7946 ring order
                g = shapely.from_geojson(json.dumps(geom))
                g = shapely.set_precision(shapely.simplify(g, simplify) if simplify else g, 10.0**-precision)
                geom = json.loads(shapely.to_geojson(shapely.orient_polygons(g)))
            elif simplify and geom["type"] != "Point":
                geom = json.loads(
                    shapely.to_geojson(shapely.simplify(shapely.from_geojson(json.dumps(geom)), simplify))
                )
            geom = {"type": geom["type"], "coordinates": _round_coords(geom["coordinates"], precision)}
            props = {k: f["properties"].get(k) for k in dict.fromkeys(keep)}
            out.append({"type": "Feature", "geometry": geom, "properties": props})
        fc: dict = {"type": "FeatureCollection", "features": out}
        if out:
            bounds = shapely.GeometryCollection([shapely.from_geojson(json.dumps(f["geometry"])) for f in out]).bounds
            fc = {"type": "FeatureCollection", "bbox": list(bounds), "features": out}
        return json.dumps(fc, ensure_ascii=False)

    def extent(self, conn: Connection) -> list[float] | None:
        """The features' bounding box (minLon, minLat, maxLon, maxLat), None without features; once
        per data version (the OGC listing asks for it on every request)."""
        if self.compute is None:
            return None
        compute = self.compute

        def bounds(c: Connection) -> list[float]:
            feats = _once(c, compute)
            if not feats:
                return []
            geoms = shapely.from_geojson([json.dumps(f["geometry"]) for f in feats])
            return [float(v) for v in shapely.total_bounds(geoms)]

        box = _once(conn, compute, "extent", bounds)
        return box or None

    def count(self, conn: Connection, bbox=None, filters=None) -> int:  # noqa: ANN001
        return len(self._selected(conn, bbox, filters))

    def distinct(self, conn: Connection, columns: tuple[str, ...]) -> list[tuple]:
        rows = {tuple(f["properties"].get(c) for c in columns) for f in self._selected(conn)}
        return sorted(rows, key=lambda r: tuple("" if v is None else str(v) for v in r))

    def has_demo(self, conn: Connection) -> bool:
        return any(f["properties"].get("source") == "demo" for f in self._selected(conn))


def _round_coords(coords: list, n: int) -> list:
    if coords and isinstance(coords[0], (int, float)):
        return [round(c, n) for c in coords]
    return [_round_coords(c, n) for c in coords]
