"""Sites a supervisor visits: service centre, live base and stations, warehouses, sorting centre.

Words come from ``geo.vocab`` (SITE_KIND, SITE_STATUS), colours from ``layers.palette``
(SITE_KIND_COLOUR), and each site family has its own shape (FAMILY_SHAPE): circles for service
sites, diamonds for live-streaming, squares for logistics.
"""

from __future__ import annotations

from geo.vocab import SITE_FAMILY, SITE_KIND
from geo.vocab import SITE_STATUS as SITE_STATUS_WORDS
from layers import palette
from layers.base import Field, Layer, LegendEntry

# kind -> (zh, en, colour); the order is the legend order.
SITE_KINDS = {k: (*SITE_KIND.words[k], palette.SITE_KIND_COLOUR[k]) for k in SITE_KIND.codes}
SITE_STATUS = dict(SITE_STATUS_WORDS.words)
KIND_WORDS = dict(SITE_KIND.words)


def family_sql(alias: str = "s") -> str:
    """SQL: the family (service / live / logistics) of site ``alias`` from its kind."""
    whens = " ".join(f"WHEN '{k}' THEN '{f}'" for k, f in SITE_FAMILY.items())
    return f"CASE {alias}.kind {whens} END"


def kind_symbol(kind: str, base: dict) -> dict:
    """The symbol of a site of ``kind`` as the map draws it: colour by kind, shape by family."""
    return {**base, "fillColor": palette.SITE_KIND_COLOUR[kind], "shape": palette.FAMILY_SHAPE[SITE_FAMILY[kind]]}


FAMILY_WORDS = {
    "service": ("服务站点（圆形）", "service sites (circle)"),
    "live": ("直播站点（菱形）", "live-streaming (diamond)"),
    "logistics": ("仓储物流（方形）", "logistics (square)"),
}


def family_legend(base: dict) -> tuple[LegendEntry, ...]:
    """One grey entry per site family showing its shape, counted by the ``family`` property."""
    return tuple(
        LegendEntry(*FAMILY_WORDS[f], "#bdbdbd", shape, {**base, "fillColor": "#bdbdbd", "shape": shape}, "family", f)
        for f, shape in palette.FAMILY_SHAPE.items()
    )


SITE_QUERY = (
    "SELECT s.id, s.ref, s.name, s.kind, " + family_sql() + " AS family, s.status, s.township_code, s.village_code, "
    "t.name AS township_name, s.opened_on, s.source, s.location AS geom "
    "FROM site s LEFT JOIN township t ON t.code = s.township_code"
)
SITE_FIELDS = (
    Field("name", "名称", "Name"),
    Field("kind", "类型", "Kind", values=KIND_WORDS),
    Field("status", "状态", "Status", values=SITE_STATUS),
    Field("township_name", "乡镇", "Township"),
    Field("opened_on", "建成时间", "Opened"),
)
SITE_FILTERS = ("township_code", "kind", "status", "village_code")
SITE_STYLE = {"radius": 7, "color": "#222222", "weight": 1, "fillOpacity": 0.95}


def site_layer(
    name: str, title_zh: str, title_en: str, kinds: tuple[str, ...] | None = None, radius: float = 7
) -> Layer:
    """A point layer of the sites of some kinds (all kinds when ``kinds`` is None)."""
    kinds = kinds or tuple(SITE_KINDS)
    where = "" if set(kinds) == set(SITE_KINDS) else " WHERE s.kind IN (" + ", ".join(f"'{k}'" for k in kinds) + ")"
    style = {**SITE_STYLE, "radius": radius}
    return Layer(
        name=name,
        title_zh=title_zh,
        title_en=title_en,
        geometry_type="Point",
        query=SITE_QUERY + where,
        fields=SITE_FIELDS,
        filters=SITE_FILTERS,
        style=style,
        style_key="kind",
        styles={k: {"fillColor": palette.SITE_KIND_COLOUR[k]} for k in kinds},
        shape_key="family",
        shapes=dict(palette.FAMILY_SHAPE),
        legend=tuple(
            LegendEntry(
                SITE_KINDS[k][0],
                SITE_KINDS[k][1],
                SITE_KINDS[k][2],
                palette.FAMILY_SHAPE[SITE_FAMILY[k]],
                kind_symbol(k, style),
                "kind",
                k,
            )
            for k in kinds
        ),
    )


SITES = site_layer("sites", "电商站点", "E-commerce sites")
