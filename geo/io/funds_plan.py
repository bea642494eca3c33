"""The fund plan of the default county: the ten items of the 资金安排表 (REAL figures).

Source: 《芒市 2019 年电子商务进农村综合示范项目后续资金使用实施方案》(芒工商科发〔2022〕19 号,
芒市工业和商务科技局, 2022-06-28), 附件 2 “芒市电子商务进农村综合示范项目后续资金建设及资金安排表”:
ten items, all central funds (中央资金), 500 万元 in total. The appendix names no implementing
unit per item; the plan puts the bureau that issued it in charge of the programme, so that is
the implementing unit stored here. Which sites each item pays for is NOT in the plan: the demo
generator (:mod:`geo.io.demo_funds`) assigns them, marked ``targets_source='demo'``.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

PLAN_SOURCE = "plan2022"  # fund_item.source of the plan's real figures
PLAN_TITLE_ZH = (
    "《芒市 2019 年电子商务进农村综合示范项目后续资金使用实施方案》（芒工商科发〔2022〕19 号）附件 2 资金安排表"
)
PLAN_TITLE_EN = (
    "Mangshi 2019 e-commerce into rural areas demonstration project: follow-up fund plan "
    "(芒工商科发〔2022〕19号), appendix 2, fund allocation table"
)
# the plan as a subtitle cites it (the default county's plan; other counties load their own items)
PLAN_SHORT_ZH = "芒市后续资金使用实施方案附件 2 资金安排表"
PLAN_SHORT_EN = "Mangshi follow-up fund plan, appendix 2"
LEAD_UNIT = "芒市工业和商务科技局"
WAN = Decimal(10_000)  # yuan in one 万元
# Acceptance (终期验收) in December 2022 needs at least this share of the fund disbursed.
DISBURSEMENT_TARGET_PCT = Decimal(90)
# Implementation runs from June 2022 (preparation until the end of May); no payment predates it.
PROGRAMME_START = dt.date(2022, 6, 1)
ACCEPTANCE = dt.date(2022, 12, 31)

# (code, 序号, 项目名称, 项目分项, English title, 中央资金 万元, scope)
ITEMS: tuple[tuple[str, int, str, str, str, int, str], ...] = (
    (
        "F01",
        1,
        "健全农村物流配送体系",
        "健全农村物流配送体系（共同配送、乡村级电商物流服务站）",
        "Rural logistics delivery system (shared delivery, village e-commerce logistics stations)",
        50,
        "sites",
    ),
    ("F02", 2, "健全农村物流配送体系", "整合市场资源，建设直播基地", "Live-streaming base", 100, "sites"),
    (
        "F03",
        3,
        "增强农产品上行能力",
        "拓展营销渠道，强化品牌培育",
        "Marketing channels and brand building",
        50,
        "county",
    ),
    (
        "F04",
        4,
        "补全市域商业基础设施短板",
        "做好农村电商与市域商业体系建设的衔接（农村消费品管理系统）",
        "Rural consumer-goods management system",
        30,
        "county",
    ),
    (
        "F05",
        5,
        "补全市域商业基础设施短板",
        "做好电商精准扶贫与乡村振兴的衔接",
        "Poverty alleviation to rural revitalisation link-up",
        30,
        "sites",
    ),
    (
        "F06",
        6,
        "建设芒市咖啡电商特色村",
        "升级改造建设2个芒市电商特色村",
        "Two e-commerce specialty villages upgraded",
        100,
        "villages",
    ),
    (
        "F07",
        7,
        "建设芒市咖啡电商特色村",
        "加强品牌培育提升产品附加值",
        "Brand value: testing, packaging, storage, distribution",
        20,
        "villages",
    ),
    (
        "F08",
        8,
        "建设芒市咖啡电商特色村",
        "打造农旅电商新模式",
        "Agri-tourism e-commerce (coffee festival, 遮放贡米之乡)",
        20,
        "villages",
    ),
    (
        "F09",
        9,
        "建设芒市咖啡电商特色村",
        "丰富市场主体，开展多平台销售",
        "More market players, multi-platform sales (≥ 100 trainees)",
        20,
        "villages",
    ),
    (
        "F10",
        10,
        "加大电商人才培养力度",
        "构建直播矩阵，培育直播人才",
        "Live-streaming matrix and talent training (≥ 10 sessions, ≥ 900 person-times)",
        80,
        "sites",
    ),
)


def plan_rows() -> list[dict]:
    """The ten items as fund_item rows (budget in yuan), without the sites they pay for."""
    return [
        {
            "code": code,
            "seq": seq,
            "heading_zh": heading,
            "title_zh": title,
            "title_en": title_en,
            "budget_yuan": Decimal(wan) * WAN,
            "funding": "central",
            "implementing_unit": LEAD_UNIT,
            "scope": scope,
            "source": PLAN_SOURCE,
        }
        for code, seq, heading, title, title_en, wan, scope in ITEMS
    ]


def wan(yuan: Decimal | float | int | None) -> float | None:
    """Yuan as 万元 (4 decimals: exact to the yuan) for display."""
    return None if yuan is None else float((Decimal(yuan) / WAN).quantize(Decimal("0.0001")))
