"""A hand-made road graph with known shortest paths, loaded into a copy of the default dataset.

Nodes (lon, lat): N1 (98.50, 24.40), N2 (98.55, 24.40), N3 (98.60, 24.40), N4 (98.55, 24.45);
a separate piece N5 (98.70, 24.30) – N6 (98.75, 24.30). Lengths are given (length_km), so the
times are hand-computed: time = length / speed.

    E1 N1–N2   6 km at 60 km/h =  6 min
    E2 N2–N3  10 km at 40 km/h = 15 min
    E3 N2–N4   8 km at 30 km/h = 16 min
    E4 N1–N4  30 km at 60 km/h = 30 min   (a longer way round)
    E5 N5–N6   5 km at 30 km/h = 10 min   (not connected to the rest)

The only operating station is a township station at N1; the hub (sorting centre) at N3.
Villages: A at N4, B at N3, C at N5 (disconnected piece), D 20 km north of everything
(no road within 5 km), E at the middle of E2 (98.575, 24.40).
"""

from __future__ import annotations

import json
from pathlib import Path

from sqlalchemy import text

from geo.io.load import load_file
from geo.store.database import get_engine

N = {1: (98.50, 24.40), 2: (98.55, 24.40), 3: (98.60, 24.40), 4: (98.55, 24.45), 5: (98.70, 24.30), 6: (98.75, 24.30)}
EDGES = [(1, 2, 6, 60), (2, 3, 10, 40), (2, 4, 8, 30), (1, 4, 30, 60), (5, 6, 5, 30)]
VILLAGE_AT = {"A": N[4], "B": N[3], "C": N[5], "D": (98.55, 24.65), "E": (98.575, 24.40)}


def write_roads(folder: Path) -> Path:
    path = folder / "fixture_roads.geojson"
    path.write_text(
        json.dumps(
            {
                "type": "FeatureCollection",
                "features": [
                    {
                        "type": "Feature",
                        "properties": {"length_km": km, "speed_kmh": v, "class": "secondary"},
                        "geometry": {"type": "LineString", "coordinates": [list(N[a]), list(N[b])]},
                    }
                    for a, b, km, v in EDGES
                ],
            }
        ),
        encoding="utf-8",
    )
    return path


def install(url: str, folder: Path) -> dict[str, str]:
    """Replace roads, sites and village seats with the fixture; returns village letter -> code."""
    report = load_file(url, write_roads(folder), "road")
    assert report.inserted == len(EDGES)
    with get_engine(url).begin() as conn:
        codes = conn.execute(text("SELECT code FROM village ORDER BY code LIMIT 5")).scalars().all()
        township = codes[0][:9]
        conn.execute(text("DELETE FROM inspection"))
        conn.execute(text("DELETE FROM site"))
        conn.execute(text("UPDATE village SET location = NULL"))
        for letter, code in zip(VILLAGE_AT, codes):
            lon, lat = VILLAGE_AT[letter]
            conn.execute(
                text(
                    "UPDATE village SET location = ST_SetSRID(ST_MakePoint(:x, :y), 4326), "
                    "poverty_alleviated = true WHERE code = :c"
                ),
                {"x": lon, "y": lat, "c": code},
            )
        for ref, kind, (lon, lat) in (("S1", "township_station", N[1]), ("HUB", "sorting_centre", N[3])):
            conn.execute(
                text(
                    "INSERT INTO site (ref, kind, name, township_code, location, status, source) VALUES "
                    "(:r, :k, :r, :t, ST_SetSRID(ST_MakePoint(:x, :y), 4326), 'operating', 'test')"
                ),
                {"r": ref, "k": kind, "t": township, "x": lon, "y": lat},
            )
    return dict(zip(VILLAGE_AT, codes))
