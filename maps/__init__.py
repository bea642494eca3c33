"""Maps: specs (which layers make a map), the page builder, base maps and local assets.
Importing the package registers every map spec."""

from maps import coverage_spec  # noqa: F401  (registers MapSpec "coverage")
from maps import thematic  # noqa: F401  (registers logistics and inspections)
