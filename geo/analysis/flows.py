"""Two-way flows (下行/上行) through the stations: sums of shipments by station, township or month."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Connection, text

from geo.errors import InvalidInput
from geo.vocab import FLOW_CATEGORY, FLOW_DIRECTION

GROUPS = {
    "station": (
        "s.id AS site_id, s.ref AS site_ref, s.name AS site_name, s.kind AS site_kind, s.township_code",
        "s.id, s.ref, s.name, s.kind, s.township_code",
        "s.ref",
    ),
    "township": ("t.code AS township_code, t.name AS township_name", "t.code, t.name", "t.code"),
    "month": ("sh.month", "sh.month", "sh.month"),
}


@dataclass(frozen=True)
class FlowQuery:
    by: str = "station"
    direction: str | None = None
    month: str | None = None
    category: str | None = None
    township_code: str | None = None

    def __post_init__(self) -> None:
        if self.by not in GROUPS:
            raise InvalidInput(f"by 应为 {', '.join(GROUPS)} 之一 / by must be one of {', '.join(GROUPS)}")
        if self.direction is not None and self.direction not in FLOW_DIRECTION.codes:
            raise InvalidInput(
                f"方向“{self.direction}”无效，可选：down, up / unknown direction '{self.direction}': down, up"
            )
        if self.category is not None and self.category not in FLOW_CATEGORY.codes:
            raise InvalidInput(
                f"品类“{self.category}”无效 / unknown category '{self.category}'",
                detail={"valid": list(FLOW_CATEGORY.codes)},
            )


def flows(conn: Connection, q: FlowQuery) -> list[dict]:
    """One row per group: parcels, weight and value, down and up, and whether any row is demo data."""
    select, group, order = GROUPS[q.by]
    where, params = ["true"], {}
    for column, value in (
        ("sh.direction", q.direction),
        ("sh.month", q.month),
        ("sh.category", q.category),
        ("s.township_code", q.township_code),
    ):
        if value is not None:
            key = column.split(".")[1]
            where.append(f"{column} = :{key}")
            params[key] = value
    sql = (
        f"SELECT {select}, "
        "coalesce(sum(sh.parcels) FILTER (WHERE sh.direction = 'down'), 0)::int AS parcels_down, "
        "coalesce(sum(sh.parcels) FILTER (WHERE sh.direction = 'up'), 0)::int AS parcels_up, "
        "round(coalesce(sum(sh.weight_kg) FILTER (WHERE sh.direction = 'down'), 0)::numeric, 1)::float8 AS weight_kg_down, "
        "round(coalesce(sum(sh.weight_kg) FILTER (WHERE sh.direction = 'up'), 0)::numeric, 1)::float8 AS weight_kg_up, "
        "round(coalesce(sum(sh.value_yuan) FILTER (WHERE sh.direction = 'down'), 0)::numeric, 2)::float8 AS value_yuan_down, "
        "round(coalesce(sum(sh.value_yuan) FILTER (WHERE sh.direction = 'up'), 0)::numeric, 2)::float8 AS value_yuan_up, "
        "count(*)::int AS rows, bool_or(sh.source = 'demo') AS demo "
        "FROM shipment sh JOIN site s ON s.id = sh.site_id LEFT JOIN township t ON t.code = s.township_code "
        f"WHERE {' AND '.join(where)} GROUP BY {group} ORDER BY {order}"
    )
    return [dict(r) for r in conn.execute(text(sql), params).mappings()]
