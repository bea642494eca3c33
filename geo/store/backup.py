"""Backup and restore with pg_dump/pg_restore from the same PostgreSQL as the cluster.

Works for the local cluster and for any ``DATABASE_URL``: the URL is handed to libpq as is
(without SQLAlchemy's ``+psycopg2`` driver part).
"""

from __future__ import annotations

import subprocess
from pathlib import Path

from sqlalchemy.engine import make_url

from geo.errors import InvalidInput, SetupError
from geo.store.cluster import find_pg_bin, install_hint


def libpq_url(url: str) -> str:
    return make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)


def _tool(name: str) -> str:
    bin_dir = find_pg_bin()
    if bin_dir is None or not (bin_dir / name).exists():
        raise SetupError(f"未找到 {name}。请安装：{install_hint()} / {name} not found. Install: {install_hint()}")
    return str(bin_dir / name)


def _run(args: list[str], what: str) -> None:
    proc = subprocess.run(args, capture_output=True, text=True)
    if proc.returncode != 0:
        raise SetupError(f"{what}失败 / {what} failed:\n{proc.stderr.strip()[-2000:]}")


def backup(url: str, path: str | Path) -> Path:
    """Write the whole database in pg_dump's custom format (-Fc) to ``path``."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".partial")  # a killed backup never looks finished
    _run(
        [_tool("pg_dump"), "-Fc", "--no-owner", "--no-privileges", "-f", str(tmp), "--dbname", libpq_url(url)],
        "备份 / backup",
    )
    tmp.replace(path)
    return path


def restore(url: str, path: str | Path) -> None:
    """Replace the database's contents with the backup in ``path``, in one transaction."""
    path = Path(path)
    if not path.is_file():
        raise InvalidInput(f"找不到备份文件 {path} / No backup file at {path}")
    with path.open("rb") as f:
        if f.read(5) != b"PGDMP":
            raise InvalidInput(f"{path} 不是 pg_dump -Fc 备份 / {path} is not a pg_dump custom-format backup")
    _run(
        [
            _tool("pg_restore"),
            "--clean",
            "--if-exists",
            "--no-owner",
            "--no-privileges",
            "--single-transaction",
            "--exit-on-error",
            "--dbname",
            libpq_url(url),
            str(path),
        ],
        "恢复 / restore",
    )
