"""``uvicorn bench.asgi:app_factory --factory`` over ``DATABASE_URL`` (used by the benchmarks)."""

import os

from api.app import create_app


def app_factory():  # noqa: ANN201
    return create_app(os.environ["DATABASE_URL"])
