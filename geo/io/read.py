"""Read the files people have (GeoJSON, GeoPackage, Shapefile, CSV, XLSX) into frames.

Broken or unreadable files raise ``InvalidInput`` with a message a clerk understands;
nothing is written anywhere here.
"""

from __future__ import annotations

from pathlib import Path

import geopandas as gpd
import pandas as pd

from geo.errors import InvalidInput

VECTOR_SUFFIXES = {".geojson", ".json", ".gpkg", ".shp", ".zip", ".fgb"}
TABLE_SUFFIXES = {".csv", ".xlsx"}
LON_NAMES = ("lon", "lng", "longitude", "经度", "x")
LAT_NAMES = ("lat", "latitude", "纬度", "y")


def read_frame(path: str | Path) -> gpd.GeoDataFrame:
    """A GeoDataFrame from ``path``; tables with lon/lat columns become points with no CRS.

    Tables without coordinates come back with an empty geometry column.
    All attribute columns are read as text (codes keep their leading digits); the
    loader converts each column to its type with a clear error per row.
    """
    path = Path(path)
    if not path.exists():
        raise InvalidInput(f"找不到文件：{path}\nFile not found: {path}")
    suffix = path.suffix.lower()
    if suffix in VECTOR_SUFFIXES:
        return _read_vector(path)
    if suffix in TABLE_SUFFIXES:
        return _points_from_table(_read_table(path), path)
    raise InvalidInput(
        f"不支持的文件类型“{suffix}”。支持：GeoJSON、GeoPackage、Shapefile(.shp/.zip)、CSV、XLSX。\n"
        f"Unsupported file type '{suffix}'. Supported: GeoJSON, GeoPackage, Shapefile (.shp/.zip), CSV, XLSX."
    )


def _read_vector(path: Path) -> gpd.GeoDataFrame:
    try:
        gdf = gpd.read_file(path)
    except Exception as exc:  # pyogrio raises DataSourceError, DataLayerError, ...
        raise InvalidInput(
            f"文件已损坏或格式不对，无法读取：{path.name}（{_short(exc, path)}）\n"
            f"The file is broken or not in the format its name says and cannot be read: {path.name} ({_short(exc, path)})"
        ) from exc
    for column in gdf.columns:
        if column != gdf.geometry.name and gdf[column].dtype != object:
            gdf[column] = gdf[column].map(lambda v: None if pd.isna(v) else v)
    return gdf


def _read_table(path: Path) -> pd.DataFrame:
    try:
        if path.suffix.lower() == ".csv":
            return pd.read_csv(path, dtype=str, encoding="utf-8-sig", keep_default_na=False, na_values=[""])
        return pd.read_excel(path, dtype=str, engine="openpyxl")
    except UnicodeDecodeError as exc:
        raise InvalidInput(
            f"{path.name} 不是 UTF-8 编码。请在 Excel/WPS 中另存为“CSV UTF-8”。\n"
            f"{path.name} is not UTF-8 encoded; save it as 'CSV UTF-8' from Excel/WPS."
        ) from exc
    except Exception as exc:
        raise InvalidInput(
            f"表格文件已损坏或无法读取：{path.name}（{_short(exc, path)}）\n"
            f"The spreadsheet is broken or cannot be read: {path.name} ({_short(exc, path)})"
        ) from exc


def _points_from_table(df: pd.DataFrame, path: Path) -> gpd.GeoDataFrame:
    columns = {c.strip().lower(): c for c in df.columns}
    lon = next((columns[n] for n in LON_NAMES if n in columns), None)
    lat = next((columns[n] for n in LAT_NAMES if n in columns), None)
    if lon is None or lat is None:
        return gpd.GeoDataFrame(df, geometry=gpd.GeoSeries([None] * len(df), index=df.index), crs=None)
    xs = pd.to_numeric(df[lon].str.strip(), errors="coerce")
    ys = pd.to_numeric(df[lat].str.strip(), errors="coerce")
    bad = (xs.isna() | ys.isna()) & (df[lon].notna() | df[lat].notna())
    if bad.any():
        row = int(bad.idxmax()) + 2  # header is line 1
        raise InvalidInput(
            f"{path.name} 第 {row} 行的经纬度不是数字。\nLine {row} of {path.name}: longitude/latitude is not a number."
        )
    geometry = gpd.points_from_xy(xs, ys)
    geometry = gpd.GeoSeries(geometry, index=df.index).where(xs.notna() & ys.notna(), None)
    return gpd.GeoDataFrame(df.drop(columns=[lon, lat]), geometry=geometry, crs=None)


def _short(exc: Exception, path: Path) -> str:
    """The first line of a reader's error, naming the file by its name only (an upload's
    temporary folder is nobody's business)."""
    text = str(exc).strip().replace(str(path), path.name).replace(str(path.parent) + "/", "").splitlines()
    return text[0][:200] if text else type(exc).__name__
