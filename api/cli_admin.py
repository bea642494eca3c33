"""``fieldmap user add|passwd|unlock|role`` and ``fieldmap db backup|restore``."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

if TYPE_CHECKING:
    from geo.store.cluster import LocalCluster

from api.cli_settings import cli_settings
from geo.errors import FieldmapError

user_app = typer.Typer(help="账号与角色 / accounts and roles", no_args_is_help=True)


def _fail(exc: FieldmapError) -> None:
    typer.secho(exc.message, fg=typer.colors.RED, err=True)
    raise typer.Exit(code=2)


def _url_only(settings) -> tuple[str, LocalCluster | None]:  # noqa: ANN001
    """The database URL without migrating or loading (backup/restore/user commands)."""
    from api.runtime import local_cluster, normalise_url

    if settings.database_url:
        return normalise_url(settings.database_url), None
    cluster = local_cluster(settings)
    started = not cluster.running()
    cluster.start()
    return cluster.url(), (cluster if started else None)


def db_backup(file: Annotated[Path, typer.Argument(help="backup file to write (pg_dump -Fc)")]) -> None:
    """备份数据库 / Back up the database (pg_dump custom format)."""
    from geo.store.backup import backup

    settings = cli_settings()
    try:
        url, started = _url_only(settings)
        try:
            typer.echo(str(backup(url, file)))
        finally:
            if started is not None:
                started.stop()
    except FieldmapError as exc:
        _fail(exc)


def db_restore(
    file: Annotated[Path, typer.Argument(help="backup file made by `fieldmap db backup`")],
    yes: Annotated[bool, typer.Option("--yes", help="do not ask for confirmation")] = False,
) -> None:
    """用备份替换数据库内容 / Replace the database's contents with a backup."""
    from geo.store.backup import restore

    if not yes:
        typer.confirm("这将替换数据库中的全部数据 / This replaces all data in the database. Continue?", abort=True)
    settings = cli_settings()
    try:
        url, started = _url_only(settings)
        try:
            restore(url, file)
        finally:
            if started is not None:
                started.stop()
    except FieldmapError as exc:
        _fail(exc)
    typer.echo("restored")


def _with_accounts(action) -> None:  # noqa: ANN001
    from geo.store import migrate
    from geo.store.database import get_engine

    settings = cli_settings()
    try:
        url, started = _url_only(settings)
        try:
            migrate.upgrade(url)
            with get_engine(url).begin() as conn:
                action(conn)
        finally:
            if started is not None:
                started.stop()
    except FieldmapError as exc:
        _fail(exc)


def _ask_password(random_password: bool, from_stdin: bool = False) -> str:
    import sys

    from geo.accounts.users import random_password as make

    if from_stdin:  # for scripts: the first line of standard input
        return sys.stdin.readline().rstrip("\r\n")
    if random_password:
        password = make()
        typer.echo(f"密码（只显示这一次）/ password (shown only once): {password}")
        return password
    return typer.prompt("密码 / password", hide_input=True, confirmation_prompt=True)


@user_app.command("add")
def user_add(
    username: str,
    role: Annotated[str, typer.Option(help="viewer, official, supervisor or admin")] = "viewer",
    random_password: Annotated[bool, typer.Option("--random-password", help="generate and print a password")] = False,
    password_stdin: Annotated[
        bool, typer.Option("--password-stdin", help="read the password from standard input")
    ] = False,
) -> None:
    """新建账号 / Create an account."""
    from geo.accounts.users import create_user

    password = _ask_password(random_password, password_stdin)
    _with_accounts(lambda conn: create_user(conn, username, password, role, actor="cli"))
    typer.echo(f"{username}: {role}")


@user_app.command("passwd")
def user_passwd(
    username: str,
    random_password: Annotated[bool, typer.Option("--random-password", help="generate and print a password")] = False,
    password_stdin: Annotated[
        bool, typer.Option("--password-stdin", help="read the password from standard input")
    ] = False,
) -> None:
    """改密码（并注销该用户的会话和令牌）/ Set a password (ends the user's sessions and tokens)."""
    from geo.accounts.users import set_password

    password = _ask_password(random_password, password_stdin)
    _with_accounts(lambda conn: set_password(conn, username, password, actor="cli"))
    typer.echo("ok")


@user_app.command("unlock")
def user_unlock(username: str) -> None:
    """解除登录锁定 / Lift the login lockout of an account."""
    from geo.accounts.users import unlock

    _with_accounts(lambda conn: unlock(conn, username, actor="cli"))
    typer.echo(f"{username}: unlocked")


@user_app.command("role")
def user_role(username: str, role: str) -> None:
    """改角色 / Change an account's role."""
    from geo.accounts.users import update_user

    _with_accounts(lambda conn: update_user(conn, username, actor="cli", role=role))
    typer.echo(f"{username}: {role}")
