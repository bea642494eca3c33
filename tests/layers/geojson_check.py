"""An RFC 7946 check for the GeoJSON the service writes: structure, WGS 84 ranges, valid
geometry, and the right-hand rule (exterior rings counter-clockwise)."""

from __future__ import annotations

import shapely
from shapely.geometry import shape

GEOMETRY_TYPES = {"Point", "MultiPoint", "LineString", "MultiLineString", "Polygon", "MultiPolygon"}


def check_feature_collection(fc: dict) -> list[str]:
    problems: list[str] = []
    if fc.get("type") != "FeatureCollection" or not isinstance(fc.get("features"), list):
        return ["not a FeatureCollection with a features list"]
    if "crs" in fc:
        problems.append("RFC 7946 removed the crs member")
    for i, f in enumerate(fc["features"]):
        where = f"feature {i}"
        if f.get("type") != "Feature":
            problems.append(f"{where}: type is {f.get('type')!r}")
        if not isinstance(f.get("properties"), dict):
            problems.append(f"{where}: properties is not an object")
        g = f.get("geometry")
        if not isinstance(g, dict) or g.get("type") not in GEOMETRY_TYPES:
            problems.append(f"{where}: bad geometry")
            continue
        geom = shape(g)
        if not geom.is_valid:
            problems.append(f"{where}: invalid geometry: {shapely.is_valid_reason(geom)}")
        minx, miny, maxx, maxy = geom.bounds
        if not (-180 <= minx <= maxx <= 180 and -90 <= miny <= maxy <= 90):
            problems.append(f"{where}: coordinates outside longitude/latitude")
        for poly in getattr(geom, "geoms", [geom]):
            if poly.geom_type == "Polygon" and not poly.exterior.is_ccw:
                problems.append(f"{where}: exterior ring is clockwise")
    return problems
