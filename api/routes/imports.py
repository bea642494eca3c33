"""Import a file over HTTP (admins): the same all-or-nothing loader as ``fieldmap load``."""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Annotated, Literal

from fastapi import APIRouter, File, Query, UploadFile
from fastapi.concurrency import run_in_threadpool

from api.schemas import PLAIN
from api.dependencies import DatabaseUrl, IdentityDep, SettingsDep
from geo.io import upload
from geo.io.load import load_file
from geo.io.roads import RoadSpeeds

router = APIRouter(tags=["data"])
Table = Literal["county", "township", "village", "site", "specialty_village", "inspection",
                "fund_item", "fund_payment", "asset", "inspection_asset"]
CHUNK = 1024 * 1024


@router.post("/imports/{table}")
async def import_file(
    table: Table,
    file: Annotated[UploadFile, File(description="GeoJSON, GeoPackage, zipped Shapefile, CSV or XLSX")],
    url: DatabaseUrl,
    settings: SettingsDep,
    who: IdentityDep,
    crs: Annotated[str | None, Query(max_length=40, pattern=PLAIN, description="wgs84, cgcs2000, gcj02, bd09 or EPSG code")] = None,
) -> dict:
    """Validate and load one file; a bad row anywhere means nothing is written."""
    suffix = upload.check_name(file.filename)
    with tempfile.TemporaryDirectory(prefix="fieldmap-upload-") as folder:
        path = Path(folder) / f"upload{suffix}"
        size, head = 0, b""
        with path.open("wb") as out:
            while chunk := await file.read(CHUNK):
                size += len(chunk)
                if size > settings.max_upload_bytes:
                    raise upload.too_large(settings.max_upload_bytes)
                head = head or chunk[:64]
                out.write(chunk)
        upload.check_content(suffix, head)
        report = await run_in_threadpool(load_file, url, path, table, crs, who.actor, RoadSpeeds.from_settings(settings))
    return {**report.as_dict(), "file": file.filename}
