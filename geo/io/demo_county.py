"""Seeded demo positions for a county set up from its code (``fieldmap init --county CODE --demo``).

A county set up by code has real codes and names but no positions: its townships and villages
carry no points. With ``--demo`` this module invents, reproducibly from a seed, what Mangshi's
demo generator (:mod:`geo.io.demo`) gives Mangshi, in a simpler form:

* each township a centre inside the county outline (uniform in the county's metric CRS,
  rejection-sampled), each of its villages a seat scattered around it (normal, sigma
  ``SPREAD_M``), re-drawn until it lies inside the outline;
* village households (and a share of poverty-alleviated villages with their households);
* one township station at the first village of every township, and a village station in
  about ``STATION_SHARE`` of the villages, a few hundred metres from the seat, inside the outline.

Everything generated is labelled: village ``location_source = 'demo'``, site ``source = 'demo'``
and ``ref`` ``demo-…``. The codes, names and the outline stay the real ones.
"""

from __future__ import annotations

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
from pyproj import Transformer
from shapely.geometry.base import BaseGeometry

SPREAD_M = 2500.0  # villages around their township's centre
STATION_SHARE = 0.3  # villages with a demo village station
POVERTY_SHARE = 0.25  # villages flagged poverty-alleviated in the demo
MAX_TRIES = 2000


def _inside(
    outline_m: BaseGeometry, rng: np.random.Generator, centre: tuple[float, float] | None, sigma: float
) -> tuple[float, float]:
    """A point inside ``outline_m``: uniform in its bounds (no centre) or normal around ``centre``."""
    minx, miny, maxx, maxy = outline_m.bounds
    for _ in range(MAX_TRIES):
        if centre is None:
            x, y = rng.uniform(minx, maxx), rng.uniform(miny, maxy)
        else:
            x, y = rng.normal(centre[0], sigma), rng.normal(centre[1], sigma)
        if outline_m.contains(shapely.Point(x, y)):
            return float(x), float(y)
    # a thin or tiny outline: its representative point (always inside)
    p = outline_m.representative_point()
    return float(p.x), float(p.y)


def generate_county_demo(
    outline: BaseGeometry, villages: pd.DataFrame, srid: int, seed: int = 2022
) -> tuple[gpd.GeoDataFrame, gpd.GeoDataFrame]:
    """(villages with demo seats and households, demo sites), both EPSG:4326.

    ``villages``: code, name, township_code (and the other village columns, kept);
    ``outline``: the county outline in EPSG:4326; ``srid``: the county's metric CRS."""
    rng = np.random.default_rng(seed)
    to_m = Transformer.from_crs("EPSG:4326", f"EPSG:{int(srid)}", always_xy=True)
    to_deg = Transformer.from_crs(f"EPSG:{int(srid)}", "EPSG:4326", always_xy=True)
    outline_m = shapely.transform(outline, lambda xy: np.column_stack(to_m.transform(xy[:, 0], xy[:, 1])))
    # a point inside in metres is inside in degrees up to the projection's curvature of the edges;
    # keep generated points a little inside so rounding never puts one on the other side
    core = outline_m.buffer(-50.0)
    core = core if not core.is_empty else outline_m
    vil = villages.sort_values("code", ignore_index=True).copy()
    centres = {t: _inside(core, rng, None, 0.0) for t in sorted(vil["township_code"].unique())}
    seats_m = [_inside(core, rng, centres[t], SPREAD_M) for t in vil["township_code"]]
    lon, lat = to_deg.transform([p[0] for p in seats_m], [p[1] for p in seats_m])
    vil["households"] = rng.integers(150, 900, len(vil))
    poor = rng.random(len(vil)) < POVERTY_SHARE
    vil["poverty_alleviated"] = poor
    vil["poverty_households"] = np.where(poor, (vil["households"] * rng.uniform(0.05, 0.2, len(vil))).astype(int), 0)
    vil["location_source"] = "demo"
    villages_out = gpd.GeoDataFrame(
        vil, geometry=gpd.points_from_xy(np.round(lon, 6), np.round(lat, 6)), crs=4326
    ).drop(columns=[c for c in ("geom",) if c in vil.columns])

    rows = []
    first = vil.groupby("township_code", sort=True).head(1).index
    with_station = set(first) | set(np.flatnonzero(rng.random(len(vil)) < STATION_SHARE))
    for i in sorted(with_station):
        v = vil.iloc[i]
        kind = "township_station" if i in set(first) else "village_station"
        angle, dist = rng.uniform(0, 2 * np.pi), rng.uniform(50, 400)
        x, y = seats_m[i][0] + dist * np.cos(angle), seats_m[i][1] + dist * np.sin(angle)
        if not core.contains(shapely.Point(x, y)):
            x, y = seats_m[i]
        slon, slat = to_deg.transform(x, y)
        short = str(v["name"]).removesuffix("村民委员会").removesuffix("居民委员会")
        rows.append(
            {
                "ref": f"demo-{kind}-{v['code']}",
                "kind": kind,
                "name": short + ("乡镇电商服务站" if kind == "township_station" else "村级电商服务站") + "（演示）",
                "village_code": v["code"],
                "township_code": v["township_code"],
                "status": "operating",
                "source": "demo",
                "geometry": shapely.Point(round(slon, 6), round(slat, 6)),
            }
        )
    sites = gpd.GeoDataFrame(rows, geometry="geometry", crs=4326)
    return villages_out, sites
