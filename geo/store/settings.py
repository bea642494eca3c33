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
    # Import consistency (geo.io.consistency): a station farther than this from its village's
    # recorded position is a warning in the import report (a refusal with --strict).
    import_village_distance_m: float = 5000.0

    # -- inspections (督查) ---------------------------------------------------
    # Photos go to upload_dir (default: <data_dir>/uploads); size and type are checked on upload.
    upload_dir: Path | None = None
    photo_max_bytes: int = 10 * 1024 * 1024
    # A record whose phone position is farther than this from its site is flagged as desk-made.
    desk_distance_m: float = 300.0
    # Status rules (geo.analysis.inspection_status): every inspected site at least once per
    # inspection_interval_days, and at least one unannounced (暗访) visit per unannounced_interval_days.
    inspection_interval_days: int = 90
    unannounced_interval_days: int = 365
    inspected_kinds: tuple[str, ...] = ("live_station", "village_station", "township_station", "warehouse", "sorting_centre")

    # -- route planning (geo.analysis.routes) ----------------------------------
    # Start and end of every route: the first site of this ref, else of this kind, else the seat of
    # route_start_township (the bureau in 勐焕街道).
    route_start_site_ref: str | None = None
    route_start_kind: str = "service_centre"
    route_start_township: str = "533103001"
    route_day_start: str = "08:30"
    route_day_end: str = "17:30"
    route_visit_minutes: int = 30
    # Without a road network: straight line x circuity at an average speed.
    route_circuity: float = 1.35
    route_speed_kmh: float = 35.0
    # With a road network: the leg from a stop to its nearest road node (straight line x circuity).
    route_access_speed_kmh: float = 20.0
    route_solver_seconds: float = 1.0

    @property
    def photo_dir(self) -> Path:
        return self.upload_dir or self.data_dir / "uploads"


@lru_cache
def get_settings() -> Settings:
    return Settings()
