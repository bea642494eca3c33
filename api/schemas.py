"""Shared pieces of request schemas, so OpenAPI says what the handlers really accept."""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated, Any

from pydantic import BeforeValidator, Field, StrictBool, StrictFloat

# At least one visible character and no control character (NUL, \x0b, ... ; tab, newline and
# carriage return are fine): the loaders strip text and treat blank as empty, PostgreSQL text
# cannot hold NUL, and XLSX/GPX/PPTX/SVG cannot hold the others (geo/text.py).
_C = r"\x00-\x08\x0b\x0c\x0e-\x1f\x7f"
TEXT = rf"^[^{_C}]*[^\s{_C}][^{_C}]*$"
PLAIN = rf"^[^{_C}]*$"  # any text, empty too, without control characters
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


def iso_datetime_body(value: object) -> object:
    """Body times are ISO 8601 text only: a bare number (``0``, ``false``) is not a time, though
    pydantic would read it as Unix time (1970-01-01)."""
    if isinstance(value, dt.datetime):
        return value
    if not isinstance(value, str):
        raise ValueError("expected an ISO 8601 date-time such as 2025-01-31T08:00:00+08:00")
    return iso_datetime(value)


def iso_date(value: object) -> object:
    """Dates are YYYY-MM-DD text only: a bare number (``0``, ``false``) is not a date, though
    pydantic would read it as Unix time."""
    if isinstance(value, dt.date):
        return value
    if not isinstance(value, str) or not re.match(r"^\d{4}-\d{2}-\d{2}$", value.strip()):
        raise ValueError("expected a date such as 2025-01-31")
    return value


def _integer(value: object) -> object:
    """A JSON integer (``12`` or ``12.0``, as JSON Schema's "integer" has it), never ``true`` or ``"12"``."""
    if value is not None and (isinstance(value, bool) or not isinstance(value, int | float)):
        raise ValueError("expected an integer")
    return value


# Strict field types for request bodies and queries: what the OpenAPI schema says (boolean,
# integer, number, string of format date) is all a handler takes; pydantic's lax coercions
# (false -> 0.0, 0 -> 1970-01-01, 0 -> False, "12" -> 12) are refused with 422.
Bool = StrictBool
Int = Annotated[int, BeforeValidator(_integer)]
# Optional: the validator wraps the union, so Field(ge=..., le=...) still reaches the schema.
OptInt = Annotated[int | None, BeforeValidator(_integer)]
Number = StrictFloat  # an integer too, never true/false or text
IsoDate = Annotated[dt.date, BeforeValidator(iso_date)]
IsoDateTime = Annotated[dt.datetime, BeforeValidator(iso_datetime_body)]


__all__ = [
    "CLOCK",
    "PLAIN",
    "TEXT",
    "Bool",
    "Int",
    "IsoDate",
    "IsoDateTime",
    "OptInt",
    "Number",
    "dt",
    "iso_date",
    "iso_datetime",
    "omitted",
]
