"""The coverage rule for poverty-alleviated villages (脱贫村) and the SQL that applies it.

A poverty-alleviated village is *covered* when an operating e-commerce service site of
one of the rule's kinds lies in the village (``site.village_code``), or within
``distance_m`` of the village seat. Distances are planar metres in the county's metric
CRS (its UTM zone, ``county.metric_srid``, passed to every builder as ``srid``), measured by PostGIS
with expression indexes on ``ST_Transform(location, srid)`` (geo.store.metric): ``ST_DWithin`` decides the distance
test (an ``EXISTS`` probe per village, served by the SP-GiST index); the KNN ``<->``
probe for the nearest counted site (GiST index) runs where it is needed: the gaps, or
every located village for the map's popups.

Every SQL builder here takes a :class:`CoverageRule` and returns text; layers and the
report call them, so the rule lives in one place.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import TYPE_CHECKING

from geo.errors import InvalidInput
from geo.store.models import SITE_KINDS
from geo.vocab import DEFAULT_METRIC_EPSG, utm_name, word

if TYPE_CHECKING:
    from geo.store.settings import Settings

DEFAULT_KINDS = ("village_station", "township_station", "live_station")
KIND_WORDS = {
    "village_station": ("村级电商服务站", "village e-commerce station"),
    "township_station": ("乡镇电商服务站", "township e-commerce station"),
    "live_station": ("乡村直播站", "village live-streaming station"),
    "live_base": ("电商直播基地", "live-streaming base"),
    "service_centre": ("电子商务公共服务中心", "public service centre"),
    "warehouse": ("仓储物流配送中心", "warehouse"),
    "sorting_centre": ("智能分拣中心", "sorting centre"),
}
MAX_DISTANCE_M = 100_000.0


@dataclass(frozen=True)
class CoverageRule:
    """The rule in force; reported with every answer."""

    distance_m: float
    site_kinds: tuple[str, ...] = DEFAULT_KINDS
    # minutes of travel to the site instead of distance_m (geo.analysis.reach_sql); with it the
    # reach model: (snap_m, access_speed_kmh, circuity, speed_kmh) from the reach_* settings
    travel_time_min: float | None = None
    travel_model: tuple[float, float, float, float] = (5000.0, 20.0, 1.35, 35.0)

    def __post_init__(self) -> None:
        if not (0 < float(self.distance_m) <= MAX_DISTANCE_M):
            raise InvalidInput(
                f"覆盖距离应在 0 到 {MAX_DISTANCE_M:.0f} 米之间，收到 {self.distance_m}\n"
                f"The coverage distance must be between 0 and {MAX_DISTANCE_M:.0f} m, got {self.distance_m}"
            )
        unknown = [k for k in self.site_kinds if k not in SITE_KINDS]
        if unknown or not self.site_kinds:
            raise InvalidInput(
                f"站点类型无效：{', '.join(unknown) or '（空）'}；可选：{', '.join(SITE_KINDS)}\n"
                f"Unknown site kinds: {', '.join(unknown) or '(none)'}; valid: {', '.join(SITE_KINDS)}",
                detail={"valid": list(SITE_KINDS)},
            )

    @classmethod
    def from_settings(cls, settings: Settings) -> CoverageRule:
        minutes = settings.coverage_travel_time_min
        return cls(
            distance_m=float(settings.coverage_distance_m),
            travel_time_min=float(minutes) if minutes is not None else None,
            travel_model=(
                float(settings.reach_snap_m),
                float(settings.reach_access_speed_kmh),
                float(settings.reach_circuity),
                float(settings.reach_speed_kmh),
            ),
        )

    def _kind_words(self) -> tuple[str, str]:
        """The rule's site kinds listed in zh and en."""
        return (
            "、".join(KIND_WORDS[k][0] for k in self.site_kinds),
            ", ".join(KIND_WORDS[k][1] for k in self.site_kinds),
        )

    def text(self, lang: str = "zh", srid: int = DEFAULT_METRIC_EPSG) -> str:
        """The rule in words; ``srid``: the metric CRS its distances are measured in (named in the text)."""
        if self.travel_time_min is not None:
            return self._time_text(lang)
        km = f"{self.distance_m / 1000:g}"
        kinds_zh, kinds_en = self._kind_words()
        zh = (
            f"脱贫村内有运营中的电商服务站点（{kinds_zh}），或此类站点距村委会驻地不超过 {km} 公里"
            f"（{utm_name(srid)} 平面直线距离，含恰好等于），即为已覆盖。“运营中”指站点状态为运营中，且最近一次督查"
            f"未发现站点关闭、资产闲置或资金闲置。路网尚未用于计算，暂不按通行时间判断。"
            f"无位置且村内无站点的脱贫村单列为“位置不明”，计入未覆盖。"
        )
        en = (
            f"A poverty-alleviated village is covered when an operating e-commerce service site ({kinds_en}) lies in "
            f"the village, or within {km} km of the village seat (straight-line, planar in {utm_name(srid)}, limit included). "
            f"'Operating' means the site's status is operating and its latest inspection found it neither closed "
            f"nor with idle assets or idle funds. Travel time over roads is not applied yet. A village with no known "
            f"position and no site in it is listed as 'position unknown' and counted as not covered."
        )
        return word((zh, en), lang)

    def _time_text(self, lang: str) -> str:
        t, (snap, acc, circ, speed) = f"{self.travel_time_min:g}", self.travel_model
        kinds_zh, kinds_en = self._kind_words()
        zh = (
            f"脱贫村内有运营中的电商服务站点（{kinds_zh}），或到此类站点的通行时间不超过 {t} 分钟，即为已覆盖。"
            f"通行时间沿路网计算（pgRouting；村委会驻地/站点以直线接入 {snap / 1000:g} 公里内最近的道路，"
            f"接入段 {acc:g} 公里/小时）；未导入路网时按直线距离 × {circ:g}、{speed:g} 公里/小时估算。"
            f"最近道路与站点不连通的村为未覆盖。“运营中”指站点状态为运营中，且最近一次督查未发现站点关闭、"
            f"资产闲置或资金闲置。无位置且村内无站点的脱贫村单列为“位置不明”，计入未覆盖。"
        )
        en = (
            f"A poverty-alleviated village is covered when an operating e-commerce service site ({kinds_en}) lies in "
            f"the village, or within {t} minutes of travel. Travel time over the road network (pgRouting; village "
            f"seats and sites join the nearest road within {snap / 1000:g} km at {acc:g} km/h); without roads, "
            f"straight line × {circ:g} at {speed:g} km/h. A village whose nearest road is not connected to a "
            f"station is not covered. 'Operating' means the site's status is operating and its latest inspection "
            f"found it neither closed nor with idle assets or idle funds. A village with no known position and no "
            f"site in it is listed as 'position unknown' and counted as not covered."
        )
        return word((zh, en), lang)

    def as_dict(self, srid: int = DEFAULT_METRIC_EPSG) -> dict:
        return {
            **asdict(self),
            "site_kinds": list(self.site_kinds),
            "metric_srid": srid,
            "text_zh": self.text("zh", srid),
            "text_en": self.text("en", srid),
        }


# -- SQL builders ---------------------------------------------------------------------


def _kinds_sql(rule: CoverageRule) -> str:
    # kinds were checked against SITE_KINDS in __post_init__, so quoting them is safe
    return ", ".join(f"'{k}'" for k in rule.site_kinds)


NOT_COUNTED_CTE = (
    # sites whose latest inspection found them closed or idle; one pass over inspections,
    # then a hashed NOT IN per candidate site
    "not_counted AS (SELECT site_id FROM (SELECT DISTINCT ON (site_id) site_id, outcome, idle_assets, idle_funds "
    "FROM inspection ORDER BY site_id, visited_at DESC, id DESC) last "
    "WHERE outcome = 'closed' OR idle_assets OR idle_funds)"
)


def counted_condition(rule: CoverageRule, alias: str = "s") -> str:
    """SQL condition: site ``alias`` counts for coverage (needs the ``not_counted`` CTE)."""
    return (
        f"{alias}.kind IN ({_kinds_sql(rule)}) AND {alias}.status = 'operating' "
        f"AND {alias}.id NOT IN (SELECT site_id FROM not_counted)"
    )


def village_coverage_sql(rule: CoverageRule, nearest: str = "uncovered", srid: int = DEFAULT_METRIC_EPSG) -> str:
    """One row per poverty-alleviated village: covered or not, why, and its nearest counted site.

    ``nearest``: "uncovered" runs the KNN probe only for the gaps (what the report lists; a
    KNN probe costs several times an ``ST_DWithin`` probe), "all" for every located village
    (the map's popups).
    """
    if nearest not in ("uncovered", "all"):
        raise ValueError(f"nearest must be 'uncovered' or 'all', not {nearest!r}")
    d = float(rule.distance_m)
    m = f"ST_Transform(s.location, {int(srid)})"
    probe_when = "f.reason = 'uncovered'" if nearest == "uncovered" else "f.geom_m IS NOT NULL"
    within = f"EXISTS (SELECT 1 FROM site s WHERE ST_DWithin({m}, pv.geom_m, {d}) AND {counted_condition(rule)})"
    time_cte = ""
    if rule.travel_time_min is not None:  # by travel time (roads), see geo.analysis.reach_sql
        from geo.analysis.reach_sql import station_time_cte

        time_cte = station_time_cte(counted_condition(rule), *rule.travel_model) + ",\n"
        within = f"pv.code IN (SELECT code FROM village_time WHERE time_s <= {float(rule.travel_time_min) * 60})"
    return f"""WITH {NOT_COUNTED_CTE},
{time_cte}f AS MATERIALIZED (
  SELECT pv.*,
         CASE WHEN EXISTS (SELECT 1 FROM site s WHERE s.village_code = pv.code AND {counted_condition(rule)})
                   THEN 'in_village'
              WHEN pv.geom_m IS NULL THEN 'no_position'
              WHEN {within}
                   THEN 'within_distance'
              ELSE 'uncovered' END AS reason
  FROM (SELECT v.code, v.name, v.township_code, v.households, v.poverty_households, v.source,
               v.location_source, v.location, ST_Transform(v.location, {int(srid)}) AS geom_m
        FROM village v WHERE v.poverty_alleviated) pv
)
SELECT f.*, t.name AS township_name,
       f.reason IN ('in_village', 'within_distance') AS covered,
       CASE WHEN f.reason IN ('in_village', 'within_distance') THEN 'covered' ELSE f.reason END AS status,
       CASE WHEN f.reason IN ('in_village', 'within_distance') THEN f.reason
            ELSE coalesce(own.gap_reason, 'none_within_rule') END AS gap_reason,
       nn.id AS nearest_site_id, nn.ref AS nearest_site_ref, nn.name AS nearest_site_name,
       nn.kind AS nearest_site_kind, nn.location AS nearest_location, nn.distance_m,
       CASE WHEN 'demo' IN (f.source, f.location_source, nn.source) THEN 'demo' ELSE f.source END AS row_source
FROM f JOIN township t ON t.code = f.township_code
LEFT JOIN LATERAL (SELECT s.id, s.ref, s.name, s.kind, s.location, s.source, ST_Distance({m}, f.geom_m) AS distance_m
                   FROM site s WHERE {probe_when} AND {counted_condition(rule)}
                   ORDER BY {m} <-> f.geom_m LIMIT 1) nn ON true
LEFT JOIN LATERAL ({_own_site_reason(rule)}) own ON f.reason NOT IN ('in_village', 'within_distance')"""


# Why a village's own site of the rule's kinds does not count; when it has several, the first of
# this order is reported (the one nearest to counting again).
OWN_REASON_ORDER = ("own_idle", "own_suspended", "own_building", "own_planned", "own_closed")


def _own_site_reason(rule: CoverageRule) -> str:
    order = ", ".join(f"'{r}'" for r in OWN_REASON_ORDER)
    return f"""SELECT x.gap_reason FROM (
    SELECT CASE WHEN s.status = 'closed' OR li.outcome = 'closed' THEN 'own_closed'
                WHEN s.status = 'suspended' THEN 'own_suspended'
                WHEN s.status = 'building' THEN 'own_building'
                WHEN s.status = 'planned' THEN 'own_planned'
                WHEN li.idle_assets OR li.idle_funds THEN 'own_idle' END AS gap_reason
    FROM site s LEFT JOIN LATERAL (SELECT i.outcome, i.idle_assets, i.idle_funds FROM inspection i
                                   WHERE i.site_id = s.id ORDER BY i.visited_at DESC, i.id DESC LIMIT 1) li ON true
    WHERE s.village_code = f.code AND s.kind IN ({_kinds_sql(rule)})) x
  WHERE x.gap_reason IS NOT NULL ORDER BY array_position(ARRAY[{order}], x.gap_reason) LIMIT 1"""


def township_coverage_sql(rule: CoverageRule, srid: int = DEFAULT_METRIC_EPSG) -> str:
    """One row per township: poverty-alleviated villages, covered, share, households served."""
    return f"WITH vc AS ({village_coverage_sql(rule, srid=srid)})\n{TOWNSHIP_AGGREGATE}"


# Aggregates a CTE ``vc`` (rows of village_coverage_sql) per township; shared by the
# township layer and the report, so both count the same way.
TOWNSHIP_AGGREGATE = """SELECT t.code, t.name, t.geom,
       count(vc.code) AS villages,
       count(vc.code) FILTER (WHERE vc.covered) AS covered,
       count(vc.code) FILTER (WHERE vc.status = 'uncovered') AS uncovered,
       count(vc.code) FILTER (WHERE vc.status = 'no_position') AS no_position,
       CASE WHEN count(vc.code) > 0
            THEN round(100.0 * count(vc.code) FILTER (WHERE vc.covered) / count(vc.code), 1)::float8 END AS share_pct,
       coalesce(sum(vc.poverty_households), 0)::int AS poverty_households,
       coalesce(sum(vc.poverty_households) FILTER (WHERE vc.covered), 0)::int AS poverty_households_covered,
       CASE WHEN bool_or(vc.row_source = 'demo') OR t.geom_source = 'approximate' THEN 'demo'
            ELSE t.source END AS row_source
FROM township t LEFT JOIN vc ON vc.township_code = t.code
GROUP BY t.code, t.name, t.geom, t.geom_source, t.source"""


def site_counting_sql(rule: CoverageRule) -> str:
    """Every site of the rule's kinds, whether it counts and, if not, why."""
    return f"""SELECT s.id, s.ref, s.name, s.kind, s.status, s.township_code, s.village_code, s.source, s.location,
       (s.status = 'operating' AND NOT coalesce(last.outcome = 'closed' OR last.idle_assets OR last.idle_funds, false)) AS counted,
       CASE WHEN s.status <> 'operating' THEN 'status_' || s.status
            WHEN last.outcome = 'closed' THEN 'closed_by_inspection'
            WHEN last.idle_assets OR last.idle_funds THEN 'idle_by_inspection'
            ELSE 'counted' END AS reason
FROM site s LEFT JOIN (SELECT DISTINCT ON (site_id) site_id, outcome, idle_assets, idle_funds FROM inspection
                       ORDER BY site_id, visited_at DESC, id DESC) last ON last.site_id = s.id
WHERE s.kind IN ({_kinds_sql(rule)})"""
