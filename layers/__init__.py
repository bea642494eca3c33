"""Map layers and their registry (``layers.registry.get(name)``)."""

from layers import registry
from layers.boundaries import COUNTY, TOWNSHIPS
from layers.coverage import LAYERS as COVERAGE_LAYERS
from layers.sites import SITES
from layers.villages import VILLAGES

for _layer in (COUNTY, TOWNSHIPS, VILLAGES, SITES, *COVERAGE_LAYERS):
    registry.register(_layer)
