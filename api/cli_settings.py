"""The command line's settings: read from the environment (``FIELDMAP_*``, ``DATABASE_URL``) and
``.env`` each time a command asks, never cached.

A command is one process in production, so reading once per command is reading once. Tests invoke
commands in-process (``CliRunner().invoke(..., env={...})``) with their own environment; without a
cache each invocation sees its own, and nothing has to be cleared. The service reads its settings
once, in the app factory (``api/app.py``); everything below the CLI and the app takes them as
arguments.
"""

from __future__ import annotations

from geo.store.settings import Settings


def cli_settings() -> Settings:
    return Settings()
