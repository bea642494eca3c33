"""Inspection records (督查记录): create, read, list and update with optimistic concurrency.

The phone's GPS position is stored with its distance to the site (geography metres);
a record made farther than ``desk_distance_m`` from the site, or with no position at all,
carries ``desk_flag`` so a record made at a desk is visible as such. Updates carry the
``version`` the writer read: if the record changed since, nothing is written and
``Conflict`` carries the current record.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass

from sqlalchemy import Connection, RowMapping, text

from geo.analysis import inspection_assets
from geo.errors import Conflict, InvalidInput, NotFound
from geo.store.models import INSPECTION_MODES, INSPECTION_OUTCOMES

EDITABLE = ("visited_at", "mode", "inspector", "outcome", "findings", "stalled", "idle_funds", "idle_assets", "assets")

_SELECT = f"""
SELECT i.id, i.site_id, s.name AS site_name, s.kind AS site_kind, s.township_code, t.name AS township_name,
       i.visited_at, i.mode, i.inspector, i.outcome, i.findings, i.stalled, i.idle_funds, i.idle_assets,
       ST_X(i.position) AS lon, ST_Y(i.position) AS lat, i.gps_accuracy_m, i.gps_distance_m,
       (i.position IS NULL OR i.gps_distance_m > :desk_m) AS desk_flag,
       i.version, i.updated_at, i.source,
       coalesce((SELECT json_agg(json_build_object('id', p.id, 'content_type', p.content_type,
                 'size_bytes', p.size_bytes, 'original_name', p.original_name) ORDER BY p.id)
                 FROM inspection_photo p WHERE p.inspection_id = i.id), '[]'::json) AS photos,
       {inspection_assets.ASSETS_JSON} AS assets
FROM inspection i JOIN site s ON s.id = i.site_id LEFT JOIN township t ON t.code = s.township_code
"""


@dataclass(frozen=True)
class NewInspection:
    site_id: int
    mode: str
    inspector: str
    outcome: str
    visited_at: dt.datetime | None = None
    findings: str | None = None
    stalled: bool = False
    idle_funds: bool = False
    idle_assets: bool = False
    lon: float | None = None  # phone GPS, WGS 84
    lat: float | None = None
    gps_accuracy_m: float | None = None
    assets: tuple[dict, ...] = ()  # [{"asset_id", "status": in_use|idle, "note"}] found at the site


def latest_visit(skew_minutes: float) -> dt.datetime:
    """The latest visit time accepted now: a phone's clock may be up to ``skew_minutes`` fast."""
    return dt.datetime.now(dt.UTC) + dt.timedelta(minutes=skew_minutes)


def future_reason(skew_minutes: float) -> tuple[str, str]:
    """Why a visit time too far ahead is refused (zh, en), for the API and for imported sheets."""
    return (
        f"晚于当前时间超过 {skew_minutes:g} 分钟；计划中的督查请用路线规划",
        f"is more than {skew_minutes:g} minutes in the future; plan future visits as routes instead",
    )


def check_not_future(when: dt.datetime, skew_minutes: float | None) -> None:
    """A visit is in the past: refuse times more than ``skew_minutes`` ahead of now (a phone's
    clock may be a little fast). A forward-dated 暗访 record would be a plan in disguise."""
    if skew_minutes is None:
        return
    if when > latest_visit(skew_minutes):
        zh, en = future_reason(skew_minutes)
        raise InvalidInput(
            f"督查时间 {when.isoformat()} {zh}\nThe visit time {when.isoformat()} {en}.",
            detail={"field": "visited_at"},
        )


def create(
    conn: Connection,
    record: NewInspection,
    desk_distance_m: float,
    actor: str = "api",
    max_future_minutes: float | None = None,
) -> dict:
    _check_values(record.mode, record.outcome, record.inspector)
    if (record.lon is None) != (record.lat is None):
        raise InvalidInput("定位需同时给出经度和纬度 / give both lon and lat, or neither")
    if (
        record.lon is not None
        and record.lat is not None
        and not (-180 <= record.lon <= 180 and -90 <= record.lat <= 90)
    ):
        raise InvalidInput(f"定位坐标无效：{record.lon}, {record.lat} / invalid position")
    _site_exists(conn, record.site_id)
    visited_at = record.visited_at or dt.datetime.now(dt.UTC)
    if visited_at.tzinfo is None:
        raise InvalidInput(f"时间“{visited_at}”缺少时区 / time '{visited_at}' has no time zone")
    check_not_future(visited_at, max_future_minutes)
    new_id = conn.execute(
        text(
            """
        INSERT INTO inspection (site_id, visited_at, mode, inspector, outcome, findings, stalled, idle_funds,
                                idle_assets, position, gps_accuracy_m, gps_distance_m, version, source)
        SELECT s.id, :visited_at, :mode, :inspector, :outcome, :findings, :stalled, :idle_funds, :idle_assets,
               p.pos, :acc, ST_Distance(p.pos::geography, s.location::geography), 1, 'field'
        FROM site s,
             LATERAL (SELECT CASE WHEN CAST(:lon AS float8) IS NULL THEN NULL
                          ELSE ST_SetSRID(ST_MakePoint(CAST(:lon AS float8), CAST(:lat AS float8)), 4326) END AS pos) p
        WHERE s.id = :site_id
        RETURNING id
        """
        ),
        {**record.__dict__, "visited_at": visited_at, "acc": record.gps_accuracy_m},
    ).scalar_one()
    if record.assets:
        inspection_assets.replace(conn, new_id, inspection_assets.checked(conn, record.site_id, record.assets))
    result = get(conn, new_id, desk_distance_m)
    _audit(conn, actor, "create", new_id, None, result)
    return result


def get(conn: Connection, inspection_id: int, desk_distance_m: float) -> dict:
    row = (
        conn.execute(text(_SELECT + " WHERE i.id = :id"), {"id": inspection_id, "desk_m": desk_distance_m})
        .mappings()
        .first()
    )
    if row is None:
        raise NotFound(f"没有编号为 {inspection_id} 的督查记录 / No inspection with id {inspection_id}")
    return _json(row)


def list_records(
    conn: Connection,
    desk_distance_m: float,
    site_id: int | None = None,
    township_code: str | None = None,
    limit: int = 100,
    offset: int = 0,
) -> list[dict]:
    clauses: list[str] = []
    params: dict[str, object] = {"desk_m": desk_distance_m, "limit": limit, "offset": offset}
    if site_id is not None:
        clauses.append("i.site_id = :site_id")
        params["site_id"] = site_id
    if township_code is not None:
        clauses.append("s.township_code = :township_code")
        params["township_code"] = township_code
    where = (" WHERE " + " AND ".join(clauses)) if clauses else ""
    rows = conn.execute(
        text(_SELECT + where + " ORDER BY i.visited_at DESC, i.id DESC LIMIT :limit OFFSET :offset"), params
    )
    return [_json(r) for r in rows.mappings()]


def form_sites(conn: Connection) -> list[dict]:
    """Every site for the inspection form's picker: id, name, township name, source, lon/lat (WGS 84)."""
    rows = conn.execute(
        text(
            "SELECT s.id, s.name, t.name AS township, s.source, ST_X(s.location) AS lon, ST_Y(s.location) AS lat "
            "FROM site s LEFT JOIN township t ON t.code = s.township_code ORDER BY s.township_code, s.name"
        )
    )
    return [dict(r) for r in rows.mappings()]


def update(
    conn: Connection,
    inspection_id: int,
    version: int,
    changes: dict,
    desk_distance_m: float,
    actor: str = "api",
    max_future_minutes: float | None = None,
) -> dict:
    """Apply ``changes`` if the record is still at ``version``; else ``Conflict`` with the current record."""
    unknown = set(changes) - set(EDITABLE)
    if unknown:
        raise InvalidInput(
            f"不能修改：{', '.join(sorted(unknown))} / cannot change: {', '.join(sorted(unknown))}",
            detail={"editable": list(EDITABLE)},
        )
    empty = sorted(
        c for c in ("visited_at", "stalled", "idle_funds", "idle_assets") if c in changes and changes[c] is None
    )
    if empty:
        raise InvalidInput(f"这些字段不能为空：{', '.join(empty)} / these fields cannot be empty: {', '.join(empty)}")
    when = changes.get("visited_at")
    if when is not None and when.tzinfo is None:
        raise InvalidInput(f"时间“{when}”缺少时区 / time '{when}' has no time zone")
    if when is not None:
        check_not_future(when, max_future_minutes)
    before = get(conn, inspection_id, desk_distance_m)
    changes = dict(changes)
    assets = changes.pop("assets", None)
    found = None if assets is None else inspection_assets.checked(conn, before["site_id"], assets)
    _check_values(
        changes.get("mode", before["mode"]),
        changes.get("outcome", before["outcome"]),
        changes.get("inspector", before["inspector"]),
    )
    sets = ", ".join(f"{c} = :{c}" for c in changes)
    # The version test and the write are one statement, so two writers cannot both win.
    updated = conn.execute(
        text(
            f"UPDATE inspection SET {sets}{', ' if sets else ''}version = version + 1, updated_at = now() "
            "WHERE id = :id AND version = :version RETURNING id"
        ),
        {**changes, "id": inspection_id, "version": version},
    ).scalar()
    if updated is None:
        current = get(conn, inspection_id, desk_distance_m)
        raise Conflict(
            f"该记录已被他人修改（当前版本 {current['version']}，您提交的版本 {version}），未保存您的修改；请查看最新内容后重试。\n"
            f"This record was changed by someone else (current version {current['version']}, yours {version}); "
            "your changes were not saved. Review the current record and try again.",
            detail={"current": current},
        )
    if found is not None:
        inspection_assets.replace(conn, inspection_id, found)
    after = get(conn, inspection_id, desk_distance_m)
    _audit(conn, actor, "update", inspection_id, before, after)
    return after


def _check_values(mode: str, outcome: str, inspector: str) -> None:
    if mode not in INSPECTION_MODES:
        raise InvalidInput(
            f"方式“{mode}”无效，可选：{', '.join(INSPECTION_MODES)} / mode must be one of {', '.join(INSPECTION_MODES)}"
        )
    if outcome not in INSPECTION_OUTCOMES:
        raise InvalidInput(
            f"结果“{outcome}”无效，可选：{', '.join(INSPECTION_OUTCOMES)} / outcome must be one of {', '.join(INSPECTION_OUTCOMES)}"
        )
    if not (inspector or "").strip():
        raise InvalidInput("请填写督查人或督查组 / the inspector (person or team) is required")


def _site_exists(conn: Connection, site_id: int) -> None:
    if conn.execute(text("SELECT 1 FROM site WHERE id = :id"), {"id": site_id}).scalar() is None:
        raise NotFound(f"没有编号为 {site_id} 的站点 / No site with id {site_id}")


def _json(row: RowMapping) -> dict:
    out = dict(row)
    for key in ("visited_at", "updated_at"):
        if out.get(key) is not None:
            out[key] = out[key].isoformat()
    return out


def _audit(conn: Connection, actor: str, action: str, key: int, before: dict | None, after: dict) -> None:
    conn.execute(
        text(
            "INSERT INTO audit_log (actor, action, \"table\", key, before, after) VALUES (:a, :act, 'inspection', :k, :b, :af)"
        ),
        {
            "a": actor,
            "act": action,
            "k": str(key),
            "b": json.dumps(before, ensure_ascii=False) if before else None,
            "af": json.dumps(after, ensure_ascii=False),
        },
    )
