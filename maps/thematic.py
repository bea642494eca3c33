"""The thematic maps built from this package's layers (another module registers ``coverage``)."""

from maps.spec import MapSpec, register

LOGISTICS = register(MapSpec(
    "logistics", "芒市县乡村三级物流配送网络", "Mangshi county–township–village delivery network",
    ("townships", "county", "roads", "seats", "logistics_network", "stations", "live_streaming", "logistics_hubs"),
))
INSPECTIONS = register(MapSpec(
    "inspections", "芒市电商站点督查（明察暗访）", "Mangshi site inspections (announced and unannounced)",
    ("townships", "county", "roads", "seats", "inspection_status", "route_path", "route_stops"),
))
