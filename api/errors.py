"""Domain errors -> HTTP status codes, always as a JSON body with a clear message."""

from __future__ import annotations

import logging

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from sqlalchemy.exc import OperationalError

from geo.errors import Conflict, DatabaseUnavailable, FieldmapError, InvalidInput, NotFound, SetupError, TooLarge

log = logging.getLogger("fieldmap.api")

STATUS = {InvalidInput: 422, NotFound: 404, Conflict: 409, TooLarge: 413, DatabaseUnavailable: 503, SetupError: 500}
DB_DOWN = "数据库暂时无法连接，请稍后再试。/ The database cannot be reached right now; please try again shortly."


def install(app: FastAPI) -> None:
    @app.exception_handler(FieldmapError)
    async def _domain(_request: Request, exc: FieldmapError) -> JSONResponse:
        status = next((code for cls, code in STATUS.items() if isinstance(exc, cls)), 400)
        return JSONResponse({"error": exc.message, **exc.detail}, status_code=status)

    @app.exception_handler(OperationalError)
    async def _db_down(_request: Request, exc: OperationalError) -> JSONResponse:
        log.warning("database unavailable: %s", exc.orig)
        return JSONResponse({"error": DB_DOWN}, status_code=503)

    @app.exception_handler(RequestValidationError)
    async def _validation(_request: Request, exc: RequestValidationError) -> JSONResponse:
        problems = [f"{'.'.join(str(p) for p in e['loc'])}: {e['msg']}" for e in exc.errors()]
        return JSONResponse({"error": "请求参数有误 / Invalid request parameters: " + "; ".join(problems)}, status_code=422)

    @app.exception_handler(Exception)
    async def _unexpected(_request: Request, exc: Exception) -> JSONResponse:
        log.exception("unexpected error")
        return JSONResponse({"error": "服务器内部错误 / Internal server error"}, status_code=500)
