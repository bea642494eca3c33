from fastapi import APIRouter
from fastapi.responses import JSONResponse

from api.dependencies import EngineDep, SettingsDep
from geo.errors import DatabaseUnavailable
from geo.store.database import ping

router = APIRouter(tags=["health"])


@router.get("/healthz")
def healthz(db: EngineDep, settings: SettingsDep) -> JSONResponse:
    """Within a second, always: ``ok``, or ``degraded`` naming what is down (503)."""
    try:
        # The app's engine's database, pinged on a connection outside its pool (never queued behind
        # busy or frozen pooled connections), bounded by the settings' db_health_timeout_s.
        ping(db.url.render_as_string(hide_password=False), settings.deadlines)
    except DatabaseUnavailable as exc:
        return JSONResponse(
            {"status": "degraded", "database": "unavailable", "down": ["database"], "error": exc.message},
            status_code=503,
        )
    return JSONResponse({"status": "ok", "database": "ok", "down": []})
