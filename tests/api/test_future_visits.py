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
                "INSERT INTO inspection (site_id, visited_at, mode, inspector, outcome, source, stalled, idle_funds, "
                "idle_assets, position) SELECT :s, now() + interval '7 days', 'unannounced', '暗访组', 'normal', "
                "'manual', false, false, false, location FROM site WHERE id = :s RETURNING id"
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
    # nor on the map, in its layers or their downloads (the map and layers take visits that happened)
    planned_day = (dt.datetime.now(dt.UTC) + dt.timedelta(days=7)).date().isoformat()
    paths = ("/maps/inspections", "/layers/inspections.geojson", "/layers/inspection_status.geojson")
    for client, path in [(c, p) for c in (official, supervisor) for p in (*paths, "/layers/inspection_status.csv")]:
        answer = client.get(path)
        assert answer.status_code == 200, (path, answer.text[:200])
        assert planned_day not in answer.text and "暗访组" not in answer.text, path


XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
SHEET_HEADERS = ["督查编号", "站点编号", "督查时间", "督查方式", "督查人", "督查结果"]


def _visit_sheet(db_url: str, tmp_path, times: list[object]):  # noqa: ANN001, ANN202
    from tests.io.sheets import write_xlsx

    with get_engine(db_url).connect() as conn:
        site_ref = conn.execute(text("SELECT min(ref) FROM site WHERE kind = 'village_station'")).scalar_one()
    rows = [[f"future-{n}", site_ref, when, "暗访", "督查组", "正常"] for n, when in enumerate(times, start=2)]
    return write_xlsx(tmp_path / "督查记录.xlsx", SHEET_HEADERS, rows)


def test_an_imported_sheet_with_future_visit_times_is_refused_per_row(client_as, db_url: str, tmp_path) -> None:  # noqa: ANN001
    """Finding 4 for sheets: what POST /inspections refuses, an imported 督查记录 sheet refuses too,
    each row named with its Excel row, the column, the value as typed and why; nothing written."""
    from tests.io.sheets import fingerprint

    shanghai = dt.timezone(dt.timedelta(hours=8))
    tomorrow = (dt.datetime.now(shanghai) + dt.timedelta(days=1)).strftime("%Y-%m-%d %H:%M")
    soon = (dt.datetime.now(shanghai) + dt.timedelta(minutes=3)).strftime("%Y-%m-%d %H:%M")
    path = _visit_sheet(
        db_url,
        tmp_path,
        ["2026-10-01 09:30", dt.datetime(2099, 1, 1, 9, 30), tomorrow, soon],  # row 3: a date cell, the rest text
    )
    admin = client_as("admin")
    before = fingerprint(db_url)
    answer = admin.post("/imports/inspection", files={"file": (path.name, path.read_bytes(), XLSX)})
    assert answer.status_code == 422, answer.text
    errors = answer.json()["report"]["errors"]
    assert [(p["row"], p["column"]) for p in errors] == [(3, "督查时间"), (4, "督查时间")]
    assert errors[0]["value"] == "2099-01-01 09:30:00" and errors[1]["value"] == tomorrow
    for problem in errors:
        assert problem["reason_zh"] == "晚于当前时间超过 10 分钟；计划中的督查请用路线规划"
        assert problem["reason_en"] == "is more than 10 minutes in the future; plan future visits as routes instead"
    assert fingerprint(db_url) == before
    with get_engine(db_url).connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM inspection WHERE ref LIKE 'future-%'")).scalar_one() == 0

    # the same sheet without the two future rows imports (the 3-minute one is within the skew)
    path = _visit_sheet(db_url, tmp_path, ["2026-10-01 09:30", soon])
    ok = admin.post("/imports/inspection", files={"file": (path.name, path.read_bytes(), XLSX)})
    assert ok.status_code == 200, ok.text
    with get_engine(db_url).connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM inspection WHERE ref LIKE 'future-%'")).scalar_one() == 2


def test_the_skew_of_imported_sheets_is_the_setting(client_as, db_url: str, tmp_path) -> None:  # noqa: ANN001
    shanghai = dt.timezone(dt.timedelta(hours=8))
    soon = (dt.datetime.now(shanghai) + dt.timedelta(minutes=3)).strftime("%Y-%m-%d %H:%M")
    path = _visit_sheet(db_url, tmp_path, [soon])
    strict = client_as("admin", Settings(database_url=db_url, clock_skew_minutes=1))
    answer = strict.post(
        "/imports/inspection", params={"dry_run": "true"}, files={"file": (path.name, path.read_bytes(), XLSX)}
    )
    assert answer.status_code == 200 and answer.json()["ok"] is False
    (problem,) = answer.json()["errors"]
    assert (problem["row"], problem["column"], problem["value"]) == (2, "督查时间", soon)
    assert problem["reason_en"] == "is more than 1 minutes in the future; plan future visits as routes instead"


def test_fieldmap_load_refuses_future_visit_times_too(db_url: str, tmp_path) -> None:  # noqa: ANN001
    from typer.testing import CliRunner

    from api.cli import app as cli

    path = _visit_sheet(db_url, tmp_path, [dt.datetime(2099, 1, 1, 9, 30)])
    runner = CliRunner(env={"DATABASE_URL": db_url, "FIELDMAP_CLOCK_SKEW_MINUTES": "30"})
    result = runner.invoke(cli, ["load", str(path), "--table", "inspection", "--no-progress"])
    assert result.exit_code == 2, result.output
    assert "第 2 行 / row 2 · 督查时间 · “2099-01-01 09:30:00”" in result.output
    assert "more than 30 minutes in the future" in result.output
    with get_engine(db_url).connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM inspection WHERE ref LIKE 'future-%'")).scalar_one() == 0
