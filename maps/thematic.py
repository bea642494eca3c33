"""The thematic maps built from this package's layers (another module registers ``coverage``)."""

from geo.analysis.reach import ReachParams
from maps.flow_chart import monthly_panel
from maps.spec import MapSpec, register


def _logistics_subtitle(lang: str) -> str:
    """The method in force: over roads when a network is loaded (the layers say which per feature)."""
    p = ReachParams()
    return (p.method_text("road", lang) + (" 无路网时：" if lang == "zh" else " Without roads: ")
            + p.method_text("straight_line", lang))

LOGISTICS = register(MapSpec(
    "logistics", "芒市县乡村三级物流配送网络", "Mangshi county–township–village delivery network",
    ("townships", "county", "service_areas", "roads", "logistics_network", "flows_down", "flows_up", "reach",
     "stations", "live_streaming", "logistics_hubs", "unreached_villages", "station_suggestions"),
    subtitle_for=_logistics_subtitle, panel_for=monthly_panel,
))
INSPECTIONS = register(MapSpec(
    "inspections", "芒市电商站点督查（明察暗访）", "Mangshi site inspections (announced and unannounced)",
    ("townships", "county", "inspection_status", "route_path", "route_stops"),
))
