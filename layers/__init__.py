"""Map layers and their registry (``layers.registry.get(name)``)."""

from layers import registry
from layers.boundaries import COUNTY, TOWNSHIPS
from layers.routes import ROUTE_PATH, ROUTE_STOPS
from layers.sites import SITES
from layers.villages import VILLAGES

for _layer in (COUNTY, TOWNSHIPS, VILLAGES, SITES, ROUTE_PATH, ROUTE_STOPS):
    registry.register(_layer)
