"""Inspection records over HTTP: the desk-record flag at its boundary, 409 on a stale version, photos."""

from __future__ import annotations

import struct
import zlib

import pytest
from sqlalchemy import text

from geo.store.database import get_engine
from geo.store.settings import Settings


@pytest.fixture
def client(client_as):  # noqa: ANN001, ANN201 - the role these routes need (api/access.py)
    return client_as("supervisor")


def _site(client) -> tuple[int, float, float]:  # noqa: ANN001
    with get_engine(client.app.state.database_url).connect() as conn:
        return conn.execute(
            text(
                "SELECT id, ST_X(location), ST_Y(location) FROM site WHERE kind = 'village_station' ORDER BY id LIMIT 1"
            )
        ).one()


def _north_of(conn, lon: float, lat: float, metres: float) -> tuple[float, float]:  # noqa: ANN001
    """A point ``metres`` due north (geodesic, PostGIS geography)."""
    x, y = conn.execute(
        text(
            "SELECT ST_X(p::geometry), ST_Y(p::geometry) FROM ST_Project(ST_SetSRID(ST_MakePoint(:x, :y), 4326)::geography, :m, 0) p"
        ),
        {"x": lon, "y": lat, "m": metres},
    ).one()
    return x, y


def _record(site_id: int, **extra) -> dict:
    return {
        "site_id": site_id,
        "mode": "unannounced",
        "inspector": "督查二组",
        "outcome": "normal",
        "visited_at": "2026-11-20T10:00:00+08:00",
        **extra,
    }


@pytest.mark.parametrize("metres,flagged", [(299, False), (301, True), (20, False)])
def test_desk_flag_at_the_boundary(client, metres: float, flagged: bool) -> None:  # noqa: ANN001
    site_id, lon, lat = _site(client)
    with get_engine(client.app.state.database_url).connect() as conn:
        x, y = _north_of(conn, lon, lat, metres)
    r = client.post("/inspections", json=_record(site_id, lon=x, lat=y, gps_accuracy_m=8))
    assert r.status_code == 201, r.text
    rec = r.json()
    assert rec["gps_distance_m"] == pytest.approx(metres, abs=0.5)
    assert rec["desk_flag"] is flagged
    assert rec["version"] == 1 and rec["source"] == "field"
    listed = client.get(f"/inspections?site_id={site_id}").json()["inspections"]
    assert listed[0]["id"] == rec["id"] and listed[0]["desk_flag"] is flagged


def test_no_position_is_flagged_and_bad_input_is_refused(client) -> None:  # noqa: ANN001
    site_id, _, _ = _site(client)
    rec = client.post("/inspections", json=_record(site_id)).json()
    assert rec["desk_flag"] is True and rec["gps_distance_m"] is None
    assert client.post("/inspections", json=_record(site_id, outcome="fine")).status_code == 422
    assert client.post("/inspections", json=_record(site_id, lon=98.5)).status_code == 422
    assert client.post("/inspections", json=_record(99999999)).status_code == 404


def test_second_concurrent_update_gets_409_with_the_current_record(client) -> None:  # noqa: ANN001
    site_id, lon, lat = _site(client)
    rec = client.post("/inspections", json=_record(site_id, lon=lon, lat=lat)).json()
    first = client.patch(
        f"/inspections/{rec['id']}", json={"version": 1, "outcome": "needs_rectification", "findings": "物流台账不全"}
    )
    assert first.status_code == 200 and first.json()["version"] == 2
    second = client.patch(f"/inspections/{rec['id']}", json={"version": 1, "outcome": "closed"})
    assert second.status_code == 409
    body = second.json()
    assert "已被他人修改" in body["error"]
    assert body["current"]["version"] == 2 and body["current"]["outcome"] == "needs_rectification"
    now = client.get(f"/inspections/{rec['id']}").json()
    assert now["outcome"] == "needs_rectification" and now["findings"] == "物流台账不全"
    assert client.patch(f"/inspections/{rec['id']}", json={"version": 2, "outcome": "rectified"}).json()["version"] == 3
    assert client.patch(f"/inspections/{rec['id']}", json={"version": 3, "stalled": None}).status_code == 422
    assert client.patch(f"/inspections/{rec['id']}", json={"version": 3, "mode": None}).status_code == 422
    assert client.patch("/inspections/99999999", json={"version": 1, "outcome": "closed"}).status_code == 404


def _png() -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    raw = b"\x00\xff\x00\x00"
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0))
        + chunk(b"IDAT", zlib.compress(raw))
        + chunk(b"IEND", b"")
    )


@pytest.fixture
def photo_client(client, tmp_path):  # noqa: ANN001
    client.app.state.settings = Settings(upload_dir=tmp_path, photo_max_bytes=2048)
    yield client, tmp_path


def test_photo_upload_limits(photo_client) -> None:  # noqa: ANN001
    client, folder = photo_client
    site_id, lon, lat = _site(client)
    rec = client.post("/inspections", json=_record(site_id, lon=lon, lat=lat)).json()
    url = f"/inspections/{rec['id']}/photos"

    ok = client.post(url, files={"file": ("站点门口.png", _png(), "image/png")})
    assert ok.status_code == 201, ok.text
    assert ok.json()["content_type"] == "image/png"
    assert len(list(folder.rglob("*.png"))) == 1
    assert client.get(ok.json()["url"]).content == _png()
    assert client.get(f"/inspections/{rec['id']}").json()["photos"][0]["id"] == ok.json()["id"]

    big = client.post(url, files={"file": ("big.jpg", b"\xff\xd8\xff\xe0" + b"0" * 4096, "image/jpeg")})
    assert big.status_code == 413 and "太大" in big.json()["error"] and "limit" in big.json()["error"]

    fake = client.post(url, files={"file": ("photo.jpg", b"%PDF-1.4 not an image", "image/jpeg")})
    assert fake.status_code == 422 and "JPEG" in fake.json()["error"] and "not a JPEG" in fake.json()["error"]
    webp = client.post(
        url, files={"file": ("x.bin", b"RIFF\x10\x00\x00\x00WEBPVP8 " + b"\x00" * 8, "application/octet-stream")}
    )
    assert webp.status_code == 201 and webp.json()["content_type"] == "image/webp"
    assert len([p for p in folder.rglob("*") if p.is_file()]) == 2  # refused uploads left nothing on disk
    assert (
        client.post("/inspections/99999999/photos", files={"file": ("a.png", _png(), "image/png")}).status_code == 404
    )


def test_form_page_is_chinese_first_and_says_demo(client) -> None:  # noqa: ANN001
    page = client.get("/inspections/new").text
    assert "督查记录" in page and "navigator.geolocation" in page and "演示数据" in page
    assert 'name="site_id"' in page and "暗访" in page
    assert "Inspection record" in client.get("/inspections/new?lang=en").text


def test_status_endpoint_lists_overdue_sites_of_a_township(client) -> None:  # noqa: ANN001
    body = client.get("/inspections/status?township=遮放镇&as_of=2026-11-01&overdue_only=true").json()
    assert body["count"] > 0 and body["rules"]["interval_days"] == 90 and "DEMO DATA" in body["notice"]
    assert all(s["township"] == "遮放镇" and s["overdue"] and s["overdue_reasons"] for s in body["sites"])
    assert all(s["overdue_reason_zh"] for s in body["sites"])
    overdue = {s["site_id"] for s in body["sites"] if s["interval_overdue"]}
    route = client.post("/routes/plan", json={"rule": "overdue", "township": "遮放镇", "as_of": "2026-11-01"}).json()
    assert {s["site_id"] for s in route["stops"]} | {u["site_id"] for u in route["unplaced"]} == overdue


def test_simultaneous_updates_one_wins_one_gets_conflict(client) -> None:  # noqa: ANN001
    """Two writers with the same version at the same moment: the row lock makes the second see the first."""
    import threading

    from geo.analysis import inspections
    from geo.errors import Conflict

    site_id, lon, lat = _site(client)
    rec = client.post("/inspections", json=_record(site_id, lon=lon, lat=lat)).json()
    engine = get_engine(client.app.state.database_url)
    outcome: dict = {}

    first = engine.connect()
    tx = first.begin()
    inspections.update(first, rec["id"], 1, {"findings": "甲"}, 300.0)  # holds the row lock, not committed

    def second_writer() -> None:
        try:
            with engine.begin() as conn:
                outcome["pid"] = conn.execute(text("SELECT pg_backend_pid()")).scalar_one()
                inspections.update(conn, rec["id"], 1, {"findings": "乙"}, 300.0)
            outcome["second"] = "saved"
        except Conflict as exc:
            outcome["second"] = exc.detail["current"]

    thread = threading.Thread(target=second_writer)
    thread.start()
    # A separate autocommit connection: every poll is its own transaction (own statistics
    # snapshot), so it sees the second writer start waiting on the first writer's row lock.
    blocked = False
    try:
        blocked = _wait_until_blocked(engine, outcome)
        still_waiting = "second" not in outcome  # it cannot finish while the first holds the lock
    finally:
        tx.commit()
        first.close()
        thread.join(timeout=30)
    assert blocked, "the second writer never waited for the first writer's row lock"
    assert still_waiting
    assert isinstance(outcome["second"], dict), outcome
    assert outcome["second"]["findings"] == "甲" and outcome["second"]["version"] == 2
    assert client.get(f"/inspections/{rec['id']}").json()["findings"] == "甲"


def _wait_until_blocked(engine, outcome: dict) -> bool:  # noqa: ANN001
    import time

    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as watcher:
        for _ in range(600):
            pid = outcome.get("pid")
            if (
                pid is not None
                and watcher.execute(
                    text("SELECT count(*) FROM pg_locks WHERE pid = :p AND NOT granted"), {"p": pid}
                ).scalar_one()
            ):
                return bool(
                    watcher.execute(
                        text("SELECT wait_event_type = 'Lock' FROM pg_stat_activity WHERE pid = :p"), {"p": pid}
                    ).scalar_one()
                )
            time.sleep(0.05)
    return False
