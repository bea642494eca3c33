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

from sqlalchemy import Connection

from geo.analysis.coverage import CoverageRule
from geo.analysis.reach import ReachParams, compute_reach
from geo.analysis.service_areas import AreaParams, service_areas
from geo.analysis.suggestions import suggest
from geo.vocab import REACH_REASON
from layers.base import Field, Layer, LegendEntry
from layers.computed import ComputedLayer, per_data_version
from layers.coverage import DEFAULT_RULE, settings_srid
from layers.palette import OKABE_ITO, UNCOVERED

PARAMS = ReachParams()
AREAS = AreaParams()
SUGGESTED_K = 5

# Band colours, narrowest band darkest (YlGnBu); more than three bands take the longer ramp.
BAND_RAMP = ("#2c7fb8", "#41b6c4", "#a1dab4")
WIDE_RAMP = ("#253494", "#2c7fb8", "#41b6c4", "#7fcdbb", "#a1dab4", "#c7e9b4", "#edf8b1")


def _b(minutes: float) -> str:
    return f"{minutes:g}"


def band_colours(bands: tuple[float, ...]) -> dict[float, str]:
    """Each band (minutes) its colour, narrowest darkest, spread over the ramp."""
    bands = tuple(sorted(bands))
    ramp = BAND_RAMP if len(bands) <= len(BAND_RAMP) else WIDE_RAMP
    last = len(bands) - 1
    return {b: ramp[round(i * (len(ramp) - 1) / last) if last else 0] for i, b in enumerate(bands)}


def time_classes(bands: tuple[float, ...]) -> tuple[tuple[str, float | None, str, str, str], ...]:
    """Time classes to the nearest operating station, one per band and one beyond the widest:
    (key, upper limit in minutes or None, zh, en, colour), light to dark (the band colours read
    backwards, then a darker one); unreachable is reserved."""
    bands = tuple(sorted(bands))
    light_to_dark = list(reversed(band_colours(bands).values()))
    out: list[tuple[str, float | None, str, str, str]] = []
    for i, b in enumerate(bands):
        span = f"{_b(bands[i - 1])}–{_b(b)}" if i else f"≤ {_b(b)}"
        out.append((f"le{_b(b)}", b, f"{span} 分钟", f"{span} min", light_to_dark[i]))
    beyond = "#253494" if len(bands) <= len(BAND_RAMP) else "#081d58"
    out.append((f"gt{_b(bands[-1])}", None, f"> {_b(bands[-1])} 分钟", f"> {_b(bands[-1])} min", beyond))
    return tuple(out)


def _time_class(minutes: float | None, status: str, bands: tuple[float, ...]) -> str:
    if status != "reached" or minutes is None:
        return status
    classes = time_classes(bands)
    for key, limit, *_ in classes:
        if limit is None or minutes <= limit:
            return key
    return classes[-1][0]


def _reach_look(bands: tuple[float, ...]) -> dict:
    """The reach layer's class styles and legend for these bands."""
    classes = time_classes(bands)
    return {
        "styles": {
            **{k: {"fillColor": c} for k, _l, _z, _e, c in classes},
            "unreachable": {"fillColor": "#ffffff", "color": UNCOVERED, "weight": 3, "radius": 7},
        },
        "legend": (
            *(
                LegendEntry(f"到站点 {zh}", f"to a station {en}", c, "circle", key="time_class", value=k)
                for k, _l, zh, en, c in classes
            ),
            LegendEntry(
                "无法到达（最近道路不连通或无道路）",
                "Unreachable (nearest road not connected, or none)",
                UNCOVERED,
                "ring",
                key="time_class",
                value="unreachable",
            ),
        ),
    }


def _area_look(bands: tuple[float, ...]) -> dict:
    """The service-area layer's band styles and legend for these bands (narrowest first)."""
    colours = band_colours(bands)
    return {
        "styles": {_b(b): {"color": c, "fillColor": c} for b, c in colours.items()},
        "legend": tuple(
            LegendEntry(
                f"服务范围 ≤ {_b(b)} 分钟（沿路网）",
                f"Service area ≤ {_b(b)} min (along roads)",
                c,
                "square",
                key="band",
                value=_b(b),
            )
            for b, c in colours.items()
        ),
    }


def _point(lon: float, lat: float) -> dict:
    return {"type": "Point", "coordinates": [lon, lat]}


def _reach_features(
    conn: Connection, params: ReachParams = PARAMS, rule: CoverageRule = DEFAULT_RULE, areas: AreaParams = AREAS
) -> list[dict]:
    report = per_data_version(conn, ("reach", params, rule), lambda c: compute_reach(c, params, rule))
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
                    "time_class": _time_class(v["station_time_min"], v["status"], areas.bands_min),
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
    **_reach_look(AREAS.bands_min),
)


def _area_features(
    conn: Connection, params: ReachParams = PARAMS, areas: AreaParams = AREAS, srid: int | None = None
) -> list[dict]:
    out = per_data_version(
        conn, ("service_areas", params, areas, srid), lambda c: service_areas(c, params, areas, srid)
    )
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
                    "band": _b(a["band_min"]),
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
    **_area_look(AREAS.bands_min),
    # bands are kilometres wide: ~200 m simplification and ~100 m precision keep the page light
    simplify=0.004,
    precision=3,
    # the bands follow roads out of the county: the map frames the county and its sites, not them
    frames=False,
)


def _outside_features(
    conn: Connection, params: ReachParams = PARAMS, areas: AreaParams = AREAS, srid: int | None = None
) -> list[dict]:
    out = per_data_version(
        conn, ("service_areas", params, areas, srid), lambda c: service_areas(c, params, areas, srid)
    )
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
    out = per_data_version(conn, ("suggestions", params, rule), lambda c: suggest(c, rule, params, SUGGESTED_K))
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
        REACH.name: replace(
            REACH,
            compute=partial(_reach_features, params=params, rule=rule, areas=areas),
            **_reach_look(areas.bands_min),
        ),
        SERVICE_AREAS.name: replace(
            SERVICE_AREAS,
            compute=partial(_area_features, params=params, areas=areas, srid=srid),
            **_area_look(areas.bands_min),
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
