"""Map layers and their registry (``layers.registry.get(name)``)."""

from layers import registry
from layers.boundaries import COUNTY, TOWNSHIPS
from layers.context import SEATS
from layers.coverage import LAYERS as COVERAGE_LAYERS
from layers.flows import LAYERS as FLOW_LAYERS
from layers.funds import LAYERS as FUND_LAYERS
from layers.inspections import INSPECTION_STATUS, INSPECTIONS
from layers.logistics import LOGISTICS_NETWORK
from layers.reach import LAYERS as REACH_LAYERS
from layers.roads import ROADS
from layers.routes import ROUTE_PATH, ROUTE_STOPS
from layers.site_groups import LIVE_STREAMING, LOGISTICS_HUBS, SERVICE_CENTRE, STATIONS
from layers.sites import SITES
from layers.specialty import SPECIALTY_VILLAGES
from layers.villages import VILLAGES

for _layer in (COUNTY, TOWNSHIPS, VILLAGES, SITES, *COVERAGE_LAYERS, ROUTE_PATH, ROUTE_STOPS):
    registry.register(_layer)
for _layer in (
    SPECIALTY_VILLAGES,
    SERVICE_CENTRE,
    LIVE_STREAMING,
    STATIONS,
    LOGISTICS_HUBS,
    LOGISTICS_NETWORK,
    INSPECTION_STATUS,
    INSPECTIONS,
    ROADS,
    SEATS,
    *REACH_LAYERS,
    *FLOW_LAYERS,
    *FUND_LAYERS,
):
    registry.register(_layer)
