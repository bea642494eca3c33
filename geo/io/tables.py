"""What each importable table looks like in a file: its key, typed columns and geometry."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class TableSpec:
    name: str
    title_zh: str
    key: tuple[str, ...]
    # column -> type: text, int, float, bool, date, datetime, text[]
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
    )
}
