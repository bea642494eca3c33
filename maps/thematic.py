"""The overview and thematic maps built from this package's layers (``maps/__init__.py`` registers them)."""

from maps.spec import MapSpec

OVERVIEW = MapSpec(
    "overview", "芒市农村电商站点总览", "Mangshi rural e-commerce sites: overview",
    ("townships", "county", "specialty_villages", "villages", "sites"),
)

LOGISTICS = MapSpec(
    "logistics", "芒市县乡村三级物流配送网络", "Mangshi county–township–village delivery network",
    ("townships", "county", "logistics_network", "stations", "live_streaming", "logistics_hubs"),
)
INSPECTIONS = MapSpec(
    "inspections", "芒市电商站点督查（明察暗访）", "Mangshi site inspections (announced and unannounced)",
    ("townships", "county", "inspection_status", "route_path", "route_stops"),
    min_role="official",
)
