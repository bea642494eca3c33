from fastapi import APIRouter
from fastapi.responses import JSONResponse

from api.dependencies import DatabaseUrl, SettingsDep
from geo.errors import DatabaseUnavailable
from geo.store.database import ping

router = APIRouter(tags=["health"])


@router.get("/healthz")
def healthz(url: DatabaseUrl, settings: SettingsDep) -> JSONResponse:
    """Within a second, always: ``ok``, or ``degraded`` naming what is down (503)."""
    try:
        # bounded: the settings' db_health_timeout_s, on its own connection (never queued behind the pool)
        ping(url, settings.deadlines)
    except DatabaseUnavailable as exc:
        return JSONResponse(
            {"status": "degraded", "database": "unavailable", "down": ["database"], "error": exc.message},
            status_code=503,
        )
    return JSONResponse({"status": "ok", "database": "ok", "down": []})
