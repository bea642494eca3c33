"""``uvicorn api.asgi:app_factory --factory``: the app over ``DATABASE_URL``, one per worker process
(used by ``fieldmap serve --workers N`` and the benchmarks)."""

import os

from fastapi import FastAPI

from api.app import create_app


def app_factory() -> FastAPI:
    return create_app(os.environ.get("FIELDMAP_DATABASE_URL") or os.environ["DATABASE_URL"])
