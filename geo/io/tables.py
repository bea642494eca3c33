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
    # column -> type: text, int, float, bool, date, datetime, text[]
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
            "county", "县（市）", ("code",),
            {"code": "text", "name": "text", "name_en": "text", "source": "text"},
            ("code", "name"), "geom", ("Polygon", "MultiPolygon"), True,
        ),
        TableSpec(
            "township", "乡镇", ("code",),
            {"code": "text", "name": "text", "kind": "text", "county_code": "text", "geom_source": "text",
             "seat_lon": "float", "seat_lat": "float", "seat_source": "text", "source": "text"},
            ("code", "name", "kind"), "geom", ("Polygon", "MultiPolygon"), False,
            {"geom_source": "official"}, enums={"kind": "township_kind", "geom_source": "geom_source"},
        ),
        TableSpec(
            "village", "行政村/社区", ("code",),
            {"code": "text", "name": "text", "township_code": "text", "kind": "text",
             "poverty_alleviated": "bool", "households": "int", "poverty_households": "int",
             "location_source": "text", "source": "text"},
            ("code", "name", "kind"), "location", ("Point",), False,
            {"poverty_alleviated": False}, enums={"kind": "village_kind"},
        ),
        TableSpec(
            "site", "站点", ("ref",),
            {"ref": "text", "kind": "text", "name": "text", "village_code": "text", "township_code": "text",
             "status": "text", "opened_on": "date", "capabilities": "text[]", "address": "text", "contact": "text",
             "phone": "text", "source": "text"},
            ("ref", "kind", "name"), "location", ("Point",), True,
            {"status": "operating", "capabilities": []},
            enums={"kind": "site_kind", "status": "site_status"}, unique=("name",), derive_ref=("village_code", "name"),
            explain={
                "ref": ("站点编号，可不填（按村代码和名称自动生成）", "site ref; may be left empty (made from village code + name)"),
                "kind": ("从下拉列表选择", "pick from the list"), "name": ("必填", "required"),
                "village_code": ("12 位统计用区划代码", "12-digit statistical code"),
                "township_code": ("9 位代码或乡镇名称，可不填", "9-digit code or township name; optional"),
                "status": ("从下拉列表选择，默认运营中", "pick from the list; default operating"),
                "opened_on": ("如 2024-05-01", "e.g. 2024-05-01"),
                "capabilities": ("用逗号分隔", "comma-separated"),
                "lon": ("经度，如 98.58；坐标系见“坐标系说明”", "longitude, e.g. 98.58; see the coordinate-system sheet"),
                "lat": ("纬度，如 24.43", "latitude, e.g. 24.43"),
            },
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
            enums={"mode": "inspection_mode", "outcome": "inspection_outcome"},
        ),
        # Road network for pgRouting. node_a/node_b (or source/target) are the graph's node ids;
        # files without them get nodes from pgr_createTopology (geo.io.roads).
        TableSpec(
            "road", "道路", ("ref",),
            {"ref": "text", "node_a": "int", "node_b": "int", "length_km": "float", "class": "text",
             "speed_kmh": "float", "source": "text"},
            (), "geom", ("LineString",), True,
            {"speed_kmh": DEFAULT_ROAD_SPEED_KMH},
            not_stored=("both_ends_in_bbox", "intersects_mangshi_boundary"),  # the OSM skeleton's extraction flags
        ),
        TableSpec(
            "training_session", "培训场次", ("ref",),
            {"ref": "text", "held_on": "date", "title": "text", "level": "text", "village_code": "text",
             "attendees": "int", "satisfaction_pct": "float", "source": "text"},
            ("ref", "held_on", "title", "level", "attendees"), enums={"level": "training_level"},
        ),
        TableSpec(
            "indicator_entry", "绩效指标填报", ("indicator", "period"),
            {"indicator": "text", "period": "text", "value": "float", "note": "text", "entered_by": "text",
             "source": "text"},
            ("indicator", "period", "value", "entered_by"), enums={"indicator": "indicator"},
        ),
    )
}
