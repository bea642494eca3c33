"""The thirteen performance indicators (绩效目标表, appendix 1) by key, in table order.

Kept apart from :mod:`geo.analysis.indicators` so that import validation can check an
entered indicator key without importing the analyses.
"""

INDICATOR_KEYS = (
    "live_base",  # 电商直播基地建成
    "consumer_goods_system",  # 农村消费品管理系统
    "specialty_villages",  # 电商特色村升级
    "coffee_brand",  # 象塘咖啡品牌
    "rice_campaigns",  # 遮放贡米营销活动
    "specialty_training",  # 特色村培训人次
    "county_training",  # 市级高级培训
    "specialty_sales",  # 特色村网络零售额
    "specialty_shops",  # 特色村活跃网店
    "specialty_jobs",  # 特色村带动就业创业
    "poverty_coverage",  # 脱贫村覆盖
    "complaints",  # 政府信息公开投诉
    "trainee_satisfaction",  # 培训满意度
    "fund_disbursement",  # 后续资金支付进度 (资金安排表: ≥ 90 % at acceptance)
)
