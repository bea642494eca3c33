"""Inspections (明察暗访): every inspected site with its latest outcome, and the raw visits.

``INSPECTION_STATUS_SQL`` is the one place that decides a site's inspection status on the map
(latest outcome, days since the last visit, overdue); the rules engine in ``geo.analysis`` can
replace it without touching the page code.
"""

from __future__ import annotations

from geo.analysis.inspection_status import StatusRules, status_sql
from geo.store.settings import get_settings
from layers.base import Field, Layer, LegendEntry
from layers.sites import KIND_WORDS, SITE_STATUS

OUTCOMES = {
    "normal": ("正常", "normal", "#38a169"),
    "needs_rectification": ("需整改", "needs rectification", "#dd6b20"),
    "rectified": ("已整改", "rectified", "#3182ce"),
    "closed": ("已关停", "closed", "#718096"),
    "never": ("从未检查", "never inspected", "#ffffff"),
}
OVERDUE_COLOUR = "#c53030"
MODES = {"announced": ("明察", "announced"), "unannounced": ("暗访", "unannounced")}

_OUTCOME_ZH = "CASE i.outcome WHEN 'normal' THEN '正常' WHEN 'needs_rectification' THEN '需整改' " \
    "WHEN 'rectified' THEN '已整改' ELSE '已关停' END"

# The status comes from the rules engine (geo.analysis.inspection_status), so the map, the
# route rule "overdue in township X" and /inspections/status all give the same answer.
INSPECTION_STATUS_SQL = (
    "SELECT s.id, s.name, s.kind, s.status, s.township_code, t.name AS township_name, s.source, "
    "s.location AS geom, (st.last_visited_at AT TIME ZONE 'Asia/Shanghai')::date AS last_visit, "
    "li.mode AS last_mode, li.inspector AS last_inspector, "
    "coalesce(st.latest_outcome, 'never') AS last_outcome, st.days_since, st.overdue, "
    "st.unannounced_overdue, st.overdue_reason, hist.history "
    f"FROM site s JOIN ({status_sql(StatusRules())[0]}) st ON st.site_id = s.id "
    "LEFT JOIN township t ON t.code = s.township_code "
    "LEFT JOIN LATERAL (SELECT i.mode, i.inspector FROM inspection i WHERE i.site_id = s.id "
    "ORDER BY i.visited_at DESC, i.id DESC LIMIT 1) li ON true "
    "LEFT JOIN LATERAL (SELECT string_agg(format('%s %s %s', to_char(i.visited_at AT TIME ZONE 'Asia/Shanghai', "
    "'YYYY-MM-DD'), CASE i.mode WHEN 'unannounced' THEN '暗访' ELSE '明察' END, " + _OUTCOME_ZH + "), '；' "
    "ORDER BY i.visited_at DESC) AS history FROM (SELECT * FROM inspection i WHERE i.site_id = s.id "
    "ORDER BY i.visited_at DESC LIMIT 5) i) hist ON true "
    "WHERE s.kind = ANY(CAST(:st_kinds AS text[]))"
)


class InspectionStatusLayer(Layer):
    """Fill colour by the latest outcome; an overdue site gets a thick red ring on top."""

    def query_params(self) -> dict:
        return status_sql(StatusRules.from_settings(get_settings()))[1]

    def style_for(self, properties: dict) -> dict:
        style = super().style_for(properties)
        if properties.get("overdue"):
            return {**style, "color": OVERDUE_COLOUR, "weight": 3.5}
        return style


INSPECTION_STATUS = InspectionStatusLayer(
    name="inspection_status",
    min_role="official",
    title_zh="站点督查状态",
    title_en="Site inspection status",
    geometry_type="Point",
    query=INSPECTION_STATUS_SQL,
    fields=(
        Field("name", "站点", "Site"),
        Field("kind", "类型", "Kind", values=KIND_WORDS),
        Field("status", "状态", "Status", values=SITE_STATUS),
        Field("township_name", "乡镇", "Township"),
        Field("last_outcome", "最近检查结果", "Latest outcome", values={k: (zh, en) for k, (zh, en, _c) in OUTCOMES.items()}),
        Field("last_visit", "最近检查日期", "Last visit"),
        Field("last_mode", "方式", "Mode", values=MODES),
        Field("last_inspector", "检查人", "Inspector", personal=True),
        Field("days_since", "距今天数", "Days since"),
        Field("overdue", "逾期未检", "Overdue"),
        Field("overdue_reason", "逾期原因", "Why overdue"),
        Field("history", "最近检查记录", "Recent visits"),
    ),
    filters=("township_code", "kind", "last_outcome", "overdue"),
    style={"radius": 7, "color": "#222222", "weight": 1, "fillOpacity": 0.95},
    style_key="last_outcome",
    styles={k: {"fillColor": c} for k, (_zh, _en, c) in OUTCOMES.items()},
    legend=(
        *(LegendEntry(zh, en, c, "circle") for zh, en, c in OUTCOMES.values()),
        LegendEntry("逾期未检（红圈）", "Overdue (red ring)", OVERDUE_COLOUR, "ring"),
    ),
)

INSPECTIONS = Layer(
    name="inspections",
    min_role="official",
    title_zh="检查记录",
    title_en="Inspection visits",
    geometry_type="Point",
    query=(
        "SELECT i.id, i.site_id, s.name AS site_name, s.kind, s.township_code, i.visited_at::date AS visited_on, "
        "i.mode, i.outcome, i.inspector, i.findings, i.source, i.position AS geom "
        "FROM inspection i JOIN site s ON s.id = i.site_id WHERE i.position IS NOT NULL"
    ),
    fields=(
        Field("site_name", "站点", "Site"),
        Field("visited_on", "日期", "Date"),
        Field("mode", "方式", "Mode", values=MODES),
        Field("outcome", "结果", "Outcome", values={k: (zh, en) for k, (zh, en, _c) in OUTCOMES.items()}),
        Field("inspector", "检查人", "Inspector", personal=True),
        Field("findings", "发现问题", "Findings"),
    ),
    filters=("township_code", "kind", "site_id", "outcome", "mode"),
    style={"radius": 3, "color": "#4a5568", "weight": 1, "fillColor": "#a0aec0", "fillOpacity": 0.8},
    legend=(LegendEntry("检查位置", "Inspection position", "#a0aec0", "circle"),),
)
