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
from geo.io import roads, shipments
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

LOAD_ORDER = (
    "county",
    "township",
    "village",
    "site",
    "specialty_village",
    "inspection",
    "training_session",
    "indicator_entry",
    "shipment",
    "fund_item",
    "fund_payment",
    "asset",
    "inspection_asset",
)
# A station farther than this from its village's recorded position is a warning (Settings.import_village_distance_m).
VILLAGE_DISTANCE_M = 5000.0
CLOCK_SKEW_MINUTES = 10.0  # the settings' default

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
    road_speeds: roads.RoadSpeeds | None = None  # speed per road class for roads whose file gives none (settings)
    # Inspection visit times more than this far ahead of now are refused per row (settings'
    # clock_skew_minutes, as POST /inspections); None: not checked.
    clock_skew_minutes: float | None = CLOCK_SKEW_MINUTES


def spec_for(table: str) -> TableSpec:
    try:
        return SPECS[table]
    except KeyError:
        raise NotFound(
            f"没有名为“{table}”的数据表。可导入：{', '.join(SPECS)}\n"
            f"No table named '{table}'. Importable tables: {', '.join(SPECS)}",
            detail={"valid": list(SPECS)},
        ) from None


def load_file(
    url: str,
    path: str | Path,
    table: str,
    crs: str | None = None,
    actor: str = "cli",
    road_speeds: roads.RoadSpeeds | None = None,
) -> ImportReport:
    """Read, convert to WGS 84, validate and load one file into ``table`` (refused: InvalidInput).

    ``road`` is replaced as a whole: roads not in the file are removed (one network at a time);
    ``road_speeds`` gives the speed of each road class the file names (settings)."""
    return import_file(url, path, table, ImportOptions(crs=crs, actor=actor, road_speeds=road_speeds))


def import_file(
    url: str, path: str | Path, table: str, options: ImportOptions = ImportOptions(), label: str | None = None
) -> ImportReport:
    """The whole import of one file, in a transaction of its own (the command line, scripts).
    Refused (errors, or warnings when strict) -> InvalidInput carrying the full report, nothing
    written; a dry run returns the report and writes nothing."""
    with get_engine(url).begin() as conn:
        return import_into(conn, path, table, options, label)


def import_into(
    conn: Connection, path: str | Path, table: str, options: ImportOptions = ImportOptions(), label: str | None = None
) -> ImportReport:
    """``import_file`` inside the caller's transaction (the API's write connection): the caller
    commits, and rolls back on the InvalidInput a refused file raises."""
    spec = spec_for(table)
    path = Path(path)
    data, report = _read(spec, path, options)
    report.file = label or path.name
    pending, keep = _judge(conn, spec, data, options, report)
    if report.ok and not options.dry_run:
        _write(conn, spec, pending, keep, report, options)
    if not report.ok and not options.dry_run:
        raise InvalidInput(
            report.message(), detail={"report": report.as_dict(), "problems": [p.text() for p in report.refusing]}
        )
    return report


def _read(spec: TableSpec, path: Path, options: ImportOptions) -> tuple[Rows, ImportReport]:
    if not path.exists():
        raise InvalidInput(f"找不到文件：{path}\nFile not found: {path}")
    report = ImportReport(spec.name, crs=options.crs, dry_run=options.dry_run, strict=options.strict)
    if path.suffix.lower() in TABLE_SUFFIXES:
        sheet = read_sheet(path)
        mapping = map_columns(spec, sheet.headers, options.ignore_columns)
        keep = [n for n, h in enumerate(sheet.headers) if h in mapping.fields]
        frame = pd.DataFrame(
            [[cells[n] for n in keep] for _, cells in sheet.rows],
            columns=[mapping.fields[sheet.headers[n]] for n in keep],
            dtype=object,
        )
        data = Rows(
            frame,
            [None] * len(frame),
            [number for number, _ in sheet.rows],
            "row",
            {f: h for h, f in mapping.fields.items()},
        )
        report.explanation_row_skipped, report.blank_rows = sheet.explanation_row, sheet.blank_rows
    else:
        pbf = spec.name == "road" and path.name.lower().endswith(".osm.pbf")
        gdf = (roads.read_osm_pbf(path) if pbf else read_frame(path)).reset_index(drop=True)
        if spec.name == "road" and len(gdf):
            gdf = roads.with_refs(gdf)  # node ids and stable refs; merges zero-length edges
        geometry = getattr(gdf, "_geometry_column_name", None)
        headers = [c for c in gdf.columns if c != geometry]
        mapping = map_columns(spec, headers, options.ignore_columns, vector=True)
        frame = pd.DataFrame(gdf[list(mapping.fields)].rename(columns=mapping.fields))
        numbers = [int(n) + 1 for n in gdf.index]
        frame = frame.reset_index(drop=True)
        gdf = gdf.reset_index(drop=True)
        data = Rows(frame, [None] * len(frame), numbers, "record", {f: h for h, f in mapping.fields.items()})
    report.columns, report.ignored_columns = dict(mapping.fields), list(mapping.ignored)
    _apply_defaults(spec, data, options.defaults, report)
    if spec.name == "shipment":  # duplicates are named by the cells as typed, before words become codes
        data.as_typed = data.frame.copy()
    data.frame = _prepare(spec, data.frame, options.road_speeds)
    if spec.geometry is not None:
        if data.where == "row":
            if spec.coordinates and {"lon", "lat"} & set(data.frame.columns):
                place_points(data, options.crs)
        elif len(gdf) and getattr(gdf, "_geometry_column_name", None) in gdf.columns:
            vector_positions(data, gdf, options.crs)
    report.read = len(data.frame)
    return data, report


def _prepare(spec: TableSpec, frame: pd.DataFrame, road_speeds: roads.RoadSpeeds | None) -> pd.DataFrame:
    """What particular tables need before the checks: road speeds from the class, shipment months."""
    if spec.name == "road":
        frame = roads.with_speeds(frame, road_speeds)
    if spec.name == "shipment":
        frame = shipments.prepare(frame)
    return frame


def _apply_defaults(spec: TableSpec, data: Rows, defaults: Mapping[str, str], report: ImportReport) -> None:
    """Per-file defaults (``--kind``, ``--status``) fill the cells a sheet leaves empty or lacks."""
    for column, value in defaults.items():
        if value is None or str(value).strip() == "":
            continue
        if column not in spec.columns:
            raise InvalidInput(
                f"{spec.title_zh}表没有字段“{column}”，不能为它设默认值 / {spec.name} has no field '{column}' to default"
            )
        enum = spec.enums.get(column)
        if enum and vocab.VOCABULARIES[enum].parse(value) is None:
            voc = vocab.VOCABULARIES[enum]
            raise InvalidInput(
                f"默认{vocab.field_word(spec.name, column, 'zh')}“{value}”不是可选的值；可选：{'、'.join(voc.word(c, 'zh') for c in voc.codes)}\n"
                f"default {column} '{value}' is not one of: {', '.join(voc.codes)}"
            )
        if column in data.frame.columns:
            data.frame[column] = data.frame[column].map(
                lambda v: (
                    value  # noqa: B023 - map() runs at once, in this iteration
                    if v is None or (isinstance(v, str) and not v.strip()) or (not isinstance(v, str) and pd.isna(v))
                    else v
                )
            )
        else:
            data.frame[column] = value
        report.defaults[column] = str(value)


def _judge(
    conn: Connection, spec: TableSpec, data: Rows, options: ImportOptions, report: ImportReport
) -> tuple[list[dict], list[str]]:
    """Every check on every row, then what each good row would do; fills ``report`` and returns the
    rows a write would touch and (roads) the refs the network keeps. Reads only."""
    ctx = read_context(conn)
    ctx.visit_skew_minutes = options.clock_skew_minutes
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
    good = (
        [r for r in rows if data.numbers[r["_i"]] not in bad] if not any(p.row is None for p in report.refusing) else []
    )
    fates = classify(conn, spec, good)
    report.inserted, report.updated, report.unchanged = (fates.count(f) for f in ("insert", "update", "unchanged"))
    keep = [r["ref"] for r in good] if spec.name == "road" else []
    if spec.name == "road" and report.ok:
        report.removed = roads.count_others(conn, keep)
    return [r for r, f in zip(good, fates) if f != "unchanged"], keep


def _write(
    conn: Connection,
    spec: TableSpec,
    pending: list[dict],
    keep: list[str],
    report: ImportReport,
    options: ImportOptions,
) -> None:
    progress = options.progress
    inserted, updated, removed = _store(
        conn,
        spec,
        pending,
        (lambda d, t: progress("write", d, t)) if progress else None,
        keep if spec.name == "road" else None,
    )
    report.inserted, report.updated, report.removed = inserted, updated, removed
    report.unchanged = report.read - inserted - updated
    report.written = bool(pending) or bool(removed)
    audit.record(
        conn,
        options.actor,
        "import",
        spec.name,
        report.file or None,
        after={k: v for k, v in report.as_dict().items() if k not in ("errors", "warnings")},
    )


def _store(
    conn: Connection,
    spec: TableSpec,
    pending: list[dict],
    progress: Callable[[int, int], None] | None = None,
    keep_roads: list[str] | None = None,
) -> tuple[int, int, int]:
    """(inserted, updated, removed) after upserting ``pending``. ``keep_roads``: the road file replaces the
    network, roads not in it are removed (and the topology rebuilt); a new site's ``parent_site`` must
    exist. A rule the database enforces -> InvalidInput."""
    removed = 0
    try:
        inserted, updated = upsert(conn, spec, pending, progress)
        if keep_roads is not None and roads.count_others(conn, keep_roads):
            removed = roads.remove_others(conn, keep_roads)  # only when there are any: a no-op bumps nothing
        if spec.name == "road" and (pending or removed):
            roads.build_topology(conn)
        if spec.name == "site" and pending:
            _check_parents(conn)
    except IntegrityError as exc:
        raise InvalidInput(
            f"导入 {spec.name} 违反数据规则，数据库未做任何修改：{getattr(getattr(exc.orig, 'diag', None), 'constraint_name', None) or exc.orig}\n"
            f"Import of {spec.name} breaks a data rule; nothing was changed: {exc.orig}"
        ) from exc
    except DBAPIError as exc:
        raise InvalidInput(
            f"导入 {spec.name} 失败，数据库未做任何修改。/ Import of {spec.name} failed; nothing was changed: {exc.orig}"
        ) from exc
    return inserted, updated, removed


def _check_parents(conn: Connection) -> None:
    """Every ``parent_site`` names a site that exists and is not the site itself (the row checks
    see the file; this sees the table as written)."""
    bad = conn.execute(
        text(
            "SELECT ref, parent_site FROM site s WHERE parent_site IS NOT NULL AND (parent_site = ref OR NOT EXISTS "
            "(SELECT 1 FROM site p WHERE p.ref = s.parent_site)) ORDER BY ref LIMIT 10"
        )
    ).all()
    if bad:
        listed = "; ".join(f"{ref} → {parent}" for ref, parent in bad)
        raise InvalidInput(
            f"导入 site 失败，数据库未做任何修改：上级站点（parent_site）不存在或是自身：{listed}\n"
            f"Import of site failed; nothing was changed: parent_site does not exist or is the site itself: {listed}",
            detail={"table": "site", "problems": [f"{r} → {p}" for r, p in bad]},
        )


def load_frame(
    conn: Connection,
    table: str,
    gdf: gpd.GeoDataFrame,
    actor: str = "cli",
    label: str = "",
    road_speeds: roads.RoadSpeeds | None = None,
) -> LoadReport:
    """Validate ``gdf`` (already WGS 84, columns named as fields) and upsert it in the caller's transaction."""
    spec = spec_for(table)
    if table == "road":
        gdf = roads.with_speeds(roads.with_refs(gdf), road_speeds)
    if table == "shipment":
        gdf = shipments.prepare(gdf)
    rows = validate(spec, gdf, read_context(conn))
    fates = classify(conn, spec, rows)
    pending = [r for r, f in zip(rows, fates) if f != "unchanged"]
    keep = [r["ref"] for r in rows] if table == "road" else None
    inserted, updated, removed = _store(conn, spec, pending, keep_roads=keep)
    if table == "county":  # the metric CRS follows the county (and its site indexes with it)
        from geo.store.metric import set_county_metric

        set_county_metric(conn)
    report = LoadReport(spec.name, len(rows), inserted, updated)
    after = report.as_dict() | ({"removed": removed} if table == "road" else {})
    audit.record(conn, actor, "import", table, label or None, after=after)
    return report


def read_context(conn: Connection) -> Context:
    county = conn.execute(text("SELECT ST_AsBinary(ST_Union(geom)) FROM county")).scalar()
    townships = conn.execute(
        text("SELECT code, name, ST_AsBinary(geom), geom_source = 'approximate' FROM township")
    ).all()
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
        fund_item_codes=set(conn.execute(text("SELECT code FROM fund_item")).scalars()),
        asset_sites=dict(
            conn.execute(text("SELECT a.ref, s.ref FROM asset a LEFT JOIN site s ON s.id = a.site_id")).all()
        ),
        inspection_sites=dict(
            conn.execute(
                text("SELECT i.ref, s.ref FROM inspection i JOIN site s ON s.id = i.site_id WHERE i.ref IS NOT NULL")
            ).all()
        ),
    )
