"""Visit times in the future are refused (beyond the clock-skew setting); a forward-dated 暗访
record already in the database stays hidden below supervisor (records, status)."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import text

from geo.store.database import get_engine
from geo.store.settings import Settings


def _site(db_url: str) -> int:
    with get_engine(db_url).connect() as conn:
        return conn.execute(text("SELECT min(id) FROM site WHERE kind = 'village_station'")).scalar_one()


def _record(site_id: int, when: str, mode: str = "announced") -> dict:
    return {"site_id": site_id, "mode": mode, "inspector": "督查组", "outcome": "normal", "visited_at": when}


def _iso(delta: dt.timedelta) -> str:
    return (dt.datetime.now(dt.UTC) + delta).isoformat()


@pytest.mark.parametrize("when", ["9999-12-31T08:00:00+08:00", "tomorrow", "in 20 minutes"])
def test_a_visit_in_the_future_is_refused_and_nothing_is_stored(client_as, db_url: str, when: str) -> None:
    value = {"tomorrow": _iso(dt.timedelta(days=1)), "in 20 minutes": _iso(dt.timedelta(minutes=20))}.get(when, when)
    client = client_as("supervisor")
    with get_engine(db_url).connect() as conn:
        before = conn.execute(text("SELECT count(*) FROM inspection")).scalar_one()
    r = client.post("/inspections", json=_record(_site(db_url), value, "unannounced"))
    assert r.status_code == 422, r.text
    assert "visited_at" in r.text and "future" in r.json()["error"] and "晚于当前时间" in r.json()["error"]
    with get_engine(db_url).connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM inspection")).scalar_one() == before


def test_a_fast_phone_clock_within_the_skew_is_fine_and_patch_is_checked_too(client_as, db_url: str) -> None:
    client = client_as("supervisor")
    ok = client.post("/inspections", json=_record(_site(db_url), _iso(dt.timedelta(minutes=3))))
    assert ok.status_code == 201, ok.text
    later = client.patch(
        f"/inspections/{ok.json()['id']}", json={"version": 1, "visited_at": _iso(dt.timedelta(days=2))}
    )
    assert later.status_code == 422 and "visited_at" in later.text


def test_the_skew_is_a_setting(client_as, db_url: str) -> None:
    strict = client_as("supervisor", Settings(database_url=db_url, clock_skew_minutes=1))
    r = strict.post("/inspections", json=_record(_site(db_url), _iso(dt.timedelta(minutes=3))))
    assert r.status_code == 422


def test_a_forward_dated_unannounced_record_is_for_supervisors_only(client_as, db_url: str) -> None:
    site_id = _site(db_url)
    with get_engine(db_url).begin() as conn:  # stored before the check existed, or imported
        rec_id = conn.execute(
            text(
                "INSERT INTO inspection (site_id, visited_at, mode, inspector, outcome, source, stalled, idle_funds, idle_assets) "
                "VALUES (:s, now() + interval '7 days', 'unannounced', '暗访组', 'normal', 'manual', false, false, false) RETURNING id"
            ),
            {"s": site_id},
        ).scalar_one()
    official, supervisor = client_as("official"), client_as("supervisor")
    assert rec_id in [
        r["id"] for r in supervisor.get("/inspections", params={"site_id": site_id}).json()["inspections"]
    ]
    assert rec_id not in [
        r["id"] for r in official.get("/inspections", params={"site_id": site_id}).json()["inspections"]
    ]
    assert official.get(f"/inspections/{rec_id}").status_code == 404
    assert supervisor.get(f"/inspections/{rec_id}").json()["mode"] == "unannounced"
    # The status counts visits that happened: a planned one is no visit, for anyone.
    for client in (official, supervisor):
        rows = client.get("/inspections/status", params={"site_id": site_id}).json()
        text_body = str(rows)
        assert (dt.datetime.now(dt.UTC) + dt.timedelta(days=7)).date().isoformat() not in text_body
