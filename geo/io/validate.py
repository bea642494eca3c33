"""Check an import frame row by row before anything is written.

Every problem is reported with its row (counted from 1, as a clerk sees it in a
spreadsheet: line = row + 1 under the header) and the offending value.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import InvalidOperation

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
from shapely.validation import explain_validity

from geo.errors import InvalidInput
from geo.io import validate_funds
from geo.io.tables import TableSpec
from geo.store.models import (
    INSPECTION_MODES,
    INSPECTION_OUTCOMES,
    SITE_KINDS,
    SITE_STATUSES,
    TOWNSHIP_KINDS,
    TRAINING_LEVELS,
    VILLAGE_KINDS,
)
from geo.io import shipments
from geo.vocab import FLOW_CATEGORY, FLOW_DIRECTION, INDICATOR_KEYS
from geo.text import printable

ENUMS = {
    ("township", "kind"): TOWNSHIP_KINDS,
    ("village", "kind"): VILLAGE_KINDS,
    ("site", "kind"): SITE_KINDS,
    ("site", "status"): SITE_STATUSES,
    ("inspection", "mode"): INSPECTION_MODES,
    ("inspection", "outcome"): INSPECTION_OUTCOMES,
    ("training_session", "level"): TRAINING_LEVELS,
    ("indicator_entry", "indicator"): INDICATOR_KEYS,
    ("shipment", "direction"): FLOW_DIRECTION.codes,
    ("shipment", "category"): FLOW_CATEGORY.codes,
}
TRUE = {"true", "1", "yes", "y", "t", "是", "对"}
FALSE = {"false", "0", "no", "n", "f", "否", "不是", ""}
# The county outline is Amap-derived (±50 m); allow points this close outside it.
COUNTY_TOLERANCE_DEG = 0.001
MAX_ERRORS_SHOWN = 10
# Complexity limits: a county outline has a few thousand vertices; far more is a mistake or an attack.
MAX_VERTICES = 50_000
MAX_ROWS = 500_000


@dataclass
class Context:
    """What already exists in the database (and earlier in the same import)."""

    county: shapely.Geometry | None = None
    county_codes: set[str] = field(default_factory=set)
    township_codes: set[str] = field(default_factory=set)
    village_codes: set[str] = field(default_factory=set)
    site_refs: set[str] = field(default_factory=set)
    fund_item_codes: set[str] = field(default_factory=set)
    asset_sites: dict[str, str | None] = field(default_factory=dict)  # asset ref -> site ref
    inspection_sites: dict[str, str] = field(default_factory=dict)  # inspection ref -> site ref
    today: dt.date = field(default_factory=dt.date.today)
    max_vertices: int = MAX_VERTICES
    _area: shapely.Geometry | None = field(default=None, repr=False)

    def county_area(self) -> shapely.Geometry | None:
        """The county outline plus tolerance, buffered and prepared once per import, not per row."""
        if self._area is None and self.county is not None:
            self._area = self.county.buffer(COUNTY_TOLERANCE_DEG)
            shapely.prepare(self._area)
        return self._area


class Problems:
    def __init__(self, table: str) -> None:
        self.table = table
        self.items: list[str] = []

    def add(self, row: int | None, zh: str, en: str) -> None:
        where_zh = f"第 {row + 1} 条：" if row is not None else ""
        where_en = f"record {row + 1}: " if row is not None else ""
        self.items.append(f"{where_zh}{zh} / {where_en}{en}")

    def raise_if_any(self) -> None:
        if not self.items:
            return
        shown = self.items[:MAX_ERRORS_SHOWN]
        more = len(self.items) - len(shown)
        tail = f"\n……另有 {more} 个问题 / … and {more} more" if more else ""
        raise InvalidInput(
            f"导入 {self.table} 失败，数据库未做任何修改。/ Import of {self.table} failed; nothing was changed.\n"
            + "\n".join(shown) + tail,
            detail={"table": self.table, "problems": self.items},
        )


def validate(spec: TableSpec, gdf: gpd.GeoDataFrame, ctx: Context) -> list[dict]:
    """Typed row dicts ready for the loader, or InvalidInput listing every problem."""
    problems = Problems(spec.name)
    if gdf.empty:  # before the columns: an empty FeatureCollection has none, and that is not the news
        problems.add(None, "文件中没有数据行", "the file has no rows")
        problems.raise_if_any()
    if spec.name in validate_funds.FUND_TABLES:
        gdf = validate_funds.rename_headers(spec, gdf, problems.add)
        problems.raise_if_any()
    missing = [c for c in spec.required if c not in gdf.columns and not (spec.name == "village" and c == "township_code")]
    if missing:
        problems.add(None, f"缺少必填列：{', '.join(missing)}", f"missing required columns: {', '.join(missing)}")
        problems.raise_if_any()
    if len(gdf) > MAX_ROWS:
        problems.add(None, f"文件行数 {len(gdf)} 超过上限 {MAX_ROWS}，请分批导入",
                     f"the file has {len(gdf)} rows, more than the limit of {MAX_ROWS}; split it")
        problems.raise_if_any()
    rows: list[dict] = []
    geoms = gdf.geometry if spec.geometry and gdf.geometry.name in gdf.columns else None
    for i, (_, record) in enumerate(gdf.iterrows()):
        row: dict = {}
        for column, kind in spec.columns.items():
            raw = record.get(column, None)
            value = _coerce(raw, kind, column, i, problems)
            if value is None and column in spec.defaults:
                value = spec.defaults[column]
            row[column] = value
        if "source" in spec.columns and not row.get("source"):
            row["source"] = "import"
        for column in spec.required:
            if row.get(column) in (None, "") and not (spec.name == "village" and column == "township_code"):
                problems.add(i, f"“{column}”为空", f"'{column}' is empty")
        geom = geoms.iloc[i] if geoms is not None else None
        row["_geom"] = _check_geometry(spec, geom, i, ctx, problems)
        _check_row(spec.name, row, i, ctx, problems)
        rows.append(row)
    _check_duplicates(spec, rows, problems)
    problems.raise_if_any()
    return rows


def _coerce(raw: object, kind: str, column: str, i: int, problems: Problems) -> object:
    if isinstance(raw, np.ndarray):  # GDAL hands list-valued GeoJSON properties over as arrays
        raw = raw.tolist()
    if raw is None or (not isinstance(raw, (list, tuple)) and pd.isna(raw)):
        return None
    try:
        if kind == "text":
            text = printable(str(raw)).strip()  # a paste from Word/Excel may bring \x0b and the like
            return text or None
        if kind == "int":
            number = float(str(raw).strip().replace(",", ""))
            if number != int(number):
                raise ValueError
            return int(number)
        if kind == "float":
            return float(str(raw).strip().replace(",", ""))
        if kind in ("yuan", "wan"):
            return validate_funds.money(raw, kind)
        if kind == "bool":
            if isinstance(raw, bool):
                return raw
            text = str(raw).strip().lower()
            if text in TRUE:
                return True
            if text in FALSE:
                return False
            raise ValueError
        if kind == "date":
            if isinstance(raw, dt.date):
                return raw if not isinstance(raw, dt.datetime) else raw.date()
            return dt.date.fromisoformat(str(raw).strip()[:10])
        if kind == "datetime":
            value = pd.Timestamp(raw)
            if value.tzinfo is None:
                value = value.tz_localize("Asia/Shanghai")
            return value.to_pydatetime()
        if kind == "text[]":
            if isinstance(raw, (list, tuple)):
                return [str(v) for v in raw]
            text = str(raw).strip().strip("[]")
            return [part.strip().strip("'\"") for part in text.replace("，", ",").replace(";", ",").split(",") if part.strip()]
    except (ValueError, TypeError, InvalidOperation):
        pass
    problems.add(i, f"“{column}”的值“{raw}”格式不对（应为 {kind}）", f"'{column}' value '{raw}' is not a valid {kind}")
    return None


def _check_geometry(spec: TableSpec, geom: object, i: int, ctx: Context, problems: Problems) -> object:
    if spec.geometry is None:
        return None
    if geom is None or (hasattr(geom, "is_empty") and geom.is_empty):
        if spec.geometry_required:
            problems.add(i, "缺少位置/几何", "no geometry (position or outline)")
        return None
    if geom.geom_type not in spec.geometry_types:
        problems.add(
            i, f"几何类型应为 {'/'.join(spec.geometry_types)}，实际为 {geom.geom_type}",
            f"geometry must be {'/'.join(spec.geometry_types)}, not {geom.geom_type}",
        )
        return None
    vertices = shapely.get_num_coordinates(geom)
    if vertices > ctx.max_vertices:
        problems.add(
            i, f"几何过于复杂：{vertices} 个顶点，上限 {ctx.max_vertices}；请先简化",
            f"geometry too complex: {vertices} vertices, the limit is {ctx.max_vertices}; simplify it first",
        )
        return None
    if not geom.is_valid:
        reason = explain_validity(geom)
        problems.add(i, f"多边形无效（{reason}）", f"invalid geometry ({reason})")
        return None
    if ctx.county is not None and spec.name != "county":
        area = ctx.county_area()
        inside = area.contains(geom) if geom.geom_type == "Point" else area.intersection(geom).area >= 0.95 * geom.area
        if not inside:
            x, y = geom.representative_point().x, geom.representative_point().y
            problems.add(
                i, f"位置（{x:.5f}, {y:.5f}）在县界之外；请检查坐标和坐标系（经纬度是否颠倒、是否为高德/百度坐标）",
                f"position ({x:.5f}, {y:.5f}) is outside the county; check the coordinates and their coordinate system "
                "(lon/lat swapped? Amap/Baidu coordinates?)",
            )
            return None
    return geom


def _check_row(table: str, row: dict, i: int, ctx: Context, problems: Problems) -> None:
    if table in validate_funds.FUND_TABLES:
        validate_funds.check_row(table, row, i, ctx, problems.add, ctx.today)
        return
    for (t, column), allowed in ENUMS.items():
        if t == table and row.get(column) is not None and row[column] not in allowed:
            problems.add(
                i, f"“{column}”的值“{row[column]}”无效，可选：{', '.join(allowed)}",
                f"'{column}' value '{row[column]}' is not one of: {', '.join(allowed)}",
            )
    code = row.get("code") or ""
    if table == "county" and code and (len(code) != 6 or not code.isdigit()):
        problems.add(i, f"县级代码“{code}”应为 6 位数字", f"county code '{code}' must be 6 digits")
    if table == "township" and code:
        if len(code) != 9 or not code.isdigit():
            problems.add(i, f"乡镇代码“{code}”应为 9 位数字", f"township code '{code}' must be 9 digits")
        row["county_code"] = row.get("county_code") or code[:6]
        if row["county_code"] != code[:6] or row["county_code"] not in ctx.county_codes:
            problems.add(i, f"乡镇代码“{code}”不属于已有的县", f"township code '{code}' does not belong to a loaded county")
    if table == "village" and code:
        if len(code) != 12 or not code.isdigit():
            problems.add(i, f"村代码“{code}”应为 12 位数字", f"village code '{code}' must be 12 digits")
        row["township_code"] = row.get("township_code") or code[:9]
        if row["township_code"] != code[:9]:
            problems.add(
                i, f"村代码“{code}”的前 9 位与乡镇代码“{row['township_code']}”不符",
                f"village code '{code}' does not start with its township code '{row['township_code']}'",
            )
        elif code[:9] not in ctx.township_codes:
            problems.add(i, f"村代码“{code}”对应的乡镇代码“{code[:9]}”不存在", f"unknown township code '{code[:9]}' in village code '{code}'")
    if table in ("site", "specialty_village", "training_session") and row.get("village_code"):
        if row["village_code"] not in ctx.village_codes:
            problems.add(i, f"村代码“{row['village_code']}”不存在", f"village code '{row['village_code']}' does not exist")
    if table == "site":
        if row.get("village_code") and not row.get("township_code"):
            row["township_code"] = row["village_code"][:9]
        if row.get("township_code") and row["township_code"] not in ctx.township_codes:
            problems.add(i, f"乡镇代码“{row['township_code']}”不存在", f"township code '{row['township_code']}' does not exist")
    if table == "inspection" and row.get("site_ref") and row["site_ref"] not in ctx.site_refs:
        problems.add(i, f"站点“{row['site_ref']}”不存在", f"site '{row['site_ref']}' does not exist")
    if table == "training_session":
        _check_training(row, i, problems)
    if table == "shipment":
        shipments.check_row(row, i, ctx.site_refs, problems)
    if table == "village":
        hh, phh = row.get("households"), row.get("poverty_households")
        if hh is not None and hh < 0 or phh is not None and phh < 0:
            problems.add(i, "户数不能为负", "household counts cannot be negative")
        elif hh is not None and phh is not None and phh > hh:
            problems.add(i, f"脱贫户数 {phh} 大于总户数 {hh}", f"poverty-alleviated households {phh} exceed households {hh}")


def _check_training(row: dict, i: int, problems: Problems) -> None:
    if row.get("level") == "village" and not row.get("village_code"):
        problems.add(i, "村级培训须填写村代码（village_code）", "a village-level session needs its village_code")
    if row.get("attendees") is not None and row["attendees"] < 0:
        problems.add(i, "参训人次不能为负", "attendees cannot be negative")
    pct = row.get("satisfaction_pct")
    if pct is not None and not 0 <= pct <= 100:
        problems.add(i, f"满意度 {pct} 应在 0 到 100 之间", f"satisfaction {pct} must be between 0 and 100")


def _check_duplicates(spec: TableSpec, rows: list[dict], problems: Problems) -> None:
    seen: dict[tuple, int] = {}
    for i, row in enumerate(rows):
        key = tuple(row.get(k) for k in spec.key)
        if None in key:
            continue
        if key in seen:
            problems.add(i, f"与第 {seen[key] + 1} 条重复（{key}）", f"duplicates record {seen[key] + 1} ({key})")
        else:
            seen[key] = i
