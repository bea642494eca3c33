"""Seeded generator of a large synthetic dataset for the coverage benchmark.

100 counties x 10 townships (10 x 20 km cells) over a 400 x 500 km box in UTM 47N,
100,000 villages (40 % poverty-alleviated, 1 % without a position) and 50,000 sites
(60 % next to a village, 40 % anywhere; 88 % operating) with ~1 inspection each.
Written with COPY into its own database, never into the default dataset.
"""

from __future__ import annotations

import datetime as dt
import io

import numpy as np
from pyproj import Transformer
from sqlalchemy import Engine, text

X0, Y0 = 300_000.0, 2_450_000.0  # UTM 47N origin of the box
COLS, ROWS = 40, 25  # township cells
CELL_W, CELL_H = 10_000.0, 20_000.0
_TO_WGS = Transformer.from_crs("EPSG:32647", "EPSG:4326", always_xy=True)


def _codes(col: np.ndarray, row: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    county = 600000 + row * (COLS // 10) + col // 10
    township = county.astype(np.int64) * 1000 + col % 10
    return county, township


def _ewkt(x: np.ndarray, y: np.ndarray) -> list[str]:
    lon, lat = _TO_WGS.transform(x, y)
    return [f"SRID=4326;POINT({a:.7f} {b:.7f})" for a, b in zip(lon, lat)]


def _box_ewkt(x0: float, y0: float, x1: float, y1: float) -> str:
    xs, ys = _TO_WGS.transform([x0, x1, x1, x0, x0], [y0, y0, y1, y1, y0])
    ring = ", ".join(f"{a:.6f} {b:.6f}" for a, b in zip(xs, ys))
    return f"SRID=4326;MULTIPOLYGON((({ring})))"


def _copy(engine: Engine, table: str, columns: list[str], rows) -> None:  # noqa: ANN001
    buf = io.StringIO()
    for r in rows:
        buf.write("\t".join("\\N" if v is None else str(v) for v in r) + "\n")
    buf.seek(0)
    raw = engine.raw_connection()
    try:
        with raw.cursor() as cur:
            cur.copy_expert(f"COPY {table} ({', '.join(columns)}) FROM STDIN", buf)
        raw.commit()
    finally:
        raw.close()


def generate(engine: Engine, villages: int = 100_000, sites: int = 50_000, seed: int = 4) -> dict:
    rng = np.random.default_rng(seed)
    # counties and townships
    county_rows, township_rows = [], []
    for row in range(ROWS):
        for c10 in range(COLS // 10):
            code = 600000 + row * (COLS // 10) + c10
            x0, y0 = X0 + c10 * 10 * CELL_W, Y0 + row * CELL_H
            county_rows.append((code, f"县{code}", _box_ewkt(x0, y0, x0 + 10 * CELL_W, y0 + CELL_H), "bench"))
        for col in range(COLS):
            county, township = _codes(np.array([col]), np.array([row]))
            x0, y0 = X0 + col * CELL_W, Y0 + row * CELL_H
            township_rows.append(
                (
                    int(township[0]),
                    f"乡{int(township[0])}",
                    "township",
                    int(county[0]),
                    _box_ewkt(x0, y0, x0 + CELL_W, y0 + CELL_H),
                    "official",
                    "bench",
                )
            )
    _copy(engine, "county", ["code", "name", "geom", "source"], county_rows)
    _copy(engine, "township", ["code", "name", "kind", "county_code", "geom", "geom_source", "source"], township_rows)

    # villages, numbered within their township
    vx = rng.uniform(X0, X0 + COLS * CELL_W, villages)
    vy = rng.uniform(Y0, Y0 + ROWS * CELL_H, villages)
    col = ((vx - X0) // CELL_W).astype(int)
    row = ((vy - Y0) // CELL_H).astype(int)
    _c, town = _codes(col, row)
    order = np.lexsort((vx, town))
    vx, vy, town = vx[order], vy[order], town[order]
    seq = np.arange(villages) - np.searchsorted(town, town, side="left")
    vcode = town * 1000 + seq + 1
    pov = rng.random(villages) < 0.40
    hh = rng.integers(150, 901, villages)
    phh = np.where(pov, np.round(hh * rng.uniform(0.08, 0.30, villages)), 0).astype(int)
    located = rng.random(villages) >= 0.01
    vwkt = _ewkt(vx, vy)
    _copy(
        engine,
        "village",
        [
            "code",
            "name",
            "township_code",
            "kind",
            "poverty_alleviated",
            "households",
            "poverty_households",
            "location",
            "source",
        ],
        (
            (
                int(vcode[i]),
                f"村{vcode[i]}",
                int(town[i]),
                "village",
                bool(pov[i]),
                int(hh[i]),
                int(phh[i]),
                vwkt[i] if located[i] else None,
                "bench",
            )
            for i in range(villages)
        ),
    )

    # sites: most next to a village, the rest anywhere
    near = rng.random(sites) < 0.60
    at = rng.integers(0, villages, sites)
    r, a = rng.uniform(30, 700, sites), rng.uniform(0, 2 * np.pi, sites)
    sx = np.where(near, vx[at] + r * np.cos(a), rng.uniform(X0, X0 + COLS * CELL_W, sites))
    sy = np.where(near, vy[at] + r * np.sin(a), rng.uniform(Y0, Y0 + ROWS * CELL_H, sites))
    sx = np.clip(sx, X0 + 1, X0 + COLS * CELL_W - 1)
    sy = np.clip(sy, Y0 + 1, Y0 + ROWS * CELL_H - 1)
    _sc, stown = _codes(((sx - X0) // CELL_W).astype(int), ((sy - Y0) // CELL_H).astype(int))
    kinds = np.where(
        near,
        rng.choice(["village_station", "live_station"], sites, p=[0.8, 0.2]),
        rng.choice(["village_station", "township_station", "warehouse"], sites, p=[0.7, 0.2, 0.1]),
    )
    status = rng.choice(["operating", "suspended", "closed", "building"], sites, p=[0.88, 0.06, 0.04, 0.02])
    swkt = _ewkt(sx, sy)
    _copy(
        engine,
        "site",
        ["id", "ref", "kind", "name", "village_code", "township_code", "location", "status", "source"],
        (
            (
                i + 1,
                f"bench-{i + 1}",
                kinds[i],
                f"站点{i + 1}",
                int(vcode[at[i]]) if near[i] else None,
                int(vcode[at[i]] // 1000) if near[i] else int(stown[i]),
                swkt[i],
                status[i],
                "bench",
            )
            for i in range(sites)
        ),
    )

    # inspections: 0-2 per site; closed sites found closed, some others idle
    visits = rng.integers(0, 3, sites)
    insp, k = [], 0
    start = dt.datetime(2026, 5, 1, 9, tzinfo=dt.UTC)
    for i in np.flatnonzero(visits):
        for j in range(int(visits[i])):
            k += 1
            closed = status[i] == "closed"
            idle = (not closed) and rng.random() < 0.05
            when = start + dt.timedelta(days=int(rng.integers(0, 180)), minutes=j)
            insp.append(
                (
                    k,
                    f"bench-i{k}",
                    int(i + 1),
                    when.isoformat(),
                    "announced",
                    "督查一组",
                    "closed" if closed else ("needs_rectification" if idle else "normal"),
                    "f",
                    "f",
                    "t" if idle else "f",
                    "bench",
                )
            )
    _copy(
        engine,
        "inspection",
        [
            "id",
            "ref",
            "site_id",
            "visited_at",
            "mode",
            "inspector",
            "outcome",
            "stalled",
            "idle_funds",
            "idle_assets",
            "source",
        ],
        insp,
    )
    with engine.begin() as conn:
        conn.execute(text("SELECT setval(pg_get_serial_sequence('site', 'id'), (SELECT max(id) FROM site))"))
        conn.execute(
            text("SELECT setval(pg_get_serial_sequence('inspection', 'id'), (SELECT max(id) FROM inspection))")
        )
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        conn.execute(text("VACUUM ANALYZE"))
    return {
        "villages": villages,
        "poverty_villages": int(pov.sum()),
        "sites": sites,
        "inspections": len(insp),
        "villages_without_position": int((~located).sum()),
    }
