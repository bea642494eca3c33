"""Maps: specs (which layers make a map), the page builder, base maps and local assets."""

from maps import thematic  # noqa: F401  (registers logistics and inspections)
