"""The overview and thematic maps built from this package's layers (``maps/__init__.py`` registers them)."""

from geo.analysis.reach import ReachParams
from maps.flow_chart import monthly_panel
from maps.spec import MapSpec

OVERVIEW = MapSpec(
    "overview", "芒市农村电商站点总览", "Mangshi rural e-commerce sites: overview",
    ("townships", "county", "specialty_villages", "villages", "sites"),
)


def _logistics_subtitle(lang: str) -> str:
    """The method in force: over roads when a network is loaded (the layers say which per feature)."""
    p = ReachParams()
    return (p.method_text("road", lang) + (" 无路网时：" if lang == "zh" else " Without roads: ")
            + p.method_text("straight_line", lang))


LOGISTICS = MapSpec(
    "logistics", "芒市县乡村三级物流配送网络", "Mangshi county–township–village delivery network",
    ("townships", "county", "service_areas", "roads", "logistics_network", "flows_down", "flows_up", "reach",
     "stations", "live_streaming", "logistics_hubs", "unreached_villages", "station_suggestions"),
    subtitle_for=_logistics_subtitle, panel_for=monthly_panel,
)
INSPECTIONS = MapSpec(
    "inspections", "芒市电商站点督查（明察暗访）", "Mangshi site inspections (announced and unannounced)",
    ("townships", "county", "inspection_status", "route_path", "route_stops"),
    min_role="official",
)
