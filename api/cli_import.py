"""``fieldmap load FILE`` and ``fieldmap template TABLE``: imports from the command line, with a
row-level report, a dry run and a progress bar (rich)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

if TYPE_CHECKING:
    from rich.progress import Progress, TaskID

from api.cli_settings import cli_settings
from geo.errors import FieldmapError, InvalidInput

TABLES_HELP = (
    "county, township, village, site, specialty_village, inspection, road, training_session, "
    "indicator_entry, shipment, fund_item, fund_payment, asset, inspection_asset"
)


def _fail(exc: FieldmapError) -> None:
    typer.secho(exc.message, fg=typer.colors.RED, err=True)
    raise typer.Exit(code=2)


def print_report(report: dict, err: bool = False) -> None:
    """The report as a clerk reads it: counts, columns, then every problem, one per line."""
    verb = "试导入 / dry run" if report["dry_run"] else "导入 / import"
    typer.echo(f"{verb} {report['table']} ← {report['file']}", err=err)
    typer.echo(
        f"  读取 read {report['read']} · 新增 inserted {report['inserted']} · 更新 updated {report['updated']} · "
        f"不变 unchanged {report['unchanged']} · 拒绝 refused {report['refused']}"
        + ("" if report["written"] or report["dry_run"] else "  (未写入 / nothing written)"),
        err=err,
    )
    if report["ignored_columns"]:
        typer.echo(f"  已忽略的列 / ignored columns: {', '.join(report['ignored_columns'])}", err=err)
    if report["defaults"]:
        typer.echo("  默认值 / defaults: " + ", ".join(f"{k}={v}" for k, v in report["defaults"].items()), err=err)
    if report["explanation_row_skipped"]:
        typer.echo("  第 2 行为模板说明行，已跳过 / row 2 is the template's explanation row, skipped", err=err)
    for kind, colour in (("errors", typer.colors.RED), ("warnings", typer.colors.YELLOW)):
        for p in report[kind]:
            place = (
                "整个文件 / whole file"
                if p["row"] is None
                else (
                    f"第 {p['row']} 行 / row {p['row']}"
                    if p["where"] == "row"
                    else f"第 {p['row']} 条 / record {p['row']}"
                )
            )
            col = f" · {p['column']}" if p["column"] else ""
            val = f" · “{p['value']}”" if p["value"] is not None else ""
            mark = "错误 error" if kind == "errors" else "警告 warning"
            typer.secho(f"  [{mark}] {place}{col}{val}: {p['reason_zh']} / {p['reason_en']}", fg=colour, err=err)
    for hint in report["hints"]:
        typer.echo(f"  提示 / hint: {hint['zh']} / {hint['en']}", err=err)


def load(
    path: Annotated[Path | None, typer.Argument(help="GeoJSON/GeoPackage/Shapefile/CSV/XLSX file")] = None,
    table: Annotated[str | None, typer.Option(help=TABLES_HELP)] = None,
    crs: Annotated[
        str | None,
        typer.Option(
            help="coordinate system of the file: wgs84, cgcs2000, gcj02 (Amap/Tencent), bd09 (Baidu) or EPSG code"
        ),
    ] = None,
    default: Annotated[bool, typer.Option("--default", help="load the default dataset (Mangshi + demo data)")] = False,
    dry_run: Annotated[bool, typer.Option("--dry-run", help="check and report only; write nothing")] = False,
    strict: Annotated[
        bool, typer.Option("--strict", help="warnings (position far from its village …) refuse the file too")
    ] = False,
    ignore_columns: Annotated[
        str | None, typer.Option("--ignore-columns", help="comma-separated headers to ignore explicitly")
    ] = None,
    kind: Annotated[
        str | None, typer.Option(help="kind for rows that give none (e.g. village_station or 村级电商服务站)")
    ] = None,
    status: Annotated[
        str | None, typer.Option(help="status for rows that give none (e.g. operating or 运营中)")
    ] = None,
    set_: Annotated[
        list[str] | None, typer.Option("--set", help="FIELD=VALUE default for rows that leave FIELD empty (repeatable)")
    ] = None,
    progress: Annotated[bool, typer.Option(help="show a progress bar")] = True,
) -> None:
    """导入数据（幂等、事务、逐行报告）/ Load a file (idempotent, all-or-nothing, with a row-level report)."""
    from api.runtime import database
    from geo.io.default import load_default
    from geo.io.load import ImportOptions, import_file
    from geo.io.roads import RoadSpeeds

    settings = cli_settings()
    if not default and (path is None or table is None):
        typer.secho("请给出文件和 --table，或使用 --default / give a file and --table, or --default", err=True)
        raise typer.Exit(code=2)
    defaults = {k: v for k, v in (("kind", kind), ("status", status)) if v}
    for item in set_ or []:
        if "=" not in item:
            typer.secho(f"--set 应为 FIELD=VALUE：{item} / --set takes FIELD=VALUE: {item}", err=True)
            raise typer.Exit(code=2)
        k, v = item.split("=", 1)
        defaults[k.strip()] = v.strip()
    try:
        with database(settings, load_default_data=False, stop_on_exit=False) as url:
            if default:
                for r in load_default(url, settings.boundaries_dir, seed=settings.demo_seed, actor="cli"):
                    typer.echo(
                        f"{r.table}: read {r.read}, inserted {r.inserted}, updated {r.updated}, unchanged {r.unchanged}"
                    )
                return
            with _bar(progress) as bar:
                options = ImportOptions(
                    crs=crs,
                    defaults=defaults,
                    dry_run=dry_run,
                    strict=strict,
                    ignore_columns=tuple(c.strip() for c in (ignore_columns or "").split(",") if c.strip()),
                    village_distance_m=settings.import_village_distance_m,
                    clock_skew_minutes=settings.clock_skew_minutes,
                    actor="cli",
                    progress=bar,
                    road_speeds=RoadSpeeds.from_settings(settings),
                )
                assert path is not None and table is not None  # checked above (not --default)
                report = import_file(url, path, table, options)
    except InvalidInput as exc:
        if "report" in exc.detail:
            print_report(exc.detail["report"], err=True)
            raise typer.Exit(code=2) from None
        _fail(exc)
    except FieldmapError as exc:
        _fail(exc)
    print_report(report.as_dict())
    if not report.ok:  # a dry run that found problems
        raise typer.Exit(code=2)


class _bar:
    """A rich progress bar fed by the importer's (stage, done, total) calls; silent when off."""

    def __init__(self, on: bool) -> None:
        self.on = on
        self._progress: Progress | None = None
        self._tasks: dict[str, TaskID] = {}

    def __enter__(self) -> _bar:
        if self.on:
            from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

            self._progress = Progress(
                TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(), transient=True
            )
            self._progress.start()
        return self

    def __call__(self, stage: str, done: int, total: int) -> None:
        if self._progress is None or total < 1000:  # short files need no bar
            return
        if stage not in self._tasks:
            label = {"check": "检查 / checking", "write": "写入 / writing"}.get(stage, stage)
            self._tasks[stage] = self._progress.add_task(label, total=total)
        self._progress.update(self._tasks[stage], completed=done)

    def __exit__(self, *exc: object) -> None:
        if self._progress is not None:
            self._progress.stop()


def template(
    table: Annotated[str, typer.Argument(help=TABLES_HELP)],
    out: Annotated[Path, typer.Option("-o", "--out", help="the .xlsx file to write")],
) -> None:
    """导入模板（中文表头、说明行、下拉选项、坐标系说明）/ Write the import template of a table as XLSX."""
    from geo.io.template import build_template

    try:
        content = build_template(table)
    except FieldmapError as exc:
        _fail(exc)
    out.write_bytes(content)
    typer.echo(f"{out} ({len(content):,} bytes)")
