"""The thematic maps built from this package's layers (another module registers ``coverage``)."""

from geo.analysis.funds import RULE as FUND_RULE
from maps.spec import MapSpec, register


def _fund_subtitle(lang: str) -> str:
    """Where the budgets come from and the rule the verdict applies (the figures are on /indicators/funds)."""
    if lang == "zh":
        return "预算：芒市后续资金使用实施方案附件 2 资金安排表（500 万元）；规则：" + FUND_RULE[0]
    return "Budgets: the follow-up fund plan, appendix 2 (5 million yuan); rule: " + FUND_RULE[1]


LOGISTICS = register(MapSpec(
    "logistics", "芒市县乡村三级物流配送网络", "Mangshi county–township–village delivery network",
    ("townships", "county", "logistics_network", "stations", "live_streaming", "logistics_hubs"),
))
INSPECTIONS = register(MapSpec(
    "inspections", "芒市电商站点督查（明察暗访）", "Mangshi site inspections (announced and unannounced)",
    ("townships", "county", "inspection_status", "route_path", "route_stops"),
))
FUNDS = register(MapSpec(
    "funds", "芒市电商进农村后续资金与资产分布", "Mangshi follow-up fund and assets by location",
    ("funds", "county", "fund_sites", "idle_funds", "idle_assets"),
    _fund_subtitle,
))
