"""The coverage map's layers: poverty-alleviated villages covered or not, the gaps to the
nearest counted site, the townships shaded by covered share, and the sites that count.

Each layer only runs the SQL built by :mod:`geo.analysis.coverage` for the rule in the
settings, so the map, the table and the downloads apply one rule.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from functools import lru_cache

from geo.analysis.coverage import CoverageRule, site_counting_sql, township_coverage_sql, village_coverage_sql
from geo.vocab import COVERAGE_REASON, COVERAGE_STATUS, DEFAULT_METRIC_EPSG, SITE_COUNTING, SITE_KIND, SITE_STATUS
from layers import palette
from layers.base import Field, Layer, LegendEntry
from layers.sites import family_legend, family_sql

# The layers as registered (before ``for_settings``) apply the default rule in the default metric
# CRS; the app and the CLI build them for their settings with :func:`coverage_layers`.
DEFAULT_RULE = CoverageRule(distance_m=3000.0)

COVERED, UNCOVERED = palette.COVERED, palette.UNCOVERED


# A village's name without the 村民委员会 / 居民委员会 suffix, for a label on the map.
SHORT_NAME = "regexp_replace(name, '(村民委员会|居民委员会|社区居委会|村委会)$', '')"


def km_text(metres: float, lang: str) -> str:
    """A distance in metres as km with one decimal ("3.4 km" in both languages)."""
    return f"{float(metres) / 1000:.1f} km"


COVERED_STYLE = {"radius": 5.5, "color": "#111111", "weight": 1, "fillColor": COVERED, "fillOpacity": 1.0}
# Uncovered: a larger hollow vermillion ring, so it differs from covered by shape as well as colour.
UNCOVERED_STYLE = {"radius": 7, "color": UNCOVERED, "weight": 3.5, "fillColor": "#ffffff", "fillOpacity": 1.0}


def _villages_query(rule: CoverageRule, srid: int = DEFAULT_METRIC_EPSG) -> str:
    return (
        "SELECT row_number() OVER (ORDER BY code) AS id, code, name, township_code, township_name, "
        "poverty_households, status, gap_reason, "
        "CASE WHEN status <> 'covered' THEN " + SHORT_NAME + " END AS gap_label, "
        "nearest_site_name, round(distance_m)::int AS distance_m, row_source AS source, location AS geom "
        f"FROM ({village_coverage_sql(rule, nearest='all', srid=srid)}) c WHERE location IS NOT NULL"
    )


COVERAGE_VILLAGES = Layer(
    name="coverage_villages",
    title_zh="脱贫村覆盖情况",
    title_en="Poverty-alleviated villages: covered or not",
    geometry_type="Point",
    query=_villages_query(DEFAULT_RULE),
    fields=(
        Field("name", "脱贫村", "Village"),
        Field("code", "村代码", "Village code"),
        Field("township_name", "乡镇", "Township"),
        Field("status", "覆盖情况", "Coverage", values=dict(COVERAGE_STATUS.words)),
        Field("gap_reason", "原因", "Why", values=dict(COVERAGE_REASON.words)),
        # a village's household count: officials and above only (geo.privacy.LAYER_FIELD_MIN_ROLE)
        Field("poverty_households", "脱贫户数", "Poverty-alleviated households", personal=True),
        Field("nearest_site_name", "最近的运营站点", "Nearest operating site"),
        Field("distance_m", "距离", "Distance", render=km_text),
    ),
    filters=("township_code", "status"),
    style=COVERED_STYLE,
    style_key="status",
    styles={"covered": COVERED_STYLE, "uncovered": UNCOVERED_STYLE},
    label_key="gap_label",
    legend=(
        LegendEntry(
            "已覆盖的脱贫村",
            "Covered poverty-alleviated village",
            COVERED,
            "circle",
            COVERED_STYLE,
            "status",
            "covered",
        ),
        LegendEntry(
            "未覆盖的脱贫村（标村名）",
            "Poverty-alleviated village not covered (named)",
            UNCOVERED,
            "ring",
            UNCOVERED_STYLE,
            "status",
            "uncovered",
        ),
    ),
)


def _gaps_query(rule: CoverageRule, srid: int = DEFAULT_METRIC_EPSG) -> str:
    return (
        "SELECT row_number() OVER (ORDER BY code) AS id, code, name, township_code, nearest_site_name, "
        "round(distance_m)::int AS distance_m, to_char(distance_m / 1000.0, 'FM9990.0') || ' km' AS distance_label, "
        "gap_reason, row_source AS source, ST_MakeLine(location, nearest_location) AS geom "
        f"FROM ({village_coverage_sql(rule, srid=srid)}) c WHERE status = 'uncovered' AND nearest_location IS NOT NULL"
    )


GAP_STYLE = {"color": UNCOVERED, "weight": 2.5, "opacity": 0.9, "dashArray": "6 4", "shape": "line"}
COVERAGE_GAPS = Layer(
    name="coverage_gaps",
    title_zh="未覆盖村到最近运营站点",
    title_en="Uncovered village to nearest operating site",
    geometry_type="LineString",
    query=_gaps_query(DEFAULT_RULE),
    fields=(
        Field("name", "脱贫村", "Village"),
        Field("code", "村代码", "Village code"),
        Field("gap_reason", "原因", "Why", values=dict(COVERAGE_REASON.words)),
        Field("nearest_site_name", "最近的运营站点", "Nearest operating site"),
        Field("distance_m", "距离", "Distance", render=km_text),
    ),
    filters=("township_code",),
    style=GAP_STYLE,
    label_key="distance_label",
    legend=(
        LegendEntry(
            "未覆盖村 → 最近运营站点（标距离）",
            "Uncovered village → nearest operating site (distance)",
            UNCOVERED,
            "line",
            GAP_STYLE,
        ),
    ),
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


SHARE_CLASSES = (  # ColorBrewer YlGnBu (layers.palette.SHARE_RAMP): light = low share, dark = high
    ShareClass(0.0, palette.SHARE_RAMP[0], "覆盖率 < 20%", "covered < 20 %"),
    ShareClass(20.0, palette.SHARE_RAMP[1], "覆盖率 20–40%", "covered 20–40 %"),
    ShareClass(40.0, palette.SHARE_RAMP[2], "覆盖率 40–60%", "covered 40–60 %"),
    ShareClass(60.0, palette.SHARE_RAMP[3], "覆盖率 60–80%", "covered 60–80 %"),
    ShareClass(80.0, palette.SHARE_RAMP[4], "覆盖率 ≥ 80%", "covered ≥ 80 %"),
)
NO_POVERTY_VILLAGE = ShareClass(-1.0, palette.NO_DATA, "无脱贫村", "no poverty-alleviated village")
TOWNSHIP_STYLE = {"color": "#5a5a5a", "weight": 1, "fillOpacity": 0.6}


@dataclass(frozen=True)
class ShareLegendEntry(LegendEntry):
    """A class of the choropleth, counted by the townships whose share falls in it."""

    lower: float = 0.0
    upper: float | None = None

    def count(self, properties) -> int | None:  # noqa: ANN001
        n = 0
        for p in properties:
            v = p.get("share_pct")
            if self.lower < 0:
                n += v is None
            elif v is not None and v >= self.lower and (self.upper is None or v < self.upper):
                n += 1
        return n


def _share_legend() -> tuple[LegendEntry, ...]:
    bounds = [c.lower for c in SHARE_CLASSES[1:]] + [None]
    out = [
        ShareLegendEntry(
            c.zh,
            c.en,
            c.colour,
            "polygon",
            {**TOWNSHIP_STYLE, "fillColor": c.colour, "shape": "polygon"},
            "share_pct",
            None,
            c.lower,
            upper,
        )
        for c, upper in zip(SHARE_CLASSES, bounds)
    ]
    c = NO_POVERTY_VILLAGE
    out.append(
        ShareLegendEntry(
            c.zh,
            c.en,
            c.colour,
            "polygon",
            {**TOWNSHIP_STYLE, "fillColor": c.colour, "shape": "polygon"},
            "share_pct",
            None,
            -1.0,
            None,
        )
    )
    return tuple(out)


def _townships_query(rule: CoverageRule, srid: int = DEFAULT_METRIC_EPSG) -> str:
    return (
        "SELECT row_number() OVER (ORDER BY code) AS id, code, name, code AS township_code, villages, covered, "
        "uncovered, no_position, share_pct, poverty_households, poverty_households_covered, "
        "CASE WHEN villages = 0 THEN name ELSE name || ' ' || covered || '/' || villages || "
        "' · ' || round(share_pct)::int || '%' END AS map_label, row_source AS source, geom "
        f"FROM ({township_coverage_sql(rule, srid)}) c WHERE geom IS NOT NULL"
    )


COVERAGE_TOWNSHIPS = ClassedLayer(
    name="coverage_townships",
    title_zh="乡镇脱贫村覆盖率",
    title_en="Township share of poverty-alleviated villages covered",
    geometry_type="MultiPolygon",
    query=_townships_query(DEFAULT_RULE),
    fields=(
        Field("name", "乡镇", "Township"),
        Field("villages", "脱贫村数", "Poverty-alleviated villages"),
        Field("covered", "已覆盖", "Covered"),
        Field("share_pct", "覆盖率（%）", "Covered share (%)"),
        Field("poverty_households_covered", "已覆盖村脱贫户数", "Poverty-alleviated households in covered villages"),
    ),
    filters=("township_code",),
    carry=("uncovered", "no_position"),
    style=TOWNSHIP_STYLE,
    label_key="map_label",
    legend=_share_legend(),
    value_key="share_pct",
    classes=SHARE_CLASSES,
    no_data=NO_POVERTY_VILLAGE,
    simplify=0.0005,  # as the township layer: about 50 m, under a pixel at county scale
    precision=4,
)


def _sites_query(rule: CoverageRule, srid: int = DEFAULT_METRIC_EPSG) -> str:
    return (
        "SELECT c.id, ref, name, kind, " + family_sql("c") + " AS family, status, township_code, village_code, "
        f"{_COUNTING} AS counting, source, location AS geom FROM ({site_counting_sql(rule)}) c"
    )


SITE_COUNTING_COLOUR = {  # reason -> colour; legend order
    "counted": palette.OKABE_ITO["bluish_green"],
    "closed_by_inspection": palette.OKABE_ITO["black"],
    "idle_by_inspection": palette.OKABE_ITO["orange"],
    "not_operating": "#9e9e9e",
}
SITE_REASONS = {k: (*SITE_COUNTING.words[k], c) for k, c in SITE_COUNTING_COLOUR.items()}
COUNTING_STYLE = {"radius": 4.5, "color": "#ffffff", "weight": 1, "fillOpacity": 1.0}

_COUNTING = "CASE WHEN reason LIKE 'status_%' THEN 'not_operating' ELSE reason END"

COVERAGE_SITES = Layer(
    name="coverage_sites",
    title_zh="服务站点（是否计入覆盖）",
    title_en="Service sites (counted or not)",
    geometry_type="Point",
    query=_sites_query(DEFAULT_RULE),
    fields=(
        Field("name", "名称", "Name"),
        Field("kind", "类型", "Kind", values=dict(SITE_KIND.words)),
        Field("status", "状态", "Status", values=dict(SITE_STATUS.words)),
        Field("counting", "是否计入覆盖", "Counts for coverage", values=dict(SITE_COUNTING.words)),
    ),
    filters=("township_code", "counting", "kind"),
    style=COUNTING_STYLE,
    style_key="counting",
    styles={k: {"fillColor": colour} for k, colour in SITE_COUNTING_COLOUR.items()},
    shape_key="family",
    shapes=dict(palette.FAMILY_SHAPE),
    legend=tuple(
        LegendEntry(
            *SITE_COUNTING.words[k],
            colour,
            "circle",
            {**COUNTING_STYLE, "fillColor": colour, "shape": "circle"},
            "counting",
            k,
        )
        for k, colour in SITE_COUNTING_COLOUR.items()
    )
    + family_legend(COUNTING_STYLE),
)

_QUERIES = {
    "coverage_townships": _townships_query,
    "coverage_gaps": _gaps_query,
    "coverage_sites": _sites_query,
    "coverage_villages": _villages_query,
}


@lru_cache(maxsize=16)
def coverage_layers(rule: CoverageRule, srid: int = DEFAULT_METRIC_EPSG) -> dict[str, Layer]:
    """The coverage layers (by name) applying ``rule``, distances measured in EPSG ``srid``
    (the county's metric CRS, ``county.metric_srid``)."""
    return {layer.name: replace(layer, query=_QUERIES[layer.name](rule, int(srid))) for layer in _DEFAULT_LAYERS}


def settings_srid(settings) -> int:  # noqa: ANN001 - geo.store.settings.Settings
    """The metric SRID the settings carry (set by the app factory from the county), else the default."""
    return int(getattr(settings, "metric_srid", None) or DEFAULT_METRIC_EPSG)


def _configured(name: str):  # noqa: ANN202
    return lambda settings: coverage_layers(CoverageRule.from_settings(settings), settings_srid(settings))[name]


_DEFAULT_LAYERS = (COVERAGE_TOWNSHIPS, COVERAGE_GAPS, COVERAGE_SITES, COVERAGE_VILLAGES)
LAYERS = tuple(replace(layer, configure=_configured(layer.name)) for layer in _DEFAULT_LAYERS)
