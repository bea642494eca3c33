"""The logistics reach map's computed layers: reach per village, service-area bands, the villages
outside every band, and suggested new station sites. Each runs its analysis in ``geo.analysis``.

The measuring parameters come from the settings (``reach_*``, ``service_area_*``, the coverage
rule, the county's metric SRID) through ``Layer.for_settings``: :func:`reach_layers` builds the four layers for given
parameters; unconfigured, they use the :class:`ReachParams` / :class:`AreaParams` defaults and the
coverage layers' default rule.
"""

from __future__ import annotations

from dataclasses import replace
from functools import lru_cache, partial

from sqlalchemy import Connection, text

from geo.analysis.coverage import CoverageRule
from geo.analysis.reach import ReachParams, compute_reach
from geo.analysis.service_areas import AreaParams, service_areas
from geo.analysis.suggestions import suggest
from geo.vocab import REACH_REASON
from layers.base import Field, Layer, LegendEntry
from layers.computed import ComputedLayer
from layers.coverage import DEFAULT_RULE, settings_srid
from layers.palette import OKABE_ITO, UNCOVERED

PARAMS = ReachParams()
AREAS = AreaParams()
SUGGESTED_K = 5

# time classes to the nearest operating station (minutes): light to dark, unreachable reserved
TIME_CLASSES = (
    ("le30", 30, "≤ 30 分钟", "≤ 30 min", "#a1dab4"),
    ("le60", 60, "30–60 分钟", "30–60 min", "#41b6c4"),
    ("le120", 120, "60–120 分钟", "60–120 min", "#2c7fb8"),
    ("gt120", None, "> 120 分钟", "> 120 min", "#253494"),
)
BAND_COLOURS = {30: "#2c7fb8", 60: "#41b6c4", 120: "#a1dab4"}


_CACHE: dict[tuple, object] = {}


def _once(conn: Connection, name: object, fn):  # noqa: ANN001, ANN202
    """``fn(conn)`` once per database and data version: the service areas feed two layers, and every
    write bumps ``data_state.version`` (trigger), so a stale answer is never served."""
    version = conn.execute(text("SELECT version FROM data_state WHERE id = 1")).scalar()
    key = (conn.engine.url.render_as_string(hide_password=True), version, name)
    if version is None or key not in _CACHE:
        if len(_CACHE) > 64:
            _CACHE.clear()
        _CACHE[key] = fn(conn)
    return _CACHE[key]


def _time_class(minutes: float | None, status: str) -> str:
    if status != "reached" or minutes is None:
        return status
    for key, limit, *_ in TIME_CLASSES:
        if limit is None or minutes <= limit:
            return key
    return "gt120"


def _point(lon: float, lat: float) -> dict:
    return {"type": "Point", "coordinates": [lon, lat]}


def _reach_features(conn: Connection, params: ReachParams = PARAMS, rule: CoverageRule = DEFAULT_RULE) -> list[dict]:
    report = _once(conn, ("reach", params, rule), lambda c: compute_reach(c, params, rule))
    out = []
    for i, v in enumerate(report.villages, start=1):
        if v["lon"] is None:
            continue
        out.append(
            {
                "geometry": _point(v["lon"], v["lat"]),
                "properties": {
                    **{
                        k: v[k]
                        for k in (
                            "code",
                            "name",
                            "township_code",
                            "township_name",
                            "station_name",
                            "station_time_min",
                            "hub_time_min",
                            "status",
                            "source",
                        )
                    },
                    "id": i,
                    "reason": v["reason"],
                    "time_class": _time_class(v["station_time_min"], v["status"]),
                },
            }
        )
    return out


REACH = ComputedLayer(
    name="reach",
    title_zh="各村到最近运营站点的通行时间",
    title_en="Travel time from each village to the nearest operating station",
    geometry_type="Point",
    query="",
    compute=_reach_features,
    fields=(
        Field("name", "行政村", "Village"),
        Field("township_name", "乡镇", "Township"),
        Field("reason", "可达性", "Reach", values=dict(REACH_REASON.words)),
        Field("station_name", "最近运营站点", "Nearest operating station"),
        Field("station_time_min", "到站点时间（分钟）", "Time to station (min)"),
        Field("hub_time_min", "到分拣中心时间（分钟）", "Time to the hub (min)"),
    ),
    filters=("township_code", "status", "time_class"),
    style={"radius": 5, "color": "#333333", "weight": 1, "fillOpacity": 0.9},
    style_key="time_class",
    styles={
        **{k: {"fillColor": c} for k, _l, _z, _e, c in TIME_CLASSES},
        "unreachable": {"fillColor": "#ffffff", "color": UNCOVERED, "weight": 3, "radius": 7},
    },
    legend=(
        *(LegendEntry(f"到站点 {zh}", f"to a station {en}", c, "circle") for _k, _l, zh, en, c in TIME_CLASSES),
        LegendEntry(
            "无法到达（最近道路不连通或无道路）", "Unreachable (nearest road not connected, or none)", UNCOVERED, "ring"
        ),
    ),
)


def _area_features(
    conn: Connection, params: ReachParams = PARAMS, areas: AreaParams = AREAS, srid: int | None = None
) -> list[dict]:
    out = _once(conn, ("service_areas", params, areas, srid), lambda c: service_areas(c, params, areas, srid))
    feats = []
    # widest band first, so the narrower bands are drawn over it
    for i, a in enumerate(sorted(out["areas"], key=lambda a: (-a["band_min"], a["facility_id"])), start=1):
        if a["geometry"] is None:
            continue
        feats.append(
            {
                "geometry": a["geometry"],
                "properties": {
                    "id": i,
                    "name": a["facility_name"],
                    "band_min": int(a["band_min"]),
                    "band": str(int(a["band_min"])),
                    "method": out["method"],
                    "source": a["source"],
                },
            }
        )
    return feats


SERVICE_AREAS = ComputedLayer(
    name="service_areas",
    title_zh="服务范围（分拣中心与乡镇服务站，按通行时间）",
    title_en="Service areas (hub and township stations, by travel time)",
    geometry_type="MultiPolygon",
    query="",
    compute=_area_features,
    fields=(
        Field("name", "站点", "Site"),
        Field("band_min", "通行时间不超过（分钟）", "Within (min)"),
        Field(
            "method",
            "计算方法",
            "Method",
            values={
                "road": (
                    "沿路网可达范围（pgRouting 行驶距离，道路两侧缓冲）",
                    "reached road network (pgRouting driving distance, buffered)",
                ),
                "straight_line": ("无路网：按直线估算的圆", "no roads: straight-line circle"),
            },
        ),
    ),
    filters=("band",),
    style={"weight": 0.5, "fillOpacity": 0.18},
    style_key="band",
    styles={str(b): {"color": c, "fillColor": c} for b, c in BAND_COLOURS.items()},
    legend=tuple(
        LegendEntry(f"服务范围 ≤ {b} 分钟（沿路网）", f"Service area ≤ {b} min (along roads)", c, "square")
        for b, c in BAND_COLOURS.items()
    ),
    # bands are kilometres wide: ~200 m simplification and ~100 m precision keep the page light
    simplify=0.004,
    precision=3,
)


def _outside_features(
    conn: Connection, params: ReachParams = PARAMS, areas: AreaParams = AREAS, srid: int | None = None
) -> list[dict]:
    out = _once(conn, ("service_areas", params, areas, srid), lambda c: service_areas(c, params, areas, srid))
    feats = []
    for i, v in enumerate(out["outside"], start=1):
        feats.append(
            {
                "geometry": _point(v["lon"], v["lat"]),
                "properties": {
                    "id": i,
                    "code": v["code"],
                    "name": v["name"],
                    "township_code": v["township_code"],
                    "township_name": v["township_name"],
                    "time_min": v["time_min"],
                    "nearest_facility": v["nearest_facility"],
                    "why": v["reason"],
                    "source": v["source"],
                },
            }
        )
    return feats


UNREACHED_VILLAGES = ComputedLayer(
    name="unreached_villages",
    title_zh="所有服务范围以外的村",
    title_en="Villages outside every service area",
    geometry_type="Point",
    query="",
    compute=_outside_features,
    fields=(
        Field("name", "行政村", "Village"),
        Field("township_name", "乡镇", "Township"),
        Field(
            "why",
            "原因",
            "Why",
            values={**REACH_REASON.words, "beyond_bands": ("超出最大服务范围", "beyond the widest band")},
        ),
        Field("nearest_facility", "最近的分拣中心/乡镇站", "Nearest hub / township station"),
        Field("time_min", "通行时间（分钟）", "Travel time (min)"),
    ),
    filters=("township_code",),
    style={"radius": 9, "color": UNCOVERED, "weight": 3, "fill": False},
    legend=(LegendEntry("服务范围以外的村", "Village outside every service area", UNCOVERED, "ring"),),
)


def _suggestion_features(
    conn: Connection, params: ReachParams = PARAMS, rule: CoverageRule = DEFAULT_RULE
) -> list[dict]:
    out = _once(conn, ("suggestions", params, rule), lambda c: suggest(c, rule, params, SUGGESTED_K))
    return [
        {
            "geometry": _point(s["lon"], s["lat"]),
            "properties": {
                "id": s["rank"],
                "rank": s["rank"],
                "name": s["name"],
                "code": s["code"],
                "township_code": s["township_code"],
                "township_name": s["township_name"],
                "poverty_households_added": s["poverty_households_added"],
                "villages_added": s["villages_added"],
                "note": "建议，非决定 / suggestion, not decided",
                "source": s["source"],
            },
        }
        for s in out["suggestions"]
    ]


STATION_SUGGESTIONS = ComputedLayer(
    name="station_suggestions",
    title_zh=f"建议新设村级站点（前 {SUGGESTED_K} 个，仅供参考）",
    title_en=f"Suggested new village stations (top {SUGGESTED_K}, a suggestion)",
    geometry_type="Point",
    query="",
    compute=_suggestion_features,
    fields=(
        Field("rank", "建议顺序", "Rank"),
        Field("name", "行政村", "Village"),
        Field("township_name", "乡镇", "Township"),
        Field("poverty_households_added", "新增覆盖脱贫户", "Poverty-alleviated households added"),
        Field("villages_added", "新增覆盖脱贫村", "Poverty-alleviated villages added"),
        Field("note", "说明", "Note"),
    ),
    filters=("township_code",),
    style={
        "radius": 10,
        "color": OKABE_ITO["reddish_purple"],
        "weight": 3,
        "dashArray": "3 3",
        "fillColor": OKABE_ITO["yellow"],
        "fillOpacity": 0.6,
    },
    legend=(
        LegendEntry(
            "建议新设站点（建议，非决定）",
            "Suggested new station (suggestion, not decided)",
            OKABE_ITO["yellow"],
            "circle",
        ),
    ),
)


@lru_cache(maxsize=16)
def reach_layers(
    params: ReachParams, areas: AreaParams, rule: CoverageRule, srid: int | None = None
) -> dict[str, Layer]:
    """The four layers (by name) measuring with ``params``, ``areas`` and ``rule``, in EPSG ``srid``."""
    return {
        REACH.name: replace(REACH, compute=partial(_reach_features, params=params, rule=rule)),
        SERVICE_AREAS.name: replace(
            SERVICE_AREAS, compute=partial(_area_features, params=params, areas=areas, srid=srid)
        ),
        UNREACHED_VILLAGES.name: replace(
            UNREACHED_VILLAGES, compute=partial(_outside_features, params=params, areas=areas, srid=srid)
        ),
        STATION_SUGGESTIONS.name: replace(
            STATION_SUGGESTIONS, compute=partial(_suggestion_features, params=params, rule=rule)
        ),
    }


def _configured(name: str):  # noqa: ANN202
    return lambda settings: reach_layers(
        ReachParams.from_settings(settings),
        AreaParams.from_settings(settings),
        CoverageRule.from_settings(settings),
        settings_srid(settings),
    )[name]


LAYERS = tuple(
    replace(layer, configure=_configured(layer.name))
    for layer in (REACH, SERVICE_AREAS, UNREACHED_VILLAGES, STATION_SUGGESTIONS)
)
