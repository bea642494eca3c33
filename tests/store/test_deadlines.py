"""The database deadlines are settings (``FIELDMAP_DB_*_TIMEOUT_S``) that reach the app's pool."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient
from pydantic import ValidationError
from sqlalchemy import text

from api.app import create_app
from geo.store.settings import Settings


def _show(conn, name: str) -> str:  # noqa: ANN001
    return conn.execute(text(f"SHOW {name}")).scalar_one()


def test_an_apps_deadline_settings_reach_its_pool(db_url: str) -> None:
    settings = Settings(
        database_url=db_url, db_statement_timeout_s=7.5, db_pool_timeout_s=3.0, db_connect_timeout_s=4.0
    )
    with TestClient(create_app(db_url, settings)) as client:
        engine = client.app.state.engine  # what every route's connection dependency hands out
        with engine.connect() as conn:
            assert _show(conn, "statement_timeout") == "7500ms"
            assert conn.connection.dbapi_connection.get_dsn_parameters()["connect_timeout"] == "4"
        assert engine.pool.timeout() == 3.0
        assert client.get("/healthz").json()["status"] == "ok"


def test_the_defaults_are_the_documented_ones(db_url: str) -> None:
    with TestClient(create_app(db_url, Settings(database_url=db_url))) as client:
        with client.app.state.engine.connect() as conn:
            assert _show(conn, "statement_timeout") == "2min"  # 120 s
            assert conn.connection.dbapi_connection.get_dsn_parameters()["connect_timeout"] == "2"
        assert client.app.state.engine.pool.timeout() == 5.0


def test_the_deadlines_are_read_from_the_environment(monkeypatch) -> None:  # noqa: ANN001
    monkeypatch.setenv("FIELDMAP_DB_STATEMENT_TIMEOUT_S", "30")
    monkeypatch.setenv("FIELDMAP_DB_HEALTH_TIMEOUT_S", "0.5")
    waits = Settings(_env_file=None).deadlines
    assert (waits.statement_s, waits.health_s, waits.connect_s) == (30.0, 0.5, 2.0)


@pytest.mark.parametrize("bands", ["[]", "[0, 60]", "[30, 30]", "[-5]"])
def test_bad_service_area_bands_are_refused_at_start_naming_the_setting(monkeypatch, bands: str) -> None:
    """An empty or non-positive band list would make every logistics page fail later: refused when read."""
    monkeypatch.setenv("FIELDMAP_SERVICE_AREA_BANDS_MIN", bands)
    with pytest.raises(ValidationError) as err:
        Settings()
    assert "service_area_bands_min" in str(err.value) and "服务范围时间带" in str(err.value)


def test_service_area_bands_are_kept_in_order(monkeypatch) -> None:
    monkeypatch.setenv("FIELDMAP_SERVICE_AREA_BANDS_MIN", "[60, 15]")
    assert Settings().service_area_bands_min == (15, 60)
