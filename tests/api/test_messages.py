"""Messages a clerk reads: an empty file says it has no rows; a broken file never shows the
server's temporary folder."""

from __future__ import annotations

import json

import pytest


@pytest.mark.parametrize("table", ["site", "village"])
def test_an_empty_feature_collection_says_no_rows(client_as, table: str) -> None:
    body = json.dumps({"type": "FeatureCollection", "features": []}).encode()
    r = client_as("admin").post(f"/imports/{table}", files={"file": ("empty.geojson", body, "application/geo+json")})
    assert r.status_code == 422, r.text
    assert "the file has no rows" in r.json()["error"] and "文件中没有数据行" in r.json()["error"]
    assert "missing required columns" not in r.json()["error"]


@pytest.mark.parametrize("content", [b"{}", b'{"type": "Feature"}', b"{not json"])
def test_a_broken_geojson_error_names_the_file_not_the_temporary_folder(client_as, content: bytes) -> None:
    r = client_as("admin").post("/imports/site", files={"file": ("stations.geojson", content, "application/geo+json")})
    assert r.status_code == 422, r.text
    error = r.json()["error"]
    assert "fieldmap-upload-" not in error and "/tmp" not in error
