"""One status truth: /inspections/status, the inspections map's rings and its legend counts agree,
and all agree with counts written here in plain SQL (not the rules engine's SQL)."""

from __future__ import annotations

import re
from html import unescape

from sqlalchemy import text

from geo.store.database import get_engine
from tests.maps.page_data import embedded_layers

# The rule, written out independently: sites of the inspected kinds and statuses whose latest
# outcome is not "closed"; local dates (Asia/Shanghai); interval 90 days, unannounced 365 days.
EXPECTED_SQL = """
WITH today AS (SELECT (now() AT TIME ZONE 'Asia/Shanghai')::date AS d),
v AS (SELECT id, site_id, visited_at, mode, outcome, stalled, idle_funds, idle_assets,
             (visited_at AT TIME ZONE 'Asia/Shanghai')::date AS day
      FROM inspection, today WHERE (visited_at AT TIME ZONE 'Asia/Shanghai')::date <= today.d),
last AS (SELECT DISTINCT ON (site_id) * FROM v ORDER BY site_id, visited_at DESC, id DESC),
s AS (
  SELECT site.id, site.opened_on, l.outcome, l.stalled, l.idle_funds, l.idle_assets,
         (SELECT max(day) FROM v WHERE v.site_id = site.id) AS last_day,
         (SELECT max(day) FROM v WHERE v.site_id = site.id AND v.mode = 'unannounced') AS last_unann
  FROM site LEFT JOIN last l ON l.site_id = site.id
  WHERE site.kind IN ('live_station', 'village_station', 'township_station', 'warehouse', 'sorting_centre')
    AND site.status IN ('operating', 'suspended', 'building') AND coalesce(l.outcome, '') <> 'closed'
)
SELECT
  count(*) FILTER (WHERE last_day IS NULL AND NOT coalesce(opened_on > (SELECT d FROM today) - 90, false)) AS never_inspected,
  count(*) FILTER (WHERE last_day < (SELECT d FROM today) - 90) AS interval,
  count(*) FILTER (WHERE outcome = 'needs_rectification' OR stalled OR idle_funds OR idle_assets) AS flagged,
  count(*) FILTER (WHERE last_day IS NOT NULL AND last_unann IS NULL
                   AND NOT coalesce(opened_on > (SELECT d FROM today) - 365, false)) AS never_unannounced,
  count(*) FILTER (WHERE last_unann < (SELECT d FROM today) - 365) AS unannounced_interval,
  count(*) FILTER (WHERE (last_day IS NULL AND NOT coalesce(opened_on > (SELECT d FROM today) - 90, false))
                      OR last_day < (SELECT d FROM today) - 90
                      OR outcome = 'needs_rectification' OR stalled OR idle_funds OR idle_assets
                      OR (last_day IS NOT NULL AND last_unann IS NULL
                          AND NOT coalesce(opened_on > (SELECT d FROM today) - 365, false))
                      OR last_unann < (SELECT d FROM today) - 365) AS overdue
FROM s
"""
REASON_WORDS_ZH = {
    "never_inspected": "从未督查",
    "interval": "超期未检",
    "flagged": "问题待复查",
    "never_unannounced": "从未暗访",
    "unannounced_interval": "暗访超期",
}
ENTRY = re.compile(r'<span class="fm-label">([^<]*)</span> <span class="fm-count">\((\d+)\)</span>')


def _legend_counts(html: str) -> dict[str, int]:
    legend = html[html.index('id="fm-panel-legend"') :]
    return {unescape(label): int(n) for label, n in ENTRY.findall(legend)}


def test_api_map_rings_and_legend_counts_agree_with_plain_sql(client_as, db_url: str) -> None:
    with get_engine(db_url).connect() as conn:
        expected = dict(conn.execute(text(EXPECTED_SQL)).mappings().one())
    assert expected["never_unannounced"] > 0 and expected["interval"] > 0  # the demo has both

    official = client_as("official")
    body = official.get("/inspections/status", params={"overdue_only": "true"}).json()
    assert body["count"] == expected["overdue"]
    assert body["overdue_counts"] == expected
    assert all(s["overdue"] for s in body["sites"])  # no "overdue: no" beside a reason
    by_reason = {code: sum(1 for s in body["sites"] if code in s["overdue_reasons"]) for code in REASON_WORDS_ZH}
    assert by_reason == {k: v for k, v in expected.items() if k != "overdue"}

    page = official.get("/maps/inspections").text
    data, config = embedded_layers(page)["inspection_status"]
    ringed = [style for _g, s, _v in data["f"] if (style := data["s"][s]).get("rings")]
    assert len(ringed) == expected["overdue"]
    dash = {
        "never_inspected": "",
        "interval": "",
        "flagged": "8 3 2 3",
        "never_unannounced": "2 3",
        "unannounced_interval": "6 3",
    }
    for code in ("flagged", "never_unannounced", "unannounced_interval"):
        assert sum(1 for st in ringed if dash[code] in st["rings"]) == expected[code]

    legend = _legend_counts(page)
    for code, word in REASON_WORDS_ZH.items():
        if expected[code]:
            assert legend[word] == expected[code], word
        else:
            assert word not in legend  # an empty entry is hidden
    assert legend["逾期未检（合计，按原因分列如下）"] == expected["overdue"]

    # the popup of a site overdue only for never having been visited unannounced says so
    keys = data["k"]
    rows = [dict(zip(keys, v)) for _g, _s, v in data["f"]]
    only_unann = [r for r in rows if r["overdue_reasons"] == "从未暗访"]
    assert only_unann and all(r["overdue"] is True for r in only_unann)


def test_coverage_legend_and_summary_counts_equal_the_coverage_api(client_as, db_url: str) -> None:
    official = client_as("official")
    totals = official.get("/indicators/coverage").json()["totals"]
    with get_engine(db_url).connect() as conn:
        located = conn.execute(
            text("SELECT count(*) FROM village WHERE poverty_alleviated AND location IS NOT NULL")
        ).scalar_one()
    page = official.get("/maps/coverage").text
    legend = _legend_counts(page)
    assert legend["未覆盖的脱贫村（标村名）"] == totals["uncovered"] > 0
    assert legend["已覆盖的脱贫村"] == totals["covered"]
    assert legend["已覆盖的脱贫村"] + legend["未覆盖的脱贫村（标村名）"] == located
    summary = page[page.index('id="fm-panel-summary"') :]
    figures = dict(re.findall(r'<div class="fm-figure">([^<]*)<b>([^<]*)</b></div>', summary))
    assert figures["未覆盖的脱贫村"] == str(totals["uncovered"])
    assert figures["脱贫村覆盖率"].startswith(f"{totals['share_pct']:.1f}%")
    assert summary.count('<tr data-layer="coverage_villages"') == totals["uncovered"]


def test_a_township_filter_counts_only_that_township_in_legend_and_summary(client_as, db_url: str) -> None:
    official = client_as("official")
    code = "533103102"
    body = official.get("/inspections/status", params={"township": code, "overdue_only": "true"}).json()
    page = official.get("/maps/inspections", params={"township_code": code}).text
    legend = _legend_counts(page)
    assert legend["逾期未检（合计，按原因分列如下）"] == body["count"] > 0
    for reason, word in REASON_WORDS_ZH.items():
        assert legend.get(word, 0) == body["overdue_counts"][reason]
