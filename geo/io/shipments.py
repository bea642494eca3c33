"""Shipments (two-way flows, 下行/上行) as a clerk types them: words read back to codes, rows checked."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

import pandas as pd

from geo.vocab import FLOW_CATEGORY, FLOW_DIRECTION

if TYPE_CHECKING:
    from geo.io.validate import Context, Problems

MONTH = re.compile(r"^(\d{4})[-/.年](\d{1,2})月?$")
AMOUNTS = ("parcels", "weight_kg", "value_yuan")


def prepare(gdf: pd.DataFrame) -> pd.DataFrame:
    """Directions and categories typed as words (下行, 咖啡 …) become codes; months become YYYY-MM.

    A value that is not recognised is kept as typed, so validation names it in its row."""
    gdf = gdf.copy()
    for column, vocab in (("direction", FLOW_DIRECTION), ("category", FLOW_CATEGORY)):
        if column in gdf.columns:
            gdf[column] = [vocab.parse(v) or v for v in gdf[column]]
    if "month" in gdf.columns:
        gdf["month"] = [_month(v) for v in gdf["month"]]
    return gdf


def check_row(row: dict, i: int, ctx: Context, problems: Problems) -> None:
    """Problems of one shipment row: unknown site, bad month, negative or missing amounts."""
    ref = row.get("site_ref")
    if ref and ref not in ctx.site_refs:
        problems.add(i, "site_ref", ref, "站点不存在", "no site has this ref")
    month = row.get("month")
    if month and not re.fullmatch(r"\d{4}-(0[1-9]|1[0-2])", str(month)):
        problems.add(i, "month", month, "月份应为“年-月”，如 2026-03", "the month must be year-month, e.g. 2026-03")
    given = [c for c in AMOUNTS if row.get(c) is not None]
    if not given:
        problems.add(
            i, "parcels", None, "件数、重量（千克）、货值（元）至少填一项", "give parcels, weight_kg or value_yuan"
        )
    for c in given:
        if row[c] < 0:
            problems.add(i, c, row[c], "不能为负", "cannot be negative")


def _month(value: object) -> object:
    text = str(value).strip() if value is not None else ""
    m = MONTH.match(text)
    if m and 1 <= int(m.group(2)) <= 12:
        return f"{m.group(1)}-{int(m.group(2)):02d}"
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}( 00:00:00)?", text):  # a date cell: its month
        return text[:7]
    return value
