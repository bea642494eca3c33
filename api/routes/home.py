from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from api import page_cache
from api.dependencies import ConnectionDep, IdentityDep, Lang
from api.security import effective_role
from geo.store.database import data_version
from maps.overview import build_overview

router = APIRouter(tags=["maps"])


@router.get("/", response_class=HTMLResponse)
def home(request: Request, conn: ConnectionDep, who: IdentityDep, lang: Lang = "zh") -> HTMLResponse:
    """The overview map of the county, townships, villages and sites."""
    version, changed_at = data_version(conn)
    key = (request.app.state.database_url, "/", lang, effective_role(request, who), version)
    page = page_cache.get_or_render(
        key, lambda: build_overview(conn, lang=lang, data_date=changed_at[:10]).get_root().render())
    return HTMLResponse(page)
