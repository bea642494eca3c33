"""The coverage map's layers: poverty-alleviated villages covered or not, the gaps to the
nearest counted site, the townships shaded by covered share, and the sites that count.

Each layer only runs the SQL built by :mod:`geo.analysis.coverage` for the rule in the
settings, so the map, the table and the downloads apply one rule.
"""

from __future__ import annotations

from dataclasses import dataclass

from geo.analysis.coverage import CoverageRule, site_counting_sql, township_coverage_sql, village_coverage_sql
from geo.store.settings import get_settings
from layers.base import Field, Layer, LegendEntry

RULE = CoverageRule.from_settings(get_settings())

COVERED, UNCOVERED = "#2f855a", "#c53030"
STATUS_TEXT = {  # bilingual popup values: the page shows one language's labels, these stay readable in both
    "in_village": "已覆盖：村内有运营站点 / covered: operating site in the village",
    "within_distance": f"已覆盖：{RULE.distance_m / 1000:g} 公里内有运营站点 / covered: operating site within {RULE.distance_m / 1000:g} km",
    "uncovered": "未覆盖 / not covered",
}


def _case(column: str, mapping: dict[str, str]) -> str:
    whens = " ".join(f"WHEN '{k}' THEN '{v}'" for k, v in mapping.items())
    return f"CASE {column} {whens} END"


COVERAGE_VILLAGES = Layer(
    name="coverage_villages",
    title_zh="脱贫村覆盖情况",
    title_en="Poverty-alleviated villages: covered or not",
    geometry_type="Point",
    query=(
        "SELECT row_number() OVER (ORDER BY code) AS id, code, name, township_code, township_name, "
        f"poverty_households, status, reason, {_case('reason', STATUS_TEXT)} AS coverage, "
        "nearest_site_name, round(distance_m)::int AS distance_m, row_source AS source, location AS geom "
        f"FROM ({village_coverage_sql(RULE, nearest='all')}) c WHERE location IS NOT NULL"
    ),
    fields=(
        Field("name", "脱贫村", "Village"),
        Field("code", "村代码", "Village code"),
        Field("township_name", "乡镇", "Township"),
        Field("coverage", "覆盖情况", "Coverage"),
        Field("poverty_households", "脱贫户数", "Poverty-alleviated households"),
        Field("nearest_site_name", "最近的运营站点", "Nearest operating site"),
        Field("distance_m", "距离（米）", "Distance (m)"),
    ),
    filters=("township_code", "status"),
    style={"radius": 6, "color": "#1a202c", "weight": 1, "fillOpacity": 0.95},
    style_key="status",
    styles={"covered": {"fillColor": COVERED}, "uncovered": {"fillColor": UNCOVERED, "radius": 8, "weight": 2}},
    legend=(
        LegendEntry("已覆盖的脱贫村", "Covered poverty-alleviated village", COVERED, "circle"),
        LegendEntry("未覆盖的脱贫村", "Poverty-alleviated village not covered", UNCOVERED, "circle"),
    ),
)

COVERAGE_GAPS = Layer(
    name="coverage_gaps",
    title_zh="未覆盖村到最近运营站点",
    title_en="Uncovered village to nearest operating site",
    geometry_type="LineString",
    query=(
        "SELECT row_number() OVER (ORDER BY code) AS id, code, name, township_code, nearest_site_name, "
        "round(distance_m)::int AS distance_m, "
        "name || ' → ' || nearest_site_name || '：' || to_char(distance_m / 1000.0, 'FM9990.0') || ' km' AS label, "
        "row_source AS source, ST_MakeLine(location, nearest_location) AS geom "
        f"FROM ({village_coverage_sql(RULE)}) c WHERE status = 'uncovered' AND nearest_location IS NOT NULL"
    ),
    fields=(
        Field("label", "缺口", "Gap"),
        Field("name", "脱贫村", "Village"),
        Field("code", "村代码", "Village code"),
        Field("nearest_site_name", "最近的运营站点", "Nearest operating site"),
        Field("distance_m", "距离（米）", "Distance (m)"),
    ),
    filters=("township_code",),
    style={"color": UNCOVERED, "weight": 2.5, "opacity": 0.9, "dashArray": "6 4"},
    legend=(LegendEntry("未覆盖村 → 最近运营站点（标注距离）", "Uncovered village → nearest operating site (distance)",
                        UNCOVERED, "line"),),
)


@dataclass(frozen=True)
class ShareClass:
    lower: float  # inclusive lower bound of the covered share, %
    colour: str
    zh: str
    en: str


@dataclass(frozen=True)
class ClassedLayer(Layer):
    """A choropleth: ``value_key`` (a number) classed into ``classes``; None -> ``no_data``."""

    value_key: str = ""
    classes: tuple[ShareClass, ...] = ()
    no_data: ShareClass | None = None

    def class_of(self, value: float | None) -> ShareClass | None:
        if value is None:
            return self.no_data
        chosen = None
        for c in self.classes:  # ascending lower bounds
            if value >= c.lower:
                chosen = c
        return chosen

    def style_for(self, properties: dict) -> dict:
        c = self.class_of(properties.get(self.value_key))
        return {**self.style, **({"fillColor": c.colour} if c else {})}


SHARE_CLASSES = (  # ColorBrewer RdYlGn, 5 classes: low coverage red, full coverage green
    ShareClass(0.0, "#d7191c", "覆盖率 < 20%", "covered < 20 %"),
    ShareClass(20.0, "#fdae61", "覆盖率 20–40%", "covered 20–40 %"),
    ShareClass(40.0, "#ffffbf", "覆盖率 40–60%", "covered 40–60 %"),
    ShareClass(60.0, "#a6d96a", "覆盖率 60–80%", "covered 60–80 %"),
    ShareClass(80.0, "#1a9641", "覆盖率 ≥ 80%", "covered ≥ 80 %"),
)
NO_POVERTY_VILLAGE = ShareClass(-1.0, "#e2e8f0", "无脱贫村", "no poverty-alleviated village")

COVERAGE_TOWNSHIPS = ClassedLayer(
    name="coverage_townships",
    title_zh="乡镇脱贫村覆盖率",
    title_en="Township share of poverty-alleviated villages covered",
    geometry_type="MultiPolygon",
    query=(
        "SELECT row_number() OVER (ORDER BY code) AS id, code, name, code AS township_code, villages, covered, "
        "share_pct, poverty_households, poverty_households_covered, "
        "CASE WHEN villages = 0 THEN name || '：无脱贫村' ELSE name || '：' || covered || '/' || villages || "
        "'（' || share_pct || '%）' END AS label, row_source AS source, geom "
        f"FROM ({township_coverage_sql(RULE)}) c WHERE geom IS NOT NULL"
    ),
    fields=(
        Field("name", "乡镇", "Township"),
        Field("label", "覆盖", "Coverage"),
        Field("villages", "脱贫村数", "Poverty-alleviated villages"),
        Field("covered", "已覆盖", "Covered"),
        Field("share_pct", "覆盖率（%）", "Covered share (%)"),
        Field("poverty_households_covered", "已覆盖村脱贫户数", "Poverty-alleviated households in covered villages"),
    ),
    filters=("township_code",),
    style={"color": "#4a5568", "weight": 1, "fillOpacity": 0.55},
    legend=tuple(LegendEntry(c.zh, c.en, c.colour, "square") for c in (*SHARE_CLASSES, NO_POVERTY_VILLAGE)),
    value_key="share_pct",
    classes=SHARE_CLASSES,
    no_data=NO_POVERTY_VILLAGE,
)

SITE_REASONS = {  # reason -> (zh, en, colour); legend order
    "counted": ("计入覆盖的运营站点", "Operating site (counts)", "#2b6cb0"),
    "closed_by_inspection": ("督查发现已关闭（不计入）", "Found closed by inspection (not counted)", "#1a202c"),
    "idle_by_inspection": ("督查发现闲置（不计入）", "Found idle by inspection (not counted)", "#dd6b20"),
    "not_operating": ("未运营：暂停/关闭/在建（不计入）", "Not operating: suspended/closed/building (not counted)", "#a0aec0"),
}

_COUNTING = "CASE WHEN reason LIKE 'status_%' THEN 'not_operating' ELSE reason END"
_COUNTING_TEXT = _case(_COUNTING, {k: f"{zh} / {en}" for k, (zh, en, _c) in SITE_REASONS.items()})

COVERAGE_SITES = Layer(
    name="coverage_sites",
    title_zh="服务站点（是否计入覆盖）",
    title_en="Service sites (counted or not)",
    geometry_type="Point",
    query=(
        "SELECT id, ref, name, kind, status, township_code, village_code, "
        f"{_COUNTING} AS counting, {_COUNTING_TEXT} AS counting_text, "
        f"source, location AS geom FROM ({site_counting_sql(RULE)}) c"
    ),
    fields=(
        Field("name", "名称", "Name"),
        Field("kind", "类型", "Kind"),
        Field("status", "状态", "Status"),
        Field("counting_text", "是否计入覆盖", "Counts for coverage"),
    ),
    filters=("township_code", "counting", "kind"),
    style={"radius": 4, "color": "#ffffff", "weight": 1, "fillOpacity": 1.0},
    style_key="counting",
    styles={k: {"fillColor": colour} for k, (_zh, _en, colour) in SITE_REASONS.items()},
    legend=tuple(LegendEntry(zh, en, colour, "square" if k == "counted" else "circle")
                 for k, (zh, en, colour) in SITE_REASONS.items()),
)

LAYERS = (COVERAGE_TOWNSHIPS, COVERAGE_GAPS, COVERAGE_SITES, COVERAGE_VILLAGES)
