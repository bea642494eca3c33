"""What each importable table looks like in a file: its key, typed columns and geometry.

A TableSpec declares everything the importer needs, so a new table needs no new code:

- ``columns``: field -> type; the headers a sheet may use for each field come from
  ``geo.vocab`` (``FIELD``, ``TABLE_FIELD``) plus any ``headers`` the spec adds;
- ``enums``: field -> the ``geo.vocab`` vocabulary whose words (Chinese or English) it takes;
  ``bool`` fields take 是/否, yes/no … through ``geo.vocab.parse_bool``;
- ``unique``: fields that must not repeat within one file besides the key (e.g. a site's name);
- ``derive_ref``: when the file gives no ``ref``, it is derived from these fields, stably, so a
  second import of the same sheet updates the rows rather than duplicating them;
- ``explain``: field -> (zh, en) help for the template's explanation row.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class TableSpec:
    name: str
    title_zh: str
    key: tuple[str, ...]
    # column -> type: text, int, float, bool, date, datetime, text[], yuan (exact money), wan (万元 -> yuan)
    columns: dict[str, str]
    required: tuple[str, ...]
    geometry: str | None = None  # the DB column the file geometry goes to
    geometry_types: tuple[str, ...] = ()
    geometry_required: bool = False
    defaults: dict[str, object] = field(default_factory=dict)
    enums: dict[str, str] = field(default_factory=dict)
    headers: dict[str, tuple[str, ...]] = field(default_factory=dict)
    unique: tuple[str, ...] = ()
    derive_ref: tuple[str, ...] = ()
    explain: dict[str, tuple[str, str]] = field(default_factory=dict)
    not_stored: tuple[str, ...] = ()  # columns known to come with such files, reported as ignored

    @property
    def coordinates(self) -> bool:
        """A point table: a sheet gives its position as longitude/latitude columns."""
        return self.geometry_types == ("Point",)

    @property
    def fields(self) -> tuple[str, ...]:
        """Every field a file may carry, in template order (lon/lat for point tables)."""
        out = tuple(self.columns)
        return (*out, "lon", "lat") if self.coordinates else out


# Speed of a road whose file gives none. The default network is a skeleton of major roads in a
# mountain county (two-lane provincial/county roads with bends and villages): 45 km/h on average.
DEFAULT_ROAD_SPEED_KMH = 45.0

SPECS: dict[str, TableSpec] = {
    spec.name: spec
    for spec in (
        TableSpec(
            "county",
            "县（市）",
            ("code",),
            {"code": "text", "name": "text", "name_en": "text", "source": "text"},
            ("code", "name"),
            "geom",
            ("Polygon", "MultiPolygon"),
            True,
        ),
        TableSpec(
            "township",
            "乡镇",
            ("code",),
            {
                "code": "text",
                "name": "text",
                "kind": "text",
                "county_code": "text",
                "geom_source": "text",
                "seat_lon": "float",
                "seat_lat": "float",
                "seat_source": "text",
                "source": "text",
            },
            ("code", "name", "kind"),
            "geom",
            ("Polygon", "MultiPolygon"),
            False,
            {"geom_source": "official"},
            enums={"kind": "township_kind", "geom_source": "geom_source"},
        ),
        TableSpec(
            "village",
            "行政村/社区",
            ("code",),
            {
                "code": "text",
                "name": "text",
                "township_code": "text",
                "kind": "text",
                "poverty_alleviated": "bool",
                "households": "int",
                "poverty_households": "int",
                "location_source": "text",
                "source": "text",
            },
            ("code", "name", "kind"),
            "location",
            ("Point",),
            False,
            {"poverty_alleviated": False},
            enums={"kind": "village_kind"},
        ),
        TableSpec(
            "site",
            "站点",
            ("ref",),
            {
                "ref": "text",
                "kind": "text",
                "name": "text",
                "village_code": "text",
                "township_code": "text",
                "status": "text",
                "opened_on": "date",
                "capabilities": "text[]",
                "address": "text",
                "contact": "text",
                "phone": "text",
                "parent_site": "text",
                "source": "text",
            },
            ("ref", "kind", "name"),
            "location",
            ("Point",),
            True,
            {"status": "operating", "capabilities": []},
            enums={"kind": "site_kind", "status": "site_status"},
            unique=("name",),
            derive_ref=("village_code", "name"),
            explain={
                "ref": (
                    "站点编号，可不填（按村代码和名称自动生成）",
                    "site ref; may be left empty (made from village code + name)",
                ),
                "kind": ("从下拉列表选择", "pick from the list"),
                "name": ("必填", "required"),
                "village_code": ("12 位统计用区划代码", "12-digit statistical code"),
                "township_code": ("9 位代码或乡镇名称，可不填", "9-digit code or township name; optional"),
                "status": ("从下拉列表选择，默认运营中", "pick from the list; default operating"),
                "opened_on": ("如 2024-05-01", "e.g. 2024-05-01"),
                "capabilities": ("用逗号分隔", "comma-separated"),
                "parent_site": (
                    "供货的上级站点编号，可不填（最近的上级站点）",
                    "ref of the supplying site; optional (the nearest one above)",
                ),
                "lon": (
                    "经度，如 98.58；坐标系见“坐标系说明”",
                    "longitude, e.g. 98.58; see the coordinate-system sheet",
                ),
                "lat": ("纬度，如 24.43", "latitude, e.g. 24.43"),
            },
        ),
        TableSpec(
            "specialty_village",
            "电商特色村",
            ("village_code", "year"),
            {
                "village_code": "text",
                "year": "int",
                "product": "text",
                "brand": "text",
                "online_sales_yuan": "float",
                "active_shops": "int",
                "jobs_driven": "int",
                "trainees": "int",
                "source": "text",
            },
            ("village_code", "year"),
        ),
        TableSpec(
            "inspection",
            "督查记录",
            ("ref",),
            {
                "ref": "text",
                "site_ref": "text",
                "visited_at": "datetime",
                "mode": "text",
                "inspector": "text",
                "outcome": "text",
                "findings": "text",
                "stalled": "bool",
                "idle_funds": "bool",
                "idle_assets": "bool",
                "source": "text",
            },
            ("ref", "site_ref", "visited_at", "mode", "inspector", "outcome"),
            "position",
            ("Point",),
            False,
            {"stalled": False, "idle_funds": False, "idle_assets": False},
            enums={"mode": "inspection_mode", "outcome": "inspection_outcome"},
        ),
        # Road network for pgRouting. node_a/node_b (or source/target) are the graph's node ids;
        # files without them get nodes from pgr_createTopology (geo.io.roads).
        TableSpec(
            "road",
            "道路",
            ("ref",),
            {
                "ref": "text",
                "node_a": "int",
                "node_b": "int",
                "length_km": "float",
                "class": "text",
                "speed_kmh": "float",
                "source": "text",
            },
            (),
            "geom",
            ("LineString",),
            True,
            {"speed_kmh": DEFAULT_ROAD_SPEED_KMH},
            headers={"class": ("highway",)},
            not_stored=("both_ends_in_bbox", "intersects_mangshi_boundary"),  # the OSM skeleton's extraction flags
        ),
        # Two-way flows through a station (下行 consumer goods/farm inputs, 上行 farm products), per month.
        # The file names the station by ref; the table keys on its id (geo.io.upsert._CONFLICT).
        TableSpec(
            "shipment",
            "物流货量",
            ("site_ref", "month", "direction", "category"),
            {
                "site_ref": "text",
                "month": "text",
                "direction": "text",
                "category": "text",
                "parcels": "int",
                "weight_kg": "float",
                "value_yuan": "float",
                "source": "text",
            },
            ("site_ref", "month", "direction", "category"),
            enums={"direction": "flow_direction", "category": "flow_category"},
            explain={
                "month": ("年-月，如 2026-03", "year-month, e.g. 2026-03"),
                "parcels": ("件数、重量、货值至少填一项", "give parcels, weight or value (at least one)"),
            },
        ),
        TableSpec(
            "training_session",
            "培训场次",
            ("ref",),
            {
                "ref": "text",
                "held_on": "date",
                "title": "text",
                "level": "text",
                "village_code": "text",
                "attendees": "int",
                "satisfaction_pct": "float",
                "source": "text",
            },
            ("ref", "held_on", "title", "level", "attendees"),
            enums={"level": "training_level"},
        ),
        TableSpec(
            "indicator_entry",
            "绩效指标填报",
            ("indicator", "period"),
            {
                "indicator": "text",
                "period": "text",
                "value": "float",
                "note": "text",
                "entered_by": "text",
                "source": "text",
            },
            ("indicator", "period", "value", "entered_by"),
            enums={"indicator": "indicator"},
        ),
        # Funds (资金安排表) and the asset ledger (资产管理台账). Money columns: ``yuan`` (exact, to the
        # fen); a sheet may give 万元 instead (``*_wan``), converted to yuan on import (WAN_COLUMNS).
        TableSpec(
            "fund_item",
            "资金安排表",
            ("code",),
            {
                "code": "text",
                "seq": "int",
                "heading_zh": "text",
                "title_zh": "text",
                "title_en": "text",
                "budget_yuan": "yuan",
                "budget_wan": "wan",
                "funding": "text",
                "implementing_unit": "text",
                "scope": "text",
                "site_refs": "text[]",
                "village_codes": "text[]",
                "targets_source": "text",
                "source": "text",
            },
            ("code", "seq", "title_zh"),
            defaults={"funding": "central", "scope": "county", "site_refs": [], "village_codes": []},
            enums={"scope": "fund_scope"},
            explain={
                "budget_wan": ("万元；或填“预算（元）”", "in 10,000 yuan; or give the budget in yuan"),
                "site_refs": ("用逗号分隔", "comma-separated"),
                "village_codes": ("用逗号分隔", "comma-separated"),
            },
        ),
        TableSpec(
            "fund_payment",
            "资金支付",
            ("ref",),
            {
                "ref": "text",
                "item_code": "text",
                "paid_on": "date",
                "amount_yuan": "yuan",
                "amount_wan": "wan",
                "payee": "text",
                "voucher_ref": "text",
                "site_ref": "text",
                "status": "text",
                "note": "text",
                "source": "text",
            },
            ("ref", "item_code", "paid_on"),
            defaults={"status": "paid"},
            enums={"status": "payment_status"},
            explain={
                "amount_wan": ("万元；或填“金额（元）”", "in 10,000 yuan; or give the amount in yuan"),
                "paid_on": ("如 2022-09-15，不早于 2022 年 6 月", "e.g. 2022-09-15; not before June 2022"),
            },
        ),
        TableSpec(
            "asset",
            "资产管理台账",
            ("ref",),
            {
                "ref": "text",
                "item_code": "text",
                "site_ref": "text",
                "description": "text",
                "quantity": "int",
                "value_yuan": "yuan",
                "value_wan": "wan",
                "acquired_on": "date",
                "owner": "text",
                "status": "text",
                "source": "text",
            },
            ("ref", "item_code", "description", "owner"),
            defaults={"quantity": 1, "status": "in_use"},
            enums={"owner": "asset_owner", "status": "asset_status"},
        ),
        # What an inspection found each asset to be (在用 / 闲置); the asset must stand at the inspected site.
        TableSpec(
            "inspection_asset",
            "督查资产核查",
            ("inspection_ref", "asset_ref"),
            {"inspection_ref": "text", "asset_ref": "text", "status": "text", "note": "text", "source": "text"},
            ("inspection_ref", "asset_ref", "status"),
            enums={"status": "asset_finding"},
        ),
    )
}
# The money column a sheet may give in 万元 instead of yuan: table -> (万元 column, yuan column).
WAN_COLUMNS = {
    "fund_item": ("budget_wan", "budget_yuan"),
    "fund_payment": ("amount_wan", "amount_yuan"),
    "asset": ("value_wan", "value_yuan"),
}
