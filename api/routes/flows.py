"""Two-way flows through the stations (下行/上行): shipment sums by station, township or month."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Literal

from fastapi import APIRouter, Query

from api.dependencies import ConnectionDep
from geo.analysis.flows import FlowQuery
from geo.analysis.flows import flows as compute_flows
from geo.vocab import FLOW_CATEGORY

router = APIRouter(tags=["logistics"])
if TYPE_CHECKING:
    Category = str
else:  # a category code (geo.vocab.FLOW_CATEGORY): FastAPI checks and documents the choices
    Category = Literal[FLOW_CATEGORY.codes]
Month = Annotated[str | None, Query(pattern=r"^\d{4}-(0[1-9]|1[0-2])$", description="月份 YYYY-MM / month")]


@router.get("/flows")
def flows(
    conn: ConnectionDep,
    by: Literal["station", "township", "month"] = "station",
    direction: Literal["down", "up"] | None = None,
    month: Month = None,
    category: Category | None = None,
    township_code: Annotated[str | None, Query(pattern=r"^\d{9}$")] = None,
) -> dict:
    """物流货量 / Shipments summed by station, township or month (parcels, kg, yuan; down and up)."""
    q = FlowQuery(by, direction, month, category, township_code)
    rows = compute_flows(conn, q)
    demo = any(r.pop("demo") for r in rows)
    return {
        "by": by,
        "direction": direction,
        "month": month,
        "category": category,
        "demo": demo,
        "demo_note": "演示数据 / DEMO DATA" if demo else None,
        "rows": rows,
    }
