"""The one vocabulary: every code the service stores, with the words a person reads for it.

Codes are English identifiers (stored in PostGIS, used in SQL and URLs); words are
``(zh, en)`` pairs (Chinese first). Import reads a clerk's Chinese or English words back to
codes through :func:`parse`; pages, popups, exports and the deck show words through
:func:`word`. No module keeps a table of its own: a new kind, status or outcome is added here.

This module sits at the bottom of ``geo``: it imports nothing of the project.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass

LANGS = ("zh", "en")
Words = tuple[str, str]  # (zh, en)


@dataclass(frozen=True)
class Vocabulary:
    """One enumeration: codes in order, their words, and what else a clerk may type for each."""

    name: str
    words: Mapping[str, Words]
    # extra spellings a sheet may use for a code (besides the code and both words)
    aliases: Mapping[str, tuple[str, ...]] = None  # type: ignore[assignment]

    @property
    def codes(self) -> tuple[str, ...]:
        return tuple(self.words)

    def word(self, code: str, lang: str) -> str:
        """The word for ``code`` in ``lang``; an unknown code is shown as itself (never hidden)."""
        pair = self.words.get(code)
        if pair is None:
            return code
        return word(pair, lang)

    def parse(self, typed: object) -> str | None:
        """The code a clerk meant by ``typed`` (code, Chinese or English word, alias), or None."""
        if typed is None:
            return None
        key = normalise(str(typed))
        if not key:
            return None
        return self._lookup().get(key)

    def accepted(self, lang: str = "zh") -> list[str]:
        """What may be typed, for error messages: the word in ``lang`` and the code."""
        return [f"{self.word(c, lang)} ({c})" for c in self.codes]

    def _lookup(self) -> dict[str, str]:
        cached = _LOOKUPS.get(self.name)
        if cached is None:
            cached = {}
            for code, (zh, en) in self.words.items():
                for spelling in (code, zh, en, *((self.aliases or {}).get(code, ()))):
                    cached.setdefault(normalise(spelling), code)
            _LOOKUPS[self.name] = cached
        return cached


_LOOKUPS: dict[str, dict[str, str]] = {}


def normalise(text: str) -> str:
    """Fold what differs between two spellings of the same word: width, case, spaces, dashes."""
    text = unicodedata.normalize("NFKC", text).strip().lower()
    return re.sub(r"[\s_\-–—/（）()·]+", "", text)


# --- places -----------------------------------------------------------------------------------

TOWNSHIP_KIND = Vocabulary(
    "township_kind",
    {
        "subdistrict": ("街道", "subdistrict"),
        "town": ("镇", "town"),
        "township": ("乡", "township"),
        "farm": ("农场", "state farm"),
    },
    {"subdistrict": ("街道办事处",), "township": ("民族乡",), "farm": ("国营农场", "农场管委会")},
)
VILLAGE_KIND = Vocabulary(
    "village_kind",
    {"village": ("村委会", "village"), "community": ("社区", "community")},
    {"village": ("行政村", "村", "村民委员会"), "community": ("居委会", "社区居委会", "居民委员会")},
)
GEOM_SOURCE = Vocabulary(
    "geom_source",
    {"official": ("官方", "official"), "approximate": ("近似", "approximate")},
    {"official": ("正式", "权威"), "approximate": ("估算", "示意")},
)
LOCATION_SOURCE = Vocabulary(
    "location_source",
    {
        "official": ("官方", "official"),
        "surveyed": ("实测", "surveyed"),
        "geocoded": ("地址匹配", "geocoded"),
        "approximate": ("近似", "approximate"),
        "demo": ("演示生成", "generated demo"),
    },
)

# Site kinds, in legend order. ``family`` groups kinds that share a map symbol shape.
SITE_KIND = Vocabulary(
    "site_kind",
    {
        "service_centre": ("电子商务公共服务中心", "Public e-commerce service centre"),
        "live_base": ("电商直播基地", "Live-streaming base"),
        "live_station": ("乡村直播站", "Village live-streaming station"),
        "township_station": ("乡镇电商服务站", "Township e-commerce station"),
        "village_station": ("村级电商服务站", "Village e-commerce station"),
        "warehouse": ("仓储物流配送中心", "Warehouse / distribution centre"),
        "sorting_centre": ("智能分拣中心", "Sorting centre"),
    },
    {
        "service_centre": (
            "公共服务中心",
            "市级电子商务公共服务中心",
            "县级电子商务公共服务中心",
            "电商公共服务中心",
            "服务中心",
            "service center",
        ),
        "live_base": ("直播基地", "电商直播基地", "live base"),
        "live_station": ("乡村直播站点", "直播站", "直播站点", "村级直播站", "live station"),
        "township_station": ("乡镇电商服务站点", "乡镇服务站", "乡镇级电商服务站", "乡镇站", "township station"),
        "village_station": (
            "村级电商服务站点",
            "村级服务站",
            "村电商服务站",
            "乡村电商服务站",
            "乡村电商服务站点",
            "村级站",
            "village station",
        ),
        "warehouse": ("仓储物流中心", "物流配送中心", "仓储中心", "配送中心", "仓库", "warehouse"),
        "sorting_centre": ("分拣中心", "智能分拣", "sorting center"),
    },
)
SITE_FAMILY = {
    "service_centre": "service",
    "township_station": "service",
    "village_station": "service",
    "live_base": "live",
    "live_station": "live",
    "warehouse": "logistics",
    "sorting_centre": "logistics",
}
# The kinds that count as e-commerce service for a poverty-alleviated village.
SERVICE_KINDS = ("village_station", "township_station", "live_station")

SITE_STATUS = Vocabulary(
    "site_status",
    {
        "planned": ("规划中", "planned"),
        "building": ("在建", "under construction"),
        "operating": ("运营中", "operating"),
        "suspended": ("暂停", "suspended"),
        "closed": ("已关闭", "closed"),
    },
    {
        "planned": ("规划", "计划", "拟建"),
        "building": ("建设中", "在建中", "施工中", "building"),
        "operating": ("运营", "正常运营", "营业中", "正常", "在运营", "running", "open"),
        "suspended": ("暂停运营", "停业", "暂停营业", "已暂停"),
        "closed": ("关闭", "已关停", "关停", "停运", "撤销"),
    },
)

# --- inspections --------------------------------------------------------------------------------

INSPECTION_MODE = Vocabulary(
    "inspection_mode",
    {"announced": ("明察", "announced"), "unannounced": ("暗访", "unannounced")},
    {"announced": ("公开", "公开检查", "明查"), "unannounced": ("暗查", "不打招呼", "突击检查")},
)
INSPECTION_OUTCOME = Vocabulary(
    "inspection_outcome",
    {
        "normal": ("正常", "normal"),
        "needs_rectification": ("需整改", "needs rectification"),
        "rectified": ("已整改", "rectified"),
        "closed": ("已关停", "closed"),
    },
    {
        "normal": ("合格", "良好", "ok"),
        "needs_rectification": ("整改", "限期整改", "待整改", "不合格"),
        "rectified": ("整改完成", "已完成整改"),
        "closed": ("关停", "已关闭", "关闭"),
    },
)
# Why a site is overdue for inspection (geo.analysis.inspection_status decides which apply).
OVERDUE_REASON = Vocabulary(
    "overdue_reason",
    {
        "interval": ("超期未检", "inspection interval exceeded"),
        "never_unannounced": ("从未暗访", "never visited unannounced"),
        "unannounced_interval": ("暗访超期", "unannounced interval exceeded"),
        "never_inspected": ("从未督查", "never inspected"),
        "flagged": ("问题待复查", "finding awaiting follow-up"),
    },
)
# The same reasons spelled out with their day counts and the rule ({days}, {days_unannounced},
# {interval}, {unannounced}: geo.analysis.inspection_status.overdue_reason fills them in).
OVERDUE_REASON_DETAIL: dict[str, Words] = {
    "never_inspected": ("从未督查", "never inspected"),
    "interval": (
        "已 {days} 天未督查（规定每 {interval} 天至少一次）",
        "not inspected for {days} days (rule: at least every {interval} days)",
    ),
    "never_unannounced": (
        "从未暗访（规定每 {unannounced} 天至少一次暗访）",
        "never visited unannounced (rule: at least every {unannounced} days)",
    ),
    "unannounced_interval": (
        "已 {days_unannounced} 天未暗访（规定每 {unannounced} 天至少一次）",
        "no unannounced visit for {days_unannounced} days (rule: at least every {unannounced} days)",
    ),
    "flagged": ("问题待复查", "finding awaiting follow-up"),
}
# --- coverage ---------------------------------------------------------------------------------

# Whether a poverty-alleviated village counts as covered (geo.analysis.coverage) and, if not, why.
COVERAGE_STATUS = Vocabulary(
    "coverage_status",
    {
        "covered": ("已覆盖", "covered"),
        "uncovered": ("未覆盖", "not covered"),
        "no_position": ("位置不明（计入未覆盖）", "position unknown (counted as not covered)"),
    },
)
COVERAGE_REASON = Vocabulary(
    "coverage_reason",
    {
        "in_village": ("村内有运营站点", "operating site in the village"),
        "within_distance": ("规定距离内有运营站点", "operating site within the rule's distance"),
        "own_closed": ("本村站点已关闭", "own station closed"),
        "own_idle": ("本村站点闲置", "own station idle"),
        "own_suspended": ("本村站点暂停", "own station suspended"),
        "own_building": ("本村站点在建", "own station being built"),
        "own_planned": ("本村站点仅在规划", "own station only planned"),
        "none_within_rule": ("规定距离内无运营站点", "no operating site within the rule"),
    },
)
# Whether a site counts for coverage and, if not, why (geo.analysis.coverage.site_counting_sql).
SITE_COUNTING = Vocabulary(
    "site_counting",
    {
        "counted": ("计入覆盖的运营站点", "operating site (counts)"),
        "closed_by_inspection": ("督查发现已关闭（不计入）", "found closed by inspection (not counted)"),
        "idle_by_inspection": ("督查发现闲置（不计入）", "found idle by inspection (not counted)"),
        "not_operating": ("未运营：暂停/关闭/在建（不计入）", "not operating: suspended/closed/building (not counted)"),
    },
)

FINDING = Vocabulary(
    "finding",
    {
        "stalled": ("项目停滞", "stalled work"),
        "idle_funds": ("资金闲置", "idle funds"),
        "idle_assets": ("资产闲置", "idle assets"),
    },
)

# --- people, programme --------------------------------------------------------------------------

ROLE = Vocabulary(
    "role",
    {
        "viewer": ("浏览者", "viewer"),
        "official": ("干部", "official"),
        "supervisor": ("督查", "supervisor"),
        "admin": ("管理员", "administrator"),
    },
    {"official": ("官员", "领导"), "supervisor": ("督查员", "督查人员"), "admin": ("admin", "管理")},
)
ROLES = ROLE.codes  # lowest to highest


def role_rank(role: str | None) -> int:
    """0 for anonymous, then viewer < official < supervisor < admin; unknown roles rank as anonymous."""
    return ROLES.index(role) + 1 if role in ROLES else 0


TRAINING_LEVEL = Vocabulary(
    "training_level",
    {"county": ("市级培训", "county-level training"), "village": ("村级培训", "village-level training")},
    {"county": ("县级", "市级", "县级培训", "高级培训"), "village": ("村级", "特色村培训", "特色村")},
)

# The thirteen performance indicators (绩效目标表, appendix 1) by key, in table order.
INDICATOR = Vocabulary(
    "indicator",
    {
        "live_base": ("电商直播基地建成", "Live-streaming base built"),
        "consumer_goods_system": ("农村消费品管理系统建成", "Rural consumer-goods system built"),
        "specialty_villages": ("电商特色村升级", "Specialty villages upgraded"),
        "coffee_brand": ("象塘咖啡品牌打造", "Xiangtang coffee brand"),
        "rice_campaigns": ("遮放贡米营销活动", "Zhefang tribute rice campaigns"),
        "specialty_training": ("特色村培训人次", "Training in specialty villages"),
        "county_training": ("市级高级培训", "County-level advanced training"),
        "specialty_sales": ("特色村网络零售额", "Specialty-village online sales"),
        "specialty_shops": ("特色村活跃网店", "Specialty-village active shops"),
        "specialty_jobs": ("特色村带动就业创业", "Jobs and start-ups driven"),
        "poverty_coverage": ("电商服务覆盖脱贫村", "E-commerce services reach poverty-alleviated villages"),
        "complaints": ("政府信息公开投诉", "Complaints about information disclosure"),
        "trainee_satisfaction": ("培训满意度", "Trainee satisfaction"),
        "fund_disbursement": ("后续资金支付进度", "Follow-up fund disbursed"),
    },
)
INDICATOR_KEYS = INDICATOR.codes

# --- funds and assets (资金安排表, 资产管理台账) ------------------------------------------------------

PAYMENT_STATUS = Vocabulary(
    "payment_status",
    {"planned": ("计划", "planned"), "paid": ("已支付", "paid"), "returned": ("已退回", "returned")},
    {
        "planned": ("计划支付", "拟支付", "待支付", "未支付"),
        "paid": ("支付", "已付", "已拨付", "拨付", "已付款"),
        "returned": ("退回", "已退", "收回", "已收回"),
    },
)
ASSET_OWNER = Vocabulary(
    "asset_owner",
    {"state": ("国有", "state-owned"), "enterprise": ("企业", "enterprise")},
    {"state": ("国有资产", "政府", "state"), "enterprise": ("企业所有", "企业资产", "公司")},
)
ASSET_STATUS = Vocabulary(
    "asset_status",
    {
        "in_use": ("在用", "in use"),
        "idle": ("闲置", "idle"),
        "lost": ("遗失", "lost"),
        "disposed": ("已处置", "disposed"),
    },
    {
        "in_use": ("使用中", "正常使用", "在使用"),
        "idle": ("闲置中", "未使用", "长期闲置"),
        "lost": ("丢失", "缺失"),
        "disposed": ("处置", "报废", "已报废"),
    },
)
# What an inspector can find an asset to be on a visit (a subset of ASSET_STATUS).
ASSET_FOUND = ("in_use", "idle")
ASSET_FINDING = Vocabulary(
    "asset_finding",
    {c: ASSET_STATUS.words[c] for c in ASSET_FOUND},
    {c: ASSET_STATUS.aliases[c] for c in ASSET_FOUND},
)
FUND_SCOPE = Vocabulary(
    "fund_scope",
    {"sites": ("站点", "sites"), "villages": ("特色村", "specialty villages"), "county": ("全市", "whole county")},
    {"sites": ("到站点",), "villages": ("电商特色村", "村"), "county": ("全县", "全市范围", "市级")},
)

WAN = ("万元", "10,000 yuan")  # money is stored in yuan and shown in 万元


YES_NO = Vocabulary(
    "yes_no",
    {"true": ("是", "yes"), "false": ("否", "no")},
    {"true": ("1", "y", "t", "√", "✓", "有", "对"), "false": ("0", "n", "f", "×", "无", "不是")},
)


def parse_bool(typed: object) -> bool | None:
    """``True``/``False`` for 是/否, yes/no, 1/0, true/false …; None when it is none of them."""
    if isinstance(typed, bool):
        return typed
    code = YES_NO.parse(typed)
    return None if code is None else code == "true"


def yes_no(value: bool, lang: str) -> str:
    return YES_NO.word("true" if value else "false", lang)


# --- coordinate systems --------------------------------------------------------------------------

WGS84 = "EPSG:4326"
CGCS2000 = "EPSG:4490"
COORDINATE_FRAME = Vocabulary(
    "coordinate_frame",
    {
        "wgs84": ("WGS 84（GPS、天地图、国家统计数据）", "WGS 84 (GPS, Tianditu, official data)"),
        "cgcs2000": ("CGCS2000（国家大地坐标系）", "CGCS2000 (China Geodetic Coordinate System 2000)"),
        "gcj02": ("GCJ-02（高德、腾讯地图）", "GCJ-02 (Amap, Tencent)"),
        "bd09": ("BD-09（百度地图）", "BD-09 (Baidu)"),
    },
    {
        "wgs84": ("epsg:4326", "4326", "gps"),
        "cgcs2000": ("epsg:4490", "4490"),
        "gcj02": ("amap", "gaode", "tencent", "高德", "腾讯", "火星坐标"),
        "bd09": ("baidu", "百度"),
    },
)


def utm_epsg(lon: float, lat: float) -> int:
    """The EPSG code of the WGS 84 UTM zone holding (lon, lat): the county's metric CRS."""
    zone = int((lon + 180) // 6) + 1
    return (32600 if lat >= 0 else 32700) + zone


# Mangshi (98.6°E, 24.4°N) lies in UTM zone 47N; other counties take theirs from utm_epsg().
DEFAULT_METRIC_EPSG = 32647


def utm_name(epsg: int) -> str:
    """ "UTM 47N" for EPSG:32647 (WGS 84 UTM, 326xx north, 327xx south); ValueError for any other code."""
    epsg = int(epsg)
    if not (32601 <= epsg <= 32660 or 32701 <= epsg <= 32760):
        raise ValueError(f"not a WGS 84 UTM zone: EPSG:{epsg}")
    return f"UTM {epsg % 100}{'N' if epsg < 32700 else 'S'}"


# --- attribute names of layer columns that carry no popup label (downloads, OGC API pages) -----------

ATTRIBUTE = Vocabulary(
    "attribute",
    {
        "source": ("数据来源", "source"),
        "demo": ("演示数据", "demo data"),
        "code": ("代码", "code"),
        "name": ("名称", "name"),
        "township_code": ("乡镇代码", "township code"),
        "village_code": ("村代码", "village code"),
        "village_kind": ("村类型", "village kind"),
        "kind": ("类型", "kind"),
        "status": ("状态", "status"),
        "counting": ("是否计入", "counted"),
        "tier": ("层级", "tier"),
        "to_id": ("终点编号", "to id"),
        "route": ("路线", "route"),
        "site_id": ("站点编号", "site id"),
        "outcome": ("结果", "outcome"),
        "mode": ("方式", "mode"),
        "last_outcome": ("最近检查结果", "latest outcome"),
        "overdue": ("逾期未检", "overdue"),
        "poverty_alleviated": ("脱贫村", "poverty-alleviated village"),
        "id": ("编号", "id"),
        "lon": ("经度", "longitude"),
        "lat": ("纬度", "latitude"),
        "wkt": ("几何（WKT）", "geometry (WKT)"),
    },
)


# --- fields: column headers of imports, templates and exports ------------------------------------

# The words for each field (column) of an importable table. A header in a sheet is read back to its
# field through these; templates and exports write the Chinese word. A field named the same in two
# tables means the same thing; where a table calls it differently, TABLE_FIELD below says so.
FIELD = Vocabulary(
    "field",
    {
        "ref": ("编号", "ref"),
        "code": ("代码", "code"),
        "name": ("名称", "name"),
        "name_en": ("英文名称", "English name"),
        "kind": ("类型", "kind"),
        "status": ("状态", "status"),
        "village_code": ("所属村代码", "village code"),
        "township_code": ("所属乡镇代码", "township code"),
        "county_code": ("所属县代码", "county code"),
        "lon": ("经度", "longitude"),
        "lat": ("纬度", "latitude"),
        "address": ("地址", "address"),
        "contact": ("负责人", "person in charge"),
        "phone": ("电话", "phone"),
        "opened_on": ("建成日期", "opened on"),
        "capabilities": ("服务功能", "capabilities"),
        "source": ("数据来源", "source"),
        "note": ("备注", "note"),
        "geom_source": ("边界来源", "outline source"),
        "seat_lon": ("驻地经度", "seat longitude"),
        "seat_lat": ("驻地纬度", "seat latitude"),
        "seat_source": ("驻地来源", "seat source"),
        "poverty_alleviated": ("是否脱贫村", "poverty-alleviated"),
        "households": ("户数", "households"),
        "poverty_households": ("脱贫户数", "poverty-alleviated households"),
        "location_source": ("位置来源", "location source"),
        "year": ("年度", "year"),
        "product": ("主导产品", "product"),
        "brand": ("品牌", "brand"),
        "online_sales_yuan": ("网络零售额（元）", "online sales (yuan)"),
        "active_shops": ("活跃网店数", "active shops"),
        "jobs_driven": ("带动就业人数", "jobs driven"),
        "trainees": ("培训人次", "trainees"),
        "site_ref": ("站点编号", "site ref"),
        "visited_at": ("督查时间", "visited at"),
        "mode": ("督查方式", "mode"),
        "inspector": ("督查人", "inspector"),
        "outcome": ("督查结果", "outcome"),
        "findings": ("发现问题", "findings"),
        "stalled": ("项目停滞", "stalled"),
        "idle_funds": ("资金闲置", "idle funds"),
        "idle_assets": ("资产闲置", "idle assets"),
        "node_a": ("起点节点", "from node"),
        "node_b": ("终点节点", "to node"),
        "length_km": ("长度（公里）", "length (km)"),
        "class": ("道路等级", "road class"),
        "speed_kmh": ("车速（公里/小时）", "speed (km/h)"),
        "held_on": ("培训日期", "held on"),
        "title": ("标题", "title"),
        "level": ("培训级别", "level"),
        "attendees": ("参训人次", "attendees"),
        "satisfaction_pct": ("满意度（%）", "satisfaction (%)"),
        "indicator": ("指标", "indicator"),
        "period": ("期间", "period"),
        "value": ("数值", "value"),
        "entered_by": ("填报人", "entered by"),
        # logistics (issue 12): a site's supplier, two-way flows per month
        "parent_site": ("上级站点编号", "parent site"),
        "month": ("月份", "month"),
        "direction": ("流向", "direction"),
        "category": ("货物类别", "category"),
        "parcels": ("件数", "parcels"),
        "weight_kg": ("重量（千克）", "weight (kg)"),
        # funds (issue 13): 资金安排表, 资金支付, 资产管理台账, 督查资产核查; money in yuan, or in 万元 (*_wan)
        "seq": ("序号", "no."),
        "heading_zh": ("项目名称", "heading"),
        "title_zh": ("项目分项", "title (zh)"),
        "budget_yuan": ("预算（元）", "budget (yuan)"),
        "budget_wan": ("支持金额（万元）", "budget (10,000 yuan)"),
        "funding": ("资金来源", "funding"),
        "implementing_unit": ("实施单位", "implementing unit"),
        "scope": ("支持对象", "scope"),
        "targets_source": ("对象来源", "targets source"),
        "item_code": ("项目编号", "item code"),
        "paid_on": ("支付日期", "date"),
        "amount_yuan": ("金额（元）", "amount (yuan)"),
        "amount_wan": ("金额（万元）", "amount (10,000 yuan)"),
        "payee": ("收款单位", "payee"),
        "voucher_ref": ("凭证号", "voucher"),
        "description": ("资产名称", "description"),
        "quantity": ("数量", "quantity"),
        "value_yuan": ("价值（元）", "value (yuan)"),
        "value_wan": ("价值（万元）", "value (10,000 yuan)"),
        "acquired_on": ("购置日期", "acquired on"),
        "owner": ("产权", "owner"),
        "inspection_ref": ("督查编号", "inspection ref"),
        "asset_ref": ("资产编号", "asset ref"),
    },
    {
        "ref": ("序号编码", "编码", "站点编码", "id"),
        "name": ("站点名称", "站名", "站点", "名字"),
        "kind": ("站点类型", "类别", "type"),
        "status": ("运营状态", "站点状态", "建设状态", "state"),
        "village_code": ("村代码", "村编码", "所属村编码", "行政村代码", "村级代码", "village"),
        "township_code": ("乡镇代码", "所属乡镇", "乡镇编码", "乡镇", "township"),
        "lon": ("lng", "long", "x", "东经", "经度坐标"),
        "lat": ("y", "北纬", "纬度坐标"),
        "address": ("详细地址", "站点地址", "addr"),
        "contact": ("联系人", "站长", "负责人姓名", "contact person"),
        "phone": ("联系电话", "手机", "手机号", "电话号码", "tel", "telephone", "mobile"),
        "opened_on": ("建成时间", "开业日期", "开业时间", "建站时间", "opened"),
        "capabilities": ("功能", "服务内容"),
        "source": ("来源",),
        "note": ("说明备注", "notes", "remark"),
        "parent_site": ("上级站点", "供货站点"),
        "direction": ("方向", "上下行"),
        "category": ("品类", "货类"),
        "weight_kg": ("重量", "重量（公斤）", "重量（kg）"),
        "budget_yuan": ("预算",),
        "budget_wan": ("中央资金（万元）", "预算（万元）"),
        "item_code": ("资金项目", "项目"),
        "paid_on": ("日期", "拨付日期"),
        "amount_yuan": ("金额", "支付金额（元）", "支付金额"),
        "amount_wan": ("支付金额（万元）",),
        "payee": ("收款人", "收款方"),
        "voucher_ref": ("凭证编号", "会计凭证号", "凭证"),
        "description": ("资产描述", "品名"),
        "value_yuan": ("原值（元）", "原值", "价值"),
        "acquired_on": ("购置时间", "取得日期"),
        "owner": ("产权归属", "所有权"),
        "inspection_ref": ("督查记录编号",),
    },
)
# Where a table calls a field differently (its header in templates; the generic words still read).
TABLE_FIELD: dict[str, Vocabulary] = {
    v.name: v
    for v in (
        Vocabulary(
            "county",
            {"code": ("县级代码", "county code"), "name": ("县名", "county name")},
            {"code": ("县代码", "区划代码")},
        ),
        Vocabulary(
            "township",
            {
                "code": ("乡镇代码", "township code"),
                "name": ("乡镇名称", "township name"),
                "kind": ("乡镇类型", "township kind"),
            },
            {"code": ("区划代码", "乡镇编码")},
        ),
        Vocabulary(
            "village",
            {"code": ("村代码", "village code"), "name": ("村名", "village name"), "kind": ("村类型", "village kind")},
            {
                "code": ("行政村代码", "统计用区划代码", "村编码", "区划代码"),
                "name": ("村名称", "行政村", "村委会名称"),
            },
        ),
        Vocabulary("site", {"name": ("站点名称", "site name"), "kind": ("站点类型", "site kind")}),
        Vocabulary("specialty_village", {"village_code": ("村代码", "village code")}),
        Vocabulary("inspection", {"ref": ("督查编号", "inspection ref")}),
        Vocabulary("training_session", {"ref": ("培训编号", "training ref")}),
        Vocabulary("shipment", {"value_yuan": ("货值（元）", "goods value (yuan)")}, {"value_yuan": ("货值",)}),
        Vocabulary(
            "fund_item",
            {
                "code": ("项目编号", "item code"),
                "title_en": ("英文名称", "title (en)"),
                "site_refs": ("站点编号", "site refs"),
                "village_codes": ("村代码", "village codes"),
            },
            {"title_zh": ("项目", "名称"), "budget_yuan": ("金额（元）",), "budget_wan": ("金额（万元）",)},
        ),
        Vocabulary(
            "fund_payment",
            {"ref": ("支付编号", "payment ref")},
            {"ref": ("支付单号",), "status": ("支付状态",), "site_ref": ("站点", "落地站点")},
        ),
        Vocabulary(
            "asset",
            {"ref": ("资产编号", "asset ref")},
            {
                "description": ("名称",),
                "value_yuan": ("金额（元）",),
                "site_ref": ("站点", "存放站点"),
                "status": ("使用状态", "资产状态"),
            },
        ),
        Vocabulary("inspection_asset", {"status": ("发现状态", "found")}, {"status": ("使用状态",)}),
    )
}


def field_word(table: str, field: str, lang: str) -> str:
    """The header of ``field`` in ``table`` (as templates and exports write it)."""
    own = TABLE_FIELD.get(table)
    if own is not None and field in own.words:
        return own.word(field, lang)
    return FIELD.word(field, lang)


def header_vocabulary(
    table: str, fields: tuple[str, ...], extra: Mapping[str, tuple[str, ...]] | None = None
) -> Vocabulary:
    """What a sheet's header may say for each of ``fields`` of ``table``: the table's own words first,
    then the generic ones and ``extra`` spellings a TableSpec declares."""
    own = TABLE_FIELD.get(table)
    words = {f: (field_word(table, f, "zh"), field_word(table, f, "en")) for f in fields}
    aliases = {}
    for f in fields:
        spellings = [*(extra or {}).get(f, ()), *((own.aliases or {}).get(f, ()) if own else ())]
        if own is not None and f in own.words:
            spellings += list(FIELD.words.get(f, ()))
        spellings += list((FIELD.aliases or {}).get(f, ()))
        aliases[f] = tuple(spellings)
    return Vocabulary(f"headers:{table}:{','.join(fields)}", words, aliases)


# --- generic ---------------------------------------------------------------------------------------


def word(pair: Words, lang: str) -> str:
    """One language at a time: Chinese unless English was asked for. The one place that picks a
    language (``maps.i18n.choose`` is this with two arguments)."""
    return pair[1] if lang == "en" else pair[0]


# Punctuation between words: Chinese full-width, English ASCII with its space.
LIST_SEP: Words = ("、", ", ")
COLON: Words = ("：", ": ")
SEMICOLON: Words = ("；", "; ")
FULL_STOP: Words = ("。", ".")


def in_brackets(text: str, lang: str) -> str:
    """``text`` in brackets after a word: full-width in Chinese, a space and ASCII in English."""
    return word((f"（{text}）", f" ({text})"), lang)


def suffix(lang: str) -> str:
    """``"zh"`` or ``"en"``: the ending of a ``*_zh`` / ``*_en`` field to read for ``lang``."""
    return word(("zh", "en"), lang)


VOCABULARIES: dict[str, Vocabulary] = {
    v.name: v
    for v in (
        TOWNSHIP_KIND,
        VILLAGE_KIND,
        GEOM_SOURCE,
        LOCATION_SOURCE,
        SITE_KIND,
        SITE_STATUS,
        INSPECTION_MODE,
        INSPECTION_OUTCOME,
        OVERDUE_REASON,
        COVERAGE_STATUS,
        COVERAGE_REASON,
        SITE_COUNTING,
        FINDING,
        ROLE,
        TRAINING_LEVEL,
        INDICATOR,
        YES_NO,
        COORDINATE_FRAME,
        ATTRIBUTE,
        PAYMENT_STATUS,
        ASSET_OWNER,
        ASSET_STATUS,
        ASSET_FINDING,
        FUND_SCOPE,
        FIELD,
    )
}


# -- logistics reach and two-way flows (geo.analysis.reach, geo.analysis.flows) --------------
REACH_STATUS = Vocabulary(
    "reach_status",
    {
        "reached": ("可到达", "reached"),
        "unreachable": ("无法到达", "unreachable"),
        "no_position": ("位置不明", "position unknown"),
    },
)
REACH_REASON = Vocabulary(
    "reach_reason",
    {
        "by_road": ("沿路网", "over the road network"),
        "straight_line": ("直线估算", "straight-line estimate"),
        "disconnected": ("最近道路与站点路网不连通", "nearest road not connected to any station"),
        "no_road_nearby": ("接入距离内无道路", "no road within the snapping distance"),
        "no_station": ("无运营站点", "no operating station"),
        "no_position": ("位置不明", "position unknown"),
    },
)
REACH_METHOD = Vocabulary(
    "reach_method",
    {
        "road": ("路网（pgRouting）", "road network (pgRouting)"),
        "straight_line": ("直线 × 绕行系数", "straight line × circuity"),
    },
)
FLOW_DIRECTION = Vocabulary(
    "flow_direction",
    {
        "down": ("下行（工业品、农资下乡）", "down (consumer goods, farm inputs to villages)"),
        "up": ("上行（农产品进城）", "up (farm products to market)"),
    },
    aliases={"down": ("下行", "下乡", "downward"), "up": ("上行", "进城", "upward")},
)
FLOW_CATEGORY = Vocabulary(
    "flow_category",
    {
        "consumer_goods": ("日用消费品", "consumer goods"),
        "farm_inputs": ("农资", "farm inputs"),
        "coffee": ("咖啡", "coffee"),
        "rice": ("大米", "rice"),
        "fruit": ("水果", "fruit"),
        "tea": ("茶叶", "tea"),
        "other_farm": ("其他农特产品", "other farm products"),
        "parcels": ("快递包裹", "parcels"),
    },
    aliases={
        "consumer_goods": ("日用品", "工业品", "消费品"),
        "farm_inputs": ("农资产品", "化肥", "种子"),
        "coffee": ("咖啡豆",),
        "rice": ("稻米", "遮放贡米", "贡米"),
        "fruit": ("芒果", "柠檬"),
        "parcels": ("快递", "包裹"),
    },
)
VOCABULARIES.update({v.name: v for v in (REACH_STATUS, REACH_REASON, REACH_METHOD, FLOW_DIRECTION, FLOW_CATEGORY)})
