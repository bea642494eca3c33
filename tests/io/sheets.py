"""Helpers for import tests: real .xlsx files (openpyxl), the published GCJ-02 forward formula
written out here (independent of the code under test), and a fingerprint of the database."""

from __future__ import annotations

import math
from pathlib import Path

from openpyxl import Workbook
from sqlalchemy import text

from geo.store.database import get_engine
from tests.conftest import row_counts


def write_xlsx(path: Path, headers: list[str], rows: list[list[object]]) -> Path:
    book = Workbook()
    sheet = book.active
    sheet.append(headers)
    for row in rows:
        sheet.append(row)
    book.save(path)
    return path


# GCJ-02 ("Mars coordinates") forward transform as published (Krasovsky 1940 ellipsoid, the
# widely reproduced open-source formula); WGS 84 lon/lat -> GCJ-02 lon/lat.
_A = 6378245.0
_EE = 0.00669342162296594323


def _lat(x: float, y: float) -> float:
    r = -100.0 + 2.0 * x + 3.0 * y + 0.2 * y * y + 0.1 * x * y + 0.2 * math.sqrt(abs(x))
    r += (20.0 * math.sin(6.0 * x * math.pi) + 20.0 * math.sin(2.0 * x * math.pi)) * 2.0 / 3.0
    r += (20.0 * math.sin(y * math.pi) + 40.0 * math.sin(y / 3.0 * math.pi)) * 2.0 / 3.0
    r += (160.0 * math.sin(y / 12.0 * math.pi) + 320 * math.sin(y * math.pi / 30.0)) * 2.0 / 3.0
    return r


def _lon(x: float, y: float) -> float:
    r = 300.0 + x + 2.0 * y + 0.1 * x * x + 0.1 * x * y + 0.1 * math.sqrt(abs(x))
    r += (20.0 * math.sin(6.0 * x * math.pi) + 20.0 * math.sin(2.0 * x * math.pi)) * 2.0 / 3.0
    r += (20.0 * math.sin(x * math.pi) + 40.0 * math.sin(x / 3.0 * math.pi)) * 2.0 / 3.0
    r += (150.0 * math.sin(x / 12.0 * math.pi) + 300.0 * math.sin(x / 30.0 * math.pi)) * 2.0 / 3.0
    return r


def wgs84_to_gcj02(lon: float, lat: float) -> tuple[float, float]:
    d_lat = _lat(lon - 105.0, lat - 35.0)
    d_lon = _lon(lon - 105.0, lat - 35.0)
    rad = lat / 180.0 * math.pi
    magic = 1 - _EE * math.sin(rad) ** 2
    sqrt_magic = math.sqrt(magic)
    d_lat = (d_lat * 180.0) / ((_A * (1 - _EE)) / (magic * sqrt_magic) * math.pi)
    d_lon = (d_lon * 180.0) / (_A / sqrt_magic * math.cos(rad) * math.pi)
    return lon + d_lon, lat + d_lat


def fingerprint(url: str) -> dict:
    """Row counts, the data version and a checksum of every site and village row."""
    with get_engine(url).connect() as conn:
        version = conn.execute(text("SELECT version FROM data_state WHERE id = 1")).scalar_one()
        sites = conn.execute(text("SELECT md5(string_agg(s::text, '|' ORDER BY id)) FROM site s")).scalar_one()
        villages = conn.execute(text("SELECT md5(string_agg(v::text, '|' ORDER BY code)) FROM village v")).scalar_one()
    return {"counts": row_counts(url), "version": version, "sites": sites, "villages": villages}


def villages(url: str, n: int) -> list[dict]:
    """``n`` villages of the loaded dataset with a position: code, name, township, lon, lat."""
    with get_engine(url).connect() as conn:
        rows = (
            conn.execute(
                text(
                    "SELECT v.code, v.name, t.name AS township, ST_X(v.location) AS lon, ST_Y(v.location) AS lat "
                    "FROM village v JOIN township t ON t.code = v.township_code WHERE v.location IS NOT NULL "
                    "ORDER BY v.code LIMIT :n"
                ),
                {"n": n},
            )
            .mappings()
            .all()
        )
    return [dict(r) for r in rows]


def gcj02_to_bd09(lon: float, lat: float) -> tuple[float, float]:
    """Baidu's published GCJ-02 -> BD-09 step."""
    x_pi = math.pi * 3000.0 / 180.0
    z = math.sqrt(lon * lon + lat * lat) + 0.00002 * math.sin(lat * x_pi)
    theta = math.atan2(lat, lon) + 0.000003 * math.cos(lon * x_pi)
    return z * math.cos(theta) + 0.0065, z * math.sin(theta) + 0.006
