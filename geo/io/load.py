"""Load files into PostGIS: validated first, then upserted in one transaction.

Idempotent: rows are matched on their key (codes, site ``ref``) and only rows whose
values differ are written, so loading the same file twice changes nothing (and does not
bump the data version). Transactional: a bad row anywhere means nothing at all is written.
A dry run does everything but write.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import asdict, dataclass, field
from pathlib import Path

import geopandas as gpd
import pandas as pd
import shapely
from sqlalchemy import Connection, text
from sqlalchemy.exc import DBAPIError, IntegrityError

from geo import vocab
from geo.errors import InvalidInput, NotFound
from geo.io import roads
from geo.io.columns import map_columns
from geo.io.consistency import check_consistency
from geo.io.hints import file_hints
from geo.io.positions import place_points, vector_positions
from geo.io.read import TABLE_SUFFIXES, read_frame
from geo.io.report import ImportReport
from geo.io.sheet import read_sheet
from geo.io.tables import SPECS, TableSpec
from geo.io.upsert import classify, upsert
from geo.io.validate import Context, Problems, Rows, check, validate
from geo.store import audit
from geo.store.database import get_engine

LOAD_ORDER = ("county", "township", "village", "site", "specialty_village", "inspection", "training_session",
              "indicator_entry")
# A station farther than this from its village's recorded position is a warning (Settings.import_village_distance_m).
VILLAGE_DISTANCE_M = 5000.0

Progress = Callable[[str, int, int], None]  # (stage, done, total)


@dataclass(frozen=True)
class LoadReport:
    table: str
    read: int
    inserted: int
    updated: int

    @property
    def unchanged(self) -> int:
        return self.read - self.inserted - self.updated

    def as_dict(self) -> dict:
        return {**asdict(self), "unchanged": self.unchanged}


@dataclass(frozen=True)
class ImportOptions:
    crs: str | None = None
    defaults: Mapping[str, str] = field(default_factory=dict)  # field -> value as a clerk would type it
    ignore_columns: tuple[str, ...] = ()
    dry_run: bool = False
    strict: bool = False
    village_distance_m: float = VILLAGE_DISTANCE_M
    actor: str = "cli"
    progress: Progress | None = None


def spec_for(table: str) -> TableSpec:
    try:
        return SPECS[table]
    except KeyError:
        raise NotFound(
            f"没有名为“{table}”的数据表。可导入：{', '.join(SPECS)}\n"
            f"No table named '{table}'. Importable tables: {', '.join(SPECS)}",
            detail={"valid": list(SPECS)},
        ) from None


def load_file(url: str, path: str | Path, table: str, crs: str | None = None, actor: str = "cli") -> ImportReport:
    """Read, convert to WGS 84, validate and load one file into ``table`` (refused: InvalidInput)."""
    return import_file(url, path, table, ImportOptions(crs=crs, actor=actor))


def import_file(url: str, path: str | Path, table: str, options: ImportOptions = ImportOptions(),
                label: str | None = None) -> ImportReport:
    """The whole import of one file. Refused (errors, or warnings when strict) -> InvalidInput
    carrying the full report, nothing written; a dry run returns the report and writes nothing."""
    spec = spec_for(table)
    path = Path(path)
    data, report = _read(spec, path, options)
    report.file = label or path.name
    with get_engine(url).connect() as conn:
        with conn.begin():
            pending = _judge(conn, spec, data, options, report)
            if report.ok and not options.dry_run:
                _write(conn, spec, pending, report, options)
    if not report.ok and not options.dry_run:
        raise InvalidInput(report.message(), detail={"report": report.as_dict(), "problems": [p.text() for p in report.refusing]})
    return report


def _read(spec: TableSpec, path: Path, options: ImportOptions) -> tuple[Rows, ImportReport]:
    if not path.exists():
        raise InvalidInput(f"找不到文件：{path}\nFile not found: {path}")
    report = ImportReport(spec.name, crs=options.crs, dry_run=options.dry_run, strict=options.strict)
    if path.suffix.lower() in TABLE_SUFFIXES:
        sheet = read_sheet(path)
        mapping = map_columns(spec, sheet.headers, options.ignore_columns)
        keep = [n for n, h in enumerate(sheet.headers) if h in mapping.fields]
        frame = pd.DataFrame([[cells[n] for n in keep] for _, cells in sheet.rows],
                             columns=[mapping.fields[sheet.headers[n]] for n in keep], dtype=object)
        data = Rows(frame, [None] * len(frame), [number for number, _ in sheet.rows], "row",
                    {f: h for h, f in mapping.fields.items()})
        report.explanation_row_skipped, report.blank_rows = sheet.explanation_row, sheet.blank_rows
    else:
        gdf = read_frame(path).reset_index(drop=True)
        if spec.name == "road":
            gdf = roads.with_refs(gdf)  # node ids and stable refs; merges zero-length edges
        headers = [c for c in gdf.columns if c != gdf.geometry.name]
        mapping = map_columns(spec, headers, options.ignore_columns, vector=True)
        frame = pd.DataFrame(gdf[list(mapping.fields)].rename(columns=mapping.fields))
        numbers = [int(n) + 1 for n in gdf.index]
        frame = frame.reset_index(drop=True)
        gdf = gdf.reset_index(drop=True)
        data = Rows(frame, [None] * len(frame), numbers, "record", {f: h for h, f in mapping.fields.items()})
    report.columns, report.ignored_columns = dict(mapping.fields), list(mapping.ignored)
    _apply_defaults(spec, data, options.defaults, report)
    if spec.geometry is not None:
        if data.where == "row":
            if spec.coordinates and {"lon", "lat"} & set(data.frame.columns):
                place_points(data, options.crs)
        else:
            vector_positions(data, gdf, options.crs)
    report.read = len(data.frame)
    return data, report


def _apply_defaults(spec: TableSpec, data: Rows, defaults: Mapping[str, str], report: ImportReport) -> None:
    """Per-file defaults (``--kind``, ``--status``) fill the cells a sheet leaves empty or lacks."""
    for column, value in defaults.items():
        if value is None or str(value).strip() == "":
            continue
        if column not in spec.columns:
            raise InvalidInput(f"{spec.title_zh}表没有字段“{column}”，不能为它设默认值 / {spec.name} has no field '{column}' to default")
        enum = spec.enums.get(column)
        if enum and vocab.VOCABULARIES[enum].parse(value) is None:
            voc = vocab.VOCABULARIES[enum]
            raise InvalidInput(
                f"默认{vocab.field_word(spec.name, column, 'zh')}“{value}”不是可选的值；可选：{'、'.join(voc.word(c, 'zh') for c in voc.codes)}\n"
                f"default {column} '{value}' is not one of: {', '.join(voc.codes)}")
        if column in data.frame.columns:
            data.frame[column] = data.frame[column].map(lambda v: value if v is None or (isinstance(v, str) and not v.strip()) or (not isinstance(v, str) and pd.isna(v)) else v)
        else:
            data.frame[column] = value
        report.defaults[column] = str(value)


def _judge(conn: Connection, spec: TableSpec, data: Rows, options: ImportOptions, report: ImportReport) -> list[dict]:
    """Every check on every row, then what each good row would do; fills ``report`` and returns the
    rows a write would touch. Reads only."""
    ctx = read_context(conn)
    progress = options.progress
    rows, errors = check(spec, data, ctx, (lambda d, t: progress("check", d, t)) if progress else None)
    warnings = Problems(data, severity="warning")
    warnings.items.extend(data.late_warnings)
    if spec.coordinates:
        check_consistency(rows, ctx, warnings, options.village_distance_m)
    by_row = lambda p: (p.row is not None, p.row or 0)  # noqa: E731 - whole-file problems first, then by row
    report.errors, report.warnings = sorted(errors, key=by_row), sorted(warnings.items, key=by_row)
    report.hints = file_hints(spec, data, ctx, errors, options.crs)
    bad = {p.row for p in report.refusing if p.row is not None}
    good = [r for r in rows if data.numbers[r["_i"]] not in bad] if not any(p.row is None for p in report.refusing) else []
    fates = classify(conn, spec, good)
    report.inserted, report.updated, report.unchanged = (fates.count(f) for f in ("insert", "update", "unchanged"))
    return [r for r, f in zip(good, fates) if f != "unchanged"]


def _write(conn: Connection, spec: TableSpec, pending: list[dict], report: ImportReport, options: ImportOptions) -> None:
    progress = options.progress
    inserted, updated = _store(conn, spec, pending, (lambda d, t: progress("write", d, t)) if progress else None)
    report.inserted, report.updated = inserted, updated
    report.unchanged = report.read - inserted - updated
    report.written = bool(pending)
    audit.record(conn, options.actor, "import", spec.name, report.file or None,
                 after={k: v for k, v in report.as_dict().items() if k not in ("errors", "warnings")})


def _store(conn: Connection, spec: TableSpec, pending: list[dict],
           progress: Callable[[int, int], None] | None = None) -> tuple[int, int]:
    """Upsert ``pending`` (and rebuild the road topology); a rule the database enforces -> InvalidInput."""
    try:
        inserted, updated = upsert(conn, spec, pending, progress)
        if spec.name == "road" and pending:
            roads.build_topology(conn)
    except IntegrityError as exc:
        raise InvalidInput(
            f"导入 {spec.name} 违反数据规则，数据库未做任何修改：{exc.orig.diag.constraint_name or exc.orig}\n"
            f"Import of {spec.name} breaks a data rule; nothing was changed: {exc.orig}"
        ) from exc
    except DBAPIError as exc:
        raise InvalidInput(
            f"导入 {spec.name} 失败，数据库未做任何修改。/ Import of {spec.name} failed; nothing was changed: {exc.orig}"
        ) from exc
    return inserted, updated


def load_frame(conn: Connection, table: str, gdf: gpd.GeoDataFrame, actor: str = "cli", label: str = "") -> LoadReport:
    """Validate ``gdf`` (already WGS 84, columns named as fields) and upsert it in the caller's transaction."""
    spec = spec_for(table)
    if table == "road":
        gdf = roads.with_refs(gdf)
    rows = validate(spec, gdf, read_context(conn))
    fates = classify(conn, spec, rows)
    pending = [r for r, f in zip(rows, fates) if f != "unchanged"]
    inserted, updated = _store(conn, spec, pending)
    report = LoadReport(spec.name, len(rows), inserted, updated)
    audit.record(conn, actor, "import", table, label or None, after=report.as_dict())
    return report


def read_context(conn: Connection) -> Context:
    county = conn.execute(text("SELECT ST_AsBinary(ST_Union(geom)) FROM county")).scalar()
    townships = conn.execute(text(
        "SELECT code, name, ST_AsBinary(geom), geom_source = 'approximate' FROM township")).all()
    outlines = {}
    for code, _, wkb, approximate in townships:
        if wkb is not None:
            geom = shapely.from_wkb(bytes(wkb))
            shapely.prepare(geom)
            outlines[code] = (geom, bool(approximate))
    villages = conn.execute(text("SELECT code, ST_X(location), ST_Y(location) FROM village")).all()
    return Context(
        county=shapely.from_wkb(bytes(county)) if county is not None else None,
        county_codes=set(conn.execute(text("SELECT code FROM county")).scalars()),
        township_codes={code for code, *_ in townships},
        village_codes={code for code, _, _ in villages},
        site_refs=set(conn.execute(text("SELECT ref FROM site")).scalars()),
        township_names={vocab.normalise(name): code for code, name, _, _ in townships if name},
        village_points={code: (x, y) for code, x, y in villages if x is not None},
        township_outlines=outlines,
    )
