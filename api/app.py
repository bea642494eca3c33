"""The FastAPI application."""

from __future__ import annotations

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles

from api import errors
from api.cache import RenderCache
from api.fastpath import FastPath
from api.routes import exports, health, home, indicators, inspection_photos, inspections, layers, maps, route_plans, trainings
from maps.assets import STATIC_DIRS, STATIC_PREFIX


def create_app(database_url: str) -> FastAPI:
    app = FastAPI(
        title="fieldmap 农村电商站点监测",
        description="芒市电子商务进农村综合示范项目：站点、覆盖、物流与督查地图 / Rural e-commerce field monitoring",
        version="0.1.0",
    )
    app.state.database_url = database_url
    app.state.cache = RenderCache()
    errors.install(app)
    # Cached pages and layers are answered before routing; see api.fastpath.
    app.add_middleware(FastPath, database_url=database_url, cache=app.state.cache)
    for name, folder in STATIC_DIRS.items():
        app.mount(f"{STATIC_PREFIX}/{name}", StaticFiles(directory=folder), name=f"static-{name}")
    app.include_router(exports.router)  # before any /maps/{name} page route
    app.include_router(health.router)
    app.include_router(home.router)
    app.include_router(maps.router)
    app.include_router(layers.router)
    app.include_router(inspections.router)
    app.include_router(inspection_photos.router)
    app.include_router(route_plans.router)
    app.include_router(indicators.router)
    app.include_router(trainings.router)
    return app
