"""Maps: specs (which layers make a map), the page builder, base maps and local assets.
Importing the package registers every map spec, here and nowhere else."""

from maps.coverage_spec import COVERAGE
from maps.spec import register
from maps.thematic import FUNDS, INSPECTIONS, LOGISTICS, OVERVIEW

for _spec in (OVERVIEW, COVERAGE, LOGISTICS, INSPECTIONS, FUNDS):
    register(_spec)
