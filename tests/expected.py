"""Expected values written out by hand for tests (never computed by the code under test)."""

# The coverage rule in force by default (3000 m; village, township and live stations), as the
# pages, exports and deck must state it.
RULE_TEXT = {
    "zh": "脱贫村内有运营中的电商服务站点（村级电商服务站、乡镇电商服务站、乡村直播站），或此类站点距村委会驻地不超过 3 公里（UTM 47N 平面直线距离，含恰好等于），即为已覆盖。“运营中”指站点状态为运营中，且最近一次督查未发现站点关闭、资产闲置或资金闲置。路网尚未用于计算，暂不按通行时间判断。无位置且村内无站点的脱贫村单列为“位置不明”，计入未覆盖。",
    "en": "A poverty-alleviated village is covered when an operating e-commerce service site (village e-commerce station, township e-commerce station, village live-streaming station) lies in the village, or within 3 km of the village seat (straight-line, planar in UTM 47N, limit included). 'Operating' means the site's status is operating and its latest inspection found it neither closed nor with idle assets or idle funds. Travel time over roads is not applied yet. A village with no known position and no site in it is listed as 'position unknown' and counted as not covered.",
}

# Counted sites under the default rule, written independently of geo.analysis.coverage: an
# operating site of a counted kind whose latest inspection found it neither closed nor idle.
COUNTED_SITES = (
    "WITH last AS (SELECT DISTINCT ON (site_id) site_id, outcome, idle_assets, idle_funds FROM inspection"
    "              ORDER BY site_id, visited_at DESC, id DESC)"
    " SELECT s.* FROM site s LEFT JOIN last ON last.site_id = s.id"
    " WHERE s.kind IN ('village_station', 'township_station', 'live_station') AND s.status = 'operating'"
    "   AND NOT coalesce(last.outcome = 'closed' OR last.idle_assets OR last.idle_funds, false)"
)
# Poverty-alleviated villages covered: a counted site in the village or within 3 km (UTM 47N).
COVERED_VILLAGES = (
    f"WITH counted AS ({COUNTED_SITES})"
    " SELECT count(*) FROM village v WHERE v.poverty_alleviated AND ("
    "   EXISTS (SELECT 1 FROM counted c WHERE c.village_code = v.code)"
    "   OR (v.location IS NOT NULL AND EXISTS (SELECT 1 FROM counted c WHERE"
    "       ST_Distance(ST_Transform(c.location, 32647), ST_Transform(v.location, 32647)) <= 3000)))"
)
# Located poverty-alleviated villages that are not covered (the coverage_gaps layer).
GAP_VILLAGE_CODES = (
    f"WITH counted AS ({COUNTED_SITES})"
    " SELECT v.code FROM village v WHERE v.poverty_alleviated AND v.location IS NOT NULL"
    "   AND NOT EXISTS (SELECT 1 FROM counted c WHERE c.village_code = v.code)"
    "   AND NOT EXISTS (SELECT 1 FROM counted c WHERE"
    "       ST_Distance(ST_Transform(c.location, 32647), ST_Transform(v.location, 32647)) <= 3000)"
)
GAP_VILLAGES = (
    f"WITH counted AS ({COUNTED_SITES})"
    " SELECT count(*) FROM village v WHERE v.poverty_alleviated AND v.location IS NOT NULL"
    "   AND NOT EXISTS (SELECT 1 FROM counted c WHERE c.village_code = v.code)"
    "   AND NOT EXISTS (SELECT 1 FROM counted c WHERE"
    "       ST_Distance(ST_Transform(c.location, 32647), ST_Transform(v.location, 32647)) <= 3000)"
)

# Map titles for the default county (芒市 / Mangshi), as pages, embeds, the start page and the deck
# must show them: written here, not read from maps.spec (whose title() the pages call).
TITLES = {
    "overview": ("芒市农村电商站点总览", "Mangshi rural e-commerce sites: overview"),
    "coverage": (
        "芒市脱贫村农村电商服务覆盖",
        "Mangshi: rural e-commerce services reaching poverty-alleviated villages",
    ),
    "logistics": ("芒市县乡村三级物流配送网络", "Mangshi county–township–village delivery network"),
    "inspections": ("芒市电商站点督查（明察暗访）", "Mangshi site inspections (announced and unannounced)"),
    "funds": ("芒市电商进农村后续资金与资产分布", "Mangshi follow-up fund and assets by location"),
}
