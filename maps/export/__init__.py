"""Static export of registered maps: PNG, SVG and PDF at slide size (matplotlib).

``render_map(conn, name, options)`` draws any ``maps.spec.MapSpec`` from its layers'
own styles, legends and fields, so a map registered later exports without changes.
"""

from maps.export.options import FORMATS, ExportOptions
from maps.export.render import Rendered, render_map, render_spec

__all__ = ["FORMATS", "ExportOptions", "Rendered", "render_map", "render_spec"]
