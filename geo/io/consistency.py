"""Does a point agree with the codes it was given? Warnings, not refusals.

A station far from its village's recorded position, or outside its township's outline, is
probably misplaced (or its code is wrong) — but village positions and outlines may themselves be
approximate, so these are warnings; a strict import turns them into refusals.
"""

from __future__ import annotations

import shapely
from pyproj import Geod

from geo.io.validate import Context, Problems

_GEOD = Geod(ellps="WGS84")
# Points this close outside a township outline are inside it (the outline is drawn at ~50 m).
OUTLINE_TOLERANCE_DEG = 0.0005


def check_consistency(rows: list[dict], ctx: Context, problems: Problems, village_distance_m: float) -> None:
    """Add a warning to ``problems`` for every row whose point disagrees with its village or township."""
    far = [
        (r, ctx.village_points[r["village_code"]])
        for r in rows
        if _point(r) is not None and r.get("village_code") in ctx.village_points
    ]
    if far:
        lons = [r["_geom"].x for r, _ in far]
        lats = [r["_geom"].y for r, _ in far]
        _, _, metres = _GEOD.inv(lons, lats, [p[0] for _, p in far], [p[1] for _, p in far])
        for (row, _), m in zip(far, metres):
            if m > village_distance_m:
                problems.add(
                    row["_i"],
                    "village_code",
                    row["village_code"],
                    f"位置距该村登记位置 {m / 1000:.1f} 公里，超过 {village_distance_m / 1000:g} 公里：请核对坐标或村代码"
                    "（村登记位置可能为近似位置）",
                    f"the point is {m / 1000:.1f} km from the village's recorded position, more than "
                    f"{village_distance_m / 1000:g} km: check the coordinates or the village code "
                    "(the village position may be approximate)",
                )
    for row in rows:
        point = _point(row)
        code = row.get("township_code")
        if point is None or code not in ctx.township_outlines:
            continue
        outline, approximate = ctx.township_outlines[code]
        if not outline.contains(point) and outline.distance(point) > OUTLINE_TOLERANCE_DEG:
            problems.add(
                row["_i"],
                "township_code",
                code,
                "位置不在所属乡镇的边界内" + ("（该乡镇边界为近似边界，仅供参考）" if approximate else ""),
                "the point is outside its township's outline"
                + (" (that outline is approximate, so this may be the outline's fault)" if approximate else ""),
            )


def _point(row: dict) -> shapely.Point | None:
    geom = row.get("_geom")
    return geom if geom is not None and geom.geom_type == "Point" else None
