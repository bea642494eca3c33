from fastapi import APIRouter
from fastapi.responses import JSONResponse

from api.dependencies import DatabaseUrl
from geo.errors import DatabaseUnavailable
from geo.store.database import ping

router = APIRouter(tags=["health"])


@router.get("/healthz")
def healthz(url: DatabaseUrl) -> JSONResponse:
    """Within a second, always: ``ok``, or ``degraded`` naming what is down (503)."""
    try:
        ping(url)  # bounded: HEALTH_TIMEOUT_S, on its own connection (never queued behind the pool)
    except DatabaseUnavailable as exc:
        return JSONResponse(
            {"status": "degraded", "database": "unavailable", "down": ["database"], "error": exc.message},
            status_code=503,
        )
    return JSONResponse({"status": "ok", "database": "ok", "down": []})
