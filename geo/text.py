"""Control characters: what a clerk's paste brings (vertical tab, form feed, NUL, ...).

XML (XLSX, PPTX, GPX, SVG) cannot hold C0 control characters other than tab, newline and
carriage return, and they carry no meaning in a name or a finding. The API refuses them at
the edge (api/schemas.py); imports strip them; every writer strips them regardless."""

from __future__ import annotations

import re

# C0 controls except \t \n \r, and DEL: the characters XML 1.0 and spreadsheets refuse.
CONTROL_CHARS = "\x00-\x08\x0b\x0c\x0e-\x1f\x7f"
CONTROL = re.compile(f"[{CONTROL_CHARS}]")


def printable(text: str) -> str:
    """``text`` without control characters (tab, newline and carriage return stay)."""
    return CONTROL.sub("", text)


def printable_value(value: object) -> object:
    """Strings cleaned with :func:`printable`; every other value as it is."""
    return printable(value) if isinstance(value, str) else value
