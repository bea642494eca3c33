from fastapi import APIRouter
from fastapi.responses import JSONResponse

from api.dependencies import DatabaseUrl
from geo.errors import DatabaseUnavailable
from geo.store.database import ping

router = APIRouter(tags=["health"])


@router.get("/healthz")
def healthz(url: DatabaseUrl) -> JSONResponse:
    try:
        ping(url)
    except DatabaseUnavailable as exc:
        return JSONResponse({"status": "degraded", "database": "unavailable", "error": exc.message}, status_code=503)
    return JSONResponse({"status": "ok", "database": "ok"})
