"""Garbage in: limits on request size, upload type and size, geometry complexity;
every error a JSON body with a clear message and never a stack trace."""

from __future__ import annotations

import geopandas as gpd
import numpy as np
import pytest
import shapely
from sqlalchemy import text

from geo.errors import InvalidInput
from geo.io.load import load_frame, read_context
from geo.io.tables import SPECS
from geo.io.validate import validate
from geo.store.database import get_engine
from geo.store.settings import Settings

TRACE_MARKERS = ("Traceback", 'File "', "sqlalchemy", "psycopg2")


def _clean_json_error(response) -> str:  # noqa: ANN001
    assert response.headers["content-type"].startswith("application/json")
    body = response.json()
    assert isinstance(body["error"], str) and body["error"]
    assert not any(m in response.text for m in TRACE_MARKERS)
    return body["error"]


def test_request_over_the_size_limit_is_413(client_as) -> None:
    admin = client_as("admin", Settings(max_request_bytes=1000))
    declared = admin.post("/users", content=b"{" + b" " * 5000 + b"}", headers={"content-type": "application/json"})
    assert declared.status_code == 413 and "too large" in _clean_json_error(declared)

    def chunks():  # noqa: ANN202 - no Content-Length: the body is counted as it streams
        for _ in range(10):
            yield b" " * 500

    streamed = admin.post("/users", content=chunks(), headers={"content-type": "application/json"})
    assert streamed.status_code == 413
    assert "too large" in _clean_json_error(streamed)


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("sites.exe", b"MZ....", "Unsupported file type"),
        ("noext", b"ref,kind", "Unsupported file type"),
        ("sites.gpkg", b"ref,kind,name\n", "not a valid .gpkg"),
        ("sites.xlsx", b"<html>", "not a valid .xlsx"),
        ("sites.geojson", b"not json at all", "not a valid .geojson"),
        ("sites.csv", b"ref\x00kind", "not a valid .csv"),
    ],
)
def test_uploads_of_the_wrong_type_are_refused(admin_client, name: str, content: bytes, message: str) -> None:
    response = admin_client.post("/imports/site", files={"file": (name, content, "application/octet-stream")})
    assert response.status_code == 422
    assert message in _clean_json_error(response)


def test_upload_over_the_file_limit_is_refused_and_nothing_written(client_as, db_url: str) -> None:
    admin = client_as("admin", Settings(max_upload_bytes=2000))
    csv = "ref,kind,name,status,lon,lat\n" + "".join(
        f"big-{i},village_station,站{i},operating,98.58,24.43\n" for i in range(200)
    )
    response = admin.post("/imports/site", params={"crs": "wgs84"}, files={"file": ("s.csv", csv.encode(), "text/csv")})
    assert response.status_code == 413 and "too large" in _clean_json_error(response)  # like photos
    with get_engine(db_url).connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM site WHERE ref LIKE 'big-%'")).scalar_one() == 0


def test_bad_rows_in_an_upload_are_named_and_nothing_is_written(admin_client, db_url: str) -> None:
    csv = "ref,kind,name,status,lon,lat\nok-1,village_station,甲,operating,98.58,24.43\nbad-2,shop,乙,operating,98.58,24.43\n"
    response = admin_client.post(
        "/imports/site", params={"crs": "wgs84"}, files={"file": ("s.csv", csv.encode(), "text/csv")}
    )
    assert response.status_code == 422
    assert "row 3" in _clean_json_error(response)  # Excel's row number: the header is row 1
    with get_engine(db_url).connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM site WHERE ref = 'ok-1'")).scalar_one() == 0


def test_too_complex_geometry_is_refused(db_url: str) -> None:
    with get_engine(db_url).connect() as conn:
        ctx = read_context(conn)
    angles = np.linspace(0, 2 * np.pi, 60_000, endpoint=False)
    ring = shapely.Polygon(np.c_[98.58 + 0.01 * np.cos(angles), 24.43 + 0.01 * np.sin(angles)])  # 60,001 vertices
    frame = gpd.GeoDataFrame(
        {"code": ["533103101"], "name": ["勐焕街道"], "kind": ["subdistrict"]},
        geometry=[shapely.MultiPolygon([ring])],
        crs=4326,
    )
    with pytest.raises(InvalidInput, match="too complex: 60001 vertices"):
        validate(SPECS["township"], frame, ctx)
    with get_engine(db_url).begin() as conn, pytest.raises(InvalidInput):
        load_frame(conn, "township", frame)


@pytest.mark.parametrize(
    ("method", "path", "kwargs", "status"),
    [
        ("GET", "/no/such/page", {}, 404),
        ("DELETE", "/healthz", {}, 405),
        ("POST", "/users", {"content": b"{not json", "headers": {"content-type": "application/json"}}, 422),
        ("POST", "/users", {"json": {"username": "a b", "password": "short"}}, 422),
        ("PATCH", "/sites/999999", {"json": {"status": "closed"}}, 404),
        ("PATCH", "/sites/1", {"json": {"ref": "x"}}, 422),
        ("GET", "/audit", {"params": {"since": "yesterday"}}, 422),
        ("POST", "/imports/nonsense", {"files": {"file": ("a.csv", b"a", "text/csv")}}, 422),
    ],
)
def test_errors_are_json_with_a_message_and_no_trace(
    admin_client, method: str, path: str, kwargs: dict, status: int
) -> None:
    response = admin_client.request(method, path, **kwargs)
    assert response.status_code == status
    _clean_json_error(response)
