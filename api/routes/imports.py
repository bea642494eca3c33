"""Import a file over HTTP (admins): the same checks, report and all-or-nothing load as ``fieldmap load``.

Every table the command line takes is taken here (``geo.io.tables.SPECS``); ``dry_run=true``
checks and reports without writing anything. A refused file answers 422 with the full report.
The upload is a plain ``def``: FastAPI runs it in a worker thread, so copying the file to disk,
reading it and loading it never block the event loop; the load runs in the request's write
transaction (``WriteConnectionDep``), rolled back when the file is refused.
"""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Literal

from fastapi import APIRouter, File, Query, UploadFile
from fastapi.responses import Response

from api.dependencies import IdentityDep, SettingsDep, WriteConnectionDep
from api.schemas import PLAIN
from geo.io import upload
from geo.io.load import ImportOptions, import_into
from geo.io.roads import RoadSpeeds
from geo.io.tables import SPECS
from geo.io.template import build_template

router = APIRouter(tags=["data"])
if TYPE_CHECKING:
    Table = str
else:  # every table the command line takes: FastAPI checks and documents the choices
    Table = Literal[tuple(SPECS)]
CHUNK = 1024 * 1024
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@router.post("/imports/{table}")
def import_upload(
    table: Table,
    file: Annotated[
        UploadFile,
        File(description="GeoJSON, GeoPackage, zipped Shapefile, CSV or XLSX; roads also an OpenStreetMap .osm.pbf"),
    ],
    conn: WriteConnectionDep,
    settings: SettingsDep,
    who: IdentityDep,
    crs: Annotated[
        str | None,
        Query(max_length=40, pattern=PLAIN, description="wgs84, cgcs2000, gcj02 (高德/腾讯), bd09 (百度) or EPSG code"),
    ] = None,
    dry_run: Annotated[bool, Query(description="check and report only; nothing is written")] = False,
    strict: Annotated[bool, Query(description="warnings refuse the file too")] = False,
    ignore_columns: Annotated[
        str | None, Query(max_length=2000, pattern=PLAIN, description="comma-separated headers to ignore explicitly")
    ] = None,
    kind: Annotated[str | None, Query(max_length=60, pattern=PLAIN, description="kind for rows that give none")] = None,
    status: Annotated[
        str | None, Query(max_length=60, pattern=PLAIN, description="status for rows that give none")
    ] = None,
) -> dict:
    """Check and (unless ``dry_run``) load one file; a bad row anywhere means nothing is written."""
    suffix = upload.check_name(file.filename, table)
    options = ImportOptions(
        crs=crs or None,
        dry_run=dry_run,
        strict=strict,
        actor=who.actor,
        defaults={k: v for k, v in (("kind", kind), ("status", status)) if v and k in SPECS[table].columns},
        ignore_columns=tuple(c.strip() for c in (ignore_columns or "").replace("，", ",").split(",") if c.strip()),
        village_distance_m=settings.import_village_distance_m,
        clock_skew_minutes=settings.clock_skew_minutes,
        road_speeds=RoadSpeeds.from_settings(settings),
    )
    with tempfile.TemporaryDirectory(prefix="fieldmap-upload-") as folder:
        path = Path(folder) / f"upload{suffix}"
        size, head = 0, b""
        with path.open("wb") as out:
            while chunk := file.file.read(CHUNK):
                size += len(chunk)
                if size > settings.max_upload_bytes:
                    raise upload.too_large(settings.max_upload_bytes)
                head = head or chunk[:64]
                out.write(chunk)
        upload.check_content(suffix, head)
        report = import_into(conn, path, table, options, file.filename)
    return report.as_dict()


@router.get(
    "/imports/{table}/template.xlsx",
    response_class=Response,
    responses={200: {"content": {XLSX: {}}, "description": "the import template"}},
)
def import_template(table: Table) -> Response:
    """导入模板 / The import template: Chinese headers, an explanation row, drop-downs, coordinate systems."""
    return Response(
        build_template(table),
        media_type=XLSX,
        headers={"Content-Disposition": f"attachment; filename*=UTF-8''{table}-template.xlsx"},
    )
