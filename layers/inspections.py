"""Inspections (明察暗访): every inspected site with its latest outcome, and the raw visits.

The status (overdue and why) comes from the rules engine, ``geo.analysis.inspection_status``:
the layer's ``overdue`` and ``overdue_reasons`` are that engine's columns, so the map, its legend
counts, the route rule "overdue in 遮放镇" and ``/inspections/status`` give the same answer.
SQL returns codes only (outcome, mode, reasons, the visit history as [date, mode, outcome]);
the words come from ``geo.vocab`` in Python, in the page's language.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from geo.analysis.inspection_status import REASON_ORDER, StatusRules, status_sql
from geo.vocab import (
    INSPECTION_MODE,
    INSPECTION_OUTCOME,
    LIST_SEP,
    OVERDUE_REASON,
    SEMICOLON,
    SITE_KIND,
    SITE_STATUS,
    word,
)
from layers import palette
from layers.base import Field, Layer, LegendEntry
from layers.sites import family_legend, family_sql

NEVER = ("从未检查", "never inspected")
OUTCOME_WORDS = {**INSPECTION_OUTCOME.words, "never": NEVER}
RING_WEIGHT = 2.5


# The status comes from the rules engine (geo.analysis.inspection_status), so the map, the
# route rule "overdue in township X" and /inspections/status all give the same answer. Like the
# rules, the latest visit and the history take visits that happened: a forward-dated record is a
# plan (and may be 暗访), shown to no one as a visit.
INSPECTION_STATUS_SQL = (
    "SELECT s.id, s.name, s.kind, " + family_sql() + " AS family, s.status, s.township_code, "
    "t.name AS township_name, s.source, "
    "s.location AS geom, (st.last_visited_at AT TIME ZONE 'Asia/Shanghai')::date AS last_visit, "
    "li.mode AS last_mode, li.inspector AS last_inspector, "
    "coalesce(st.latest_outcome, 'never') AS last_outcome, st.days_since, st.overdue, st.overdue_reasons, "
    "hist.history "
    f"FROM site s JOIN ({status_sql(StatusRules())[0]}) st ON st.site_id = s.id "
    "LEFT JOIN township t ON t.code = s.township_code "
    "LEFT JOIN LATERAL (SELECT i.mode, i.inspector FROM inspection i WHERE i.site_id = s.id AND i.visited_at <= now() "
    "ORDER BY i.visited_at DESC, i.id DESC LIMIT 1) li ON true "
    "LEFT JOIN LATERAL (SELECT json_agg(json_build_array(to_char(i.visited_at AT TIME ZONE 'Asia/Shanghai', "
    "'YYYY-MM-DD'), i.mode, i.outcome) ORDER BY i.visited_at DESC, i.id DESC) AS history "
    "FROM (SELECT * FROM inspection i WHERE i.site_id = s.id AND i.visited_at <= now() "
    "ORDER BY i.visited_at DESC, i.id DESC LIMIT 5) i) hist ON true "
    "WHERE s.kind = ANY(CAST(:st_kinds AS text[]))"
)


def reasons_text(codes: Iterable[str] | None, lang: str) -> str:
    """Overdue reason codes as words, in the page's language ("" when none)."""
    return word(LIST_SEP, lang).join(OVERDUE_REASON.word(c, lang) for c in (codes or ()))


def history_text(visits: Iterable[Sequence[Any]] | None, lang: str) -> str:
    """The recent visits ([date, mode, outcome] codes, newest first) as one line of words."""
    return word(SEMICOLON, lang).join(
        f"{day} {INSPECTION_MODE.word(mode, lang)} {INSPECTION_OUTCOME.word(outcome, lang)}"
        for day, mode, outcome in (visits or ())
    )


def ring_style(reasons: list[str] | tuple[str, ...]) -> dict:
    """One ring per overdue reason (outermost last), each with the reason's dash pattern."""
    ordered = [r for r in REASON_ORDER if r in reasons]
    return (
        {
            "rings": tuple(palette.OVERDUE_DASH[r] for r in ordered),
            "ringColor": palette.OVERDUE,
            "ringWeight": RING_WEIGHT,
        }
        if ordered
        else {}
    )


BASE_STYLE = {"radius": 7, "color": "#222222", "weight": 1, "fillOpacity": 0.95}


@dataclass(frozen=True)
class InspectionStatusLayer(Layer):
    """Fill colour by the latest outcome, shape by site family; one dark-red ring per overdue reason.

    The status rules (interval, unannounced interval, inspected kinds) are the layer's own value:
    the defaults of ``StatusRules``, or the settings' through ``for_settings`` (see ``_configured``)."""

    rules: StatusRules = field(default_factory=StatusRules, compare=False)

    def query_params(self) -> dict:
        return status_sql(self.rules)[1]

    def style_for(self, properties: dict) -> dict:
        style = super().style_for(properties)
        shape = palette.FAMILY_SHAPE.get(properties.get("family") or "", "circle")
        return {**style, "shape": shape, **ring_style(properties.get("overdue_reasons") or ())}


def _legend() -> tuple[LegendEntry, ...]:
    entries = [
        LegendEntry(
            *OUTCOME_WORDS[k], c, "circle", {**BASE_STYLE, "fillColor": c, "shape": "circle"}, "last_outcome", k
        )
        for k, c in palette.OUTCOME_COLOUR.items()
    ]
    entries += family_legend(BASE_STYLE)
    entries.append(
        LegendEntry(
            "逾期未检（合计，按原因分列如下）",
            "Overdue (all reasons; by reason below)",
            palette.OVERDUE,
            "none",
            None,
            "overdue",
            True,
        )
    )
    entries += [
        LegendEntry(
            *OVERDUE_REASON.words[r],
            palette.OVERDUE,
            "ring",
            {
                "radius": 4,
                "color": "#222222",
                "weight": 1,
                "fillColor": "#ffffff",
                "fillOpacity": 1,
                "shape": "circle",
                **ring_style((r,)),
            },
            "overdue_reasons",
            r,
        )
        for r in REASON_ORDER
    ]
    return tuple(entries)


INSPECTION_STATUS = InspectionStatusLayer(
    name="inspection_status",
    min_role="official",
    title_zh="站点督查状态",
    title_en="Site inspection status",
    geometry_type="Point",
    query=INSPECTION_STATUS_SQL,
    fields=(
        Field("name", "站点", "Site"),
        Field("kind", "类型", "Kind", values=dict(SITE_KIND.words)),
        Field("status", "状态", "Status", values=dict(SITE_STATUS.words)),
        Field("township_name", "乡镇", "Township"),
        Field("last_outcome", "最近检查结果", "Latest outcome", values=OUTCOME_WORDS),
        Field("last_visit", "最近检查日期", "Last visit"),
        Field("last_mode", "方式", "Mode", values=dict(INSPECTION_MODE.words)),
        Field("last_inspector", "检查人", "Inspector", personal=True),
        Field("days_since", "距今天数", "Days since"),
        Field("overdue", "逾期未检", "Overdue"),
        Field("overdue_reasons", "逾期原因", "Why overdue", render=reasons_text),
        Field("history", "最近检查记录", "Recent visits", render=history_text),
    ),
    filters=("township_code", "kind", "last_outcome", "overdue"),
    carry=("family",),
    style=BASE_STYLE,
    style_key="last_outcome",
    styles={k: {"fillColor": c} for k, c in palette.OUTCOME_COLOUR.items()},
    legend=_legend(),
    configure=lambda settings: _configured(settings),
)


def _configured(settings: Any) -> InspectionStatusLayer:  # noqa: ANN401 - geo.store.settings.Settings
    """The status layer under the settings' rules (``Layer.for_settings``)."""
    return replace(INSPECTION_STATUS, rules=StatusRules.from_settings(settings))


INSPECTIONS = Layer(
    name="inspections",
    min_role="official",
    title_zh="检查记录",
    title_en="Inspection visits",
    geometry_type="Point",
    query=(
        "SELECT i.id, i.site_id, s.name AS site_name, s.kind, s.township_code, i.visited_at::date AS visited_on, "
        "i.mode, i.outcome, i.inspector, i.findings, i.source, i.position AS geom "
        "FROM inspection i JOIN site s ON s.id = i.site_id WHERE i.position IS NOT NULL AND i.visited_at <= now()"
    ),
    fields=(
        Field("site_name", "站点", "Site"),
        Field("visited_on", "日期", "Date"),
        Field("mode", "方式", "Mode", values=dict(INSPECTION_MODE.words)),
        Field("outcome", "结果", "Outcome", values=dict(INSPECTION_OUTCOME.words)),
        Field("inspector", "检查人", "Inspector", personal=True),
        Field("findings", "发现问题", "Findings"),
    ),
    filters=("township_code", "kind", "site_id", "outcome", "mode"),
    style={"radius": 3, "color": "#4a5568", "weight": 1, "fillColor": "#a0aec0", "fillOpacity": 0.8},
    legend=(LegendEntry("检查位置", "Inspection position", "#a0aec0", "circle"),),
)
