"""The import page in a real headless Chromium: dry run report as a table, then confirm."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import text

from geo.store.database import get_engine
from tests.io.sheets import fingerprint, villages, wgs84_to_gcj02, write_xlsx

pytestmark = pytest.mark.slow  # a real Chromium

HEADERS = ["站点名称", "所属村代码", "经度", "纬度", "状态"]


def _rows(url: str) -> list[list[object]]:
    out = []
    for v in villages(url, 2):
        lon, lat = wgs84_to_gcj02(v["lon"], v["lat"])
        out.append([f"{v['name']}浏览器站", v["code"], round(lon, 7), round(lat, 7), "运营中"])
    return out


def test_dry_run_report_then_confirm(page, server: str, live_db: str, sign_in, tmp_path: Path) -> None:  # noqa: ANN001
    sign_in("admin")
    rows = _rows(live_db)
    bad = write_xlsx(
        tmp_path / "有问题.xlsx", HEADERS, [rows[0], ["无村站", "533103999999", rows[1][3], rows[1][2], "营业"]]
    )
    good = write_xlsx(tmp_path / "站点.xlsx", HEADERS, rows)
    page.goto(f"{server}/imports")
    assert page.locator("h1").inner_text() == "数据导入"
    page.select_option("#table", "site")
    page.select_option("#crs", "gcj02")
    page.select_option("#kind", "village_station")
    page.set_input_files("#file", str(bad))
    before = fingerprint(live_db)
    page.click("#check")
    page.wait_for_selector("#problems")
    cells = page.locator("#problems tbody tr").all_inner_texts()
    assert any(c.startswith("3\t所属村代码\t533103999999") for c in cells), cells
    assert any(c.startswith("3\t状态\t营业") for c in cells), cells
    assert any("填反" in c for c in cells), cells
    assert page.locator("#confirm").is_disabled()
    assert fingerprint(live_db) == before
    page.screenshot(path=str(tmp_path / "import-report.png"), full_page=True)

    page.set_input_files("#file", str(good))
    page.click("#check")
    page.wait_for_function("() => document.querySelector('#summary').className === 'ok'")
    assert "新增 2" in page.locator("#counts").inner_text()
    assert fingerprint(live_db) == before  # the dry run wrote nothing
    assert page.locator("#confirm").is_enabled()
    page.click("#confirm")
    page.wait_for_function(
        "() => document.querySelector('#summary b') && document.querySelector('#summary b').textContent === '导入完成。'"
    )
    with get_engine(live_db).connect() as conn:
        n = conn.execute(
            text("SELECT count(*) FROM site WHERE name = ANY(:n)"), {"n": [r[0] for r in rows]}
        ).scalar_one()
    assert n == 2
    assert page.console_errors == []


def test_the_page_in_english(page, server: str, sign_in) -> None:  # noqa: ANN001
    sign_in("admin")
    page.goto(f"{server}/imports?lang=en")
    assert page.locator("h1").inner_text() == "Import data"
    assert "Dry run" in page.locator("#check").inner_text()
    assert "村级电商服务站" not in page.content()
