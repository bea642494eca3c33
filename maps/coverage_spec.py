"""The coverage map (/maps/coverage): which poverty-alleviated villages are served, and the gaps."""

from layers.coverage import RULE
from maps.spec import MapSpec, register


def rule_subtitle(lang: str) -> str:
    """The rule the map's layers apply, in full, so the reader knows what "covered" means."""
    return ("覆盖规则：" if lang == "zh" else "Coverage rule: ") + RULE.text(lang)


COVERAGE = register(MapSpec(
    "coverage",
    "芒市脱贫村农村电商服务覆盖",
    "Mangshi: rural e-commerce services reaching poverty-alleviated villages",
    ("coverage_townships", "county", "roads", "seats", "coverage_gaps", "coverage_sites", "coverage_villages"),
    rule_subtitle,
))
