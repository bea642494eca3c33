"""A local PostgreSQL + PostGIS cluster that the service starts and stops itself.

Used when no ``DATABASE_URL`` is set: ``initdb``/``pg_ctl`` from the system packages,
run as the ``postgres`` user when we are root (Postgres refuses to run as root).
The cluster listens on 127.0.0.1 and a Unix socket inside its own folder.
"""

from __future__ import annotations

import glob
import os
import pwd
import shutil
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

from geo.errors import SetupError

INSTALL_HINT_DEBIAN = "sudo apt-get install -y postgresql postgresql-{v}-postgis-3 postgresql-{v}-pgrouting"


def find_pg_bin() -> Path | None:
    """The newest ``/usr/lib/postgresql/<major>/bin`` that has initdb and pg_ctl."""
    candidates = sorted(
        glob.glob("/usr/lib/postgresql/*/bin/pg_ctl"),
        key=lambda p: int(Path(p).parts[-3]) if Path(p).parts[-3].isdigit() else 0,
    )
    if candidates:
        return Path(candidates[-1]).parent
    on_path = shutil.which("pg_ctl")
    return Path(on_path).resolve().parent if on_path else None


def _pg_major(bin_dir: Path) -> str:
    return bin_dir.parts[-2] if bin_dir.parts[-2].isdigit() else "15"


def postgis_installed(bin_dir: Path) -> bool:
    share = (
        subprocess.run([str(bin_dir / "pg_config"), "--sharedir"], capture_output=True, text=True).stdout.strip()
        if (bin_dir / "pg_config").exists()
        else f"/usr/share/postgresql/{_pg_major(bin_dir)}"
    )
    return Path(share, "extension", "postgis.control").exists()


def install_hint(bin_dir: Path | None = None) -> str:
    return INSTALL_HINT_DEBIAN.format(v=_pg_major(bin_dir) if bin_dir else "15")


@dataclass
class LocalCluster:
    """A cluster in ``root``: ``root/data`` (PGDATA), ``root/postgres.log``, socket in ``root``."""

    root: Path
    port: int = 54329
    database: str = "fieldmap"
    bin_dir: Path | None = None  # default: the newest installed PostgreSQL

    def __post_init__(self) -> None:
        self.root = Path(self.root).resolve()
        bin_dir = Path(self.bin_dir) if self.bin_dir else find_pg_bin()
        if bin_dir is None:
            raise SetupError(
                "未找到 PostgreSQL。请安装：" + install_hint() + "\n"
                "PostgreSQL is not installed. Install it with: " + install_hint()
            )
        if not postgis_installed(bin_dir):
            raise SetupError(
                "未找到 PostGIS 扩展。请安装：" + install_hint(bin_dir) + "\n"
                "The PostGIS extension is not installed. Install it with: " + install_hint(bin_dir)
            )
        self.bin_dir = bin_dir

    # -- paths and URLs -------------------------------------------------
    @property
    def bin(self) -> Path:
        """The PostgreSQL programs' folder (always set once the cluster object exists)."""
        assert self.bin_dir is not None
        return self.bin_dir

    @property
    def data_dir(self) -> Path:
        return self.root / "data"

    @property
    def log_file(self) -> Path:
        return self.root / "postgres.log"

    def url(self, database: str | None = None) -> str:
        return f"postgresql+psycopg2://postgres@127.0.0.1:{self.port}/{database or self.database}"

    # -- running commands as the right user -----------------------------
    def _as_owner(self, args: list[str]) -> list[str]:
        if os.geteuid() == 0:
            return ["runuser", "-u", "postgres", "--", *args]
        return args

    def _run(self, args: list[str], check: bool = True) -> subprocess.CompletedProcess:
        proc = subprocess.run(self._as_owner(args), capture_output=True, text=True)
        if check and proc.returncode != 0:
            raise SetupError(f"PostgreSQL 命令失败 / command failed: {' '.join(args)}\n{proc.stdout}{proc.stderr}")
        return proc

    def _prepare_root(self) -> None:
        self.root.mkdir(parents=True, exist_ok=True)
        if os.geteuid() == 0:
            uid = pwd.getpwnam("postgres").pw_uid
            gid = pwd.getpwnam("postgres").pw_gid
            for path in (self.root, *self.root.parents):
                if path == Path("/"):
                    break
                mode = path.stat().st_mode
                if not mode & 0o001:
                    # the postgres user cannot traverse this folder (e.g. /root)
                    if path != self.root:
                        raise SetupError(
                            f"数据库目录 {self.root} 位于 postgres 用户无法访问的 {path} 之下；"
                            f"请设置 FIELDMAP_DATA_DIR 到例如 /var/lib/fieldmap。\n"
                            f"The cluster folder {self.root} is under {path}, which the postgres user "
                            f"cannot enter; set FIELDMAP_DATA_DIR to e.g. /var/lib/fieldmap."
                        )
            os.chown(self.root, uid, gid)

    # -- lifecycle --------------------------------------------------------
    def initialised(self) -> bool:
        return (self.data_dir / "PG_VERSION").exists()

    def running(self) -> bool:
        if not self.initialised():
            return False
        return self._run([str(self.bin / "pg_ctl"), "-D", str(self.data_dir), "status"], check=False).returncode == 0

    def init(self) -> None:
        self._prepare_root()
        if self.initialised():
            return
        self._run(
            [
                str(self.bin / "initdb"),
                "-D",
                str(self.data_dir),
                "-U",
                "postgres",
                "-A",
                "trust",
                "-E",
                "UTF8",
                "--locale=C.UTF-8",
            ]
        )

    def start(self) -> None:
        """Initialise if needed, start if not running, and create the database with PostGIS."""
        self.init()
        if not self.running():
            options = f"-p {self.port} -k {self.root} -c listen_addresses=127.0.0.1 -c fsync=off"
            self._run(
                [
                    str(self.bin / "pg_ctl"),
                    "-D",
                    str(self.data_dir),
                    "-l",
                    str(self.log_file),
                    "-w",
                    "-t",
                    "60",
                    "-o",
                    options,
                    "start",
                ]
            )
        self.ensure_database(self.database)

    def stop(self) -> None:
        if self.running():
            self._run([str(self.bin / "pg_ctl"), "-D", str(self.data_dir), "-m", "fast", "-w", "stop"])

    def status(self) -> dict:
        return {
            "data_dir": str(self.data_dir),
            "initialised": self.initialised(),
            "running": self.running(),
            "port": self.port,
            "url": self.url(),
        }

    # -- databases --------------------------------------------------------
    def psql(self, sql: str, database: str = "postgres") -> str:
        proc = self._run(
            [
                str(self.bin / "psql"),
                "-h",
                "127.0.0.1",
                "-p",
                str(self.port),
                "-U",
                "postgres",
                "-d",
                database,
                "-v",
                "ON_ERROR_STOP=1",
                "-tA",
                "-c",
                sql,
            ]
        )
        return proc.stdout.strip()

    def ensure_database(self, name: str, template: str | None = None) -> None:
        deadline = time.monotonic() + 30
        while True:
            try:
                exists = self.psql(f"SELECT 1 FROM pg_database WHERE datname = '{name}'")
                break
            except SetupError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.3)
        if not exists:
            tmpl = f" TEMPLATE {template}" if template else ""
            self.psql(f'CREATE DATABASE "{name}"{tmpl}')
        self.psql("CREATE EXTENSION IF NOT EXISTS postgis", database=name)
        try:
            self.psql("CREATE EXTENSION IF NOT EXISTS pgrouting", database=name)
        except SetupError:
            pass  # routing falls back to straight-line distances without pgRouting

    def drop_database(self, name: str) -> None:
        self.psql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
