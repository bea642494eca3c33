"""A seeded demo year of shipments (演示数据): goods down to and farm products up from each station.

Determinism: one ``numpy.random.default_rng([seed, 17])``, independent of the other demo streams.
Every row has ``source = 'demo'``. Twelve months ending with the month before ``as_of``; each
operating village and township station sends parcels both ways, with more farm products going up
in the harvest months (coffee Nov–Mar, rice Sep–Nov, fruit May–Aug). Figures are invented.
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd

STATION_KINDS = ("village_station", "township_station", "live_station")
DOWN = {"consumer_goods": (120, 400, 2.5), "farm_inputs": (10, 60, 25.0)}  # parcels lo, hi; kg per parcel
UP = {"coffee": ((11, 12, 1, 2, 3), 5.0), "rice": ((9, 10, 11), 10.0), "fruit": ((5, 6, 7, 8), 8.0)}


def months_before(as_of: dt.date, n: int = 12) -> list[str]:
    """The ``n`` months before ``as_of``'s month, oldest first, as YYYY-MM."""
    y, m = as_of.year, as_of.month
    out = []
    for _ in range(n):
        m -= 1
        if m == 0:
            y, m = y - 1, 12
        out.append(f"{y}-{m:02d}")
    return out[::-1]


def shipments(sites: pd.DataFrame, as_of: dt.date, seed: int = 2022) -> pd.DataFrame:
    """Rows for the ``shipment`` table from the demo ``sites`` (ref, kind, status)."""
    rng = np.random.default_rng([seed, 17])
    stations = sites[sites["kind"].isin(STATION_KINDS) & (sites["status"] == "operating")].sort_values("ref")
    rows = []
    for _, s in stations.iterrows():
        scale = 3.0 if s["kind"] == "township_station" else 1.0
        for month in months_before(as_of):
            mm = int(month[5:])
            for category, (lo, hi, kg) in DOWN.items():
                parcels = int(rng.integers(lo, hi) * scale)
                rows.append(_row(s["ref"], month, "down", category, parcels, parcels * kg * rng.uniform(0.8, 1.2)))
            for category, (season, kg) in UP.items():
                base = rng.integers(20, 90) if mm in season else rng.integers(0, 8)
                parcels = int(base * scale)
                if parcels:
                    rows.append(_row(s["ref"], month, "up", category, parcels, parcels * kg * rng.uniform(0.8, 1.2)))
    return pd.DataFrame(rows)


def _row(ref: str, month: str, direction: str, category: str, parcels: int, kg: float) -> dict:
    return {
        "site_ref": ref,
        "month": month,
        "direction": direction,
        "category": category,
        "parcels": parcels,
        "weight_kg": round(float(kg), 1),
        "value_yuan": None,
        "source": "demo",
    }
