"""Row checks of the funds sheets (fund items, payments, the asset ledger, assets found on inspections).

Headers and enumeration words go through the one import pipeline (``geo.vocab.FIELD`` /
``TABLE_FIELD`` and the TableSpec ``enums``, :mod:`geo.io.columns`, :mod:`geo.io.validate`);
what is particular to funds is here: 万元 columns become yuan, amounts are positive, payments
are not dated before the programme, and items, sites, assets and inspections named exist.
Each problem names its row, the column and the value as typed.
"""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING

from geo.io.funds_plan import PROGRAMME_START, WAN
from geo.io.tables import WAN_COLUMNS

if TYPE_CHECKING:  # validate imports this module; the types only name what it passes in
    from geo.io.validate import Context, Problems


def check_fund_item(row: dict, i: int, ctx: Context, problems: Problems) -> None:
    _money("fund_item", row, i, problems)
    for ref in row.get("site_refs") or []:
        if ref not in ctx.site_refs:
            problems.add(i, "site_refs", ref, f"站点“{ref}”不存在", f"site '{ref}' does not exist")
    for code in row.get("village_codes") or []:
        if code not in ctx.village_codes:
            problems.add(i, "village_codes", code, f"村代码“{code}”不存在", f"village code '{code}' does not exist")


def check_fund_payment(row: dict, i: int, ctx: Context, problems: Problems) -> None:
    _money("fund_payment", row, i, problems)
    _item_and_site(row, i, ctx, problems)
    day = row.get("paid_on")
    if day is None:
        return
    if day < PROGRAMME_START:
        problems.add(
            i,
            "paid_on",
            _typed(problems, i, "paid_on", day),
            f"支付日期早于项目实施开始（{PROGRAMME_START}）",
            f"the payment date is before the programme started ({PROGRAMME_START})",
        )
    elif day > ctx.today and row.get("status") in ("paid", "returned"):
        problems.add(
            i,
            "paid_on",
            _typed(problems, i, "paid_on", day),
            "支付日期在今天之后，已支付/已退回的款项不能是将来的日期",
            "the payment date is in the future; a paid or returned payment cannot be",
        )


def check_asset(row: dict, i: int, ctx: Context, problems: Problems) -> None:
    _money("asset", row, i, problems)
    _item_and_site(row, i, ctx, problems)
    if row.get("quantity") is not None and row["quantity"] <= 0:
        problems.add(
            i,
            "quantity",
            _typed(problems, i, "quantity", row["quantity"]),
            "数量须大于 0",
            "the quantity must be more than 0",
        )


def check_inspection_asset(row: dict, i: int, ctx: Context, problems: Problems) -> None:
    inspection, asset = row.get("inspection_ref"), row.get("asset_ref")
    if inspection and inspection not in ctx.inspection_sites:
        problems.add(i, "inspection_ref", inspection, "督查记录不存在", "no inspection has this ref")
    if asset and asset not in ctx.asset_sites:
        problems.add(i, "asset_ref", asset, "资产不存在", "no asset has this ref")
    if (
        inspection in ctx.inspection_sites
        and asset in ctx.asset_sites
        and ctx.asset_sites[asset] != ctx.inspection_sites[inspection]
    ):
        problems.add(
            i,
            "asset_ref",
            asset,
            f"该资产不在督查记录“{inspection}”所查的站点",
            f"this asset is not at the site inspection '{inspection}' visited",
        )


def _item_and_site(row: dict, i: int, ctx: Context, problems: Problems) -> None:
    if row.get("item_code") and row["item_code"] not in ctx.fund_item_codes:
        problems.add(i, "item_code", row["item_code"], "资金项目不存在", "no fund item has this code")
    if row.get("site_ref") and row["site_ref"] not in ctx.site_refs:
        problems.add(i, "site_ref", row["site_ref"], "站点不存在", "no site has this ref")


def _money(table: str, row: dict, i: int, problems: Problems) -> None:
    """The row's amount in yuan, from the yuan column or the 万元 one (which is then dropped)."""
    wan_col, yuan_col = WAN_COLUMNS[table]
    wan, yuan = row.pop(wan_col, None), row.get(yuan_col)
    column = yuan_col if yuan is not None else wan_col
    if yuan is None and wan is not None:
        yuan = row[yuan_col] = wan
    elif yuan is not None and wan is not None and yuan != wan:
        problems.add(
            i,
            wan_col,
            _typed(problems, i, wan_col, wan / WAN),
            f"与“{yuan_col}” {yuan} 元不一致",
            f"disagrees with '{yuan_col}' {yuan} yuan",
        )
        return
    typed = _typed(problems, i, column, yuan)
    if yuan is None:
        if not _failed(problems, i, (yuan_col, wan_col)):
            problems.add(i, yuan_col, None, "缺少金额（元或万元）", "no amount (in yuan or in 10,000 yuan)")
    elif table == "fund_payment" and yuan <= 0:
        problems.add(
            i,
            column,
            typed,
            "金额须大于 0（退回请用状态“已退回”）",
            "the amount must be more than 0 (money returned: status 'returned')",
        )
    elif yuan < 0:
        problems.add(i, column, typed, "金额不能为负", "the amount cannot be negative")


def _typed(problems: Problems, i: int, column: str, fallback: object) -> object:
    """The cell as the clerk typed it (before conversion), or ``fallback`` when the file has no such column."""
    frame = problems.rows.frame
    if column in frame.columns:
        value = frame[column].iloc[i]
        if value is not None and str(value).strip():
            return value
    return fallback


def _failed(problems: Problems, i: int, columns: tuple[str, ...]) -> bool:
    """A problem is already reported for one of ``columns`` in row ``i`` (an unreadable amount)."""
    number = problems.rows.numbers[i]
    headers = {problems.rows.headers.get(c, c) for c in columns}
    return any(p.row == number and p.column in headers for p in problems.items)


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
