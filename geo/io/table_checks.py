"""The checks particular to each table, run on every row after its fields are read.

Each takes the typed row, its index, what the database holds (``Context``) and the problem list;
it may complete the row (a village's township code from its own code, a site's township from
its village or a township name) and adds one problem per thing wrong, naming the column and
the value as typed.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from geo import vocab
from geo.analysis import inspections
from geo.io import shipments, validate_funds

if TYPE_CHECKING:  # validate imports this module; the types only name what it passes in
    from geo.io.validate import Context, Problems


def no_check(row: dict, i: int, ctx: Context, problems: Problems) -> None:
    return None


def _check_county(row: dict, i: int, ctx: Context, problems: Problems) -> None:
    code = row.get("code") or ""
    if code and (len(code) != 6 or not code.isdigit()):
        problems.add(i, "code", code, "县级代码应为 6 位数字", "a county code has 6 digits")


def _check_township(row: dict, i: int, ctx: Context, problems: Problems) -> None:
    code = row.get("code") or ""
    if not code:
        return
    if len(code) != 9 or not code.isdigit():
        problems.add(i, "code", code, "乡镇代码应为 9 位数字", "a township code has 9 digits")
    row["county_code"] = row.get("county_code") or code[:6]
    if row["county_code"] != code[:6] or row["county_code"] not in ctx.county_codes:
        problems.add(i, "code", code, "乡镇代码不属于已有的县", "the township code does not belong to a loaded county")


def _check_village(row: dict, i: int, ctx: Context, problems: Problems) -> None:
    code = row.get("code") or ""
    if code:
        if len(code) != 12 or not code.isdigit():
            problems.add(i, "code", code, "村代码应为 12 位数字", "a village code has 12 digits")
        row["township_code"] = _township(row.get("township_code"), ctx) or code[:9]
        if row["township_code"] != code[:9]:
            problems.add(
                i,
                "code",
                code,
                f"村代码的前 9 位与乡镇代码“{row['township_code']}”不符",
                f"the village code does not start with its township code '{row['township_code']}'",
            )
        elif code[:9] not in ctx.township_codes:
            problems.add(
                i,
                "code",
                code,
                f"村代码对应的乡镇代码“{code[:9]}”不存在",
                f"unknown township code '{code[:9]}' in the village code",
            )
    hh, phh = row.get("households"), row.get("poverty_households")
    if hh is not None and hh < 0 or phh is not None and phh < 0:
        problems.add(i, "households", hh, "户数不能为负", "household counts cannot be negative")
    elif hh is not None and phh is not None and phh > hh:
        problems.add(
            i,
            "poverty_households",
            phh,
            f"脱贫户数大于总户数 {hh}",
            f"poverty-alleviated households exceed households {hh}",
        )


def _township(typed: str | None, ctx: Context) -> str | None:
    """A township code, or the code of a township typed by name (所属乡镇: 遮放镇)."""
    if not typed:
        return None
    return ctx.township_names.get(vocab.normalise(typed), typed)


def _check_village_code(row: dict, i: int, ctx: Context, problems: Problems) -> None:
    code = row.get("village_code")
    if code and code not in ctx.village_codes:
        problems.add(
            i,
            "village_code",
            code,
            "村代码不存在（不在已导入的行政村中）",
            "unknown village code (not among the loaded villages)",
        )


def _check_site(row: dict, i: int, ctx: Context, problems: Problems) -> None:
    _check_village_code(row, i, ctx, problems)
    typed_township = row.get("township_code")
    row["township_code"] = _township(typed_township, ctx)
    village, township = row.get("village_code"), row.get("township_code")
    if township and township not in ctx.township_codes:
        problems.add(i, "township_code", typed_township, "乡镇代码（或名称）不存在", "unknown township code (or name)")
    elif village and township and village in ctx.village_codes and village[:9] != township:
        problems.add(
            i,
            "village_code",
            village,
            f"该村不属于所填乡镇（{typed_township}）",
            f"this village is not in the township given ({typed_township})",
        )
    if village and not township:
        row["township_code"] = village[:9]
    elif not village and not township and row.get("_geom") is not None:
        # a site given without its village or township gets the township its point lies in
        row["township_code"] = next(
            (code for code, (outline, _) in sorted(ctx.township_outlines.items()) if outline.intersects(row["_geom"])),
            None,
        )


def _check_inspection(row: dict, i: int, ctx: Context, problems: Problems) -> None:
    if row.get("site_ref") and row["site_ref"] not in ctx.site_refs:
        problems.add(i, "site_ref", row["site_ref"], "站点编号不存在", "no site has this ref")
    when, skew = row.get("visited_at"), ctx.visit_skew_minutes
    if when is not None and skew is not None and when > inspections.latest_visit(skew):
        # as POST /inspections refuses it: a visit recorded ahead of time is a plan in disguise
        problems.add(i, "visited_at", problems.typed(i, "visited_at"), *inspections.future_reason(skew))


def _check_training(row: dict, i: int, ctx: Context, problems: Problems) -> None:
    _check_village_code(row, i, ctx, problems)
    if row.get("level") == "village" and not row.get("village_code"):
        problems.add(i, "village_code", None, "村级培训须填写村代码", "a village-level session needs its village code")
    if row.get("attendees") is not None and row["attendees"] < 0:
        problems.add(i, "attendees", row["attendees"], "参训人次不能为负", "attendees cannot be negative")
    pct = row.get("satisfaction_pct")
    if pct is not None and not 0 <= pct <= 100:
        problems.add(i, "satisfaction_pct", pct, "满意度应在 0 到 100 之间", "satisfaction must be between 0 and 100")


def _check_parent_sites(rows: list[dict], ctx: Context, problems: Problems) -> None:
    """A site's ``parent_site`` names a site that exists (in the database or the same file), not itself."""
    refs = ctx.site_refs | {r["ref"] for r in rows if r.get("ref")}
    for row in rows:
        parent = row.get("parent_site")
        if not parent:
            continue
        link = f"{row.get('ref')} → {parent}"
        if parent == row.get("ref"):
            problems.add(
                row["_i"],
                "parent_site",
                parent,
                f"上级站点不能是站点自身（{link}）",
                f"a site cannot be its own parent site ({link})",
            )
        elif parent not in refs:
            problems.add(
                row["_i"],
                "parent_site",
                parent,
                f"上级站点编号不存在，数据库和本文件中都没有（{link}）",
                f"no site has this ref, neither in the database nor in this file ({link})",
            )


def no_file_check(rows: list[dict], ctx: Context, problems: Problems) -> None:
    return None


TABLE_CHECKS: dict[str, Callable[[dict, int, Context, Problems], None]] = {
    "county": _check_county,
    "township": _check_township,
    "village": _check_village,
    "site": _check_site,
    "specialty_village": _check_village_code,
    "inspection": _check_inspection,
    "training_session": _check_training,
    "shipment": shipments.check_row,
    "fund_item": validate_funds.check_fund_item,
    "fund_payment": validate_funds.check_fund_payment,
    "asset": validate_funds.check_asset,
    "inspection_asset": validate_funds.check_inspection_asset,
}
# Checks that need every row of the file at once (after the per-row checks).
FILE_CHECKS: dict[str, Callable[[list[dict], Context, Problems], None]] = {"site": _check_parent_sites}
