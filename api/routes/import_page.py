"""The admin page for imports: ``GET /imports`` (zh; ``lang=en`` for English)."""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.responses import HTMLResponse

from api.dependencies import Lang
from geo.io.tables import SPECS
from maps.import_page import import_page

router = APIRouter(tags=["data"])


@router.get("/imports", response_class=HTMLResponse)
def imports_page(lang: Lang = "zh") -> HTMLResponse:
    """数据导入页面 / The import page: table, file, coordinate system, dry-run report, confirm."""
    return HTMLResponse(import_page([(s.name, s.title_zh) for s in SPECS.values()], lang))
