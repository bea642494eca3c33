"""The ``fieldmap`` command line: serve, db, load, demo-data, export."""

from __future__ import annotations

import datetime as dt
import json
import logging
import os
import sys
from pathlib import Path
from typing import Annotated

import typer

from api.cli_settings import cli_settings
from geo.errors import FieldmapError

app = typer.Typer(help="fieldmap：农村电商站点监测 / rural e-commerce field monitoring", no_args_is_help=True)
db_app = typer.Typer(help="本地 PostGIS 数据库 / the local PostGIS cluster", no_args_is_help=True)
app.add_typer(db_app, name="db")


def _fail(exc: FieldmapError) -> None:
    typer.secho(exc.message, fg=typer.colors.RED, err=True)
    raise typer.Exit(code=2)


@app.command()
def serve(
    host: Annotated[str | None, typer.Option(help="listen address")] = None,
    port: Annotated[int | None, typer.Option(help="listen port")] = None,
    county: Annotated[str | None, typer.Option(help="six-digit county code to set up on an empty data folder")] = None,
    workers: Annotated[int, typer.Option(min=1, help="worker processes (about one per core)")] = 1,
) -> None:
    """启动服务 / Run the web service (starts a local PostGIS when DATABASE_URL is unset)."""
    import uvicorn

    from api.app import create_app
    from api.http_protocol import PROTOCOL
    from api.runtime import database

    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(levelname)s %(message)s")
    settings = cli_settings()
    host, port = host or settings.host, port or settings.port
    try:
        with database(settings, county=county) as url:
            _announce_first_admin(url, host, port)
            typer.secho(
                f"fieldmap 已启动 / running: http://{host}:{port}/  (Ctrl+C 停止 / to stop)", fg=typer.colors.GREEN
            )
            if workers == 1:
                uvicorn.run(create_app(url, settings), host=host, port=port, log_level="info", http=PROTOCOL)
            else:  # each worker builds its own app (own pool, own version watch) from the URL
                os.environ["FIELDMAP_DATABASE_URL"] = url
                uvicorn.run(
                    "api.asgi:app_factory",
                    factory=True,
                    workers=workers,
                    host=host,
                    port=port,
                    log_level="info",
                    http=PROTOCOL,
                )
    except FieldmapError as exc:
        _fail(exc)


@app.command()
def init(
    county: Annotated[str, typer.Option(help="six-digit county-level code, e.g. 530102")] = "533103",
    demo: Annotated[
        bool, typer.Option(help="generate labelled demo positions and sites (any county; Mangshi always has its demo)")
    ] = False,
) -> None:
    """为一个县建库 / Set up a fresh database for a county from its code: outline, townships, villages, no sites."""
    from api.runtime import DEFAULT_COUNTY, database

    try:
        with database(cli_settings(), county=county, load_default_data=county == DEFAULT_COUNTY, demo=demo) as url:
            from geo.io.county_setup import county_summary
            from geo.store.database import get_engine

            with get_engine(url).connect() as conn:
                summary = county_summary(conn, county)
    except FieldmapError as exc:
        _fail(exc)
    typer.echo(
        f"{county} {summary.name}: 乡级 {summary.townships} / townships, 村级 {summary.villages} / villages, "
        f"站点 {summary.sites} / sites"
    )


@db_app.command("start")
def db_start() -> None:
    """启动本地数据库并迁移、加载默认数据 / Start the local cluster, migrate, load the default data."""
    from api.runtime import database

    try:
        with database(cli_settings(), stop_on_exit=False) as url:
            typer.echo(url)
    except FieldmapError as exc:
        _fail(exc)


@db_app.command("stop")
def db_stop() -> None:
    """停止本地数据库 / Stop the local cluster."""
    from api.runtime import local_cluster

    try:
        local_cluster(cli_settings()).stop()
    except FieldmapError as exc:
        _fail(exc)
    typer.echo("stopped")


@db_app.command("status")
def db_status() -> None:
    """本地数据库状态 / Status of the local cluster."""
    from api.runtime import local_cluster

    settings = cli_settings()
    if settings.database_url:
        typer.echo(json.dumps({"database_url": "set (external server)"}))
        return
    try:
        typer.echo(json.dumps(local_cluster(settings).status(), ensure_ascii=False))
    except FieldmapError as exc:
        _fail(exc)


@app.command("demo-data")
def demo_data(
    out: Annotated[Path, typer.Option("-o", "--out", help="folder for the generated files")] = Path("demo-data"),
    seed: Annotated[int | None, typer.Option(help="random seed")] = None,
    as_of: Annotated[str | None, typer.Option(help="reference date YYYY-MM-DD (default today)")] = None,
) -> None:
    """生成演示数据文件（带种子、可复现）/ Write the seeded demo dataset as GeoJSON/CSV files."""
    from geo.io.boundaries import read_default_boundaries
    from geo.io.demo import generate, write_dataset
    from geo.io.demo_funds import generate_funds, write_funds
    from geo.io.demo_programme import write_programme

    settings = cli_settings()
    day = dt.date.fromisoformat(as_of) if as_of else None
    ds = generate(
        read_default_boundaries(settings.boundaries_dir),
        seed=seed if seed is not None else settings.demo_seed,
        as_of=day,
    )
    seed = seed if seed is not None else settings.demo_seed
    specialty = sorted(set(ds.specialty_villages["village_code"]))
    funds = write_funds(generate_funds(ds.sites, specialty, ds.inspections, seed=seed), out)
    for path in [*write_dataset(ds, out), *write_programme(specialty, out, seed), *funds]:
        typer.echo(str(path))


@app.command()
def export(
    name: Annotated[
        str,
        typer.Argument(
            help="map name (e.g. overview, coverage), 'briefing' for the PPTX deck, or 'layer' followed by a layer name"
        ),
    ],
    out: Annotated[Path, typer.Option("-o", "--out", help="output file")],
    layer_name: Annotated[
        str | None,
        typer.Argument(help="with 'layer': the layer (format from the suffix: .geojson .gpkg .shp.zip .csv .xlsx)"),
    ] = None,
    fmt: Annotated[str | None, typer.Option("--format", help="png, svg or pdf (default: from the file suffix)")] = None,
    width: Annotated[int, typer.Option(help="width in pixels")] = 1920,
    height: Annotated[int, typer.Option(help="height in pixels")] = 1080,
    lang: Annotated[str, typer.Option(help="zh or en")] = "zh",
    paper: Annotated[str | None, typer.Option(help="PDF paper, landscape: A4 or A3")] = None,
) -> None:
    """导出地图图片或简报 / Export a map as PNG/SVG/PDF, or the briefing deck as PPTX."""
    import layers  # noqa: F401  (registers the layers)
    from api.runtime import database
    from geo.store.database import get_engine
    from maps.briefing import build_briefing
    from maps.export import ExportOptions, render_map

    try:
        settings = cli_settings()
        with database(settings) as url, get_engine(url).connect() as conn:
            if name == "layer":
                content = _layer_file(conn, layer_name, out, fmt, lang, settings)
            elif name == "briefing":
                # whoever runs the command line holds the database: draw everything, as for an admin
                content = build_briefing(conn, settings, lang=lang, role="admin")
            else:
                chosen = (fmt or out.suffix.lstrip(".") or "png").lower()
                options = ExportOptions(
                    fmt=chosen, width=width, height=height, lang=lang, paper=paper, role="admin", settings=settings
                )
                content = render_map(conn, name, options).content
    except FieldmapError as exc:
        _fail(exc)
    out.write_bytes(content)
    typer.echo(f"{out} ({len(content):,} bytes)")


def _layer_file(conn, layer_name: str | None, out: Path, fmt: str | None, lang: str, settings) -> bytes:  # noqa: ANN001
    from geo.errors import InvalidInput
    from geo.io.layer_files import FORMATS
    from layers import registry
    from layers.download import layer_file

    if not layer_name:
        raise InvalidInput(
            "请给出图层名，如 fieldmap export layer villages -o villages.gpkg / "
            "Name the layer, e.g. fieldmap export layer villages -o villages.gpkg"
        )
    chosen = fmt or next((f for f in FORMATS if out.name.endswith("." + f)), out.suffix.lstrip("."))
    layer = registry.get(layer_name).for_settings(settings)
    # whoever runs the command line holds the database: every column, as for an admin
    return layer_file(conn, layer, "admin", chosen, lang)


def _announce_first_admin(url: str, host: str, port: int) -> None:
    from geo.accounts.users import ensure_first_admin
    from geo.store.database import get_engine

    with get_engine(url).begin() as conn:
        password = ensure_first_admin(conn)
    if password:
        typer.secho(
            f"已创建管理员账号（密码只显示这一次）/ Created the admin account (the password is shown only once):\n"
            f"  用户名 / username: admin\n  密码 / password: {password}\n"
            f"  登录 / log in: http://{host}:{port}/login   改密码 / change it: fieldmap user passwd admin",
            fg=typer.colors.YELLOW,
        )


# Accounts, backups and imports live in their own modules; registered here.
from api.cli_admin import db_backup, db_restore, user_app  # noqa: E402
from api.cli_import import load, template  # noqa: E402

app.command()(load)
app.command()(template)

app.add_typer(user_app, name="user")
db_app.command("backup")(db_backup)
db_app.command("restore")(db_restore)

from api.cli_bench import bench  # noqa: E402

app.command("bench")(bench)


def main() -> None:  # pragma: no cover
    app(sys.argv[1:])


if __name__ == "__main__":  # pragma: no cover
    main()
