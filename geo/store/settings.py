"""Service settings, read once from the environment (``FIELDMAP_*``) and ``.env``."""

from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path

from pydantic import AliasChoices, Field
from pydantic_settings import BaseSettings, SettingsConfigDict

PROJECT_ROOT = Path(__file__).resolve().parents[2]


def _default_data_dir() -> Path:
    # The postgres user must reach the cluster folder, and /root is mode 700,
    # so root's default lives under /var/lib instead of the home directory.
    if os.geteuid() == 0:
        return Path("/var/lib/fieldmap")
    base = os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share"
    return Path(base) / "fieldmap"


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="FIELDMAP_", env_file=".env", extra="ignore")

    database_url: str | None = Field(
        default=None,
        validation_alias=AliasChoices("FIELDMAP_DATABASE_URL", "DATABASE_URL"),
        description="PostgreSQL/PostGIS URL; unset means: start a local cluster in data_dir.",
    )
    data_dir: Path = Field(default_factory=_default_data_dir)
    pg_port: int = 54329
    host: str = "127.0.0.1"
    port: int = 8000
    boundaries_dir: Path = PROJECT_ROOT / "data" / "boundaries"
    demo_seed: int = 2022
    county_code: str = "533103"
    # Coverage rule (see geo.analysis.coverage): metres from the village seat.
    coverage_distance_m: float = 3000.0
    # Tianditu (天地图) tile key; the tianditu base map is refused without it.
    tianditu_key: str | None = None
    # Anonymous visitors see the public maps as viewers (counts per village, never households).
    public_maps: bool = True
    # Bad-input limits: whole request body, one uploaded file, one geometry.
    max_request_bytes: int = 25 * 1024 * 1024
    max_upload_bytes: int = 20 * 1024 * 1024
    max_vertices: int = 50_000
    # Session cookies get the Secure flag when the service sits behind HTTPS.
    cookie_secure: bool = False


@lru_cache
def get_settings() -> Settings:
    return Settings()
