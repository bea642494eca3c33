"""Who is asking, and may they: one dependency applied to every route of the app.

The identity comes from (in this order) an ``Authorization: Bearer`` token (scripts), the
session cookie (pages), or ``?token=`` (read-only embed tokens only). The rule comes from
the one table in ``api/access.py``, looked up by the matched route's path template.
"""

from __future__ import annotations

from urllib.parse import quote

from fastapi import Request

from api import access
from api.dependencies import LazyConnection, LazyConnectionDep
from geo.accounts import tokens
from geo.accounts.tokens import ANONYMOUS, Identity
from geo.privacy import rank

SESSION_COOKIE = "fieldmap_session"
STATE_KEY = "fieldmap"  # scope key holding a dict shared with the middlewares


class AccessDenied(Exception):
    """401 (who are you?) or 403 (not allowed); ``login`` says where a browser may log in."""

    def __init__(self, status: int, message: str, login: str | None = None, retry_after: int | None = None) -> None:
        super().__init__(message)
        self.status, self.message, self.login = status, message, login
        self.retry_after = retry_after  # seconds, for a 429


def _remember(request: Request, identity: Identity) -> None:
    request.state.identity = identity  # api.dependencies.current_identity
    holder = request.scope.get(STATE_KEY)
    if isinstance(holder, dict):
        holder["identity"] = identity


PLEASE_LOG_IN = "请先登录 / Please log in."


def credentials(request: Request) -> tuple[str | None, str | None, str | None]:
    """(bearer token, session cookie, ``?token=``) the request brings, each None when absent."""
    header = request.headers.get("authorization", "")
    bearer = header[7:].strip() if header.lower().startswith("bearer ") else None
    return bearer or None, request.cookies.get(SESSION_COOKIE) or None, request.query_params.get("token") or None


def anonymous_needs_login(request: Request, needed: str) -> bool:
    """A caller without an account is refused with 401 where ``needed`` is the role: above a viewer,
    or a viewer while public maps are off."""
    if needed == access.OPEN:
        return False
    return rank(needed) > rank("viewer") or not request.app.state.settings.public_maps


def identify(request: Request, db: LazyConnection) -> Identity:
    """The identity behind the request's credentials; anonymous when it brings none. The
    request's connection (``db()``) is opened only when the identity cache misses."""
    bearer, cookie, query = credentials(request)
    if not (bearer or cookie or query):
        return ANONYMOUS
    remembered = getattr(request.app.state, "identities", None)
    generation = remembered.generation if remembered is not None else 0
    if remembered is not None and not query:
        known = remembered.get(bearer or cookie)
        if known is not None and (known.kind == "session") == (bearer is None):
            return known
    conn = db()
    if bearer:
        found = tokens.resolve(conn, bearer)
        if found is None or found.kind == "session":
            raise AccessDenied(401, "令牌无效或已过期 / The token is invalid or has expired.")
        if remembered is not None:
            remembered.put(bearer, found, generation)
        return found
    if query:
        found = tokens.resolve(conn, query)
        # Powerful tokens never travel in URLs (logs, referrers): only embed tokens do.
        if found is None or found.kind != "embed":
            raise AccessDenied(401, "嵌入令牌无效或已过期 / The embed token is invalid or has expired.")
        return found
    found = tokens.resolve(conn, cookie or "")
    # An expired session cookie is simply no session.
    if found is None or found.kind != "session":
        return ANONYMOUS
    if remembered is not None:
        remembered.put(cookie, found, generation)
    return found


def enforce(request: Request, db: LazyConnectionDep) -> Identity:
    """App-wide dependency: find the route's rule, the caller's identity, and compare."""
    path = access.route_template(request) or request.url.path
    rule = access.rule_for(request.method, path)
    if rule is None:
        raise AccessDenied(403, f"此接口没有访问规则，已拒绝 / No access rule for {request.method} {path}; refused.")
    identity = identify(request, db)
    _remember(request, identity)
    if rule.role == access.OPEN:
        return identity
    params = {k: str(v) for k, v in request.path_params.items()}
    needed = rule.required_role(params)
    if identity.kind == "embed":
        if not rule.embed or params.get("name") != identity.map_name or rank(needed) > rank("viewer"):
            raise AccessDenied(403, "嵌入令牌只能打开它所属的地图 / An embed token opens only its own map.")
        return identity
    if identity.role is None and anonymous_needs_login(request, needed):
        raise AccessDenied(401, PLEASE_LOG_IN, login=login_url(request))
    role = identity.role or "viewer"  # anonymous with public maps on
    if rank(role) < rank(needed):
        raise AccessDenied(
            403,
            f"需要“{needed}”或更高角色，您的角色是“{role}” / "
            f"This needs the '{needed}' role or higher; yours is '{role}'.",
        )
    return identity


def effective_role(request: Request, identity: Identity) -> str | None:
    if identity.role:
        return identity.role
    return "viewer" if request.app.state.settings.public_maps else None


def client_address(request: Request) -> str:
    """Who is on the other end: the socket peer, or the proxy's X-Forwarded-For when trusted."""
    settings = request.app.state.settings
    if settings.trust_proxy_headers:
        forwarded = request.headers.get("x-forwarded-for", "").split(",")[0].strip()
        if forwarded:
            return forwarded[:64]
    return request.client.host if request.client else "unknown"


def came_over_https(request: Request) -> bool:
    settings = request.app.state.settings
    if settings.trust_proxy_headers and request.headers.get("x-forwarded-proto"):
        return request.headers["x-forwarded-proto"].split(",")[0].strip().lower() == "https"
    return request.url.scheme == "https"


def login_url(request: Request) -> str:
    target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
    return "/login?next=" + quote(target, safe="")
