"""The self-started cluster, and the message when PostGIS is missing."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from geo.errors import SetupError
from geo.store.cluster import LocalCluster, find_pg_bin

ROOT = Path(__file__).resolve().parents[2]


def test_running_cluster_reports_status(pg_cluster: LocalCluster) -> None:
    status = pg_cluster.status()
    assert status["running"] is True and status["initialised"] is True
    assert pg_cluster.psql("SELECT 1") == "1"


def test_missing_postgis_names_the_install_command(tmp_path: Path) -> None:
    # A PostgreSQL bin folder whose share folder has no postgis extension.
    real = find_pg_bin()
    fake = tmp_path / "15" / "bin"
    fake.mkdir(parents=True)
    for tool in ("pg_ctl", "initdb", "psql"):
        (fake / tool).symlink_to(real / tool)
    (fake / "pg_config").write_text(f"#!/bin/sh\necho {tmp_path / 'share'}\n")
    (fake / "pg_config").chmod(0o755)
    with pytest.raises(SetupError) as info:
        LocalCluster(tmp_path / "cluster", bin_dir=fake)
    assert "apt-get install -y postgresql postgresql-15-postgis-3" in info.value.message


@pytest.mark.skipif(shutil.which("docker-compose") is None, reason="docker-compose is not installed")
def test_docker_compose_file_is_valid() -> None:
    result = subprocess.run(
        ["docker-compose", "-f", str(ROOT / "docker" / "docker-compose.yml"), "config", "-q"],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
