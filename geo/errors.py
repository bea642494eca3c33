"""Domain errors. ``api/errors.py`` maps them to HTTP status codes; the CLI prints them."""

from __future__ import annotations


class FieldmapError(Exception):
    """Base class: ``message`` is written for a clerk, in Chinese first, English after."""

    def __init__(self, message: str, *, detail: dict | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.detail = detail or {}


class InvalidInput(FieldmapError):
    """Input a user supplied is wrong: bad CRS, broken file, unknown code, point outside county."""


class BadParameter(InvalidInput):
    """A query parameter with a value its API standard says answers 400 (OGC API – Features)."""


class NotFound(FieldmapError):
    """A named thing (layer, map, village code, site) does not exist."""


class Conflict(FieldmapError):
    """A write lost a race: the record changed since the writer read it (``detail['current']``)."""


class TooLarge(FieldmapError):
    """An upload is larger than the configured limit."""


class DatabaseUnavailable(FieldmapError):
    """PostGIS cannot be reached."""


class SetupError(FieldmapError):
    """The machine lacks something the service needs (e.g. PostGIS); the message says how to fix it."""


class ExtraMissing(FieldmapError):
    """An optional part of the install (``pip install 'fieldmap[EXTRA]'``) is not there."""
