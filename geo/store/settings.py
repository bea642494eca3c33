"""Service settings, read once from the environment (``FIELDMAP_*``) and ``.env``."""

from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path

from pydantic import AliasChoices, Field, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from geo.store import deadlines as waits

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
    # The county's metric CRS (EPSG of its UTM zone) for distances and areas; None: the app factory
    # and the CLI read ``county.metric_srid`` from the database (geo.store.metric.metric_srid).
    metric_srid: int | None = None
    # The county's name as maps, pages and decks title it; None: the app factory reads it from the
    # ``county`` table (geo.store.metric.with_county), else the default county's (芒市 / Mangshi).
    county_name_zh: str | None = None
    county_name_en: str | None = None
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
    # Exports (PNG/SVG/PDF/PPTX) rendered at once; more get 429 with Retry-After.
    export_concurrency: int = 2
    # Anonymous visitors' pictures: at most this many pixels (width x height; 1920x1080 is 2.1 M).
    anonymous_export_max_pixels: int = 4_000_000
    # Session cookies get the Secure flag when the request came over HTTPS (or always, when on).
    cookie_secure: bool = False
    # Behind a reverse proxy: trust its X-Forwarded-For / X-Forwarded-Proto. Off, a client could
    # claim any address (and escape the login lockout) or claim HTTPS.
    trust_proxy_headers: bool = False
    # Visit times more than this far in the future are refused (phones with a wrong clock).
    clock_skew_minutes: int = 10
    # Safety net under LISTEN/NOTIFY: every worker reads the data version itself this often.
    version_check_seconds: float = 2.0
    # How long the service waits on PostGIS (seconds; geo.store.deadlines): opening a connection,
    # the liveness check of a pooled one, one statement (also stopped by the server), a free
    # pooled connection, and /healthz's whole check.
    db_connect_timeout_s: float = Field(default=waits.CONNECT_TIMEOUT_S, gt=0)
    db_checkout_timeout_s: float = Field(default=waits.CHECKOUT_TIMEOUT_S, gt=0)
    db_statement_timeout_s: float = Field(default=waits.STATEMENT_TIMEOUT_S, gt=0)
    db_pool_timeout_s: float = Field(default=waits.POOL_TIMEOUT_S, gt=0)
    db_health_timeout_s: float = Field(default=waits.HEALTH_TIMEOUT_S, gt=0)
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
    inspected_kinds: tuple[str, ...] = (
        "live_station",
        "village_station",
        "township_station",
        "warehouse",
        "sorting_centre",
    )

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

    # -- logistics reach (geo.analysis.reach) ------------------------------------
    # Speed (km/h) per road class of an imported network; a class not listed, or no class, gets
    # road_default_speed_kmh. A file's own speed_kmh column wins over both.
    road_class_speeds: dict[str, float] = {
        "motorway": 80.0,
        "trunk": 60.0,
        "primary": 50.0,
        "secondary": 40.0,
        "tertiary": 30.0,
        "unclassified": 25.0,
        "residential": 20.0,
        "track": 15.0,
    }
    road_default_speed_kmh: float = 45.0
    # A village seat or site joins the road network at the nearest point of the nearest road piece
    # within reach_snap_m (straight, at reach_access_speed_kmh); farther away it is unreachable.
    reach_snap_m: float = 5000.0
    reach_access_speed_kmh: float = 20.0
    # Without a road network: straight line x circuity at an assumed average speed.
    reach_circuity: float = 1.35
    reach_speed_kmh: float = 35.0
    # Service-area bands (minutes of travel from the hub and each township station).
    service_area_bands_min: tuple[int, ...] = (30, 60, 120)
    # the reached roads are drawn as a band this wide on each side (metres)
    service_area_buffer_m: float = 1000.0
    # Coverage rule by travel time (minutes to the nearest counted station); unset: by distance.
    coverage_travel_time_min: float | None = Field(default=None, gt=0)

    @field_validator("service_area_bands_min")
    @classmethod
    def _bands(cls, bands: tuple[int, ...]) -> tuple[int, ...]:
        """One band at least, each a positive number of minutes, no band twice; kept in order."""
        if not bands or any(b <= 0 for b in bands) or len(set(bands)) != len(bands):
            raise ValueError(
                "服务范围时间带须为一个或多个不重复的正整数分钟，如 30,60,120 / service-area bands must be one or "
                f"more distinct positive minutes, e.g. 30,60,120 (got {list(bands)})"
            )
        return tuple(sorted(bands))

    @property
    def photo_dir(self) -> Path:
        return self.upload_dir or self.data_dir / "uploads"

    @property
    def deadlines(self) -> waits.Deadlines:
        return waits.Deadlines(
            connect_s=self.db_connect_timeout_s,
            checkout_s=self.db_checkout_timeout_s,
            statement_s=self.db_statement_timeout_s,
            pool_s=self.db_pool_timeout_s,
            health_s=self.db_health_timeout_s,
        )


@lru_cache
def get_settings() -> Settings:
    return Settings()
