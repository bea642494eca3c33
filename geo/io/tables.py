"""What each importable table looks like in a file: its key, typed columns and geometry."""

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


# Speed of a road whose file gives none. The default network is a skeleton of major roads in a
# mountain county (two-lane provincial/county roads with bends and villages): 45 km/h on average.
DEFAULT_ROAD_SPEED_KMH = 45.0

SPECS: dict[str, TableSpec] = {
    spec.name: spec
    for spec in (
        TableSpec(
            "county", "县（市）", ("code",),
            {"code": "text", "name": "text", "name_en": "text", "source": "text"},
            ("code", "name"), "geom", ("Polygon", "MultiPolygon"), True,
        ),
        TableSpec(
            "township", "乡镇", ("code",),
            {"code": "text", "name": "text", "kind": "text", "county_code": "text", "geom_source": "text",
             "seat_lon": "float", "seat_lat": "float", "seat_source": "text", "source": "text"},
            ("code", "name", "kind"), "geom", ("Polygon", "MultiPolygon"), False,
            {"geom_source": "official"},
        ),
        TableSpec(
            "village", "行政村/社区", ("code",),
            {"code": "text", "name": "text", "township_code": "text", "kind": "text",
             "poverty_alleviated": "bool", "households": "int", "poverty_households": "int",
             "location_source": "text", "source": "text"},
            ("code", "name", "kind"), "location", ("Point",), False,
            {"poverty_alleviated": False},
        ),
        TableSpec(
            "site", "站点", ("ref",),
            {"ref": "text", "kind": "text", "name": "text", "village_code": "text", "township_code": "text",
             "status": "text", "opened_on": "date", "capabilities": "text[]", "parent_site": "text",
             "source": "text"},
            ("ref", "kind", "name"), "location", ("Point",), True,
            {"status": "operating", "capabilities": []},
        ),
        TableSpec(
            "specialty_village", "电商特色村", ("village_code", "year"),
            {"village_code": "text", "year": "int", "product": "text", "brand": "text",
             "online_sales_yuan": "float", "active_shops": "int", "jobs_driven": "int", "trainees": "int",
             "source": "text"},
            ("village_code", "year"),
        ),
        TableSpec(
            "inspection", "督查记录", ("ref",),
            {"ref": "text", "site_ref": "text", "visited_at": "datetime", "mode": "text", "inspector": "text",
             "outcome": "text", "findings": "text", "stalled": "bool", "idle_funds": "bool",
             "idle_assets": "bool", "source": "text"},
            ("ref", "site_ref", "visited_at", "mode", "inspector", "outcome"), "position", ("Point",), False,
            {"stalled": False, "idle_funds": False, "idle_assets": False},
        ),
        # Road network for pgRouting. node_a/node_b (or source/target) are the graph's node ids;
        # files without them get nodes from pgr_createTopology (geo.io.roads).
        TableSpec(
            "road", "道路", ("ref",),
            {"ref": "text", "node_a": "int", "node_b": "int", "length_km": "float", "class": "text",
             "speed_kmh": "float", "source": "text"},
            (), "geom", ("LineString",), True,
            {"speed_kmh": DEFAULT_ROAD_SPEED_KMH},
        ),
        # Two-way flows through a station (下行 consumer goods/farm inputs, 上行 farm products), per month.
        TableSpec(
            "shipment", "物流货量", ("site_id", "month", "direction", "category"),
            {"site_ref": "text", "month": "text", "direction": "text", "category": "text", "parcels": "int",
             "weight_kg": "float", "value_yuan": "float", "source": "text"},
            ("site_ref", "month", "direction", "category"),
        ),
        TableSpec(
            "training_session", "培训场次", ("ref",),
            {"ref": "text", "held_on": "date", "title": "text", "level": "text", "village_code": "text",
             "attendees": "int", "satisfaction_pct": "float", "source": "text"},
            ("ref", "held_on", "title", "level", "attendees"),
        ),
        TableSpec(
            "indicator_entry", "绩效指标填报", ("indicator", "period"),
            {"indicator": "text", "period": "text", "value": "float", "note": "text", "entered_by": "text",
             "source": "text"},
            ("indicator", "period", "value", "entered_by"),
        ),
        # Funds (资金安排表) and the asset ledger (资产管理台账). Money columns: ``yuan`` (exact, to the
        # fen); a sheet may give 万元 instead (``*_wan``), converted to yuan on import.
        TableSpec(
            "fund_item", "资金安排表", ("code",),
            {"code": "text", "seq": "int", "heading_zh": "text", "title_zh": "text", "title_en": "text",
             "budget_yuan": "yuan", "budget_wan": "wan", "funding": "text", "implementing_unit": "text",
             "scope": "text", "site_refs": "text[]", "village_codes": "text[]", "targets_source": "text",
             "source": "text"},
            ("code", "seq", "title_zh"),
            defaults={"funding": "central", "scope": "county", "site_refs": [], "village_codes": []},
        ),
        TableSpec(
            "fund_payment", "资金支付", ("ref",),
            {"ref": "text", "item_code": "text", "paid_on": "date", "amount_yuan": "yuan", "amount_wan": "wan",
             "payee": "text", "voucher_ref": "text", "site_ref": "text", "status": "text", "note": "text",
             "source": "text"},
            ("ref", "item_code", "paid_on"),
            defaults={"status": "paid"},
        ),
        TableSpec(
            "asset", "资产管理台账", ("ref",),
            {"ref": "text", "item_code": "text", "site_ref": "text", "description": "text", "quantity": "int",
             "value_yuan": "yuan", "value_wan": "wan", "acquired_on": "date", "owner": "text", "status": "text",
             "source": "text"},
            ("ref", "item_code", "description", "owner"),
            defaults={"quantity": 1, "status": "in_use"},
        ),
        # What an inspection found each asset to be (在用 / 闲置); the asset must stand at the inspected site.
        TableSpec(
            "inspection_asset", "督查资产核查", ("inspection_ref", "asset_ref"),
            {"inspection_ref": "text", "asset_ref": "text", "status": "text", "note": "text", "source": "text"},
            ("inspection_ref", "asset_ref", "status"),
        ),
    )
}
# The money column a sheet may give in 万元 instead of yuan: table -> (万元 column, yuan column).
WAN_COLUMNS = {"fund_item": ("budget_wan", "budget_yuan"), "fund_payment": ("amount_wan", "amount_yuan"),
               "asset": ("value_wan", "value_yuan")}
