"""``uvicorn bench.asgi:app_factory --factory`` over ``DATABASE_URL`` (used by the benchmarks)."""

from api.asgi import app_factory  # noqa: F401
