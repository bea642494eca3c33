"""The overview and thematic maps built from this package's layers (``maps/__init__.py`` registers them)."""

from geo.analysis.funds import RULE as FUND_RULE
from geo.analysis.funds import fund_basis
from geo.analysis.reach import ReachParams
from maps.flow_chart import monthly_panel
from maps.i18n import choose
from maps.spec import MapSpec

OVERVIEW = MapSpec(
    "overview",
    "{county}农村电商站点总览",
    "{county} rural e-commerce sites: overview",
    ("townships", "county", "roads", "seats", "specialty_villages", "villages", "sites"),
)


def _logistics_subtitle(lang: str, settings=None) -> str:  # noqa: ANN001 - geo.store.settings.Settings
    """The method in force: over roads when a network is loaded (the layers say which per feature)."""
    p = ReachParams.from_settings(settings) if settings is not None else ReachParams()
    return (
        p.method_text("road", lang)
        + choose(" 无路网时：", " Without roads: ", lang)
        + p.method_text("straight_line", lang)
    )


LOGISTICS = MapSpec(
    "logistics",
    "{county}县乡村三级物流配送网络",
    "{county} county–township–village delivery network",
    (
        "townships",
        "county",
        "service_areas",
        "roads",
        "seats",
        "logistics_network",
        "flows_down",
        "flows_up",
        "reach",
        "stations",
        "live_streaming",
        "logistics_hubs",
        "unreached_villages",
        "station_suggestions",
    ),
    subtitle_for=_logistics_subtitle,
    panel_for=monthly_panel,
    packed=True,
    # fourteen layers on one page: outlines and lines at ~100 m (zoom ≤ 12 shows nothing finer),
    # sites at 5 decimals (< 1 m: supervisors drive to them), village-level points at 4 (~10 m),
    # so the page stays under 100 KB
    display={
        "townships": (3, 0.001),
        "county": (3, 0.001),
        "service_areas": (3, 0.006),
        "roads": (3, 0.0006),
        "logistics_network": (3, 0.0006),
        "reach": (4, 0.0),
        "stations": (5, 0.0),
        "live_streaming": (5, 0.0),
        "logistics_hubs": (5, 0.0),
        "unreached_villages": (4, 0.0),
        "station_suggestions": (4, 0.0),
        "seats": (4, 0.0),
        "flows_down": (4, 0.0),
        "flows_up": (4, 0.0),
    },
)
INSPECTIONS = MapSpec(
    "inspections",
    "{county}电商站点督查（明察暗访）",
    "{county} site inspections (announced and unannounced)",
    ("townships", "county", "roads", "seats", "inspection_status", "route_path", "route_stops"),
    min_role="official",
)


def _fund_subtitle(lang: str, settings=None, conn=None) -> str:  # noqa: ANN001 - Settings, Connection
    """Where the budgets come from (the default county's plan only when the items loaded are its
    own, else the county's fund items or none yet) and the rule the verdict applies (the figures
    are on /indicators/funds)."""
    parts = [fund_basis(conn).line(lang)] if conn is not None else []
    rule = choose("规则：", "rule: " if parts else "Rule: ", lang) + choose(*FUND_RULE, lang)
    return choose("；", "; ", lang).join([*parts, rule])


FUNDS = MapSpec(
    "funds",
    "{county}电商进农村后续资金与资产分布",
    "{county} follow-up fund and assets by location",
    ("funds", "county", "roads", "seats", "fund_sites", "idle_funds", "idle_assets"),
    _fund_subtitle,
)
