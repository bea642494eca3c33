"""Overdue and latest-outcome rules on fixture sites with known visit dates."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

import pytest
from sqlalchemy import text

from geo.analysis.inspection_status import StatusRules, status_sql, with_reason_words
from geo.store.database import get_engine

AS_OF = dt.date(2026, 6, 30)
RULES = StatusRules(interval_days=90, unannounced_days=365)


def _site(
    conn, ref: str, kind: str = "village_station", status: str = "operating", opened: str | None = "2020-01-01"
) -> int:  # noqa: ANN001
    return conn.execute(
        text(
            "INSERT INTO site (ref, kind, name, location, status, opened_on, capabilities, source) "
            "VALUES (:ref, :kind, :ref, ST_SetSRID(ST_MakePoint(98.3, 24.2), 4326), :status, :opened, '{}', 'test') RETURNING id"
        ),
        {"ref": ref, "kind": kind, "status": status, "opened": opened},
    ).scalar_one()


def _visit(conn, site: int, when: str, mode: str = "announced", outcome: str = "normal", **flags: bool) -> None:  # noqa: ANN001
    conn.execute(
        text(
            "INSERT INTO inspection (site_id, visited_at, mode, inspector, outcome, stalled, idle_funds, idle_assets, source) "
            "VALUES (:s, CAST(:w AS timestamptz), :m, '督查一组', :o, :st, :f, :a, 'test')"
        ),
        {
            "s": site,
            "w": when,
            "m": mode,
            "o": outcome,
            "st": flags.get("stalled", False),
            "f": flags.get("idle_funds", False),
            "a": flags.get("idle_assets", False),
        },
    )


@pytest.fixture
def status(db_url: str) -> dict:
    with get_engine(db_url).begin() as conn:
        s = {
            # visited exactly 90 days before (local date): not overdue; 91 days: overdue
            "day90": _site(conn, "t-90"),
            "day91": _site(conn, "t-91"),
            "never": _site(conn, "t-never"),
            "new": _site(conn, "t-new", opened="2026-05-01"),
            "latest": _site(conn, "t-latest"),
            "closed": _site(conn, "t-closed"),
            "centre": _site(conn, "t-centre", kind="service_centre"),
            "future": _site(conn, "t-future"),
        }
        _visit(conn, s["day90"], "2026-04-01T10:00:00+08:00", mode="unannounced")
        # 2026-03-31 23:30 in Beijing is 15:30 UTC the same day: 91 local days
        _visit(conn, s["day91"], "2026-03-31T23:30:00+08:00")
        _visit(conn, s["day91"], "2025-06-01T10:00:00+08:00", mode="unannounced")
        _visit(
            conn, s["latest"], "2026-05-01T09:00:00+08:00", outcome="needs_rectification", stalled=True, idle_funds=True
        )
        _visit(conn, s["latest"], "2026-06-10T09:00:00+08:00", outcome="rectified", idle_assets=True)
        _visit(conn, s["closed"], "2025-01-01T09:00:00+08:00", outcome="closed")
        _visit(conn, s["future"], "2026-07-05T09:00:00+08:00")  # after as_of: ignored
        sql, params = status_sql(RULES, AS_OF)
        rows = conn.execute(
            text(f"SELECT * FROM ({sql}) st WHERE site_id = ANY(:ids)"), {**params, "ids": list(s.values())}
        )
        # the SQL gives codes and day counts; the words come from Python (with_reason_words)
        by_id = {r.site_id: SimpleNamespace(**with_reason_words(dict(r._mapping), RULES)) for r in rows}
    return {name: by_id[i] for name, i in s.items()}


def test_interval_boundary(status: dict) -> None:
    assert status["day90"].days_since == 90 and status["day90"].overdue is False
    assert status["day91"].days_since == 91 and status["day91"].overdue is True
    assert status["day91"].overdue_reasons == ["interval", "unannounced_interval"]
    assert status["day90"].overdue_reasons == []
    assert "91" in status["day91"].overdue_reason_zh and "91 days" in status["day91"].overdue_reason_en
    assert " / " in status["day91"].overdue_reason


def test_unannounced_rule(status: dict) -> None:
    assert status["day90"].unannounced_overdue is False
    # last unannounced visit 2025-06-01 is 394 days before as_of
    assert status["day91"].unannounced_overdue is True and "394" in status["day91"].overdue_reason_zh
    assert status["latest"].unannounced_overdue is True and "从未暗访" in status["latest"].overdue_reason_zh
    assert status["latest"].interval_overdue is False
    # the latest visit left idle assets: flagged, so overdue for a follow-up, and never unannounced
    assert status["latest"].flagged is True and status["latest"].overdue is True
    assert status["latest"].overdue_reasons == ["flagged", "never_unannounced"]


def test_never_inspected_new_sites_closed_sites_and_kinds(status: dict) -> None:
    assert status["never"].overdue is True and status["never"].overdue_reason_zh.startswith("从未督查")
    assert status["never"].overdue_reasons == ["never_inspected"]  # not also "never unannounced"
    assert status["never"].last_visited_at is None and status["never"].visits == 0
    assert status["new"].overdue is False  # opened 60 days ago: not yet due
    assert status["closed"].inspected is False and status["closed"].overdue is False
    assert status["closed"].latest_outcome == "closed"
    assert status["centre"].inspected is False and status["centre"].overdue is False
    assert status["future"].overdue is True and status["future"].visits == 0


def test_latest_outcome_and_flags_come_from_the_latest_visit(status: dict) -> None:
    latest = status["latest"]
    assert latest.latest_outcome == "rectified" and latest.visits == 2
    assert latest.days_since == 20
    assert (latest.stalled, latest.idle_funds, latest.idle_assets) == (False, False, True)


def test_builder_embeds_in_the_default_dataset(db_url: str) -> None:
    sql, params = status_sql(RULES, dt.date(2026, 11, 1))
    with get_engine(db_url).connect() as conn:
        n_sites = conn.execute(text("SELECT count(*) FROM site")).scalar_one()
        rows = conn.execute(text(f"SELECT site_id, overdue, days_since FROM ({sql}) x"), params).all()
        overdue = conn.execute(
            text(
                f"SELECT count(*) FROM ({sql}) st JOIN site s ON s.id = st.site_id WHERE st.overdue AND s.township_code = '533103102'"
            ),
            params,
        ).scalar_one()
    assert len(rows) == n_sites
    assert any(r.overdue for r in rows) and not all(r.overdue for r in rows)
    assert overdue > 0  # the demo leaves some 遮放镇 stations overdue


def test_literal_subquery_gives_the_same_rows(db_url: str) -> None:
    from geo.analysis.inspection_status import status_subquery

    sql, params = status_sql(RULES, dt.date(2026, 11, 1))
    literal = status_subquery(RULES, dt.date(2026, 11, 1))
    assert ":st_" not in literal
    with get_engine(db_url).connect() as conn:
        a = conn.execute(text(f"SELECT * FROM ({sql}) x ORDER BY site_id"), params).all()
        b = conn.execute(text(f"SELECT * FROM ({literal}) x ORDER BY site_id")).all()
        today = conn.execute(text(f"SELECT count(*) FROM ({status_subquery(RULES)}) x")).scalar_one()
    assert a == b and len(a) == today
