"""Log in and out (session cookie for pages), script tokens and embed tokens."""

from __future__ import annotations

import datetime as dt
import html
from typing import Annotated, Literal

from fastapi import APIRouter, Form, Query, Request
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from pydantic import BaseModel, Field

from api.dependencies import IdentityDep, Lang, SettingsDep, WriteConnectionDep
from api.schemas import PLAIN, OptInt
from api.security import SESSION_COOKIE, AccessDenied, came_over_https, client_address, effective_role
from geo.accounts import tokens, users
from geo.errors import InvalidInput
from geo.privacy import rank
from geo.store import audit
from maps import spec as map_specs
from maps.i18n import html_lang, word

router = APIRouter(tags=["auth"])

_WORDS = {
    "title": ("登录 · fieldmap", "Log in · fieldmap"),
    "user": ("用户名", "Username"),
    "password": ("密码", "Password"),
    "submit": ("登录", "Log in"),
    "failed": ("用户名或密码不正确", "Wrong username or password"),
}


def _w(key: str, lang: str) -> str:
    return word(_WORDS, key, lang)


def _safe_next(target: str | None) -> str:
    # Only paths on this site: never an open redirect to another host.
    if not target or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return "/"
    return target


def _login_page(lang: str, next_url: str, error: str | None = None) -> str:
    err = f'<p class="err" role="alert">{html.escape(error)}</p>' if error else ""
    return f"""<!doctype html><html lang="{html_lang(lang)}"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1"><title>{_w("title", lang)}</title>
<style>body{{font-family:sans-serif;max-width:22rem;margin:4rem auto;padding:0 1rem}}label{{display:block;margin:.8rem 0 .2rem}}
input{{width:100%;padding:.4rem;box-sizing:border-box}}button{{margin-top:1rem;padding:.5rem 1.2rem}}.err{{color:#c53030}}</style>
</head><body><h1>fieldmap</h1>{err}
<form method="post" action="/auth/login"><input type="hidden" name="next" value="{html.escape(next_url)}">
<label for="u">{_w("user", lang)}</label><input id="u" name="username" autocomplete="username" required>
<label for="p">{_w("password", lang)}</label><input id="p" name="password" type="password" autocomplete="current-password" required>
<button type="submit">{_w("submit", lang)}</button></form></body></html>"""


class LockedOut(AccessDenied):
    def __init__(self, seconds: int) -> None:
        minutes = max(1, -(-seconds // 60))
        super().__init__(
            429,
            f"登录失败次数过多，请 {minutes} 分钟后再试 / Too many failed logins; try again in {minutes} minutes.",
            retry_after=seconds,
        )


def _refuse_if_locked(conn, username: str, address: str) -> None:  # noqa: ANN001
    seconds = users.lockout_seconds(conn, username, address)
    if seconds > 0:
        raise LockedOut(seconds)


def _failed(conn, username: str, address: str) -> None:  # noqa: ANN001
    users.record_failure(conn, username, address, known=users.exists(conn, username))
    conn.commit()  # the failure counts even though the answer is an error


@router.get("/login", response_class=HTMLResponse)
def login_page(lang: Lang = "zh", next: Annotated[str, Query(max_length=2000)] = "/") -> HTMLResponse:  # noqa: A002
    """The login form for pages."""
    return HTMLResponse(_login_page(lang, _safe_next(next)))


@router.post("/auth/login", responses={303: {"description": "logged in; redirect to `next`"}})
def login(
    request: Request,
    conn: WriteConnectionDep,
    settings: SettingsDep,
    username: Annotated[str, Form(min_length=1, max_length=64, pattern=users.USERNAME.pattern)],
    password: Annotated[str, Form(min_length=1, max_length=256)],
    next: Annotated[str, Form(max_length=2000, pattern=PLAIN)] = "/",  # noqa: A002
    lang: Lang = "zh",
) -> Response:
    """Check the password and set an HttpOnly, SameSite=Lax session cookie."""
    address = client_address(request)
    _refuse_if_locked(conn, username, address)
    user = users.authenticate(conn, username, password)
    if user is None:
        _failed(conn, username, address)
        if "text/html" in request.headers.get("accept", ""):
            return HTMLResponse(_login_page(lang, _safe_next(next), _w("failed", lang)), status_code=401)
        return JSONResponse({"error": "用户名或密码不正确 / Wrong username or password."}, status_code=401)
    users.clear_failures(conn, username, address)
    raw = tokens.issue(conn, user["id"], "session", actor=user["username"])
    audit.record(conn, user["username"], "login", "app_user", user["username"])
    response = RedirectResponse(_safe_next(next), status_code=303)
    response.set_cookie(
        SESSION_COOKIE,
        raw,
        max_age=tokens.SESSION_HOURS * 3600,
        httponly=True,
        samesite="lax",
        secure=settings.cookie_secure or came_over_https(request),
        path="/",
    )
    return response


@router.post("/auth/logout")
def logout(request: Request, conn: WriteConnectionDep, who: IdentityDep) -> JSONResponse:
    """End the session of this browser (script tokens stay valid until revoked)."""
    raw = request.cookies.get(SESSION_COOKIE)
    if raw:
        tokens.revoke(conn, raw, actor=who.actor)
    response = JSONResponse({"status": "logged out"})
    response.delete_cookie(SESSION_COOKIE, path="/", httponly=True, samesite="lax")
    return response


class Me(BaseModel):
    username: str | None
    role: str | None
    kind: str
    public_maps: bool


@router.get("/auth/me", response_model=Me)
def me(request: Request, who: IdentityDep, settings: SettingsDep) -> Me:
    """Who the service thinks you are, and with which role."""
    return Me(username=who.username, role=effective_role(request, who), kind=who.kind, public_maps=settings.public_maps)


class TokenRequest(BaseModel):
    username: str = Field(pattern=users.USERNAME.pattern)
    password: str = Field(max_length=256)
    name: str | None = Field(default=None, max_length=200, pattern=PLAIN, description="what the token is for")
    days: OptInt = Field(default=None, ge=1, le=3650, description="valid for this many days (default: until revoked)")


class TokenAnswer(BaseModel):
    token: str
    kind: Literal["api", "embed"]
    role: str
    expires_at: str | None
    url: str | None = None


@router.post("/auth/tokens", response_model=TokenAnswer, status_code=201)
def create_token(request: Request, body: TokenRequest, conn: WriteConnectionDep) -> TokenAnswer:
    """A bearer token for scripts (``Authorization: Bearer …``), with the role of its owner."""
    address = client_address(request)
    _refuse_if_locked(conn, body.username, address)
    user = users.authenticate(conn, body.username, body.password)
    if user is None:
        _failed(conn, body.username, address)
        raise AccessDenied(401, "用户名或密码不正确 / Wrong username or password.")
    users.clear_failures(conn, body.username, address)
    ttl = dt.timedelta(days=body.days) if body.days else None
    raw = tokens.issue(conn, user["id"], "api", actor=user["username"], name=body.name, ttl=ttl)
    expires = (dt.datetime.now(dt.UTC) + ttl).isoformat() if ttl else None
    return TokenAnswer(token=raw, kind="api", role=user["role"], expires_at=expires)


class EmbedRequest(BaseModel):
    map: str = Field(max_length=64, pattern=PLAIN, description="name of the published map")
    days: OptInt = Field(default=365, ge=1, le=3650)


@router.post("/auth/embed-tokens", response_model=TokenAnswer, status_code=201)
def create_embed_token(body: EmbedRequest, conn: WriteConnectionDep, who: IdentityDep) -> TokenAnswer:
    """A read-only token that opens one published map (as a viewer) in an embed."""
    map_specs.get(body.map)  # 404 with the valid names
    if rank(map_specs.get(body.map).min_role) > rank("viewer"):  # an embed opens a map as a viewer
        raise InvalidInput(
            f"地图“{body.map}”不公开，不能生成嵌入令牌 / The map '{body.map}' is not public, so it cannot be embedded.",
            detail={"map": body.map},
        )
    user = users.get_user(conn, who.username or "")
    ttl = dt.timedelta(days=body.days) if body.days else None
    raw = tokens.issue(conn, user["id"], "embed", actor=user["username"], map_name=body.map, ttl=ttl)
    expires = (dt.datetime.now(dt.UTC) + ttl).isoformat() if ttl else None
    return TokenAnswer(
        token=raw, kind="embed", role="viewer", expires_at=expires, url=f"/maps/{body.map}?embed=1&token={raw}"
    )
