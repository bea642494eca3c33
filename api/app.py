"""The FastAPI application."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import Depends, FastAPI
from fastapi.staticfiles import StaticFiles

from api import access, docs, errors, openapi
from api.cache import RenderCache
from api.fastpath import FastPath
from api.identity_cache import IdentityCache
from api.limits import Slots
from api.middleware import BodyLimit, MethodCheck, PrivacyFilter, SecurityHeaders
from api.routes import (
    audit,
    auth,
    exports,
    flows,
    funds,
    health,
    home,
    import_page,
    imports,
    indicators,
    inspection_photos,
    inspections,
    layers,
    maps,
    ogc,
    reach,
    route_plans,
    sites,
    trainings,
    users,
)
from api.security import enforce
from api.upload_limits import login_first, upload_limit
from api.version_watch import VersionWatch
from geo.store.database import get_engine, install_deadlines
from geo.store.metric import with_county
from geo.store.settings import Settings, get_settings
from maps.assets import STATIC_DIRS, STATIC_PREFIX
from maps.i18n import county_name


@asynccontextmanager
async def _lifespan(app: FastAPI) -> AsyncIterator[None]:
    app.state.versions.start()
    try:
        yield
    finally:
        app.state.versions.stop()


def create_app(database_url: str, settings: Settings | None = None) -> FastAPI:
    install_deadlines()  # a frozen PostGIS makes requests answer 503 in seconds, never hang
    # the county's metric CRS and names travel with the settings (coverage layers measure in it)
    settings = with_county(settings or get_settings(), database_url)
    place_zh, place_en = county_name("zh", settings), county_name("en", settings)
    app = FastAPI(
        lifespan=_lifespan,
        title="fieldmap 农村电商站点监测",
        description=f"{place_zh}电子商务进农村综合示范项目：站点、覆盖、物流与督查地图 / "
        f"{place_en} rural e-commerce field monitoring",
        version="0.1.0",
        docs_url=None,  # api/docs.py serves /docs and /redoc from local assets (no CDN)
        redoc_url=None,
        # Every route passes the access table (api/access.py); see check_app below.
        dependencies=[Depends(enforce)],
    )
    app.state.database_url = database_url
    app.state.settings = settings
    # the one pooled engine of the app's routes, with the settings' deadlines (db_*_timeout_s)
    app.state.engine = get_engine(database_url, settings.deadlines)
    # Rendered pages and layers are cached per data version inside their routes, behind the
    # access rules and the privacy filter (an earlier before-routing fast path skipped both).
    app.state.cache = RenderCache()
    app.state.export_slots = Slots(app.state.settings.export_concurrency)
    # The data version, pushed to this worker by LISTEN/NOTIFY (a periodic read as safety net):
    # cache hits need no round trip. Started with the app, stopped with it.
    app.state.versions = VersionWatch(database_url, app.state.settings.version_check_seconds, app.state.engine)
    app.state.identities = IdentityCache(app.state.versions)
    errors.install(app)
    openapi.install(app)
    docs.install(app)
    for name, folder in STATIC_DIRS.items():
        app.mount(f"{STATIC_PREFIX}/{name}", StaticFiles(directory=folder), name=f"static-{name}")
    app.include_router(exports.router)  # before any /maps/{name} page route
    app.include_router(health.router)
    app.include_router(home.router)
    app.include_router(maps.router)
    app.include_router(layers.router)
    app.include_router(ogc.router)
    app.include_router(inspections.router)
    app.include_router(inspection_photos.router)
    app.include_router(route_plans.router)
    app.include_router(funds.router)
    app.include_router(indicators.router)
    app.include_router(trainings.router)
    app.include_router(auth.router)
    app.include_router(users.router)
    app.include_router(audit.router)
    app.include_router(imports.router)
    app.include_router(import_page.router)
    app.include_router(sites.router)
    app.include_router(reach.router)
    app.include_router(flows.router)
    # 405 with the full Allow header, before routing and the access check (cache hits skip it).
    app.add_middleware(MethodCheck, routes=app.router.routes)
    # Cache hits for anonymous visitors, answered before routing but inside the privacy filter.
    app.add_middleware(FastPath, cache=app.state.cache, watch=app.state.versions, identities=app.state.identities)
    app.add_middleware(PrivacyFilter, exempt=(app.openapi_url,) if app.openapi_url else ())
    # 413 as the bytes arrive: every request, and each upload route at its file's own limit;
    # 401 before reading an upload that brings no credentials to a route that needs an account
    app.add_middleware(
        BodyLimit, max_bytes=app.state.settings.max_request_bytes, uploads=upload_limit, login_first=login_first
    )
    app.add_middleware(SecurityHeaders)  # outermost: every answer, the 413s and fast-path hits too
    access.check_app(app)
    return app
