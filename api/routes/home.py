from fastapi import APIRouter
from fastapi.responses import HTMLResponse

from api.dependencies import ConnectionDep, Lang
from geo.store.database import data_version
from maps.overview import build_overview

router = APIRouter(tags=["maps"])


@router.get("/", response_class=HTMLResponse)
def home(conn: ConnectionDep, lang: Lang = "zh") -> HTMLResponse:
    """The overview map of the county, townships, villages and sites."""
    _version, changed_at = data_version(conn)
    page = build_overview(conn, lang=lang, data_date=changed_at[:10])
    return HTMLResponse(page.get_root().render())
