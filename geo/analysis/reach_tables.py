"""The reach report as a table with Chinese (default) or English headers and words, for CSV/XLSX."""

from __future__ import annotations

import pandas as pd

from geo.analysis.coverage_tables import DEMO_NOTE
from geo.analysis.reach import ReachReport
from geo.vocab import REACH_METHOD, REACH_REASON, REACH_STATUS, SITE_KIND, word, yes_no

HEADERS = {
    "code": ("村代码", "village_code"),
    "name": ("行政村", "village"),
    "township_name": ("乡镇", "township"),
    "poverty_alleviated": ("脱贫村", "poverty_alleviated"),
    "poverty_households": ("脱贫户数", "poverty_households"),
    "status": ("可达性", "reach"),
    "reason": ("说明", "reason"),
    "station_name": ("最近运营站点", "nearest_operating_station"),
    "station_kind": ("站点类型", "station_kind"),
    "station_distance_m": ("到站点距离(米)", "station_distance_m"),
    "station_time_min": ("到站点时间(分钟)", "station_time_min"),
    "hub_distance_m": ("到分拣中心距离(米)", "hub_distance_m"),
    "hub_time_min": ("到分拣中心时间(分钟)", "hub_time_min"),
    "method": ("计算方法", "method"),
}


def reach_frame(report: ReachReport, lang: str = "zh", hidden: frozenset[str] = frozenset()) -> pd.DataFrame:
    """One row per village; ``hidden``: columns the caller may not see (privacy), left out."""
    rows = []
    for v in report.villages:
        row = {k: v.get(k) for k in HEADERS}
        row["poverty_alleviated"] = yes_no(bool(v["poverty_alleviated"]), lang)
        row["status"] = REACH_STATUS.word(v["status"], lang)
        row["reason"] = REACH_REASON.word(v["reason"], lang)
        row["station_kind"] = SITE_KIND.word(v["station_kind"], lang) if v["station_kind"] else None
        row["method"] = REACH_METHOD.word(v["method"], lang)
        rows.append(row)
    shown = [k for k in HEADERS if k not in hidden]
    frame = pd.DataFrame(rows, columns=list(HEADERS))[shown]
    return frame.rename(columns={k: word(HEADERS[k], lang) for k in shown})


def reach_notes(report: ReachReport, lang: str = "zh") -> list[str]:
    notes = [report.params.method_text(report.method, lang)]
    if report.hub:
        notes.append(word(("县级枢纽：", "County hub: "), lang) + report.hub["name"])
    if report.method == "road":
        notes.append(word(("道路 © OpenStreetMap 贡献者，ODbL", "Roads © OpenStreetMap contributors, ODbL"), lang))
    if report.demo:
        notes.append(word(DEMO_NOTE, lang))
    return notes
