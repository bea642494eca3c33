"""Inspection status per site: latest outcome, days since the last visit, overdue and why.

One SQL query builder, so the map layer, the route rule ("overdue in 遮放镇") and the API
all read the same answer. Embed it as a subquery::

    sql, params = status_sql(StatusRules.from_settings(settings))
    conn.execute(text(f"SELECT ... FROM ({sql}) st JOIN site s ON s.id = st.site_id"), params)

Its columns: site_id, inspected (kind and status are subject to the rules), last_visited_at,
last_unannounced_at, visits, days_since, days_since_unannounced, latest_outcome,
interval_overdue (the visit interval is exceeded or the site was never inspected),
unannounced_overdue, flagged (the latest visit found a problem: needs rectification, stalled
work, idle funds or assets — awaiting a follow-up visit), **overdue** (any of the reasons) and
**overdue_reasons** (text[] of ``geo.vocab.OVERDUE_REASON`` codes, in REASON_ORDER), stalled,
idle_funds, idle_assets, desk_flag (latest record made away from the site). The SQL returns
codes and day counts; :func:`overdue_reason` words them (``site_status`` adds
overdue_reason_zh, overdue_reason_en and overdue_reason, "zh / en").

The status truth is ``overdue`` / ``overdue_reasons``: the status API, the map layer, its legend
counts, the exports and the deck all read these two columns (``overdue_counts`` counts them).
All parameters are prefixed ``st_`` so they do not collide with the host query's. Hosts that
take plain SQL text without parameters (a ``Layer.query``) use ``status_subquery(rules)``.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, text

from geo.analysis.townships import township_code
from geo.store.settings import Settings
from geo.vocab import OVERDUE_REASON_DETAIL, SEMICOLON, word

LOCAL_TZ = "Asia/Shanghai"
# Sites of these statuses are inspected; planned sites do not exist yet and closed ones are gone.
INSPECTED_STATUSES = ("operating", "suspended", "building")
# The overdue reasons (geo.vocab.OVERDUE_REASON codes) in the order they are listed and drawn.
# A site never inspected gets only ``never_inspected`` (it is of course never visited unannounced too).
REASON_ORDER = ("never_inspected", "interval", "flagged", "never_unannounced", "unannounced_interval")


@dataclass(frozen=True)
class StatusRules:
    interval_days: int = 90  # every site at least once per this many days
    unannounced_days: int = 365  # at least one unannounced visit (暗访) per this many days
    kinds: tuple[str, ...] = ("live_station", "village_station", "township_station", "warehouse", "sorting_centre")
    desk_distance_m: float = 300.0

    @classmethod
    def from_settings(cls, settings: Settings) -> StatusRules:
        return cls(
            settings.inspection_interval_days,
            settings.unannounced_interval_days,
            tuple(settings.inspected_kinds),
            settings.desk_distance_m,
        )


def status_sql(rules: StatusRules, as_of: dt.date | None = None) -> tuple[str, dict]:
    """SQL text and parameters giving one row per site (see the module docstring).

    Overdue, for a site the rules inspect (kind in ``rules.kinds``, status operating / suspended /
    building, latest outcome not ``closed``), is any of: never inspected (unless opened within the
    interval); the last visit more than ``interval_days`` ago; the latest visit found a problem
    (flagged, awaiting follow-up); visited but never unannounced (unless opened within
    ``unannounced_days``); the last unannounced visit more than ``unannounced_days`` ago.

    ``as_of`` is the local (Asia/Shanghai) date the days are counted to; default today.
    A site never inspected is overdue unless it opened within the interval; a site whose
    latest outcome is ``closed`` is no longer inspected.
    """
    params = {
        "st_as_of": as_of,
        "st_interval": int(rules.interval_days),
        "st_unannounced": int(rules.unannounced_days),
        "st_kinds": list(rules.kinds),
        "st_statuses": list(INSPECTED_STATUSES),
        "st_desk_m": float(rules.desk_distance_m),
    }
    sql = f"""
WITH st_day AS (
    SELECT coalesce(CAST(:st_as_of AS date), (now() AT TIME ZONE '{LOCAL_TZ}')::date) AS as_of
), st_visits AS (
    SELECT i.site_id, count(*) AS visits, max(i.visited_at) AS last_visited_at,
           max(i.visited_at) FILTER (WHERE i.mode = 'unannounced') AS last_unannounced_at
    FROM inspection i, st_day
    WHERE (i.visited_at AT TIME ZONE '{LOCAL_TZ}')::date <= st_day.as_of
      AND i.visited_at <= now()  -- a forward-dated record is a plan, not a visit (and may be 暗访)
    GROUP BY i.site_id
), st_latest AS (
    SELECT DISTINCT ON (i.site_id) i.site_id, i.outcome, i.stalled, i.idle_funds, i.idle_assets,
           (i.position IS NULL OR i.gps_distance_m > :st_desk_m) AS desk_flag
    FROM inspection i, st_day
    WHERE (i.visited_at AT TIME ZONE '{LOCAL_TZ}')::date <= st_day.as_of AND i.visited_at <= now()
    ORDER BY i.site_id, i.visited_at DESC, i.id DESC
), st_base AS (
    SELECT s.id AS site_id,
           (s.kind = ANY(CAST(:st_kinds AS text[])) AND s.status = ANY(CAST(:st_statuses AS text[]))
            AND coalesce(l.outcome, '') <> 'closed') AS inspected,
           v.last_visited_at, v.last_unannounced_at, coalesce(v.visits, 0) AS visits,
           d.as_of - (v.last_visited_at AT TIME ZONE '{LOCAL_TZ}')::date AS days_since,
           d.as_of - (v.last_unannounced_at AT TIME ZONE '{LOCAL_TZ}')::date AS days_since_unannounced,
           (s.opened_on IS NOT NULL AND s.opened_on > d.as_of - :st_interval) AS new_site,
           (s.opened_on IS NOT NULL AND s.opened_on > d.as_of - :st_unannounced) AS new_site_unannounced,
           l.outcome AS latest_outcome,
           coalesce(l.stalled, false) AS stalled, coalesce(l.idle_funds, false) AS idle_funds,
           coalesce(l.idle_assets, false) AS idle_assets, l.desk_flag
    FROM site s CROSS JOIN st_day d
    LEFT JOIN st_visits v ON v.site_id = s.id
    LEFT JOIN st_latest l ON l.site_id = s.id
), st_rules AS (
    SELECT b.*,
           (b.inspected AND CASE WHEN b.last_visited_at IS NULL THEN NOT b.new_site
                                 ELSE b.days_since > :st_interval END) AS interval_overdue,
           (b.inspected AND b.last_visited_at IS NOT NULL
            AND CASE WHEN b.last_unannounced_at IS NULL THEN NOT b.new_site_unannounced
                     ELSE b.days_since_unannounced > :st_unannounced END) AS unannounced_overdue,
           (b.inspected AND (b.latest_outcome = 'needs_rectification' OR b.stalled OR b.idle_funds
                             OR b.idle_assets)) AS flagged
    FROM st_base b
), st_codes AS (
    SELECT r.*,
           array_remove(ARRAY[
               CASE WHEN r.interval_overdue AND r.last_visited_at IS NULL THEN 'never_inspected' END,
               CASE WHEN r.interval_overdue AND r.last_visited_at IS NOT NULL THEN 'interval' END,
               CASE WHEN r.flagged THEN 'flagged' END,
               CASE WHEN r.unannounced_overdue AND r.last_unannounced_at IS NULL THEN 'never_unannounced' END,
               CASE WHEN r.unannounced_overdue AND r.last_unannounced_at IS NOT NULL THEN 'unannounced_interval' END
           ], NULL) AS overdue_reasons
    FROM st_rules r
)
SELECT site_id, inspected, last_visited_at, last_unannounced_at, visits, days_since, days_since_unannounced,
       latest_outcome, interval_overdue, unannounced_overdue, flagged,
       cardinality(overdue_reasons) > 0 AS overdue, overdue_reasons,
       stalled, idle_funds, idle_assets, desk_flag
FROM st_codes
"""
    return sql, params


def status_subquery(rules: StatusRules, as_of: dt.date | None = None) -> str:
    """``status_sql`` with its parameters written in as SQL literals, for hosts that take plain SQL
    text (e.g. ``layers.base.Layer.query``). Values are ints, floats, a date and the site kinds from
    the settings; text is quoted, so nothing from a request reaches the SQL unquoted."""
    sql, params = status_sql(rules, as_of)
    for name in sorted(params, key=len, reverse=True):
        sql = re.sub(rf"(?<!:):{name}\b", _literal(params[name]).replace("\\", "\\\\"), sql)
    return sql


def _literal(value: object) -> str:
    if value is None:
        return "NULL"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return repr(value)
    if isinstance(value, dt.date):
        return f"DATE '{value.isoformat()}'"
    if isinstance(value, (list, tuple)):
        return "ARRAY[" + ", ".join(_literal(v) for v in value) + "]::text[]" if value else "ARRAY[]::text[]"
    return "'" + str(value).replace("'", "''") + "'"


# The order the reasons are spelled out in: the visit interval, the unannounced one, the finding.
TEXT_ORDER = ("never_inspected", "interval", "never_unannounced", "unannounced_interval", "flagged")


def overdue_reason(row: Mapping[str, Any], rules: StatusRules, lang: str = "zh") -> str | None:
    """Why a status row is overdue, in words with its day counts and the rules; None when it is not."""
    codes = set(row.get("overdue_reasons") or ())
    figures = {
        "days": row.get("days_since"),
        "days_unannounced": row.get("days_since_unannounced"),
        "interval": rules.interval_days,
        "unannounced": rules.unannounced_days,
    }
    parts = [word(OVERDUE_REASON_DETAIL[c], lang).format(**figures) for c in TEXT_ORDER if c in codes]
    return word(SEMICOLON, lang).join(parts) or None


def with_reason_words(row: Mapping[str, Any], rules: StatusRules) -> dict[str, Any]:
    """The row with ``overdue_reason_zh`` / ``_en`` and ``overdue_reason`` ("zh / en") added."""
    zh, en = overdue_reason(row, rules, "zh"), overdue_reason(row, rules, "en")
    both = " / ".join(t for t in (zh, en) if t) or None
    return {**row, "overdue_reason": both, "overdue_reason_zh": zh, "overdue_reason_en": en}


def site_status(
    conn: Connection,
    rules: StatusRules,
    as_of: dt.date | None = None,
    township: str | None = None,
    overdue_only: bool = False,
) -> list[dict]:
    """The status rows joined with the site's name and township, as JSON-ready dicts."""
    code = township_code(conn, township) if township else None
    sql, params = status_sql(rules, as_of)
    rows = conn.execute(
        text(
            f"SELECT st.*, s.name, s.kind, s.status, s.township_code, t.name AS township, s.source "
            f"FROM ({sql}) st JOIN site s ON s.id = st.site_id LEFT JOIN township t ON t.code = s.township_code "
            f"WHERE (CAST(:code AS text) IS NULL OR s.township_code = :code) "
            f"AND (NOT CAST(:only AS boolean) OR st.overdue) "
            f"ORDER BY s.township_code, st.days_since DESC NULLS FIRST, s.id"
        ),
        {**params, "code": code, "only": overdue_only},
    ).mappings()
    out = []
    for r in rows:
        d = with_reason_words(dict(r), rules)
        for key in ("last_visited_at", "last_unannounced_at"):
            d[key] = d[key].isoformat() if d[key] is not None else None
        out.append(d)
    return out


def overdue_counts(rows: list[dict]) -> dict[str, int]:
    """``{"overdue": sites overdue, <reason code>: sites with that reason, ...}`` for status rows
    (``site_status``) or map features' properties alike: the one count the legends show."""
    out = {"overdue": sum(1 for r in rows if r.get("overdue"))}
    for code in REASON_ORDER:
        out[code] = sum(1 for r in rows if code in (r.get("overdue_reasons") or ()))
    return out
