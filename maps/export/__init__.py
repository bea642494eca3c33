"""Static export of registered maps: PNG, SVG and PDF at slide size (matplotlib).

``render_map(conn, name, options)`` draws any ``maps.spec.MapSpec`` from its layers'
own styles, legends and fields, so a map registered later exports without changes.

matplotlib is the ``exports`` extra: ``ExportOptions`` and the size limits import without it;
``render_map``/``render_spec``/``Rendered`` load ``maps.export.render`` on first use and raise
``geo.errors.ExtraMissing`` (501) when matplotlib is not installed.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from geo.extras import needs
from maps.export.options import FORMATS, ExportOptions

if TYPE_CHECKING:
    from maps.export.render import Rendered, render_map, render_spec

__all__ = ["FORMATS", "ExportOptions", "Rendered", "render_map", "render_spec"]

_LAZY = {"Rendered", "render_map", "render_spec"}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        with needs("exports"):
            render = importlib.import_module("maps.export.render")
        return getattr(render, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
