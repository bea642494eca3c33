"""The tables of logistics and funds go through the same import pipeline over HTTP: a dry run
writes nothing (not even the data version), the real import writes, a re-import changes nothing;
a road file's dry run says how many roads it would remove; the funds template, filled in, imports."""

from __future__ import annotations

import io
import json
from pathlib import Path

from openpyxl import load_workbook
from sqlalchemy import text

from geo.store.database import get_engine
from tests.io.sheets import write_xlsx

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _state(url: str) -> tuple:
    with get_engine(url).connect() as conn:
        return tuple(
            conn.execute(
                text(
                    "SELECT (SELECT count(*) FROM fund_payment), (SELECT count(*) FROM road), "
                    "(SELECT md5(string_agg(p::text, '|' ORDER BY p.ref)) FROM fund_payment p), "
                    "(SELECT version FROM data_state)"
                )
            ).one()
        )


def _post(client, path: Path, table: str, **params):  # noqa: ANN001, ANN202
    return client.post(f"/imports/{table}", params=params, files={"file": (path.name, path.read_bytes(), XLSX)})


def test_payments_dry_run_writes_nothing_then_imports_in_yuan(client_as, db_url: str, tmp_path: Path) -> None:
    admin = client_as("admin")
    path = write_xlsx(
        tmp_path / "支付.xlsx",
        ["支付编号", "项目编号", "支付日期", "金额（万元）", "收款单位", "状态"],
        [
            ["ZF-H1", "F05", "2022-09-15", "1.5", "甲公司", "已支付"],
            ["ZF-H2", "F01", "2023-01-04", "2", "乙公司", "计划"],
        ],
    )
    before = _state(db_url)
    dry = _post(admin, path, "fund_payment", dry_run="true")
    assert dry.status_code == 200, dry.text
    assert (dry.json()["inserted"], dry.json()["written"]) == (2, False)
    assert _state(db_url) == before
    real = _post(admin, path, "fund_payment")
    assert real.status_code == 200 and real.json()["inserted"] == 2
    with get_engine(db_url).connect() as conn:
        rows = conn.execute(
            text("SELECT ref, amount_yuan, status FROM fund_payment WHERE ref LIKE 'ZF-H%' ORDER BY ref")
        ).all()
    assert [tuple(r) for r in rows] == [("ZF-H1", 15000, "paid"), ("ZF-H2", 20000, "planned")]
    after = _state(db_url)
    again = _post(admin, path, "fund_payment")
    assert (again.json()["inserted"], again.json()["updated"], again.json()["unchanged"]) == (0, 0, 2)
    assert _state(db_url) == after  # not even the data version moved


def test_a_road_file_dry_run_counts_the_roads_it_would_remove(client_as, db_url: str, tmp_path: Path) -> None:
    path = tmp_path / "roads.geojson"
    path.write_text(
        json.dumps(
            {
                "type": "FeatureCollection",
                "features": [
                    {
                        "type": "Feature",
                        "properties": {"class": "primary", "length_km": 5.0},
                        "geometry": {"type": "LineString", "coordinates": [[98.55, 24.40], [98.60, 24.40]]},
                    }
                ],
            }
        ),
        encoding="utf-8",
    )
    before = _state(db_url)
    assert before[1] == 141  # the default OSM skeleton
    dry = client_as("admin").post(
        "/imports/road",
        params={"dry_run": "true"},
        files={"file": (path.name, path.read_bytes(), "application/geo+json")},
    )
    assert dry.status_code == 200, dry.text
    assert (dry.json()["inserted"], dry.json()["removed"], dry.json()["written"]) == (1, 141, False)
    assert _state(db_url) == before


def test_the_payments_template_filled_in_imports(client_as, db_url: str, tmp_path: Path) -> None:
    admin = client_as("admin")
    answer = admin.get("/imports/fund_payment/template.xlsx")
    assert answer.status_code == 200
    book = load_workbook(io.BytesIO(answer.content))
    sheet = book.worksheets[0]
    headers = [c.value for c in sheet[1]]
    assert {
        "支付编号",
        "项目编号",
        "支付日期",
        "金额（元）",
        "金额（万元）",
        "收款单位",
        "凭证号",
        "站点编号",
        "状态",
    } <= set(headers)
    values = {
        "支付编号": "ZF-T1",
        "项目编号": "F02",
        "支付日期": "2024-05-01",
        "金额（元）": "880.50",
        "状态": "已支付",
    }
    sheet.append([values.get(h) for h in headers])
    path = tmp_path / "filled.xlsx"
    book.save(path)
    done = _post(admin, path, "fund_payment")
    assert done.status_code == 200, done.text
    assert done.json()["inserted"] == 1
    with get_engine(db_url).connect() as conn:
        assert (
            conn.execute(text("SELECT amount_yuan::text FROM fund_payment WHERE ref = 'ZF-T1'")).scalar_one()
            == "880.50"
        )
