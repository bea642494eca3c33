"""The inspection-status layer: latest outcome, days since, overdue by the rules engine (interval a setting)."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import text

from geo.store.database import get_engine
from geo.store.settings import Settings
from layers import registry


def _status(conn, site_id: int, settings: Settings | None = None) -> dict:
    layer = registry.get("inspection_status").for_settings(settings)
    (feature,) = [f for f in layer.features(conn) if f["properties"]["id"] == site_id]
    return feature["properties"]


def _one_station(conn) -> int:
    return conn.execute(text("SELECT id FROM site WHERE kind = 'village_station' ORDER BY id LIMIT 1")).scalar_one()


def test_latest_visit_decides_outcome_and_overdue(db_url: str) -> None:
    engine = get_engine(db_url)
    with engine.begin() as conn:
        site = _one_station(conn)
        conn.execute(text("DELETE FROM inspection WHERE site_id = :s"), {"s": site})
        conn.execute(
            text(
                "INSERT INTO inspection (site_id, visited_at, mode, inspector, outcome, source, stalled, idle_funds, idle_assets) VALUES "
                "(:s, now() - interval '200 days', 'announced', 'A', 'normal', 'test', false, false, false), "
                "(:s, now() - interval '100 days', 'unannounced', 'B', 'needs_rectification', 'test', false, false, false)"
            ),
            {"s": site},
        )
    with engine.connect() as conn:
        p = _status(conn, site, Settings(inspection_interval_days=90))
        assert _status(conn, site) == p  # no settings: the rules' defaults, 90 days
    assert p["last_outcome"] == "needs_rectification"
    assert p["last_mode"] == "unannounced"
    assert p["days_since"] == 100
    assert p["overdue"] is True
    assert p["overdue_reasons"] == ["interval", "flagged"]  # 100 days, and the visit asked for rectification
    style = registry.get("inspection_status").style_for(p)
    assert style["rings"] == ("", "8 3 2 3") and style["ringColor"] == "#B2182B"

    # the rule follows the settings given: only the finding still asks for a visit
    with engine.connect() as conn:
        assert _status(conn, site, Settings(inspection_interval_days=120))["overdue_reasons"] == ["flagged"]


def test_never_inspected_site_is_overdue(db_url: str) -> None:
    with get_engine(db_url).begin() as conn:
        site = _one_station(conn)
        conn.execute(text("DELETE FROM inspection WHERE site_id = :s"), {"s": site})
        p = _status(conn, site)
    assert p["last_outcome"] == "never" and p["overdue"] is True and p["days_since"] is None


def test_only_inspected_kinds_are_listed(db_url: str) -> None:
    with get_engine(db_url).connect() as conn:
        kinds = {f["properties"]["kind"] for f in registry.get("inspection_status").features(conn)}
    assert "service_centre" not in kinds and "village_station" in kinds


def test_recent_visit_is_not_overdue(db_url: str) -> None:
    today = dt.datetime.now(dt.UTC)
    with get_engine(db_url).begin() as conn:
        site = _one_station(conn)
        conn.execute(
            text(
                "INSERT INTO inspection (site_id, visited_at, mode, inspector, outcome, source, stalled, idle_funds, idle_assets) "
                "VALUES (:s, :at, 'unannounced', 'C', 'rectified', 'test', false, false, false)"
            ),
            {"s": site, "at": today},
        )
        p = _status(conn, site)
    # a visit today, unannounced, nothing found: no reason left at all
    assert p["last_outcome"] == "rectified" and p["overdue"] is False and p["days_since"] == 0
    assert p["overdue_reasons"] == []


def test_the_app_applies_its_own_settings_to_the_status(client_as, db_url: str) -> None:
    """create_app(settings=...) reaches the layer, its OGC collection and its export: no process settings."""
    with get_engine(db_url).begin() as conn:
        site = _one_station(conn)
        conn.execute(text("DELETE FROM inspection WHERE site_id = :s"), {"s": site})
        conn.execute(
            text(
                "INSERT INTO inspection (site_id, visited_at, mode, inspector, outcome, source, stalled, idle_funds, idle_assets) "
                "VALUES (:s, now() - interval '100 days', 'unannounced', 'B', 'normal', 'test', false, false, false)"
            ),
            {"s": site},
        )

    def reasons(settings: Settings) -> tuple[list, list]:
        client = client_as("official", settings)
        features = client.get("/layers/inspection_status.geojson").json()["features"]
        (layer,) = [f["properties"]["overdue_reasons"] for f in features if f["properties"]["id"] == site]
        ogc = client.get(f"/ogc/collections/inspection_status/items/{site}", params={"f": "json"}).json()
        return layer, ogc["properties"]["overdue_reasons"]

    # 100 days since an unannounced visit that found nothing: overdue only under a 90-day interval
    assert reasons(Settings(inspection_interval_days=90)) == (["interval"], ["interval"])
    assert reasons(Settings(inspection_interval_days=120)) == ([], [])
