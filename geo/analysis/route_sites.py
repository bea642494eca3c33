"""Which places a route starts from and visits: the bureau, and sites by id or by a rule."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import Connection, RowMapping, text

from geo.analysis.inspection_status import StatusRules, status_sql
from geo.analysis.townships import township_code
from geo.errors import InvalidInput, NotFound
from geo.store.settings import Settings

RULES = {
    "overdue": "st.interval_overdue",
    "overdue_any": "st.overdue",  # any reason: exactly the sites /inspections/status?overdue_only=true lists
    "flagged": "st.flagged",
    "overdue_or_flagged": "(st.interval_overdue OR st.flagged)",
}
MAX_SITES = 200


@dataclass(frozen=True)
class Place:
    site_id: int | None
    name: str
    lon: float
    lat: float
    township: str | None = None
    kind: str | None = None
    source: str = ""
    # why it is on the list: geo.vocab OVERDUE_REASON and FINDING codes (words: geo.analysis.route_words)
    reasons: tuple[str, ...] = ()


def start_place(
    conn: Connection, settings: Settings, site_id: int | None = None, lon: float | None = None, lat: float | None = None
) -> Place:
    """The start and end of every tour: given explicitly, else the bureau from the settings."""
    if lon is not None and lat is not None:
        return Place(None, "出发点 / start", float(lon), float(lat), source="request")
    if site_id is not None:
        return sites_by_id(conn, [site_id])[0]
    row = conn.execute(
        text(
            "SELECT s.id FROM site s WHERE (CAST(:ref AS text) IS NOT NULL AND s.ref = :ref) "
            "OR (CAST(:ref AS text) IS NULL AND s.kind = :kind) "
            "ORDER BY (s.township_code = :township) DESC, s.id LIMIT 1"
        ),
        {
            "ref": settings.route_start_site_ref,
            "kind": settings.route_start_kind,
            "township": settings.route_start_township,
        },
    ).scalar()
    if row is not None:
        return sites_by_id(conn, [row])[0]
    seat = conn.execute(
        text("SELECT name, ST_X(seat), ST_Y(seat), source FROM township WHERE code = :c AND seat IS NOT NULL"),
        {"c": settings.route_start_township},
    ).first()
    if seat is None:
        raise InvalidInput(
            "未设置出发点：找不到服务中心或乡镇驻地，请在请求中给出 start。\n"
            "No start: no service centre or township seat found; give 'start' in the request."
        )
    return Place(None, f"{seat[0]}驻地", seat[1], seat[2], seat[0], source=seat[3])


def sites_by_id(conn: Connection, ids: list[int]) -> list[Place]:
    rows = (
        conn.execute(
            text(
                "SELECT s.id, s.name, ST_X(s.location) AS lon, ST_Y(s.location) AS lat, t.name AS township, s.kind, s.source "
                "FROM site s LEFT JOIN township t ON t.code = s.township_code WHERE s.id = ANY(CAST(:ids AS int[]))"
            ),
            {"ids": list(ids)},
        )
        .mappings()
        .all()
    )
    found = {r["id"]: r for r in rows}
    missing = [i for i in ids if i not in found]
    if missing:
        raise NotFound(f"没有这些站点：{missing} / No such sites: {missing}", detail={"missing": missing})
    return [
        Place(r["id"], r["name"], r["lon"], r["lat"], r["township"], r["kind"], r["source"])
        for r in (found[i] for i in ids)
    ]


def sites_by_rule(
    conn: Connection, settings: Settings, rule: str, township: str | None = None, as_of: dt.date | None = None
) -> list[Place]:
    """Sites matching ``rule`` (see RULES), optionally in one township (name or 9-digit code)."""
    if rule not in RULES:
        raise InvalidInput(
            f"未知规则“{rule}”，可选：{', '.join(RULES)} / unknown rule '{rule}'; rules: {', '.join(RULES)}",
            detail={"valid": list(RULES)},
        )
    code = township_code(conn, township) if township else None
    sql, params = status_sql(StatusRules.from_settings(settings), as_of)
    rows = (
        conn.execute(
            text(
                f"SELECT s.id, s.name, ST_X(s.location) AS lon, ST_Y(s.location) AS lat, t.name AS township, s.kind, s.source, "
                f"st.overdue_reasons, st.stalled, st.idle_funds, st.idle_assets "
                f"FROM ({sql}) st JOIN site s ON s.id = st.site_id LEFT JOIN township t ON t.code = s.township_code "
                f"WHERE st.inspected AND {RULES[rule]} AND (CAST(:code AS text) IS NULL OR s.township_code = :code) "
                f"ORDER BY st.days_since DESC NULLS FIRST, s.id LIMIT {MAX_SITES}"
            ),
            {**params, "code": code},
        )
        .mappings()
        .all()
    )
    return [Place(r["id"], r["name"], r["lon"], r["lat"], r["township"], r["kind"], r["source"], _why(r)) for r in rows]


def _why(r: RowMapping) -> tuple[str, ...]:
    flags = tuple(key for key in ("stalled", "idle_funds", "idle_assets") if r[key])
    return (*(r["overdue_reasons"] or ()), *flags)
