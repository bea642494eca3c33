"""Check an import row by row before anything is written.

Every check runs on every row; each problem names the row as the clerk sees it (Excel row,
header = row 1, or the record number of other files), the column, the value as typed and the
reason in Chinese and English. Nothing here writes.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import InvalidOperation

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
from shapely.validation import explain_validity

from geo import vocab
from geo.errors import InvalidInput
from geo.io.report import ImportReport, Problem
from geo.io.table_checks import FILE_CHECKS, TABLE_CHECKS, no_check, no_file_check
from geo.io.tables import TableSpec
from geo.io.validate_funds import money
from geo.text import printable

# The county outline is Amap-derived (±50 m); allow points this close outside it.
COUNTY_TOLERANCE_DEG = 0.001
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
    township_names: dict[str, str] = field(default_factory=dict)  # normalised name -> code
    village_points: dict[str, tuple[float, float]] = field(default_factory=dict)  # code -> (lon, lat)
    township_outlines: dict[str, tuple[shapely.Geometry, bool]] = field(
        default_factory=dict
    )  # code -> (geom, approximate)
    fund_item_codes: set[str] = field(default_factory=set)
    asset_sites: dict[str, str | None] = field(default_factory=dict)  # asset ref -> site ref
    inspection_sites: dict[str, str] = field(default_factory=dict)  # inspection ref -> site ref
    today: dt.date = field(default_factory=dt.date.today)
    # Visit times later than now + this many minutes are refused (settings' clock_skew_minutes); None: unchecked.
    visit_skew_minutes: float | None = None
    max_vertices: int = MAX_VERTICES
    _area: shapely.Geometry | None = field(default=None, repr=False)

    def county_area(self) -> shapely.Geometry | None:
        """The county outline plus tolerance, buffered and prepared once per import, not per row."""
        if self._area is None and self.county is not None:
            self._area = self.county.buffer(COUNTY_TOLERANCE_DEG)
            shapely.prepare(self._area)
        return self._area


@dataclass
class Rows:
    """An import's rows before checking: field columns as typed, and where each row came from."""

    frame: pd.DataFrame  # one column per field present; values as typed
    geoms: list  # WGS 84 geometry per row (None: none or unusable)
    numbers: list[int]  # Excel row number, or record number
    where: str = "record"  # row | record
    headers: dict[str, str] = field(default_factory=dict)  # field -> header as written
    typed_position: list[str | None] | None = None  # "lon, lat" as typed
    swapped: list | None = None  # the row's point with lon/lat exchanged (WGS 84), to recognise swaps
    position_bad: set[int] = field(default_factory=set)  # rows whose coordinates already have a problem
    early: list[Problem] = field(default_factory=list)  # problems found while reading the position columns
    lonlat: list[tuple[float, float] | None] | None = None  # the numbers typed, before conversion
    late_warnings: list[Problem] = field(default_factory=list)  # warnings the row checks found
    as_typed: pd.DataFrame | None = None  # the field columns before words became codes (shipments)

    @classmethod
    def of(cls, gdf: gpd.GeoDataFrame) -> Rows:
        """A frame whose columns already are field names (the default dataset, API entries)."""
        name = getattr(gdf, "_geometry_column_name", None)
        if name is not None and name in gdf.columns:
            geoms, frame = list(gdf[name]), pd.DataFrame(gdf.drop(columns=[name]))
        else:
            geoms, frame = [None] * len(gdf), pd.DataFrame(gdf)
        return cls(frame.reset_index(drop=True), geoms, list(range(1, len(gdf) + 1)))


POSITION = "lon,lat"  # a problem of the position as a whole: both columns are named


class Problems:
    def __init__(self, rows: Rows, severity: str = "error") -> None:
        self.rows = rows
        self.items: list[Problem] = []
        self.severity = severity

    def add(self, i: int | None, column: str | None, value: object, zh: str, en: str) -> None:
        if column == POSITION:
            header: str | None = f"{self.rows.headers.get('lon', 'lon')}, {self.rows.headers.get('lat', 'lat')}"
        else:
            header = self.rows.headers.get(column, column) if column else None
        typed = None if value is None else str(value)
        number = self.rows.numbers[i] if i is not None else None
        self.items.append(Problem(number, header, typed, zh, en, self.severity, self.rows.where))

    def typed(self, i: int, column: str) -> object:
        """Row ``i``'s ``column`` as the file holds it, before it was read as a number, date or code."""
        frame = self.rows.frame
        return frame[column].iloc[i] if column in frame.columns else None


def validate(spec: TableSpec, gdf: gpd.GeoDataFrame, ctx: Context) -> list[dict]:
    """Typed row dicts ready for the loader, or InvalidInput listing every problem."""
    rows, problems = check(spec, Rows.of(gdf), ctx)
    if problems:
        report = ImportReport(spec.name, read=len(rows), errors=problems)
        raise InvalidInput(
            report.message(),
            detail={
                "table": spec.name,
                "problems": [p.text() for p in problems],
                "errors": [p.as_dict() for p in problems],
            },
        )
    return rows


def check(
    spec: TableSpec, data: Rows, ctx: Context, progress: Callable[[int, int], None] | None = None
) -> tuple[list[dict], list[Problem]]:
    """(typed rows, every problem). Each row dict holds its fields, ``_geom`` and ``_i``."""
    problems = Problems(data)
    problems.items.extend(data.early)
    later = _filled_later(spec)
    if data.frame.empty:  # before the columns: an empty FeatureCollection has none, and that is not the news
        problems.add(None, None, None, "文件中没有数据行", "the file has no rows")
        return [], problems.items
    missing = [c for c in spec.required if c not in data.frame.columns and c not in later]
    if missing:
        words = "、".join(vocab.field_word(spec.name, c, "zh") for c in missing)
        problems.add(None, None, None, f"缺少必填列：{words}", f"missing required columns: {', '.join(missing)}")
        return [], problems.items
    if len(data.frame) > MAX_ROWS:
        problems.add(
            None,
            None,
            None,
            f"文件行数 {len(data.frame)} 超过上限 {MAX_ROWS}，请分批导入",
            f"the file has {len(data.frame)} rows, more than the limit of {MAX_ROWS}; split it",
        )
        return [], problems.items
    enums = {c: vocab.VOCABULARIES[v] for c, v in spec.enums.items()}
    records = data.frame.to_dict("records")
    out: list[dict] = []
    total = len(records)
    for i, record in enumerate(records):
        row: dict = {"_i": i}
        for column, kind in spec.columns.items():
            raw = record.get(column)
            value = _coerce(raw, kind, enums.get(column), column, i, problems)
            if value is None and column in spec.defaults:
                value = spec.defaults[column]
            row[column] = value
        if "source" in spec.columns and not row.get("source"):
            row["source"] = "import"
        _derive_ref(spec, row)
        for column in spec.required:
            if row.get(column) in (None, "") and column not in later and not _coerce_failed(problems, i, column, data):
                problems.add(
                    i,
                    column,
                    None,
                    f"“{vocab.field_word(spec.name, column, 'zh')}”为空（必填）",
                    f"'{column}' is empty (required)",
                )
        row["_geom"] = _check_geometry(spec, data, i, ctx, problems)
        TABLE_CHECKS.get(spec.name, no_check)(row, i, ctx, problems)
        out.append(row)
        if progress is not None and (i + 1) % 500 == 0:
            progress(i + 1, total)
    FILE_CHECKS.get(spec.name, no_file_check)(out, ctx, problems)
    duplicates = Problems(data, severity="warning")
    _check_duplicates(spec, out, problems, duplicates)
    data.late_warnings = duplicates.items
    if progress is not None:
        progress(total, total)
    return out, problems.items


# Required fields a row may leave empty because the checks fill them (a village's township code
# comes from its own code).
_FILLED_LATER = {"village": ("township_code",)}


def _filled_later(spec: TableSpec) -> tuple[str, ...]:
    return (*_FILLED_LATER.get(spec.name, ()), *(("ref",) if spec.derive_ref else ()))


def _coerce_failed(problems: Problems, i: int, column: str, data: Rows) -> bool:
    number, header = data.numbers[i], data.headers.get(column, column)
    return any(p.row == number and p.column == header for p in problems.items)


def _derive_ref(spec: TableSpec, row: dict) -> None:
    """A ref made from fields that identify the row, stable across imports of the same sheet."""
    if not spec.derive_ref or row.get("ref"):
        return
    parts = [row.get(f) for f in spec.derive_ref]
    if not parts[-1]:  # the last field (the name) is what identifies the row; without it, no ref
        return
    key = "|".join(vocab.normalise(str(p or "")) for p in parts)
    row["ref"] = f"{spec.name}-{hashlib.sha1(key.encode()).hexdigest()[:12]}"
    row["_ref_derived"] = True


def _parse_word(enum: vocab.Vocabulary, raw: object) -> str | None:
    """Vocabulary.parse, remembered: a sheet repeats the same few words thousands of times."""
    return _parse_cached(enum.name, str(raw)) if enum.name in vocab.VOCABULARIES else enum.parse(raw)


@functools.lru_cache(maxsize=4096)
def _parse_cached(name: str, typed: str) -> str | None:
    return vocab.VOCABULARIES[name].parse(typed)


def _coerce(raw: object, kind: str, enum: vocab.Vocabulary | None, column: str, i: int, problems: Problems) -> object:
    if isinstance(raw, np.ndarray):  # GDAL hands list-valued GeoJSON properties over as arrays
        raw = raw.tolist()
    if raw is None or (not isinstance(raw, (list, tuple)) and pd.isna(raw)):
        return None
    if isinstance(raw, str) and not raw.strip():
        return None
    if enum is not None:
        code = _parse_word(enum, raw)
        if code is None:
            problems.add(
                i,
                column,
                raw,
                f"不是可选的值；可选：{'、'.join(enum.word(c, 'zh') for c in enum.codes)}",
                "is not one of: " + ", ".join(f"{enum.word(c, 'en')} ({c})" for c in enum.codes),
            )
        return code
    try:
        if kind == "text":
            text = printable(str(raw)).strip()  # a paste from Word/Excel may bring \x0b and the like
            return text or None
        if kind in ("yuan", "wan"):
            return money(raw, kind)
        if kind == "int":
            number = parse_number(raw)
            if number != int(number):
                raise ValueError
            return int(number)
        if kind == "float":
            return parse_number(raw)
        if kind == "bool":
            value = vocab.parse_bool(raw)
            if value is None:
                raise ValueError
            return value
        if kind == "date":
            if isinstance(raw, dt.date):
                return raw if not isinstance(raw, dt.datetime) else raw.date()
            text = str(raw).strip().replace("/", "-").replace(".", "-")
            for zh in ("年", "月"):
                text = text.replace(zh, "-")
            text = text.rstrip("日")
            y, m, d = (int(p) for p in text[:10].split("-")[:3])
            return dt.date(y, m, d)
        if kind == "datetime":
            value = pd.Timestamp(raw)
            if value.tzinfo is None:
                value = value.tz_localize("Asia/Shanghai")
            return value.to_pydatetime()
        if kind == "text[]":
            if isinstance(raw, (list, tuple)):
                return [str(v) for v in raw]
            text = str(raw).strip().strip("[]")
            return [
                printable(part).strip().strip("'\"")
                for part in text.replace("，", ",").replace("、", ",").replace(";", ",").split(",")
                if part.strip()
            ]
    except (ValueError, TypeError, InvalidOperation):
        pass
    words = {
        "int": ("整数", "a whole number"),
        "float": ("数字", "a number"),
        "bool": ("是/否", "yes/no"),
        "yuan": ("金额（元，最多两位小数）", "an amount in yuan (to the fen)"),
        "wan": ("金额（万元）", "an amount in 10,000 yuan"),
        "date": ("日期（如 2024-05-01）", "a date (e.g. 2024-05-01)"),
        "datetime": ("时间（如 2024-05-01 09:30）", "a date and time (e.g. 2024-05-01 09:30)"),
    }
    zh, en = words.get(kind, (kind, kind))
    problems.add(i, column, raw, f"格式不对，应为{zh}", f"is not {en}")
    return None


def parse_number(raw: object) -> float:
    """A number as clerks type it: full-width digits, thousands separators, a trailing degree sign."""
    if isinstance(raw, (int, float)) and not isinstance(raw, bool):
        value = float(raw)
    else:
        text = unicodedata.normalize("NFKC", str(raw)).strip().replace(",", "").replace("°", "").replace(" ", "")
        value = float(text)
    if not np.isfinite(value):
        raise ValueError(raw)
    return value


def _check_geometry(spec: TableSpec, data: Rows, i: int, ctx: Context, problems: Problems) -> object:
    if spec.geometry is None:
        return None
    geom = data.geoms[i]
    if i in data.position_bad:
        return None
    if geom is None or (hasattr(geom, "is_empty") and geom.is_empty):
        if spec.geometry_required:
            problems.add(
                i,
                "lon" if spec.coordinates and data.where == "row" else None,
                None,
                "缺少位置（经度、纬度）" if spec.coordinates else "缺少几何（边界或线）",
                "no position (longitude, latitude)" if spec.coordinates else "no geometry",
            )
        return None
    if geom.geom_type not in spec.geometry_types:
        problems.add(
            i,
            None,
            None,
            f"几何类型应为 {'/'.join(spec.geometry_types)}，实际为 {geom.geom_type}",
            f"geometry must be {'/'.join(spec.geometry_types)}, not {geom.geom_type}",
        )
        return None
    vertices = shapely.get_num_coordinates(geom)
    if vertices > ctx.max_vertices:
        problems.add(
            i,
            None,
            None,
            f"几何过于复杂：{vertices} 个顶点，上限 {ctx.max_vertices}；请先简化",
            f"geometry too complex: {vertices} vertices, the limit is {ctx.max_vertices}; simplify it first",
        )
        return None
    if not geom.is_valid:
        reason = explain_validity(geom)
        problems.add(i, None, None, f"多边形无效（{reason}）", f"invalid geometry ({reason})")
        return None
    area = ctx.county_area()  # None without a county outline
    if area is not None and spec.name != "county":
        inside = area.contains(geom) if geom.geom_type == "Point" else area.intersection(geom).area >= 0.95 * geom.area
        if not inside:
            _outside(data, i, geom, area, problems)
            return None
    return geom


def _outside(data: Rows, i: int, geom: shapely.Geometry, area: shapely.Geometry, problems: Problems) -> None:
    typed = data.typed_position[i] if data.typed_position else None
    if typed is None:
        p = geom.representative_point()
        typed = f"{p.x:.6f}, {p.y:.6f}"
    swapped = (
        data.swapped[i] if data.swapped else (shapely.Point(geom.y, geom.x) if geom.geom_type == "Point" else None)
    )
    column = POSITION if data.typed_position else None
    if swapped is not None and area.contains(swapped):
        lon, lat = (s.strip() for s in typed.split(",", 1))
        problems.add(
            i,
            column,
            typed,
            f"经度、纬度填反了：互换后（经度 {lat}，纬度 {lon}）在县内。请把这两个值对调",
            f"longitude and latitude are swapped: exchanged (longitude {lat}, latitude {lon}) the point is "
            "inside the county. Swap the two values",
        )
        return
    problems.add(
        i,
        column,
        typed,
        f"位置（经度, 纬度 = {typed}）在县界之外；请检查坐标和坐标系（经纬度是否颠倒、是否为高德/百度坐标）",
        f"position (lon, lat = {typed}) is outside the county; check the coordinates and their coordinate "
        "system (lon/lat swapped? Amap/Baidu coordinates?)",
    )


def _check_duplicates(spec: TableSpec, rows: list[dict], problems: Problems, warnings: Problems | None = None) -> None:
    """The key, and each ``unique`` field, may appear once per file; later rows are named.

    A repeated ``unique`` value (e.g. a site's name) between two rows that both carry their own
    ref is only a warning: the file says they are two rows."""
    groups = [tuple(spec.key), *((f,) for f in spec.unique)]
    flagged: set[int] = set()
    for fields in groups:
        seen: dict[tuple, dict] = {}
        for row in rows:
            i = row["_i"]
            values = tuple(row.get(k) for k in fields)
            if None in values or "" in values:
                continue
            norm = tuple(vocab.normalise(str(v)) for v in values)
            if norm in seen and i not in flagged:
                first_row = seen[norm]
                first = problems.rows.numbers[first_row["_i"]]
                place_zh = f"第 {first} {'行' if problems.rows.where == 'row' else '条'}"
                place_en = f"{problems.rows.where} {first}"
                derived = fields == ("ref",) and row.get("_ref_derived")
                column = spec.derive_ref[-1] if derived else fields[-1]
                both_refs = (
                    fields != tuple(spec.key) and not row.get("_ref_derived") and not first_row.get("_ref_derived")
                )
                target = warnings if both_refs and warnings is not None else problems
                if target is problems:
                    flagged.add(i)
                same_zh = "、".join(vocab.field_word(spec.name, f, "zh") for f in fields)
                same_en = ", ".join(fields)
                target.add(
                    i,
                    column,
                    _as_typed(problems.rows, i, column, row.get(column)),
                    f"与{place_zh}重复"
                    + ("（名称和村代码相同）" if derived else f"（{same_zh}相同）" if len(fields) > 1 else ""),
                    f"duplicates {place_en}"
                    + (" (same name and village code)" if derived else f" (same {same_en})" if len(fields) > 1 else ""),
                )
            elif norm not in seen:
                seen[norm] = row


def _as_typed(rows: Rows, i: int, column: str, value: object) -> object:
    """The cell as the clerk typed it (下行, 2026年3月), not the code it was read as."""
    typed = rows.as_typed
    if typed is None or column not in typed.columns or i >= len(typed):
        return value
    raw = typed.iloc[i][column]
    return value if raw is None or (isinstance(raw, float) and pd.isna(raw)) else raw
