"""The reached network's outline on its grid of cells, without a database: a straight road and a
road bent round a valley, 1 km buffer (cells of 200 m)."""

from __future__ import annotations

import numpy as np
import shapely

from geo.analysis.reached_outline import outline


def _road(*corners: tuple[float, float]) -> np.ndarray:
    """Points every 200 m along the polyline through ``corners`` (metres)."""
    line = shapely.LineString(corners)
    return np.array([line.interpolate(d).coords[0] for d in np.arange(0, line.length + 1, 200.0)])


def test_outline_lies_between_the_stated_bounds_around_a_road() -> None:
    road = _road((0, 0), (10_000, 0))
    area = outline(road, 1000.0)
    assert all(area.contains(shapely.Point(p)) for p in road)
    # inside from 1000 − 1.7 × 200 = 660 m of the road, outside beyond 1000 + 1.2 × 200 = 1240 m
    assert area.contains(shapely.Point(5000, 650)) and area.contains(shapely.Point(5000, -650))
    assert not area.intersects(shapely.Point(5000, 1250)) and not area.intersects(shapely.Point(-1250, 0))
    assert area.geom_type == "Polygon" and not list(area.interiors)


def test_outline_follows_a_road_round_a_valley_not_its_hull() -> None:
    # a U: up 8 km, across 6 km, down 8 km; the valley floor inside the U is 3 km from every road
    road = _road((0, 0), (0, 8000), (6000, 8000), (6000, 0))
    area = outline(road, 1000.0)
    assert all(area.contains(shapely.Point(p)) for p in road)
    assert not area.intersects(shapely.Point(3000, 2000))  # a convex hull would hold it
    assert shapely.convex_hull(area).contains(shapely.Point(3000, 2000))


def test_no_points_no_outline() -> None:
    assert outline(np.zeros((0, 2)), 1000.0) is None
