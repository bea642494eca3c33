"""The summary panel of each map: the two or three figures that matter and a sortable list whose
rows point at features on the map (a click zooms there and opens the popup).

Built from the features the page draws (their properties), never from SQL of its own: the
figures are the ones the map shows. Only features inside the page's township filter count.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from geo.analysis.inspection_status import REASON_ORDER, overdue_counts
from geo.vocab import COVERAGE_REASON, LIST_SEP, OVERDUE_REASON, SITE_KIND, in_brackets, word
from maps.i18n import choose

Props = list[dict]


@dataclass(frozen=True)
class Summary:
    figures: list[tuple[str, str]]  # (label, value)
    columns: list[str] = field(default_factory=list)
    # (layer name, feature index in that layer, [(shown text, sort value), ...])
    rows: list[tuple[str, int, list[tuple[str, object]]]] = field(default_factory=list)
    heading: str = ""


def _days_since(p: dict) -> int:
    """Days since the last visit; a site never visited sorts as the longest."""
    days = p.get("days_since")
    return 10**6 if days is None else int(days)


def _w(zh: str, en: str, lang: str) -> str:
    return choose(zh, en, lang)


def _pct(part: int, whole: int) -> str:
    return f"{100.0 * part / whole:.1f}%" if whole else "–"


def _inside(features: Props) -> list[tuple[int, dict]]:
    return [(i, p) for i, p in enumerate(features) if p.get("_in", True)]


def coverage(layers: dict[str, Props], lang: str) -> Summary | None:
    towns = [p for _i, p in _inside(layers.get("coverage_townships", []))]
    villages = _inside(layers.get("coverage_villages", []))
    if not towns and not villages:
        return None
    total = sum(p.get("villages") or 0 for p in towns)
    covered = sum(p.get("covered") or 0 for p in towns)
    no_position = sum(p.get("no_position") or 0 for p in towns)
    gaps = [(i, p) for i, p in villages if p.get("status") == "uncovered"]
    figures = [
        (
            _w("脱贫村覆盖率", "Covered share", lang),
            _pct(covered, total) + in_brackets(f"{covered}/{total}", lang),
        ),
        (_w("未覆盖的脱贫村", "Villages not covered", lang), str(len(gaps))),
    ]
    if no_position:
        figures.append((_w("位置不明", "Position unknown", lang), str(no_position)))
    rows = []
    for i, p in sorted(gaps, key=lambda ip: -(ip[1].get("distance_m") or 0)):
        d = p.get("distance_m")
        rows.append(
            (
                "coverage_villages",
                i,
                [
                    (p.get("name") or "", p.get("name") or ""),
                    (p.get("township_name") or "", p.get("township_name") or ""),
                    (f"{d / 1000:.1f} km" if d is not None else "", d if d is not None else -1),
                    (COVERAGE_REASON.word(p.get("gap_reason") or "", lang), p.get("gap_reason") or ""),
                ],
            )
        )
    return Summary(
        figures,
        [
            _w("未覆盖的脱贫村", "Village not covered", lang),
            _w("乡镇", "Township", lang),
            _w("到最近运营站点", "To nearest operating site", lang),
            _w("原因", "Why", lang),
        ],
        rows,
        _w("未覆盖的脱贫村（点击定位）", "Villages not covered (click to find)", lang),
    )


def inspections(layers: dict[str, Props], lang: str) -> Summary | None:
    sites = _inside(layers.get("inspection_status", []))
    if not sites:
        return None
    counts = overdue_counts([p for _i, p in sites])
    figures = [(_w("逾期未检站点", "Sites overdue", lang), f"{counts['overdue']} / {len(sites)}")]
    sep = word(LIST_SEP, lang)
    figures += [(OVERDUE_REASON.word(r, lang), str(counts[r])) for r in REASON_ORDER if counts[r]]
    rows = []
    overdue = [(i, p) for i, p in sites if p.get("overdue")]
    for i, p in sorted(overdue, key=lambda ip: -_days_since(ip[1])):
        reasons = p.get("overdue_reasons") or []
        days = p.get("days_since")
        rows.append(
            (
                "inspection_status",
                i,
                [
                    (p.get("name") or "", p.get("name") or ""),
                    (p.get("township_name") or "", p.get("township_name") or ""),
                    (sep.join(OVERDUE_REASON.word(r, lang) for r in reasons), len(reasons)),
                    (str(days) if days is not None else _w("从未", "never", lang), days if days is not None else 10**6),
                ],
            )
        )
    return Summary(
        figures,
        [
            _w("站点", "Site", lang),
            _w("乡镇", "Township", lang),
            _w("逾期原因", "Why overdue", lang),
            _w("距上次督查（天）", "Days since last visit", lang),
        ],
        rows,
        _w("逾期站点（点击定位）", "Overdue sites (click to find)", lang),
    )


def overview(layers: dict[str, Props], lang: str) -> Summary | None:
    sites = [p for _i, p in _inside(layers.get("sites", []))]
    villages = [p for _i, p in _inside(layers.get("villages", []))]
    special = _inside(layers.get("specialty_villages", []))
    if not sites:
        return None
    operating = sum(1 for p in sites if p.get("status") == "operating")
    figures = [
        (
            _w("电商站点（运营中）", "Sites (operating)", lang),
            f"{len(sites)}" + in_brackets(str(operating), lang),
        ),
        (
            _w("脱贫村", "Poverty-alleviated villages", lang),
            str(sum(1 for p in villages if p.get("poverty_alleviated"))),
        ),
        (_w("电商特色村", "Specialty villages", lang), str(len(special))),
    ]
    rows = []
    for i, p in sorted(special, key=lambda ip: -(ip[1].get("online_sales_yuan") or 0)):
        sales = p.get("online_sales_yuan")
        rows.append(
            (
                "specialty_villages",
                i,
                [
                    (p.get("name") or "", p.get("name") or ""),
                    (p.get("township_name") or "", p.get("township_name") or ""),
                    (p.get("product") or "", p.get("product") or ""),
                    (f"{sales / 10000:.1f}" if sales is not None else "", sales if sales is not None else -1),
                ],
            )
        )
    return Summary(
        figures,
        [
            _w("特色村", "Specialty village", lang),
            _w("乡镇", "Township", lang),
            _w("特色产品", "Product", lang),
            _w("网络销售额（万元）", "Online sales (10k yuan)", lang),
        ],
        rows,
        _w("电商特色村（点击定位）", "Specialty villages (click to find)", lang),
    )


def logistics(layers: dict[str, Props], lang: str) -> Summary | None:
    hubs = [p for _i, p in _inside(layers.get("logistics_hubs", []))]
    stations = _inside(layers.get("stations", []))
    links = [p for _i, p in _inside(layers.get("logistics_network", []))]
    if not stations and not hubs:
        return None
    town = [(i, p) for i, p in stations if p.get("kind") == "township_station"]
    village = [(i, p) for i, p in stations if p.get("kind") == "village_station"]
    village_links = [p for p in links if p.get("tier") == "village"]
    longest = max(village_links, key=lambda p: p.get("distance_m") or 0, default=None)
    by_road = longest is not None and longest.get("method") == "road"
    figures = [
        (_w("仓储与分拣中心", "Warehouses and sorting", lang), str(len(hubs))),
        (_w("乡镇 / 村级服务站", "Township / village stations", lang), f"{len(town)} / {len(village)}"),
        (
            # the network's lines follow the roads where a site has a road link (layers/logistics.py)
            _w("村级最远配送（沿路网）", "Longest village link (by road)", lang)
            if by_road
            else _w("村级最远配送（直线）", "Longest village link (straight)", lang),
            f"{(longest.get('distance_m') or 0) / 1000:.1f} km" if longest else "–",
        ),
    ]
    rows = [
        (
            "stations",
            i,
            [
                (p.get("name") or "", p.get("name") or ""),
                (p.get("township_name") or "", p.get("township_name") or ""),
                (SITE_KIND.word(p.get("kind") or "", lang), p.get("kind") or ""),
            ],
        )
        for i, p in sorted(stations, key=lambda ip: (ip[1].get("township_name") or "", ip[1].get("name") or ""))
    ]
    return Summary(
        figures,
        [_w("服务站", "Station", lang), _w("乡镇", "Township", lang), _w("类型", "Kind", lang)],
        rows,
        _w("服务站（点击定位）", "Stations (click to find)", lang),
    )


SUMMARIES: dict[str, Callable[[dict[str, Props], str], Summary | None]] = {
    "coverage": coverage,
    "inspections": inspections,
    "overview": overview,
    "logistics": logistics,
}


def summarise(name: str, layers: dict[str, Props], lang: str) -> Summary | None:
    fn = SUMMARIES.get(name)
    return fn(layers, lang) if fn else None
