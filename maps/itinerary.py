"""The printable itinerary of a planned route (督查行程单): one table per tour, print CSS."""

from __future__ import annotations

import html

from geo.analysis.route_words import stop_reasons, unplaced_reason
from maps.i18n import choose, html_lang, words

WORDS = {
    "title": ("督查行程单", "Inspection itinerary"),
    "route": ("路线", "Route"),
    "day": ("第 {d} 天 · 第 {t} 组", "Day {d} · team {t}"),
    "order": ("序号", "No."),
    "site": ("站点", "Site"),
    "township": ("乡镇", "Township"),
    "arrive": ("到达", "Arrive"),
    "leave": ("离开", "Leave"),
    "leg": ("路段 公里/分钟", "Leg km/min"),
    "why": ("督查原因", "Why"),
    "sign": ("签到/备注", "Sign / notes"),
    "depart": ("出发", "Depart"),
    "back": ("返回", "Back"),
    "total": ("合计", "Total"),
    "unplaced": ("未能排入的站点", "Sites that did not fit"),
    "none": ("无", "none"),
    "method_pgrouting": (
        "路网（pgRouting；道路 © OpenStreetMap 贡献者，ODbL）",
        "road network (pgRouting; roads © OpenStreetMap contributors, ODbL)",
    ),
    "method_straight_line": ("直线 × 绕行系数（估算）", "straight line × circuity (estimate)"),
    "method": ("距离计算", "Distances"),
    "map": ("在地图上查看", "Show on map"),
    "gpx": ("下载 GPX", "Download GPX"),
    "print": ("打印", "Print"),
    "demo": ("演示数据：站点位置为生成数据，非真实", "DEMO DATA: site positions are generated, not real"),
}


def itinerary_page(route: dict, lang: str = "zh") -> str:
    w = words(WORDS, lang)
    e = html.escape
    parts = []
    for tour in route["tours"]:
        rows = [
            f"<tr><td>0</td><td>{w['depart']} · {e(tour['start']['name'])}</td><td></td><td></td>"
            f"<td>{tour['depart'][11:16]}</td><td></td><td></td><td></td></tr>"
        ]
        for s in (s for s in route["stops"] if s["tour"] == tour["tour"]):
            rows.append(
                f"<tr><td>{s['order']}</td><td>{e(s['name'])}</td><td>{e(s.get('township') or '')}</td>"
                f"<td>{s['arrival'][11:16]}</td><td>{s['departure'][11:16]}</td>"
                f"<td>{s['leg_distance_m'] / 1000:.1f} / {s['leg_drive_s'] / 60:.0f}</td>"
                f"<td>{e(stop_reasons(s.get('reasons', s.get('reason')), lang))}</td><td class='sign'></td></tr>"
            )
        rows.append(
            f"<tr><td></td><td>{w['back']} · {e(tour['start']['name'])}</td><td></td>"
            f"<td>{tour['return'][11:16]}</td><td></td><td></td><td></td><td></td></tr>"
        )
        parts.append(
            f"<h2>{w['day'].format(d=tour['day'], t=tour['team'])} · {tour['date']} · "
            f"{tour['distance_m'] / 1000:.1f} km · {tour['drive_s'] / 60:.0f} min</h2>"
            f"<table><thead><tr><th>{w['order']}</th><th>{w['site']}</th><th>{w['township']}</th><th>{w['arrive']}</th>"
            f"<th>{w['leave']}</th><th>{w['leg']}</th><th>{w['why']}</th><th>{w['sign']}</th></tr></thead>"
            f"<tbody>{''.join(rows)}</tbody></table>"
        )
    unplaced = "".join(
        f"<li>{e(u['name'])}（{e(u.get('township') or '')}）：{e(unplaced_reason(u, lang))}</li>"
        for u in route["unplaced"]
    )
    demo = f'<div class="demo">{w["demo"]}</div>' if route.get("demo") else ""
    rid = route["id"]
    suffix = choose("", "&lang=en", lang)
    return f"""<!doctype html>
<html lang="{html_lang(lang)}"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1"><title>{w["title"]} {rid}</title>
<style>
body{{font:13px/1.45 'WenQuanYi Micro Hei','Noto Sans CJK SC','Microsoft YaHei',sans-serif;margin:16px}}
h1{{font-size:20px;margin:0 0 6px}} h2{{font-size:15px;margin:16px 0 6px}}
table{{border-collapse:collapse;width:100%}} th,td{{border:1px solid #555;padding:3px 5px;text-align:left;vertical-align:top}}
th{{background:#eee}} td.sign{{min-width:90px}} .demo{{border:2px solid #c53030;color:#c53030;font-weight:bold;padding:3px 6px;display:inline-block;margin-bottom:6px}}
.meta{{color:#333;margin-bottom:8px}} .links a{{margin-right:14px}}
@page {{ size: A4 landscape; margin: 12mm; }}
@media print {{ .no-print{{display:none}} body{{margin:0}} tr{{page-break-inside:avoid}} h2{{page-break-after:avoid}} }}
</style></head><body>
{demo}
<h1>{w["title"]} · {w["route"]} {rid}</h1>
<div class="meta">{w["total"]}：{route["total_distance_m"] / 1000:.1f} km · {route["total_drive_s"] / 60:.0f} min · {w["method"]}：{w["method_" + route["matrix_method"]]}</div>
<div class="links no-print"><a href="/maps/inspections?route={rid}{suffix}">{w["map"]}</a><a href="/routes/{rid}.gpx">{w["gpx"]}</a>
<button onclick="window.print()">{w["print"]}</button></div>
{"".join(parts)}
<h2>{w["unplaced"]}</h2>{f"<ul>{unplaced}</ul>" if unplaced else w["none"]}
</body></html>"""
