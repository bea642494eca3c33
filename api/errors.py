"""Domain errors -> HTTP status codes, always as a JSON body with a clear message."""

from __future__ import annotations

import logging
from http import HTTPStatus

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from sqlalchemy.exc import DataError, DBAPIError, OperationalError
from sqlalchemy.exc import TimeoutError as PoolTimeout
from starlette.exceptions import HTTPException as StarletteHTTPException

from api.limits import Busy
from api.security import AccessDenied
from geo.errors import (
    BadParameter,
    Conflict,
    DatabaseUnavailable,
    ExtraMissing,
    FieldmapError,
    InvalidInput,
    NotFound,
    SetupError,
    TooLarge,
)
from geo.text import CONTROL

log = logging.getLogger("fieldmap.api")

STATUS = {
    BadParameter: 400,
    InvalidInput: 422,
    NotFound: 404,
    Conflict: 409,
    TooLarge: 413,
    DatabaseUnavailable: 503,
    SetupError: 500,
    ExtraMissing: 501,
}
BUSY = "服务繁忙，请稍后再试。/ The service is busy; please try again shortly."
HTTP_MESSAGES = {
    400: "请求内容无法解析 / The request body could not be parsed.",
    404: "没有这个地址 / Not found.",
    405: "此地址不支持该请求方法 / Method not allowed here.",
    413: "请求过大 / The request is too large.",
}
PARSE_ERROR = "There was an error parsing the body"  # FastAPI's own words for a malformed body
BAD_VALUE = "输入的值超出允许范围或格式不对 / A value in the request is out of range or malformed."
NUL_TEXT = "输入中含有不允许的空字符（NUL）/ The input contains NUL characters, which are not allowed."
DB_DOWN = "数据库暂时无法连接，请稍后再试。/ The database cannot be reached right now; please try again shortly."


DB_DOWN_PAGE = """<!doctype html><html lang="zh-CN"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1"><meta http-equiv="refresh" content="30">
<title>暂时无法访问 · fieldmap</title><style>body{font-family:sans-serif;max-width:36rem;margin:4rem auto;padding:0 1rem}
.en{color:#555}</style></head><body><h1>数据库暂时无法连接</h1><p>请稍后再试，本页每 30 秒自动刷新。</p>
<p class="en" lang="en">The database cannot be reached right now; please try again shortly. This page reloads every 30 s.</p>
</body></html>"""


def _wants_page(request: Request) -> bool:
    return request.method == "GET" and "text/html" in request.headers.get("accept", "")


def database_down(request: Request) -> Response:
    """503: an HTML page for a browser asking for a page, the JSON error shape for everyone else."""
    headers = {"Retry-After": "30"}
    if _wants_page(request):
        return HTMLResponse(DB_DOWN_PAGE, status_code=503, headers=headers)
    return JSONResponse({"error": DB_DOWN}, status_code=503, headers=headers)


def install(app: FastAPI) -> None:
    @app.exception_handler(FieldmapError)
    async def _domain(request: Request, exc: FieldmapError) -> Response:
        if isinstance(exc, DatabaseUnavailable):
            return database_down(request)
        status = next((code for cls, code in STATUS.items() if isinstance(exc, cls)), 400)
        return JSONResponse({"error": exc.message, **exc.detail}, status_code=status)

    @app.exception_handler(OperationalError)
    async def _db_down(request: Request, exc: OperationalError) -> Response:
        log.warning("database unavailable: %s", exc.orig)
        return database_down(request)

    @app.exception_handler(DataError)
    async def _bad_value(_request: Request, exc: DataError) -> JSONResponse:
        # The database refused a value (out of range, malformed): the input was bad, not the server.
        log.info("value refused by the database: %s", exc.orig)
        return JSONResponse({"error": BAD_VALUE}, status_code=422)

    @app.exception_handler(DBAPIError)
    async def _db_error(request: Request, exc: DBAPIError) -> Response:
        if exc.connection_invalidated:  # the server went away mid-request
            log.warning("database connection lost: %s", exc.orig)
            return database_down(request)
        log.exception("database error")
        return JSONResponse({"error": "服务器内部错误 / Internal server error"}, status_code=500)

    @app.exception_handler(Busy)
    async def _too_many(_request: Request, exc: Busy) -> JSONResponse:
        return JSONResponse({"error": exc.message}, status_code=429, headers={"Retry-After": str(exc.retry_after)})

    @app.exception_handler(PoolTimeout)
    async def _busy(_request: Request, _exc: PoolTimeout) -> JSONResponse:
        return JSONResponse({"error": BUSY}, status_code=503, headers={"Retry-After": "5"})

    @app.exception_handler(AccessDenied)
    async def _denied(request: Request, exc: AccessDenied) -> Response:
        # A browser asking for a page is sent to the login form; scripts get JSON.
        if exc.login and request.method == "GET" and "text/html" in request.headers.get("accept", ""):
            return RedirectResponse(exc.login, status_code=303)
        body = {"error": exc.message, **({"login": exc.login} if exc.login else {})}
        headers = {"WWW-Authenticate": "Bearer"} if exc.status == 401 else None
        if exc.retry_after:
            headers = {"Retry-After": str(exc.retry_after)}
        return JSONResponse(body, status_code=exc.status, headers=headers)

    @app.exception_handler(StarletteHTTPException)
    async def _http(_request: Request, exc: StarletteHTTPException) -> JSONResponse:
        default = HTTPStatus(exc.status_code).phrase if exc.status_code in HTTPStatus._value2member_map_ else None
        message = (
            HTTP_MESSAGES.get(exc.status_code, str(exc.detail))
            if exc.detail in (None, default, PARSE_ERROR)
            else str(exc.detail)
        )
        return JSONResponse({"error": message}, status_code=exc.status_code, headers=getattr(exc, "headers", None))

    @app.exception_handler(RequestValidationError)
    async def _validation(_request: Request, exc: RequestValidationError) -> JSONResponse:
        problems = [f"{'.'.join(str(p) for p in e['loc'])}: {_msg(e)}{_got(e)}" for e in exc.errors()]
        return JSONResponse(
            {"error": "请求参数有误 / Invalid request parameters: " + "; ".join(problems)}, status_code=422
        )

    @app.exception_handler(ValueError)
    async def _value(_request: Request, exc: ValueError) -> JSONResponse:
        # psycopg2 refuses text with NUL characters before sending it: the input was bad.
        if "NUL (0x00)" in str(exc):
            return JSONResponse({"error": NUL_TEXT}, status_code=422)
        log.exception("unexpected error")
        return JSONResponse({"error": "服务器内部错误 / Internal server error"}, status_code=500)

    @app.exception_handler(Exception)
    async def _unexpected(_request: Request, exc: Exception) -> JSONResponse:
        log.exception("unexpected error")
        return JSONResponse({"error": "服务器内部错误 / Internal server error"}, status_code=500)


def _msg(error: dict) -> str:
    value = error.get("input")
    if isinstance(value, str) and (found := CONTROL.search(value)):
        return (
            f"含有不允许的控制字符 U+{ord(found.group()):04X} / contains the control character "
            f"U+{ord(found.group()):04X}, which is not allowed"
        )
    return error["msg"]


def _got(error: dict) -> str:
    """The offending value, when it is short enough to quote (e.g. the format 'gif')."""
    value = error.get("input")
    if isinstance(value, str) and CONTROL.search(value):
        return ""  # the message names the character; the value would not print
    if isinstance(value, (str, int, float)) and not isinstance(value, bool) and len(str(value)) <= 40:
        return f" (got {value!r})"
    return ""
