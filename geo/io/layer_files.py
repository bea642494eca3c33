"""A layer's features as the files GIS staff and officials open: GeoJSON, GeoPackage,
Shapefile (zipped, with ``.cpg`` = UTF-8 and ``.prj``), CSV (UTF-8 with BOM) and XLSX.

Every format is written by GDAL (pyogrio); nothing here hand-writes a file format."""

from __future__ import annotations

import io
import tempfile
import zipfile
from pathlib import Path
from typing import TYPE_CHECKING

import geopandas as gpd
import pyogrio

from geo.errors import NotFound

if TYPE_CHECKING:
    import pandas as pd

FORMATS: dict[str, tuple[str, str]] = {  # suffix -> (GDAL driver, media type)
    "geojson": ("GeoJSON", "application/geo+json"),
    "gpkg": ("GPKG", "application/geopackage+sqlite3"),
    "shp.zip": ("ESRI Shapefile", "application/zip"),
    "csv": ("CSV", "text/csv; charset=utf-8"),
    "xlsx": ("XLSX", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
}
DBF_NAME_BYTES = 10  # a dBASE field name holds at most 10 bytes (3 Chinese characters in UTF-8)


def check_format(fmt: str) -> str:
    if fmt not in FORMATS:
        raise NotFound(
            f"不支持的格式“{fmt}”，可用：{', '.join(FORMATS)} / Unsupported format '{fmt}'; "
            f"use one of {', '.join(FORMATS)}.",
            detail={"valid": list(FORMATS)},
        )
    return fmt


def dbf_names(names: list[str]) -> list[str]:
    """Field names cut to 10 bytes at a character boundary, made unique with a number."""
    out: list[str] = []
    for name in names:
        cut = name
        while len(cut.encode("utf-8")) > DBF_NAME_BYTES:
            cut = cut[:-1]
        candidate, n = cut, 1
        while candidate in out:
            n += 1
            suffix = str(n)
            base = cut
            while len((base + suffix).encode("utf-8")) > DBF_NAME_BYTES:
                base = base[:-1]
            candidate = base + suffix
        out.append(candidate)
    return out


def write(
    frame: gpd.GeoDataFrame, fmt: str, layer_name: str, lon_lat: tuple[str, str] = ("lon", "lat"), wkt: str = "wkt"
) -> bytes:
    """``frame`` (EPSG:4326) as the bytes of a ``fmt`` file. CSV and XLSX carry points as
    longitude/latitude columns named ``lon_lat`` and other geometries as WKT in ``wkt``."""
    driver, _media = FORMATS[check_format(fmt)]
    with tempfile.TemporaryDirectory(prefix="fieldmap-layer-") as tmp:
        folder = Path(tmp)
        if fmt == "shp.zip":
            return _shapefile_zip(frame, folder, layer_name)
        if fmt in ("csv", "xlsx"):
            frame = _table(frame, lon_lat, wkt)
        path = folder / f"{layer_name}.{fmt}"
        options: dict = {}
        if fmt == "csv":
            options = {"WRITE_BOM": "YES"}
        if fmt == "geojson":
            options = {"RFC7946": "YES", "WRITE_NAME": "NO"}
        pyogrio.write_dataframe(frame, path, driver=driver, layer=layer_name, layer_options=options or None)
        return path.read_bytes()


def _table(frame: gpd.GeoDataFrame, lon_lat: tuple[str, str], wkt: str) -> pd.DataFrame:
    import pandas as pd

    table = pd.DataFrame(frame.drop(columns=frame.geometry.name))
    geoms = frame.geometry
    if len(frame) and (geoms.geom_type == "Point").all():
        table[lon_lat[0]] = geoms.x.round(7)
        table[lon_lat[1]] = geoms.y.round(7)
    else:
        table[wkt] = geoms.to_wkt(rounding_precision=7)
    return table


def _shapefile_zip(frame: gpd.GeoDataFrame, folder: Path, layer_name: str) -> bytes:
    renamed = frame.rename(
        columns=dict(
            zip(
                [c for c in frame.columns if c != frame.geometry.name],
                dbf_names([c for c in frame.columns if c != frame.geometry.name]),
            )
        )
    )
    path = folder / f"{layer_name}.shp"
    # ENCODING=UTF-8 writes the .cpg; the .prj comes from the frame's CRS
    pyogrio.write_dataframe(renamed, path, driver="ESRI Shapefile", layer_options={"ENCODING": "UTF-8"})
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for part in sorted(folder.iterdir()):
            z.write(part, part.name)
    return buf.getvalue()
