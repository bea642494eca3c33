"""Photos of an inspection: upload (size and type checked) and download."""

from __future__ import annotations

from fastapi import APIRouter, UploadFile
from fastapi.responses import FileResponse, JSONResponse

from api.dependencies import ConnectionDep, SettingsDep, WriteConnectionDep
from geo.analysis import photos

router = APIRouter(tags=["inspections"])


@router.post("/inspections/{inspection_id}/photos", status_code=201)
def upload_photo(inspection_id: int, file: UploadFile, conn: WriteConnectionDep, settings: SettingsDep) -> JSONResponse:
    """上传照片（JPEG/PNG/WebP，按内容判断类型）/ upload a photo (type judged by content)."""
    # A plain def: FastAPI runs it in a worker thread, so the file read, the disk write and the
    # database never block the event loop. Read one byte past the limit: enough to refuse a
    # large file without holding all of it.
    data = file.file.read(settings.photo_max_bytes + 1)
    row = photos.store(
        conn, settings.photo_dir, inspection_id, data, settings.photo_max_bytes, file.filename, file.size
    )
    return JSONResponse({**row, "url": f"/inspections/{inspection_id}/photos/{row['id']}"}, status_code=201)


@router.get("/inspections/{inspection_id}/photos/{photo_id}")
def get_photo(inspection_id: int, photo_id: int, conn: ConnectionDep, settings: SettingsDep) -> FileResponse:
    path, content_type = photos.locate(conn, settings.photo_dir, inspection_id, photo_id)
    return FileResponse(path, media_type=content_type)
