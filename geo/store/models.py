"""GeoAlchemy2 models: the one store every map, indicator and export reads.

All geometry is EPSG:4326. Distances are computed in metres (geography or the
county's metric CRS), never in degrees. Columns named ``source`` say where a
row's figures came from; ``'demo'`` marks rows made by the seeded demo generator.
"""

from __future__ import annotations

import datetime as dt

from geoalchemy2 import Geometry
from sqlalchemy import (
    BigInteger,
    Boolean,
    CheckConstraint,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    Numeric,
    PrimaryKeyConstraint,
    String,
    Text,
    UniqueConstraint,
    func,
    text,
)
from sqlalchemy.dialects.postgresql import ARRAY, JSONB
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from geo import vocab
from geo.vocab import ROLES

SRID = 4326

TOWNSHIP_KINDS = vocab.TOWNSHIP_KIND.codes  # 街道 镇 乡 农场
VILLAGE_KINDS = vocab.VILLAGE_KIND.codes  # 村委会 居委会(社区)
SITE_KINDS = vocab.SITE_KIND.codes
SITE_STATUSES = vocab.SITE_STATUS.codes
INSPECTION_MODES = vocab.INSPECTION_MODE.codes  # 明察 暗访
INSPECTION_OUTCOMES = vocab.INSPECTION_OUTCOME.codes
GEOM_SOURCES = vocab.GEOM_SOURCE.codes
PHOTO_TYPES = ("image/jpeg", "image/png", "image/webp")
TRAINING_LEVELS = vocab.TRAINING_LEVEL.codes  # 市级培训 / 村级（特色村）培训
PAYMENT_STATUSES = ("planned", "paid", "returned")  # 计划 已支付 已退回
ASSET_OWNERS = ("state", "enterprise")  # 国有 企业
ASSET_STATUSES = ("in_use", "idle", "lost", "disposed")  # 在用 闲置 遗失 已处置
ASSET_FOUND = ("in_use", "idle")  # what an inspection may find an asset to be
FUND_SCOPES = ("sites", "villages", "county")  # what a fund item pays for
YUAN = Numeric(14, 2)  # money in yuan, exact to the fen; shown in 万元
# The default metric CRS; coverage uses the county's (county.metric_srid) and geo.store.metric
# rebuilds these expression indexes for it when a county is loaded.
METRIC_SRID = vocab.DEFAULT_METRIC_EPSG


def _in(column: str, values: tuple[str, ...]) -> str:
    return f"{column} IN ({', '.join(repr(v) for v in values)})"


class Base(DeclarativeBase):
    pass


class County(Base):
    __tablename__ = "county"
    code: Mapped[str] = mapped_column(String(6), primary_key=True)
    name: Mapped[str] = mapped_column(Text)
    name_en: Mapped[str | None] = mapped_column(Text)
    geom = mapped_column(Geometry("MULTIPOLYGON", srid=SRID, spatial_index=True), nullable=False)
    source: Mapped[str] = mapped_column(Text)
    metric_srid: Mapped[int | None] = mapped_column(Integer)  # UTM zone of the centroid (geo.store.metric)
    __table_args__ = (CheckConstraint("code ~ '^[0-9]{6}$'", name="county_code_6_digits"),)


class Township(Base):
    __tablename__ = "township"
    code: Mapped[str] = mapped_column(String(9), primary_key=True)
    name: Mapped[str] = mapped_column(Text)
    kind: Mapped[str] = mapped_column(Text)
    county_code: Mapped[str] = mapped_column(ForeignKey("county.code"))
    geom = mapped_column(Geometry("MULTIPOLYGON", srid=SRID, spatial_index=True))
    geom_source: Mapped[str | None] = mapped_column(Text)
    seat = mapped_column(Geometry("POINT", srid=SRID, spatial_index=False))
    seat_source: Mapped[str | None] = mapped_column(Text)
    source: Mapped[str] = mapped_column(Text)
    __table_args__ = (
        CheckConstraint("code ~ '^[0-9]{9}$'", name="township_code_9_digits"),
        CheckConstraint("left(code, 6) = county_code", name="township_code_in_county"),
        CheckConstraint(_in("kind", TOWNSHIP_KINDS), name="township_kind"),
        CheckConstraint(f"geom_source IS NULL OR {_in('geom_source', GEOM_SOURCES)}", name="township_geom_source"),
    )


class Village(Base):
    __tablename__ = "village"
    code: Mapped[str] = mapped_column(String(12), primary_key=True)
    name: Mapped[str] = mapped_column(Text)
    township_code: Mapped[str] = mapped_column(ForeignKey("township.code"), index=True)
    kind: Mapped[str] = mapped_column(Text)
    poverty_alleviated: Mapped[bool] = mapped_column(Boolean, default=False)  # 脱贫村
    households: Mapped[int | None] = mapped_column(Integer)
    poverty_households: Mapped[int | None] = mapped_column(Integer)  # 脱贫户
    location = mapped_column(Geometry("POINT", srid=SRID, spatial_index=True))
    location_source: Mapped[str | None] = mapped_column(Text)
    source: Mapped[str] = mapped_column(Text)
    __table_args__ = (
        CheckConstraint("code ~ '^[0-9]{12}$'", name="village_code_12_digits"),
        CheckConstraint("left(code, 9) = township_code", name="village_code_in_township"),
        CheckConstraint(_in("kind", VILLAGE_KINDS), name="village_kind"),
        CheckConstraint("households IS NULL OR households >= 0", name="village_households"),
        CheckConstraint(
            "poverty_households IS NULL OR (poverty_households >= 0 AND (households IS NULL OR poverty_households <= households))",
            name="village_poverty_households",
        ),
    )


class Site(Base):
    __tablename__ = "site"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    ref: Mapped[str] = mapped_column(Text, unique=True)  # stable key for idempotent loads
    kind: Mapped[str] = mapped_column(Text, index=True)
    name: Mapped[str] = mapped_column(Text)
    village_code: Mapped[str | None] = mapped_column(ForeignKey("village.code"), index=True)
    township_code: Mapped[str | None] = mapped_column(ForeignKey("township.code"), index=True)
    location = mapped_column(Geometry("POINT", srid=SRID, spatial_index=True), nullable=False)
    status: Mapped[str] = mapped_column(Text, default="operating", server_default="operating")
    opened_on: Mapped[dt.date | None] = mapped_column(Date)
    capabilities: Mapped[list[str]] = mapped_column(ARRAY(Text), default=list, server_default="{}")
    # ref of the site this one is supplied from (县→乡→村); NULL: the nearest site of the level above
    parent_site: Mapped[str | None] = mapped_column(Text)
    # as a clerk's sheet gives them (migration 0009); contact and phone are private (geo/privacy.py)
    address: Mapped[str | None] = mapped_column(Text)
    contact: Mapped[str | None] = mapped_column(Text)  # 负责人
    phone: Mapped[str | None] = mapped_column(Text)
    source: Mapped[str] = mapped_column(Text)
    __table_args__ = (
        CheckConstraint(_in("kind", SITE_KINDS), name="site_kind"),
        CheckConstraint(_in("status", SITE_STATUSES), name="site_status"),
        # GiST for the KNN nearest-site probe, SP-GiST for ST_DWithin (faster on points)
        Index("ix_site_location_metric", text(f"ST_Transform(location, {METRIC_SRID})"), postgresql_using="gist"),
        Index(
            "ix_site_location_metric_spgist", text(f"ST_Transform(location, {METRIC_SRID})"), postgresql_using="spgist"
        ),
    )


class SpecialtyVillage(Base):
    """电商特色村: yearly figures of the two upgraded specialty villages."""

    __tablename__ = "specialty_village"
    village_code: Mapped[str] = mapped_column(ForeignKey("village.code"), primary_key=True)
    year: Mapped[int] = mapped_column(Integer, primary_key=True)
    product: Mapped[str | None] = mapped_column(Text)
    brand: Mapped[str | None] = mapped_column(Text)
    online_sales_yuan: Mapped[float | None] = mapped_column(Float)
    active_shops: Mapped[int | None] = mapped_column(Integer)
    jobs_driven: Mapped[int | None] = mapped_column(Integer)
    trainees: Mapped[int | None] = mapped_column(Integer)
    source: Mapped[str] = mapped_column(Text)


class Inspection(Base):
    __tablename__ = "inspection"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    ref: Mapped[str | None] = mapped_column(Text, unique=True)
    site_id: Mapped[int] = mapped_column(ForeignKey("site.id", ondelete="CASCADE"), index=True)
    visited_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    mode: Mapped[str] = mapped_column(Text)
    inspector: Mapped[str] = mapped_column(Text)
    outcome: Mapped[str] = mapped_column(Text)
    findings: Mapped[str | None] = mapped_column(Text)
    stalled: Mapped[bool] = mapped_column(Boolean, default=False)
    idle_funds: Mapped[bool] = mapped_column(Boolean, default=False)
    idle_assets: Mapped[bool] = mapped_column(Boolean, default=False)
    position = mapped_column(Geometry("POINT", srid=SRID, spatial_index=False))
    # metres from the phone position to the site (geography); NULL without a position
    gps_distance_m: Mapped[float | None] = mapped_column(Float)
    gps_accuracy_m: Mapped[float | None] = mapped_column(Float)
    updated_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    version: Mapped[int] = mapped_column(Integer, default=1, server_default="1")
    source: Mapped[str] = mapped_column(Text)
    __table_args__ = (
        CheckConstraint(_in("mode", INSPECTION_MODES), name="inspection_mode"),
        CheckConstraint(_in("outcome", INSPECTION_OUTCOMES), name="inspection_outcome"),
        Index("ix_inspection_site_latest", "site_id", text("visited_at DESC"), text("id DESC")),
    )


class InspectionPhoto(Base):
    """A photo taken on an inspection; the file lives under Settings.photo_dir."""

    __tablename__ = "inspection_photo"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    inspection_id: Mapped[int] = mapped_column(ForeignKey("inspection.id", ondelete="CASCADE"), index=True)
    path: Mapped[str] = mapped_column(Text)  # relative to the upload folder
    original_name: Mapped[str | None] = mapped_column(Text)
    content_type: Mapped[str] = mapped_column(Text)
    size_bytes: Mapped[int] = mapped_column(Integer)
    sha256: Mapped[str] = mapped_column(String(64))
    uploaded_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
    __table_args__ = (CheckConstraint(_in("content_type", PHOTO_TYPES), name="inspection_photo_type"),)


class Route(Base):
    """A planned inspection route: one or more tours (team x day) from and back to a start."""

    __tablename__ = "route"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
    request = mapped_column(JSONB, nullable=False)
    tours = mapped_column(JSONB, nullable=False)  # per tour: team, day, date, start/end, totals
    stops = mapped_column(JSONB, nullable=False)  # ordered visits with arrival/departure
    unplaced = mapped_column(JSONB, nullable=False)  # sites that did not fit, with the reason
    matrix_method: Mapped[str] = mapped_column(Text)  # pgrouting | straight_line
    total_distance_m: Mapped[float] = mapped_column(Float)
    total_drive_s: Mapped[float] = mapped_column(Float)
    path = mapped_column(Geometry("MULTILINESTRING", srid=SRID, spatial_index=False))  # one line per tour
    source: Mapped[str] = mapped_column(Text)  # 'demo' when any visited site is demo data


class TrainingSession(Base):
    """One training session (培训) and its attendance: feeds the training and satisfaction targets."""

    __tablename__ = "training_session"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    ref: Mapped[str] = mapped_column(Text, unique=True)  # stable key for idempotent loads
    held_on: Mapped[dt.date] = mapped_column(Date, index=True)
    title: Mapped[str] = mapped_column(Text)
    level: Mapped[str] = mapped_column(Text)  # county | village
    village_code: Mapped[str | None] = mapped_column(ForeignKey("village.code"))
    attendees: Mapped[int] = mapped_column(Integer)  # person-times (人次)
    satisfaction_pct: Mapped[float | None] = mapped_column(Float)
    source: Mapped[str] = mapped_column(Text)
    __table_args__ = (
        CheckConstraint(_in("level", TRAINING_LEVELS), name="training_session_level"),
        CheckConstraint("attendees >= 0", name="training_session_attendees"),
        CheckConstraint(
            "satisfaction_pct IS NULL OR (satisfaction_pct >= 0 AND satisfaction_pct <= 100)",
            name="training_session_satisfaction",
        ),
        CheckConstraint("level = 'county' OR village_code IS NOT NULL", name="training_session_village_needs_code"),
    )


class IndicatorEntry(Base):
    """A performance-indicator value entered by staff (e.g. complaints received in a year)."""

    __tablename__ = "indicator_entry"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    indicator: Mapped[str] = mapped_column(Text)  # key in geo.analysis.indicators
    period: Mapped[str] = mapped_column(Text)  # e.g. "2025"
    value: Mapped[float] = mapped_column(Float)
    note: Mapped[str | None] = mapped_column(Text)
    entered_by: Mapped[str] = mapped_column(Text)
    entered_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
    source: Mapped[str] = mapped_column(Text)
    __table_args__ = (UniqueConstraint("indicator", "period", name="indicator_entry_indicator_period"),)


class FundItem(Base):
    """One item of the fund plan (资金安排表, appendix 2): budget and what it pays for."""

    __tablename__ = "fund_item"
    code: Mapped[str] = mapped_column(Text, primary_key=True)  # e.g. F01
    seq: Mapped[int] = mapped_column(Integer, unique=True)  # 序号 in the plan
    heading_zh: Mapped[str | None] = mapped_column(Text)  # 项目名称
    title_zh: Mapped[str] = mapped_column(Text)  # 项目分项
    title_en: Mapped[str | None] = mapped_column(Text)
    budget_yuan = mapped_column(YUAN, nullable=False)
    funding: Mapped[str] = mapped_column(Text, default="central", server_default="central")  # 中央资金
    implementing_unit: Mapped[str | None] = mapped_column(Text)
    scope: Mapped[str] = mapped_column(Text, default="county", server_default="county")
    site_refs: Mapped[list[str]] = mapped_column(ARRAY(Text), default=list, server_default="{}")
    village_codes: Mapped[list[str]] = mapped_column(ARRAY(Text), default=list, server_default="{}")
    targets_source: Mapped[str | None] = mapped_column(Text)  # where scope/site_refs/village_codes came from
    source: Mapped[str] = mapped_column(Text)  # where the budget came from
    __table_args__ = (
        CheckConstraint("budget_yuan >= 0", name="fund_item_budget"),
        CheckConstraint(_in("scope", FUND_SCOPES), name="fund_item_scope"),
    )


class FundPayment(Base):
    """One payment (or planned payment, or money returned) out of a fund item."""

    __tablename__ = "fund_payment"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    ref: Mapped[str] = mapped_column(Text, unique=True)  # stable key for idempotent loads
    item_code: Mapped[str] = mapped_column(ForeignKey("fund_item.code"), index=True)
    paid_on: Mapped[dt.date] = mapped_column(Date)
    amount_yuan = mapped_column(YUAN, nullable=False)
    payee: Mapped[str | None] = mapped_column(Text)  # private: officials and above (geo.privacy)
    voucher_ref: Mapped[str | None] = mapped_column(Text)  # private: officials and above
    site_id: Mapped[int | None] = mapped_column(ForeignKey("site.id", ondelete="SET NULL"), index=True)
    status: Mapped[str] = mapped_column(Text, default="paid", server_default="paid")
    note: Mapped[str | None] = mapped_column(Text)
    source: Mapped[str] = mapped_column(Text)
    __table_args__ = (
        CheckConstraint("amount_yuan > 0", name="fund_payment_amount"),
        CheckConstraint(_in("status", PAYMENT_STATUSES), name="fund_payment_status"),
    )


class Asset(Base):
    """The asset ledger (资产管理台账): what central funds bought, where it stands, who owns it."""

    __tablename__ = "asset"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    ref: Mapped[str] = mapped_column(Text, unique=True)
    item_code: Mapped[str] = mapped_column(ForeignKey("fund_item.code"), index=True)
    site_id: Mapped[int | None] = mapped_column(ForeignKey("site.id", ondelete="SET NULL"), index=True)
    description: Mapped[str] = mapped_column(Text)
    quantity: Mapped[int] = mapped_column(Integer, default=1, server_default="1")
    value_yuan = mapped_column(YUAN, nullable=False)
    acquired_on: Mapped[dt.date | None] = mapped_column(Date)
    owner: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(Text, default="in_use", server_default="in_use")  # as the ledger says
    source: Mapped[str] = mapped_column(Text)
    __table_args__ = (
        CheckConstraint("quantity > 0", name="asset_quantity"),
        CheckConstraint("value_yuan >= 0", name="asset_value"),
        CheckConstraint(_in("owner", ASSET_OWNERS), name="asset_owner"),
        CheckConstraint(_in("status", ASSET_STATUSES), name="asset_status"),
    )


class InspectionAsset(Base):
    """What an inspection found an asset to be: in use or idle."""

    __tablename__ = "inspection_asset"
    inspection_id: Mapped[int] = mapped_column(ForeignKey("inspection.id", ondelete="CASCADE"))
    asset_id: Mapped[int] = mapped_column(ForeignKey("asset.id", ondelete="CASCADE"), index=True)
    status: Mapped[str] = mapped_column(Text)
    note: Mapped[str | None] = mapped_column(Text)
    source: Mapped[str] = mapped_column(Text)
    __table_args__ = (
        PrimaryKeyConstraint("inspection_id", "asset_id"),
        CheckConstraint(_in("status", ASSET_FOUND), name="inspection_asset_status"),
    )


class Road(Base):
    """Road network for pgRouting; empty until roads are imported."""

    __tablename__ = "road"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    ref: Mapped[str | None] = mapped_column(Text, unique=True)  # stable key for idempotent loads
    geom = mapped_column(Geometry("LINESTRING", srid=SRID, spatial_index=True), nullable=False)
    road_class: Mapped[str | None] = mapped_column("class", Text)
    speed_kmh: Mapped[float | None] = mapped_column(Float)
    length_m: Mapped[float | None] = mapped_column(Float)
    source_node: Mapped[int | None] = mapped_column(BigInteger, index=True)
    target_node: Mapped[int | None] = mapped_column(BigInteger, index=True)
    source: Mapped[str] = mapped_column(Text)


SHIPMENT_DIRECTIONS = ("down", "up")  # 下行 (goods to villages) / 上行 (farm products to market)


class Shipment(Base):
    """Goods through one station in one month, one direction and category (two-way flows)."""

    __tablename__ = "shipment"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    site_id: Mapped[int] = mapped_column(ForeignKey("site.id", ondelete="CASCADE"))
    month: Mapped[str] = mapped_column(Text, index=True)  # YYYY-MM
    direction: Mapped[str] = mapped_column(Text)
    category: Mapped[str] = mapped_column(Text)  # geo.vocab.FLOW_CATEGORY
    parcels: Mapped[int | None] = mapped_column(Integer)
    weight_kg: Mapped[float | None] = mapped_column(Float)
    value_yuan: Mapped[float | None] = mapped_column(Float)
    source: Mapped[str] = mapped_column(Text)
    __table_args__ = (
        CheckConstraint(_in("direction", SHIPMENT_DIRECTIONS), name="shipment_direction"),
        CheckConstraint("month ~ '^[0-9]{4}-(0[1-9]|1[0-2])$'", name="shipment_month"),
        CheckConstraint(
            "(parcels IS NULL OR parcels >= 0) AND (weight_kg IS NULL OR weight_kg >= 0) "
            "AND (value_yuan IS NULL OR value_yuan >= 0)",
            name="shipment_amounts",
        ),
        UniqueConstraint("site_id", "month", "direction", "category", name="shipment_key"),
    )


class AuditLog(Base):
    __tablename__ = "audit_log"
    id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), server_default=func.now(), index=True)
    actor: Mapped[str] = mapped_column(Text, index=True)
    action: Mapped[str] = mapped_column(Text)
    table_name: Mapped[str] = mapped_column("table", Text)
    key: Mapped[str | None] = mapped_column(Text)
    before = mapped_column(JSONB)
    after = mapped_column(JSONB)


TOKEN_KINDS = ("session", "api", "embed")  # page login, script bearer token, read-only map embed


class AppUser(Base):
    """An account. Passwords are stored only as argon2 hashes."""

    __tablename__ = "app_user"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    username: Mapped[str] = mapped_column(Text, unique=True)
    display_name: Mapped[str | None] = mapped_column(Text)
    password_hash: Mapped[str] = mapped_column(Text)
    role: Mapped[str] = mapped_column(Text)
    disabled: Mapped[bool] = mapped_column(Boolean, default=False, server_default=text("false"))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), server_default=text("now()"))
    password_changed_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), server_default=text("now()"))
    __table_args__ = (
        CheckConstraint(_in("role", ROLES), name="app_user_role"),
        CheckConstraint("username ~ '^[A-Za-z0-9_.@-]{1,64}$'", name="app_user_username"),
    )


class AuthToken(Base):
    """A session, script or embed token. Only the SHA-256 of the random token is stored."""

    __tablename__ = "auth_token"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    kind: Mapped[str] = mapped_column(Text)
    token_hash: Mapped[str] = mapped_column(Text, unique=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("app_user.id", ondelete="CASCADE"), index=True)
    name: Mapped[str | None] = mapped_column(Text)
    map_name: Mapped[str | None] = mapped_column(Text)  # embed tokens open one published map
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), server_default=text("now()"))
    expires_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    revoked_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    __table_args__ = (
        CheckConstraint(_in("kind", TOKEN_KINDS), name="auth_token_kind"),
        CheckConstraint("kind <> 'embed' OR map_name IS NOT NULL", name="auth_token_embed_map"),
    )


class LoginFailure(Base):
    """Failed logins per (username, client address): the lockout and its backoff (0007).
    Unknown usernames are counted here too, never in the audit log."""

    __tablename__ = "login_failure"
    username: Mapped[str] = mapped_column(Text, primary_key=True)
    address: Mapped[str] = mapped_column(Text, primary_key=True)
    failures: Mapped[int] = mapped_column(Integer, server_default=text("0"))
    first_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), server_default=text("now()"))
    last_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), server_default=text("now()"))
    locked_until: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    __table_args__ = (Index("ix_login_failure_address_last_at", "address", "last_at"),)


class DataState(Base):
    """One row: bumped by a trigger on every write, so caches know when data changed."""

    __tablename__ = "data_state"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    version: Mapped[int] = mapped_column(BigInteger)
    changed_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    __table_args__ = (CheckConstraint("id = 1", name="data_state_single_row"),)


DATA_TABLES = (
    "county",
    "township",
    "village",
    "site",
    "specialty_village",
    "inspection",
    "road",
    "shipment",
    "training_session",
    "indicator_entry",
    "fund_item",
    "fund_payment",
    "asset",
    "inspection_asset",
)
