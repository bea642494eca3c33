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

# Popup field names of each layer as a map page shows them (zh page, en page): written here, not
# read from the layer registry (whose fields the pages draw).
POPUP_FIELDS = {
    "townships": (("乡镇", "统计代码", "类型", "边界来源"), ("Township", "Statistical code", "Kind", "Outline source")),
    "county": (("名称", "代码"), ("Name", "Code")),
    "roads": (("道路等级", "计算车速（公里/小时）"), ("Road class", "Speed used (km/h)")),
    "seats": (("驻地",), ("Seat of",)),
    "specialty_villages": (
        (
            "特色村",
            "乡镇",
            "特色产品",
            "品牌",
            "年度",
            "网络销售额（元）",
            "活跃网店",
            "带动就业创业（人）",
            "培训（人次）",
        ),
        (
            "Specialty village",
            "Township",
            "Product",
            "Brand",
            "Year",
            "Online sales (yuan)",
            "Active online shops",
            "Jobs and start-ups driven",
            "Trainees",
        ),
    ),
    "villages": (
        ("名称", "统计代码", "乡镇", "脱贫村", "户数", "脱贫户数"),
        (
            "Name",
            "Statistical code",
            "Township",
            "Poverty-alleviated village",
            "Households",
            "Poverty-alleviated households",
        ),
    ),
    "sites": (("名称", "类型", "状态", "乡镇", "建成时间"), ("Name", "Kind", "Status", "Township", "Opened")),
    "coverage_townships": (
        ("乡镇", "脱贫村数", "已覆盖", "覆盖率（%）", "已覆盖村脱贫户数"),
        (
            "Township",
            "Poverty-alleviated villages",
            "Covered",
            "Covered share (%)",
            "Poverty-alleviated households in covered villages",
        ),
    ),
    "coverage_gaps": (
        ("脱贫村", "村代码", "原因", "最近的运营站点", "距离"),
        ("Village", "Village code", "Why", "Nearest operating site", "Distance"),
    ),
    "coverage_sites": (("名称", "类型", "状态", "是否计入覆盖"), ("Name", "Kind", "Status", "Counts for coverage")),
    "coverage_villages": (
        ("脱贫村", "村代码", "乡镇", "覆盖情况", "原因", "脱贫户数", "最近的运营站点", "距离"),
        (
            "Village",
            "Village code",
            "Township",
            "Coverage",
            "Why",
            "Poverty-alleviated households",
            "Nearest operating site",
            "Distance",
        ),
    ),
    "service_areas": (("站点", "通行时间不超过（分钟）", "计算方法"), ("Site", "Within (min)", "Method")),
    "logistics_network": (
        ("层级", "起点", "终点", "上级站点来源", "线路", "距离（米）"),
        ("Tier", "From", "To", "Parent chosen by", "Line", "Distance (m)"),
    ),
    "flows_down": (("站点", "月份", "件数", "重量（千克）"), ("Station", "Month", "Parcels", "Weight (kg)")),
    "flows_up": (("站点", "月份", "件数", "重量（千克）"), ("Station", "Month", "Parcels", "Weight (kg)")),
    "reach": (
        ("行政村", "乡镇", "可达性", "最近运营站点", "到站点时间（分钟）", "到分拣中心时间（分钟）"),
        ("Village", "Township", "Reach", "Nearest operating station", "Time to station (min)", "Time to the hub (min)"),
    ),
    "stations": (("名称", "类型", "状态", "乡镇", "建成时间"), ("Name", "Kind", "Status", "Township", "Opened")),
    "live_streaming": (("名称", "类型", "状态", "乡镇", "建成时间"), ("Name", "Kind", "Status", "Township", "Opened")),
    "logistics_hubs": (("名称", "类型", "状态", "乡镇", "建成时间"), ("Name", "Kind", "Status", "Township", "Opened")),
    "unreached_villages": (
        ("行政村", "乡镇", "原因", "最近的分拣中心/乡镇站", "通行时间（分钟）"),
        ("Village", "Township", "Why", "Nearest hub / township station", "Travel time (min)"),
    ),
    "station_suggestions": (
        ("建议顺序", "行政村", "乡镇", "新增覆盖脱贫户", "新增覆盖脱贫村", "说明"),
        (
            "Rank",
            "Village",
            "Township",
            "Poverty-alleviated households added",
            "Poverty-alleviated villages added",
            "Note",
        ),
    ),
    "inspection_status": (
        (
            "站点",
            "类型",
            "状态",
            "乡镇",
            "最近检查结果",
            "最近检查日期",
            "方式",
            "检查人",
            "距今天数",
            "逾期未检",
            "逾期原因",
            "最近检查记录",
        ),
        (
            "Site",
            "Kind",
            "Status",
            "Township",
            "Latest outcome",
            "Last visit",
            "Mode",
            "Inspector",
            "Days since",
            "Overdue",
            "Why overdue",
            "Recent visits",
        ),
    ),
    "route_path": (
        ("路线编号", "第几条", "第几天", "督查组", "里程（公里）"),
        ("Route", "Tour", "Day", "Team", "Distance (km)"),
    ),
    "route_stops": (
        ("顺序", "站点", "到达", "离开", "第几天", "督查组", "督查原因"),
        ("Order", "Site", "Arrival", "Departure", "Day", "Team", "Why"),
    ),
    "funds": (
        ("乡镇", "落地资金（万元）", "支付笔数", "资产件数（在用+闲置）", "资产价值（万元）", "闲置资产"),
        (
            "Township",
            "Money landed (10,000 yuan)",
            "Payments",
            "Assets held (in use + idle)",
            "Asset value (10,000 yuan)",
            "Idle assets",
        ),
    ),
    "fund_sites": (
        (
            "站点",
            "乡镇",
            "落地资金（万元）",
            "支付（项目 日期 万元）",
            "收款单位",
            "资产价值（万元）",
            "资产（状态，价值 万元）",
            "闲置资产",
        ),
        (
            "Site",
            "Township",
            "Money landed (10,000 yuan)",
            "Payments (item, date, 10,000 yuan)",
            "Payees",
            "Asset value (10,000 yuan)",
            "Assets (status, value in 10,000 yuan)",
            "Idle assets",
        ),
    ),
    "idle_funds": (
        ("站点", "乡镇", "已支付（万元）", "支付（项目 日期 万元）", "最近督查"),
        ("Site", "Township", "Paid (10,000 yuan)", "Payments (item, date, 10,000 yuan)", "Latest inspection"),
    ),
    "idle_assets": (
        ("闲置资产", "站点", "乡镇", "资金项目", "价值（万元）", "闲置起始（督查）", "闲置天数"),
        ("Idle asset", "Site", "Township", "Fund item", "Value (10,000 yuan)", "Idle since (inspection)", "Days idle"),
    ),
}

# Legend of an exported map (PNG/SVG/PDF), per layer: (zh, en), each (layer heading, entry labels),
# the entries that stand for at least one feature of the default dataset (empty categories are not
# listed). Written here, not read from the layers' title()/label() the exports call.
LEGENDS = {
    "townships": (("乡镇（街道）", ("乡镇（近似边界）",)), ("Townships", ("Township (approximate outline)",))),
    "county": (("县（市）界", ("县界",)), ("County boundary", ("County boundary",))),
    "roads": (
        ("道路（OpenStreetMap 主干道路骨架）", ("道路骨架（OpenStreetMap，仅主干道路）",)),
        ("Roads (OpenStreetMap major-road skeleton)", ("Road skeleton (OpenStreetMap, major roads only)",)),
    ),
    "seats": (
        ("县城与乡镇驻地", ("县城", "乡镇驻地")),
        ("County seat and township seats", ("County seat", "Township seat")),
    ),
    "specialty_villages": (
        ("电商特色村", ("电商特色村",)),
        ("E-commerce specialty villages", ("E-commerce specialty village",)),
    ),
    "villages": (
        ("行政村（社区）", ("行政村（社区）", "脱贫村")),
        ("Villages", ("Village / community", "Poverty-alleviated village")),
    ),
    "sites": (
        (
            "电商站点",
            (
                "电子商务公共服务中心",
                "电商直播基地",
                "乡村直播站",
                "乡镇电商服务站",
                "村级电商服务站",
                "仓储物流配送中心",
                "智能分拣中心",
            ),
        ),
        (
            "E-commerce sites",
            (
                "Public e-commerce service centre",
                "Live-streaming base",
                "Village live-streaming station",
                "Township e-commerce station",
                "Village e-commerce station",
                "Warehouse / distribution centre",
                "Sorting centre",
            ),
        ),
    ),
    "coverage_townships": (
        (
            "乡镇脱贫村覆盖率",
            ("覆盖率 < 20%", "覆盖率 20–40%", "覆盖率 40–60%", "覆盖率 60–80%", "覆盖率 ≥ 80%", "无脱贫村"),
        ),
        (
            "Township share of poverty-alleviated villages covered",
            (
                "covered < 20 %",
                "covered 20–40 %",
                "covered 40–60 %",
                "covered 60–80 %",
                "covered ≥ 80 %",
                "no poverty-alleviated village",
            ),
        ),
    ),
    "coverage_gaps": (
        ("未覆盖村到最近运营站点", ("未覆盖村 → 最近运营站点（标距离）",)),
        ("Uncovered village to nearest operating site", ("Uncovered village → nearest operating site (distance)",)),
    ),
    "coverage_sites": (
        (
            "服务站点（是否计入覆盖）",
            (
                "计入覆盖的运营站点",
                "督查发现闲置（不计入）",
                "未运营：暂停/关闭/在建（不计入）",
                "服务站点（圆形）",
                "直播站点（菱形）",
            ),
        ),
        (
            "Service sites (counted or not)",
            (
                "operating site (counts)",
                "found idle by inspection (not counted)",
                "not operating: suspended/closed/building (not counted)",
                "service sites (circle)",
                "live-streaming (diamond)",
            ),
        ),
    ),
    "coverage_villages": (
        ("脱贫村覆盖情况", ("已覆盖的脱贫村", "未覆盖的脱贫村（标村名）")),
        (
            "Poverty-alleviated villages: covered or not",
            ("Covered poverty-alleviated village", "Poverty-alleviated village not covered (named)"),
        ),
    ),
    "service_areas": (
        (
            "服务范围（分拣中心与乡镇服务站，按通行时间）",
            ("服务范围 ≤ 30 分钟（沿路网）", "服务范围 ≤ 60 分钟（沿路网）", "服务范围 ≤ 120 分钟（沿路网）"),
        ),
        (
            "Service areas (hub and township stations, by travel time)",
            (
                "Service area ≤ 30 min (along roads)",
                "Service area ≤ 60 min (along roads)",
                "Service area ≤ 120 min (along roads)",
            ),
        ),
    ),
    "flows_down": (
        ("下行货量：日用品、农资进村", ("下行货量：日用品、农资进村（圆面积 ∝ 件数）",)),
        (
            "Down: consumer goods and farm inputs to villages",
            ("Down: consumer goods and farm inputs to villages (circle area ∝ parcels)",),
        ),
    ),
    "flows_up": (
        ("上行货量：咖啡、大米、水果进城", ("上行货量：咖啡、大米、水果进城（圆面积 ∝ 件数）",)),
        ("Up: coffee, rice, fruit to market", ("Up: coffee, rice, fruit to market (circle area ∝ parcels)",)),
    ),
    "reach": (
        ("各村到最近运营站点的通行时间", ("到站点 ≤ 30 分钟",)),
        ("Travel time from each village to the nearest operating station", ("to a station ≤ 30 min",)),
    ),
    "stations": (
        ("乡镇、村级电商服务站", ("乡镇电商服务站", "村级电商服务站")),
        ("Township and village e-commerce stations", ("Township e-commerce station", "Village e-commerce station")),
    ),
    "live_streaming": (
        ("直播矩阵（基地与直播站点）", ("电商直播基地", "乡村直播站")),
        ("Live-streaming matrix (base and stations)", ("Live-streaming base", "Village live-streaming station")),
    ),
    "logistics_hubs": (
        ("仓储物流与分拣中心", ("仓储物流配送中心", "智能分拣中心")),
        ("Warehouses and sorting centre", ("Warehouse / distribution centre", "Sorting centre")),
    ),
    "unreached_villages": (
        ("所有服务范围以外的村", ("服务范围以外的村",)),
        ("Villages outside every service area", ("Village outside every service area",)),
    ),
    "station_suggestions": (
        ("建议新设村级站点（前 5 个，仅供参考）", ("建议新设站点（建议，非决定）",)),
        ("Suggested new village stations (top 5, a suggestion)", ("Suggested new station (suggestion, not decided)",)),
    ),
    "inspection_status": (
        (
            "站点督查状态",
            (
                "正常",
                "需整改",
                "已整改",
                "已关停",
                "从未检查",
                "服务站点（圆形）",
                "直播站点（菱形）",
                "仓储物流（方形）",
                "逾期未检（合计，按原因分列如下）",
                "从未督查",
                "超期未检",
                "问题待复查",
                "从未暗访",
            ),
        ),
        (
            "Site inspection status",
            (
                "normal",
                "needs rectification",
                "rectified",
                "closed",
                "never inspected",
                "service sites (circle)",
                "live-streaming (diamond)",
                "logistics (square)",
                "Overdue (all reasons; by reason below)",
                "never inspected",
                "inspection interval exceeded",
                "finding awaiting follow-up",
                "never visited unannounced",
            ),
        ),
    ),
    "funds": (
        ("各乡镇落地资金（万元）", ("20–50 万元", "50–100 万元", "≥ 100 万元", "无落地资金")),
        (
            "Money landed per township (10,000 yuan)",
            ("200,000–500,000 yuan", "0.5–1 million yuan", "≥ 1 million yuan", "no money landed at a site"),
        ),
    ),
    "fund_sites": (
        ("资金落地站点（圆面积 ∝ 金额）", ("资金落地站点（圆面积 ∝ 金额）", "持有闲置资产的站点")),
        (
            "Sites the money landed at (circle area ∝ amount)",
            ("Site money landed at (area ∝ amount)", "Site holding idle assets"),
        ),
    ),
    "idle_funds": (
        ("资金闲置站点（最近一次督查）", ("资金闲置站点",)),
        ("Sites with idle funds (latest inspection)", ("Site with idle funds",)),
    ),
    "idle_assets": (("闲置资产（最近一次督查）", ("闲置资产",)), ("Idle assets (latest inspection)", ("Idle asset",))),
}
# The layers each exported map lists in its legend, in order.
LEGEND_LAYERS = {
    "overview": ("townships", "county", "roads", "seats", "specialty_villages", "villages", "sites"),
    "coverage": (
        "townships",
        "coverage_townships",
        "county",
        "roads",
        "seats",
        "coverage_gaps",
        "coverage_sites",
        "coverage_villages",
    ),
    "logistics": (
        "townships",
        "county",
        "service_areas",
        "roads",
        "seats",
        "flows_down",
        "flows_up",
        "reach",
        "stations",
        "live_streaming",
        "logistics_hubs",
        "unreached_villages",
        "station_suggestions",
    ),
    "inspections": ("townships", "county", "roads", "seats", "inspection_status"),
    "funds": ("townships", "funds", "county", "roads", "seats", "fund_sites", "idle_funds", "idle_assets"),
}

# Popup fields an official sees and a viewer or anonymous visitor does not (a village's household
# counts, issue 17), as written above: (zh, en) per layer.
OFFICIAL_ONLY_POPUP_FIELDS = {
    "villages": (("户数", "脱贫户数"), ("Households", "Poverty-alleviated households")),
    "coverage_villages": (("脱贫户数",), ("Poverty-alleviated households",)),
    "station_suggestions": (("新增覆盖脱贫户",), ("Poverty-alleviated households added",)),
}
