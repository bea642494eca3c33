"""Shared pieces of request schemas, so OpenAPI says what the handlers really accept."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from pydantic import Field

# At least one visible character and no NUL: the loaders strip text and treat blank as empty,
# and PostgreSQL text cannot hold NUL. Python's str.strip() also strips \x1c-\x1f.
TEXT = r"^[^\x00]*[^\s\x00\x1c-\x1f][^\x00]*$"
CLOCK = r"^([01][0-9]|2[0-3]):[0-5][0-9]$"  # HH:MM
ISO_DATETIME = re.compile(r"^\d{4}-\d{2}-\d{2}")


def _no_default(schema: dict[str, Any]) -> None:
    schema.pop("default", None)


def omitted(**kwargs: Any) -> Any:  # noqa: ANN401 - a pydantic Field
    """A PATCH field: leave it out to keep the value; null is not a value (the schema says so)."""
    return Field(default=None, json_schema_extra=_no_default, **kwargs)


def iso_datetime(value: object) -> object:
    """Query times are ISO 8601 text only; pydantic would also take a bare number as Unix time."""
    if isinstance(value, str) and not ISO_DATETIME.match(value.strip()):
        raise ValueError("expected an ISO 8601 date-time such as 2025-01-31T08:00:00+08:00")
    return value


__all__ = ["CLOCK", "TEXT", "dt", "iso_datetime", "omitted"]
