"""Imports over HTTP and the command line: dry runs write nothing, refusals carry the row-level
report, a re-import changes nothing, and the downloaded template, filled in, imports."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from openpyxl import load_workbook
from sqlalchemy import text
from typer.testing import CliRunner

from api.cli import app as cli
from geo.store.database import get_engine
from tests.io.sheets import fingerprint, villages, wgs84_to_gcj02, write_xlsx

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
HEADERS = ["站点名称", "所属村代码", "经度", "纬度", "状态"]


def _sheet(url: str, tmp_path: Path, n: int = 3, name: str = "站点.xlsx") -> Path:
    rows = []
    for v in villages(url, n):
        lon, lat = wgs84_to_gcj02(v["lon"], v["lat"])
        rows.append([f"{v['name']}服务站", v["code"], round(lon, 7), round(lat, 7), "运营中"])
    return write_xlsx(tmp_path / name, HEADERS, rows)


def _post(client, path: Path, table: str = "site", **params):  # noqa: ANN001, ANN202
    return client.post(f"/imports/{table}", params=params, files={"file": (path.name, path.read_bytes(), XLSX)})


def test_dry_run_over_http_writes_nothing_then_the_import_does(client_as, db_url: str, tmp_path: Path) -> None:
    admin = client_as("admin")
    path = _sheet(db_url, tmp_path)
    before = fingerprint(db_url)
    dry = _post(admin, path, crs="gcj02", kind="village_station", dry_run="true")
    assert dry.status_code == 200, dry.text
    body = dry.json()
    assert (body["dry_run"], body["ok"], body["written"], body["inserted"], body["refused"]) == (
        True,
        True,
        False,
        3,
        0,
    )
    assert fingerprint(db_url) == before
    real = _post(admin, path, crs="gcj02", kind="village_station")
    assert real.status_code == 200 and (real.json()["inserted"], real.json()["written"]) == (3, True)
    after = fingerprint(db_url)
    assert after["counts"]["site"] == before["counts"]["site"] + 3 and after["version"] > before["version"]
    again = _post(admin, path, crs="gcj02", kind="village_station")
    assert (again.json()["inserted"], again.json()["updated"], again.json()["unchanged"]) == (0, 0, 3)
    assert fingerprint(db_url) == after  # nothing changed, not even the data version


def test_a_refused_upload_answers_422_with_every_bad_row(client_as, db_url: str, tmp_path: Path) -> None:
    admin = client_as("admin")
    rows = [["甲站", "533103999999", 98.58, 24.43, "运营中"], ["乙站", "", 24.43, 98.58, "营业额"]]
    path = write_xlsx(tmp_path / "坏.xlsx", HEADERS, rows)
    before = fingerprint(db_url)
    answer = _post(admin, path, crs="wgs84", kind="village_station")
    assert answer.status_code == 422
    report = answer.json()["report"]
    assert sorted({p["row"] for p in report["errors"]}) == [2, 3]
    by = {(p["row"], p["column"]): p for p in report["errors"]}
    assert by[(2, "所属村代码")]["value"] == "533103999999"
    assert by[(3, "状态")]["value"] == "营业额" and "运营中" in by[(3, "状态")]["reason_zh"]
    assert "填反" in by[(3, "纬度")]["reason_zh"]
    assert fingerprint(db_url) == before
    dry = _post(admin, path, crs="wgs84", kind="village_station", dry_run="true")
    assert dry.status_code == 200 and dry.json()["errors"] == report["errors"]


def test_unknown_column_over_http_and_ignore_columns(client_as, db_url: str, tmp_path: Path) -> None:
    admin = client_as("admin")
    v = villages(db_url, 1)[0]
    path = write_xlsx(
        tmp_path / "x.xlsx", [*HEADERS, "投资额"], [["丙站", v["code"], v["lon"], v["lat"], "在建", "10万"]]
    )
    refused = _post(admin, path, crs="wgs84", kind="village_station")
    assert refused.status_code == 422 and "投资额" in refused.json()["error"]
    ok = _post(admin, path, crs="wgs84", kind="village_station", ignore_columns="投资额")
    assert ok.status_code == 200 and ok.json()["ignored_columns"] == ["投资额"] and ok.json()["inserted"] == 1


def test_the_template_downloaded_filled_in_and_uploaded_imports(client_as, db_url: str, tmp_path: Path) -> None:
    admin = client_as("admin")
    answer = admin.get("/imports/site/template.xlsx")
    assert answer.status_code == 200 and answer.headers["content-type"] == XLSX
    book = load_workbook(io.BytesIO(answer.content))
    sheet = book.worksheets[0]
    headers = [c.value for c in sheet[1]]
    assert headers[:3] == ["编号", "站点类型", "站点名称"] and "经度" in headers and "纬度" in headers
    assert all(str(c.value).startswith("说明：") for c in sheet[2])
    validated = {str(dv.sqref) for dv in sheet.data_validations.dataValidation}
    col = {h: chr(ord("A") + k) for k, h in enumerate(headers)}
    assert f"{col['站点类型']}3:{col['站点类型']}1002" in validated and f"{col['状态']}3:{col['状态']}1002" in validated
    assert "坐标系说明" in book.sheetnames
    frames = " ".join(str(c.value) for row in book["坐标系说明"].iter_rows() for c in row if c.value)
    assert "GCJ-02" in frames and "BD-09" in frames and "CGCS2000" in frames and "高德" in frames and "百度" in frames
    for k, v in enumerate(villages(db_url, 2)):
        lon, lat = wgs84_to_gcj02(v["lon"], v["lat"])
        values = {
            "站点类型": "乡镇电商服务站",
            "站点名称": f"模板站{k}",
            "所属村代码": v["code"],
            "状态": "暂停",
            "经度": lon,
            "纬度": lat,
            "电话": "0692-1234567",
        }
        for h, value in values.items():
            sheet.cell(3 + k, headers.index(h) + 1, value)
    filled = tmp_path / "filled.xlsx"
    book.save(filled)
    done = _post(admin, filled, crs="gcj02")
    assert done.status_code == 200, done.text
    assert done.json()["explanation_row_skipped"] is True and done.json()["inserted"] == 2
    with get_engine(db_url).connect() as conn:
        got = conn.execute(text("SELECT kind, status, phone FROM site WHERE name LIKE '模板站%' ORDER BY name")).all()
    assert got == [("township_station", "suspended", "0692-1234567")] * 2


def test_every_table_the_command_line_takes_is_taken_over_http(client_as) -> None:
    schema = client_as("admin").get("/openapi.json").json()
    param = next(p for p in schema["paths"]["/imports/{table}"]["post"]["parameters"] if p["name"] == "table")
    assert sorted(param["schema"]["enum"]) == sorted(
        [
            "county",
            "township",
            "village",
            "site",
            "specialty_village",
            "inspection",
            "road",
            "training_session",
            "indicator_entry",
            "shipment",
            "fund_item",
            "fund_payment",
            "asset",
            "inspection_asset",
        ]
    )


def test_the_import_page_is_for_admins(client_as) -> None:
    assert client_as("official").get("/imports").status_code == 403
    page = client_as("admin").get("/imports")
    assert page.status_code == 200 and "数据导入" in page.text and "GCJ-02（高德、腾讯地图）" in page.text
    assert "Import data" in client_as("admin").get("/imports", params={"lang": "en"}).text
    assert "/imports" in client_as("admin").get("/").text
    assert "/imports/site/template.xlsx" not in client_as("viewer").get("/").text


@pytest.fixture
def cli_env(db_url: str) -> CliRunner:
    # the command reads DATABASE_URL from the runner's environment each time it runs: nothing cached
    return CliRunner(env={"DATABASE_URL": db_url})


def test_cli_dry_run_writes_nothing_and_names_the_rows(cli_env, db_url: str, tmp_path: Path) -> None:
    path = _sheet(db_url, tmp_path)
    before = fingerprint(db_url)
    result = cli_env.invoke(
        cli,
        [
            "load",
            str(path),
            "--table",
            "site",
            "--crs",
            "gcj02",
            "--kind",
            "村级电商服务站",
            "--dry-run",
            "--no-progress",
        ],
    )
    assert result.exit_code == 0, result.output
    assert "新增 inserted 3" in result.output
    assert fingerprint(db_url) == before
    bad = write_xlsx(tmp_path / "bad.xlsx", HEADERS, [["丁站", "533103999999", 98.58, 24.43, "运营中"]])
    result = cli_env.invoke(
        cli,
        [
            "load",
            str(bad),
            "--table",
            "site",
            "--crs",
            "wgs84",
            "--kind",
            "village_station",
            "--dry-run",
            "--no-progress",
        ],
    )
    assert result.exit_code == 2
    assert "第 2 行 / row 2 · 所属村代码 · “533103999999”" in result.output
    assert fingerprint(db_url) == before
    result = cli_env.invoke(
        cli, ["load", str(path), "--table", "site", "--crs", "gcj02", "--kind", "village_station", "--no-progress"]
    )
    assert result.exit_code == 0 and fingerprint(db_url)["counts"]["site"] == before["counts"]["site"] + 3


def test_cli_template(cli_env, tmp_path: Path) -> None:
    out = tmp_path / "sites.xlsx"
    result = cli_env.invoke(cli, ["template", "site", "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert [c.value for c in load_workbook(out).worksheets[0][1]][2] == "站点名称"
