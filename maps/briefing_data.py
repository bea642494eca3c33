"""What the briefing deck says in words and tables, as plain data (headers + rows).

Merge note: ``coverage_table`` and ``target_table`` are the seams where the coverage
analysis (``geo.analysis.coverage``) and the indicator table (``GET /indicators``) plug in.
Until then they compute only what the database already holds, and say how: a
poverty-alleviated village (脱贫村) counts as "covered" here when an *operating* village
e-commerce station (村级电商服务站) names it as the village it serves; reach by distance
is not counted. Nothing is invented: an indicator with no data says so.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from sqlalchemy import Connection

from geo.analysis.specialty_totals import latest_totals
from layers import registry
from maps.spec import MapSpec


@dataclass(frozen=True)
class Table:
    title: str
    headers: tuple[str, ...]
    rows: list[tuple]
    note: str  # how the figures were obtained
    demo: bool


def _l(lang: str, zh: str, en: str) -> str:
    return zh if lang == "zh" else en


@dataclass(frozen=True)
class VillageCoverage:
    township_code: str
    township: str
    name: str
    poverty: bool
    poverty_households: int
    covered: bool  # an operating village station serves it


def village_coverage(conn: Connection) -> tuple[list[VillageCoverage], bool]:
    """Every village with its station coverage, and whether any row is demo data."""
    villages = registry.get("villages").features(conn)
    sites = registry.get("sites").features(conn, filters={"kind": "village_station", "status": "operating"})
    served = {f["properties"]["village_code"] for f in sites}
    rows = [VillageCoverage(p["township_code"], p["township_name"], p["name"], bool(p["poverty_alleviated"]), int(p["poverty_households"] or 0),
                            p["code"] in served)
            for p in (f["properties"] for f in villages)]
    demo = any(f["properties"]["source"] == "demo" for f in villages + sites)
    return rows, demo


def coverage_table(conn: Connection, lang: str = "zh") -> Table:
    villages, demo = village_coverage(conn)
    by_town: dict[tuple[str, str], list[VillageCoverage]] = defaultdict(list)
    for v in villages:
        by_town[(v.township_code, v.township)].append(v)
    rows = [_coverage_row(town, vs, lang) for (_code, town), vs in sorted(by_town.items())]
    rows.append(_coverage_row(_l(lang, "合计", "Total"), villages, lang, names=False))
    return Table(
        _l(lang, "脱贫村电商服务覆盖（按乡镇）", "E-commerce service in poverty-alleviated villages, by township"),
        (_l(lang, "乡镇", "Township"), _l(lang, "村（社区）", "Villages"), _l(lang, "脱贫村", "Poverty-alleviated"),
         _l(lang, "有运营中村级站", "With operating station"), _l(lang, "覆盖率", "Covered"),
         _l(lang, "未覆盖的脱贫村", "Not covered")),
        rows,
        _l(lang, "口径：脱贫村内有运营中的村级电商服务站（按站点所服务村统计），不含按距离可达的村。",
           "Counted: poverty-alleviated villages served by an operating village e-commerce station (by the village each "
           "station serves); reach by distance is not counted."),
        demo,
    )


def _coverage_row(town: str, vs: list[VillageCoverage], lang: str, names: bool = True) -> tuple:
    poor = [v for v in vs if v.poverty]
    covered = [v for v in poor if v.covered]
    share = f"{100 * len(covered) / len(poor):.0f}%" if poor else "—"
    missing = [v.name.replace("村民委员会", "村") for v in poor if not v.covered]
    gap = ("、" if lang == "zh" else ", ").join(missing) if names else str(len(missing))
    return (town, len(vs), len(poor), len(covered), share, gap or "—")


# (zh, en, target) from the programme's performance-target table (绩效目标表).
TARGETS = (
    ("直播基地建成", "Live-streaming base built", "1"),
    ("农村消费品管理体系建成", "Rural consumer-goods management system", "1 套 / set"),
    ("电商特色村升级", "Specialty villages upgraded", "2"),
    ("象塘咖啡品牌打造", "Xiangtang coffee brand created", "≥ 1"),
    ("遮放贡米营销活动", "Zhefang tribute-rice campaigns", "≥ 2"),
    ("特色村培训", "Training in specialty villages", "≥ 100 人次"),
    ("县级高级培训", "County-level advanced training", "≥ 900 人次, ≥ 10 期"),
    ("特色村年网络销售额", "Specialty-village online sales", "≥ 5,000,000 元"),
    ("特色村活跃网店", "Specialty-village active shops", "≥ 50"),
    ("特色村带动就业创业", "Specialty-village jobs driven", "≥ 100 人"),
    ("电商服务覆盖脱贫村", "E-commerce reaches poverty-alleviated villages", "是 / yes"),
    ("政务信息公开投诉", "Complaints about disclosure", "≤ 10"),
    ("培训满意度", "Trainee satisfaction", "≥ 90%"),
)


def target_table(conn: Connection, lang: str = "zh") -> Table:
    sites = registry.get("sites").features(conn)
    villages, demo = village_coverage(conn)
    spec = latest_totals(conn)
    none = _l(lang, "库中无数据", "no data in the database")
    base = sum(1 for f in sites if f["properties"]["kind"] == "live_base" and f["properties"]["status"] == "operating")
    poor = [v for v in villages if v.poverty]
    covered = sum(v.covered for v in poor)
    actual: dict[int, tuple[str, str, bool | None]] = {
        0: (str(base), _l(lang, "站点表：运营中的直播基地", "sites: operating live base"), base >= 1),
        10: (f"{covered}/{len(poor)}", _l(lang, "村内有运营中村级站", "operating village station in the village"),
             bool(poor) and covered == len(poor)),
    }
    if spec is not None:
        src = _l(lang, f"电商特色村表 {spec.year} 年", f"specialty villages, {spec.year}")
        coffee = any("咖啡" in b for b in spec.brands)
        actual.update({
            2: (str(spec.villages), src, spec.villages >= 2),
            3: ("、".join(b for b in spec.brands if "咖啡" in b) or "0", src, coffee),
            5: (str(spec.trainees), src, spec.trainees >= 100),
            7: (f"{spec.online_sales_yuan:,.0f}", src, spec.online_sales_yuan >= 5_000_000),
            8: (str(spec.active_shops), src, spec.active_shops >= 50),
            9: (str(spec.jobs_driven), src, spec.jobs_driven >= 100),
        })
        demo = demo or spec.demo
    rows = []
    for i, (zh, en, target) in enumerate(TARGETS):
        value, source, met = actual.get(i, ("—", none, None))
        verdict = {True: _l(lang, "达成", "met"), False: _l(lang, "未达成", "not met"), None: _l(lang, "无法判断", "unknown")}[met]
        rows.append((_l(lang, zh, en), target, value, source, verdict))
    return Table(
        _l(lang, "绩效目标完成情况", "Performance targets"),
        (_l(lang, "指标", "Indicator"), _l(lang, "目标", "Target"), _l(lang, "实际", "Actual"),
         _l(lang, "实际值来源", "Source of actual"), _l(lang, "结论", "Verdict")),
        rows,
        _l(lang, "只列库中能算出的实际值；培训、营销、投诉、满意度尚未录入。",
           "Only actuals the database can support are shown; training, campaigns, complaints and satisfaction are not recorded yet."),
        demo,
    )


def takeaway(conn: Connection, spec: MapSpec, lang: str = "zh") -> str:
    """One line computed from the map's own layers: counts, operating share, covered poverty villages."""
    parts = []
    for name in reversed(spec.layers):  # top layer first: the sites before the villages under them
        layer = registry.get(name)
        if layer.geometry_type != "Point":
            continue
        props = [f["properties"] for f in layer.features(conn)]
        if "status" in layer.filters:
            operating = sum(1 for p in props if p.get("status") == "operating")
            parts.append(_l(lang, f"共 {len(props)} 个{layer.title_zh}，其中运营中 {operating} 个",
                            f"{len(props)} {layer.title_en.lower()}, {operating} operating"))
        elif "poverty_alleviated" in layer.filters:
            villages, _demo = village_coverage(conn)
            poor = [v for v in villages if v.poverty]
            gap = [v.name.replace("村民委员会", "村") for v in poor if not v.covered]
            shown = ("、" if lang == "zh" else ", ").join(gap[:4]) + (_l(lang, " 等", " …") if len(gap) > 4 else "")
            parts.append(_l(lang, f"{len(poor)} 个脱贫村中 {len(poor) - len(gap)} 个村内有运营中的村级服务站" + (f"，未覆盖：{shown}" if gap else ""),
                            f"{len(poor) - len(gap)} of {len(poor)} poverty-alleviated villages have an operating station"
                            + (f"; not covered: {shown}" if gap else "")))
        else:
            parts.append(_l(lang, f"{layer.title_zh} {len(props)} 个", f"{len(props)} {layer.title_en.lower()}"))
    return ("；" if lang == "zh" else "; ").join(parts) + ("。" if lang == "zh" else ".")
