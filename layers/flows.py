"""Two-way flows through the stations as proportional symbols: one layer per direction.

A circle's area grows with the station's parcels (radius ∝ √parcels, 6 classes relative to the
busiest station of the same period). Period: the whole loaded year by default (``month=all``),
or one month with ``?month=YYYY-MM``.
"""

from __future__ import annotations

from dataclasses import dataclass

from layers.base import Field, Layer, LegendEntry
from layers.palette import OKABE_ITO

SIZES = 6


def _sql(direction: str) -> str:
    return (
        "WITH f AS (SELECT site_id, coalesce(month, 'all') AS month, sum(coalesce(parcels, 0)) AS parcels, "
        "sum(coalesce(weight_kg, 0)) AS kg, bool_or(source = 'demo') AS demo FROM shipment "
        f"WHERE direction = '{direction}' GROUP BY GROUPING SETS ((site_id, month), (site_id))), "
        "m AS (SELECT month, greatest(max(parcels), 1) AS top FROM f GROUP BY month) "
        "SELECT row_number() OVER (ORDER BY s.id, f.month) AS id, s.name, s.township_code, f.month, "
        "f.parcels::int AS parcels, round(f.kg)::int AS weight_kg, "
        f"greatest(1, ceil({SIZES} * sqrt(f.parcels::float8 / m.top)))::int AS size, "
        "CASE WHEN f.demo THEN 'demo' ELSE s.source END AS source, s.location AS geom "
        "FROM f JOIN m USING (month) JOIN site s ON s.id = f.site_id"
    )


@dataclass(frozen=True)
class FlowLayer(Layer):
    """Without a ``month`` filter the whole period is shown (one symbol per station, not twelve)."""

    def _where(self, bbox, filters):  # noqa: ANN001, ANN202
        return super()._where(bbox, {"month": "all", **(filters or {})})


def _layer(direction: str, zh: str, en: str, colour: str) -> FlowLayer:
    return FlowLayer(
        name=f"flows_{direction}",
        min_role="official",  # shipments per station are a station's business figures
        title_zh=zh,
        title_en=en,
        geometry_type="Point",
        query=_sql(direction),
        fields=(
            Field("name", "站点", "Station"),
            Field("month", "月份", "Month", values={"all": ("全年合计", "whole year")}),
            Field("parcels", "件数", "Parcels"),
            Field("weight_kg", "重量（千克）", "Weight (kg)"),
        ),
        filters=("township_code", "month"),
        style={"color": "#333333", "weight": 1, "fillColor": colour, "fillOpacity": 0.55},
        style_key="size",
        styles={i: {"radius": 3 + 3 * i} for i in range(1, SIZES + 1)},
        legend=(LegendEntry(f"{zh}（圆面积 ∝ 件数）", f"{en} (circle area ∝ parcels)", colour, "circle"),),
    )


FLOWS_DOWN = _layer(
    "down", "下行货量：日用品、农资进村", "Down: consumer goods and farm inputs to villages", OKABE_ITO["orange"]
)
FLOWS_UP = _layer(
    "up", "上行货量：咖啡、大米、水果进城", "Up: coffee, rice, fruit to market", OKABE_ITO["bluish_green"]
)
LAYERS = (FLOWS_DOWN, FLOWS_UP)
