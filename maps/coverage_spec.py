"""The coverage map (/maps/coverage): which poverty-alleviated villages are served, and the gaps."""

from geo.analysis.coverage import CoverageRule
from geo.vocab import DEFAULT_METRIC_EPSG
from layers.coverage import DEFAULT_RULE
from maps.i18n import choose
from maps.spec import MapSpec


def rule_subtitle(lang: str, settings=None) -> str:  # noqa: ANN001 - geo.store.settings.Settings
    """The rule the map's layers apply (the settings' rule; the default without settings), in full,
    so the reader knows what "covered" means."""
    rule = CoverageRule.from_settings(settings) if settings is not None else DEFAULT_RULE
    srid = getattr(settings, "metric_srid", None) or DEFAULT_METRIC_EPSG
    return choose("覆盖规则：", "Coverage rule: ", lang) + rule.text(lang, srid)


COVERAGE = MapSpec(
    "coverage",
    "{county}脱贫村农村电商服务覆盖",
    "{county}: rural e-commerce services reaching poverty-alleviated villages",
    ("coverage_townships", "county", "roads", "seats", "coverage_gaps", "coverage_sites", "coverage_villages"),
    rule_subtitle,
)
