"""Checks of the funds sheets (fund items, payments, the asset ledger, assets found on inspections).

Called by :mod:`geo.io.validate` for these tables: Chinese or English headers are read back to
column codes through :data:`geo.vocab.COLUMN_WORDS` (a header it does not know is refused by
name, never dropped), enumerations through their vocabularies, 万元 columns become yuan, and
each row is checked against what the database holds.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal

import geopandas as gpd

from geo import vocab
from geo.io.funds_plan import PROGRAMME_START, WAN
from geo.io.tables import WAN_COLUMNS, TableSpec

FUND_TABLES = frozenset(vocab.COLUMN_WORDS)
# (table, column) -> (vocabulary, the codes allowed there)
ENUMS: dict[tuple[str, str], tuple[vocab.Vocabulary, tuple[str, ...]]] = {
    ("fund_item", "scope"): (vocab.FUND_SCOPE, vocab.FUND_SCOPE.codes),
    ("fund_payment", "status"): (vocab.PAYMENT_STATUS, vocab.PAYMENT_STATUS.codes),
    ("asset", "owner"): (vocab.ASSET_OWNER, vocab.ASSET_OWNER.codes),
    ("asset", "status"): (vocab.ASSET_STATUS, vocab.ASSET_STATUS.codes),
    ("inspection_asset", "status"): (vocab.ASSET_STATUS, vocab.ASSET_FOUND),
}
Add = Callable[[int | None, str, str], None]


def rename_headers(spec: TableSpec, gdf: gpd.GeoDataFrame, add: Add) -> gpd.GeoDataFrame:
    """``gdf`` with its headers as column codes; an unknown header is a problem naming it."""
    words = vocab.COLUMN_WORDS[spec.name]
    geometry = getattr(gdf, "_geometry_column_name", None)
    renames: dict[str, str] = {}
    for column in gdf.columns:
        if column == geometry:
            continue
        code = words.parse(column)
        if code is None:
            accepted = "、".join(f"{words.word(c, 'zh')}（{c}）" for c in words.codes)
            add(None, f"不认识的列“{column}”；可用的列：{accepted}",
                f"unknown column '{column}'; accepted: {', '.join(words.codes)}")
        elif code in renames.values():
            add(None, f"列“{column}”与另一列同义（{code}）", f"column '{column}' repeats another column ({code})")
        else:
            renames[column] = code
    return gdf.rename(columns=renames)


def check_row(table: str, row: dict, i: int, ctx, add: Add, today: dt.date) -> None:  # noqa: ANN001
    """Row checks of one funds table; ``row`` values are typed, enumerations still as typed."""
    for (t, column), (voc, allowed) in ENUMS.items():
        if t == table and row.get(column) is not None:
            code = voc.parse(row[column])
            if code not in allowed:
                words = "、".join(voc.word(c, "zh") for c in allowed)
                add(i, f"“{column}”的值“{row[column]}”无效，可选：{words}",
                    f"'{column}' value '{row[column]}' is not one of: {', '.join(allowed)}")
            else:
                row[column] = code
    if table in WAN_COLUMNS:
        _money(table, row, i, add)
    if table in ("fund_payment", "asset"):
        if row.get("item_code") and row["item_code"] not in ctx.fund_item_codes:
            add(i, f"资金项目“{row['item_code']}”不存在", f"fund item '{row['item_code']}' does not exist")
        if row.get("site_ref") and row["site_ref"] not in ctx.site_refs:
            add(i, f"站点“{row['site_ref']}”不存在", f"site '{row['site_ref']}' does not exist")
    if table == "fund_payment":
        _payment_date(row, i, add, today)
    if table == "asset" and row.get("quantity") is not None and row["quantity"] <= 0:
        add(i, f"数量 {row['quantity']} 须大于 0", f"quantity {row['quantity']} must be more than 0")
    if table == "fund_item":
        for ref in row.get("site_refs") or []:
            if ref not in ctx.site_refs:
                add(i, f"站点“{ref}”不存在", f"site '{ref}' does not exist")
        for code in row.get("village_codes") or []:
            if code not in ctx.village_codes:
                add(i, f"村代码“{code}”不存在", f"village code '{code}' does not exist")
    if table == "inspection_asset":
        _finding(row, i, ctx, add)


def _money(table: str, row: dict, i: int, add: Add) -> None:
    wan_col, yuan_col = WAN_COLUMNS[table]
    wan, yuan = row.pop(wan_col, None), row.get(yuan_col)
    if yuan is None and wan is not None:
        yuan = row[yuan_col] = wan
    elif yuan is not None and wan is not None and yuan != wan:
        add(i, f"“{yuan_col}” {yuan} 元与“{wan_col}” {wan / WAN} 万元不一致",
            f"'{yuan_col}' {yuan} yuan and '{wan_col}' {wan / WAN} (10,000 yuan) disagree")
    if yuan is None:
        add(i, f"缺少金额（“{yuan_col}” 元或“{wan_col}” 万元）", f"no amount ('{yuan_col}' in yuan or '{wan_col}')")
    elif table == "fund_payment" and yuan <= 0:
        add(i, f"金额 {yuan} 元须大于 0（退回请用状态“已退回”）",
            f"amount {yuan} yuan must be more than 0 (money returned: status 'returned')")
    elif yuan < 0:
        add(i, f"金额 {yuan} 元不能为负", f"amount {yuan} yuan cannot be negative")


def _payment_date(row: dict, i: int, add: Add, today: dt.date) -> None:
    day = row.get("paid_on")
    if day is None:
        return
    if day < PROGRAMME_START:
        add(i, f"支付日期 {day} 早于项目实施开始（{PROGRAMME_START}）",
            f"payment date {day} is before the programme started ({PROGRAMME_START})")
    elif day > today and row.get("status") in ("paid", "returned"):
        add(i, f"支付日期 {day} 在今天之后，已支付/已退回的款项不能是将来的日期",
            f"payment date {day} is in the future; a paid or returned payment cannot be")


def _finding(row: dict, i: int, ctx, add: Add) -> None:  # noqa: ANN001
    inspection, asset = row.get("inspection_ref"), row.get("asset_ref")
    if inspection and inspection not in ctx.inspection_sites:
        add(i, f"督查记录“{inspection}”不存在", f"inspection '{inspection}' does not exist")
    if asset and asset not in ctx.asset_sites:
        add(i, f"资产“{asset}”不存在", f"asset '{asset}' does not exist")
    if inspection in ctx.inspection_sites and asset in ctx.asset_sites \
            and ctx.asset_sites[asset] != ctx.inspection_sites[inspection]:
        add(i, f"资产“{asset}”不在督查记录“{inspection}”所查的站点", f"asset '{asset}' is not at the site inspection '{inspection}' visited")


def money(raw: object, kind: str) -> Decimal:
    """Yuan from a typed amount (``wan``: in 万元); ValueError when it is not an exact amount."""
    value = Decimal(str(raw).strip().replace(",", "").replace("，", ""))
    if not value.is_finite():
        raise ValueError(raw)
    if kind == "wan":
        value *= WAN
    if value != value.quantize(Decimal("0.01")):
        raise ValueError(raw)  # finer than a fen
    return value.quantize(Decimal("0.01"))
