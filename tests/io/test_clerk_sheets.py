"""A county clerk's station sheet goes in as it is: Chinese headers and values, Amap (GCJ-02)
coordinates, no ref and no kind column; bad rows are all named at once, nothing is written by surprise."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import text

from geo.errors import InvalidInput
from geo.io.load import ImportOptions, import_file
from geo.store.database import get_engine
from tests.io.sheets import fingerprint, villages, wgs84_to_gcj02, write_xlsx

HEADERS = ["站点名称", "所属村代码", "经度", "纬度", "状态"]


def _clerk_rows(url: str, n: int = 4) -> tuple[list[list[object]], list[dict]]:
    """Rows of a clerk's sheet: one station at each of n villages' recorded position, in GCJ-02."""
    places = villages(url, n)
    rows = []
    for k, v in enumerate(places):
        lon, lat = wgs84_to_gcj02(v["lon"], v["lat"])
        rows.append(
            [
                f"{v['name']}电商服务站",
                v["code"],
                round(lon, 7),
                round(lat, 7),
                ["运营中", "暂停", "已关闭", "在建"][k % 4],
            ]
        )
    return rows, places


def test_chinese_only_sheet_imports_and_lands_within_a_metre(db_url: str, tmp_path: Path) -> None:
    rows, places = _clerk_rows(db_url)
    path = write_xlsx(tmp_path / "站点.xlsx", HEADERS, rows)
    report = import_file(db_url, path, "site", ImportOptions(crs="gcj02", defaults={"kind": "村级电商服务站"}))
    assert (report.inserted, report.updated, report.refused) == (4, 0, 0), report.as_dict()
    with get_engine(db_url).connect() as conn:
        for row, place in zip(rows, places):
            found = conn.execute(
                text(
                    "SELECT kind, status, village_code, township_code, ref, "
                    "ST_Distance(location::geography, ST_SetSRID(ST_MakePoint(:x, :y), 4326)::geography) "
                    "FROM site WHERE name = :name"
                ),
                {"x": place["lon"], "y": place["lat"], "name": row[0]},
            ).one()
            assert found[0] == "village_station"
            assert found[2] == place["code"] and found[3] == place["code"][:9]
            assert found[4].startswith("site-")
            assert found[5] < 1.0, (row[0], found[5])
        statuses = (
            conn.execute(
                text("SELECT status FROM site WHERE name = ANY(:n) ORDER BY name"), {"n": [r[0] for r in rows]}
            )
            .scalars()
            .all()
        )
    assert sorted(statuses) == sorted(["operating", "suspended", "closed", "building"])


def test_reimport_reports_all_unchanged_and_keeps_the_data_version(db_url: str, tmp_path: Path) -> None:
    rows, _ = _clerk_rows(db_url)
    path = write_xlsx(tmp_path / "站点.xlsx", HEADERS, rows)
    options = ImportOptions(crs="gcj02", defaults={"kind": "village_station"})
    import_file(db_url, path, "site", options)
    before = fingerprint(db_url)
    again = import_file(db_url, path, "site", options)
    assert (again.inserted, again.updated, again.unchanged) == (0, 0, 4)
    assert fingerprint(db_url) == before
    # a changed status updates the same station (the derived ref is stable), not a new one
    rows[0][4] = "关闭"
    changed = import_file(db_url, write_xlsx(tmp_path / "站点2.xlsx", HEADERS, rows), "site", options)
    assert (changed.inserted, changed.updated, changed.unchanged) == (0, 1, 3)
    assert fingerprint(db_url)["counts"] == before["counts"]


def _bad_sheet(url: str, tmp_path: Path) -> Path:
    rows, places = _clerk_rows(url, 6)
    rows[1][2], rows[1][3] = rows[1][3], rows[1][2]  # Excel row 3: latitude and longitude swapped
    rows[2][2], rows[2][3] = 100.9, 25.9  # Excel row 4: far outside Mangshi
    rows[3][1] = "533103999999"  # Excel row 5: no such village
    rows[5][0] = rows[4][0]  # Excel row 7: the same name as row 6
    return write_xlsx(tmp_path / "坏表.xlsx", HEADERS, rows)


def _by_row(problems: list[dict]) -> dict[int, list[dict]]:
    out: dict[int, list[dict]] = {}
    for p in problems:
        out.setdefault(p["row"], []).append(p)
    return out


def test_every_bad_row_is_named_and_nothing_changes(db_url: str, tmp_path: Path) -> None:
    path = _bad_sheet(db_url, tmp_path)
    before = fingerprint(db_url)
    options = ImportOptions(crs="gcj02", defaults={"kind": "村级电商服务站"})
    with pytest.raises(InvalidInput) as info:
        import_file(db_url, path, "site", options)
    assert fingerprint(db_url) == before
    report = info.value.detail["report"]
    rows = _by_row(report["errors"])
    assert sorted(rows) == [3, 4, 5, 7], report["errors"]
    assert "填反" in rows[3][0]["reason_zh"] and "swapped" in rows[3][0]["reason_en"]
    assert rows[4][0]["column"] == "经度, 纬度" and "县界之外" in rows[4][0]["reason_zh"]
    assert "100.9, 25.9" in rows[4][0]["value"]  # as typed, not after conversion
    assert rows[5][0]["column"] == "所属村代码" and rows[5][0]["value"] == "533103999999"
    assert "村代码不存在" in rows[5][0]["reason_zh"]
    assert "第 6 行" in rows[7][0]["reason_zh"] and "duplicates row 6" in rows[7][0]["reason_en"]
    message = info.value.message
    for fragment in ("第 3 行", "第 4 行", "第 5 行", "第 7 行", "row 3", "row 7"):
        assert fragment in message
    # the dry run of the same file gives the same report and writes nothing either
    dry = import_file(
        db_url, path, "site", ImportOptions(crs="gcj02", defaults={"kind": "村级电商服务站"}, dry_run=True)
    )
    assert dry.as_dict()["errors"] == report["errors"]
    assert dry.refused == 4 and dry.inserted == 2
    assert fingerprint(db_url) == before


def test_unknown_column_is_refused_by_name_unless_ignored(db_url: str, tmp_path: Path) -> None:
    rows, _ = _clerk_rows(db_url, 2)
    path = write_xlsx(tmp_path / "多一列.xlsx", [*HEADERS, "建设资金"], [[*r, "50000"] for r in rows])
    before = fingerprint(db_url)
    with pytest.raises(InvalidInput) as info:
        import_file(db_url, path, "site", ImportOptions(crs="gcj02", defaults={"kind": "village_station"}))
    assert "建设资金" in info.value.message and "站点名称" in info.value.message  # names it, lists accepted headers
    assert info.value.detail["unknown_columns"] == ["建设资金"]
    assert fingerprint(db_url) == before
    report = import_file(
        db_url,
        path,
        "site",
        ImportOptions(crs="gcj02", defaults={"kind": "village_station"}, ignore_columns=("建设资金",)),
    )
    assert report.ignored_columns == ["建设资金"] and report.inserted == 2


def test_a_station_far_from_its_village_warns_and_strict_refuses(db_url: str, tmp_path: Path) -> None:
    rows, places = _clerk_rows(db_url, 2)
    other = villages(db_url, 120)[-1]  # a village elsewhere in the county
    lon, lat = wgs84_to_gcj02(other["lon"], other["lat"])
    rows[1][2], rows[1][3] = round(lon, 7), round(lat, 7)
    path = write_xlsx(tmp_path / "远.xlsx", HEADERS, rows)
    options = ImportOptions(crs="gcj02", defaults={"kind": "village_station"}, village_distance_m=2000, dry_run=True)
    report = import_file(db_url, path, "site", options)
    assert report.ok and [w.row for w in report.warnings if "公里" in w.zh] == [3]
    # the demo township outlines are approximate, and the warning says so
    assert [w.row for w in report.warnings if "乡镇的边界" in w.zh and "近似边界" in w.zh] == [3]
    strict = import_file(db_url, path, "site", ImportOptions(**{**options.__dict__, "strict": True}))
    assert not strict.ok and 3 in {p.row for p in strict.refusing}


def test_template_explanation_row_and_township_names(db_url: str, tmp_path: Path) -> None:
    rows, places = _clerk_rows(db_url, 2)
    headers = ["名称", "村代码", "所属乡镇", "类型", "经度", "纬度"]
    body = [["说明：必填", "说明：12 位", "说明：代码或名称", "说明：选择", "说明：经度", "说明：纬度"]]
    body += [[r[0], r[1], p["township"], "乡村直播站", r[2], r[3]] for r, p in zip(rows, places)]
    report = import_file(db_url, write_xlsx(tmp_path / "t.xlsx", headers, body), "site", ImportOptions(crs="gcj02"))
    assert report.explanation_row_skipped and report.inserted == 2
    with get_engine(db_url).connect() as conn:
        kinds = conn.execute(
            text("SELECT DISTINCT kind, township_code FROM site WHERE name = :n"), {"n": rows[0][0]}
        ).all()
    assert kinds == [("live_station", places[0]["code"][:9])]


def test_baidu_coordinates_declared_as_amap_get_a_hint_beside_the_rows(db_url: str, tmp_path: Path) -> None:
    from tests.io.sheets import gcj02_to_bd09

    rows, places = _clerk_rows(db_url, 6)
    for row, place in zip(rows, places):
        row[2], row[3] = (round(c, 7) for c in gcj02_to_bd09(*wgs84_to_gcj02(place["lon"], place["lat"])))
    path = write_xlsx(tmp_path / "百度.xlsx", HEADERS, rows)
    report = import_file(
        db_url, path, "site", ImportOptions(crs="gcj02", defaults={"kind": "village_station"}, dry_run=True)
    )
    assert any("BD-09" in zh and "BD-09" in en for zh, en in report.hints), report.hints
    assert report.read == 6  # the hint is on top of the report, the rows are all still there


def test_codes_numbers_and_words_are_checked_per_row(db_url: str, tmp_path: Path) -> None:
    rows, places = _clerk_rows(db_url, 1)
    other = next(v for v in villages(db_url, 121) if v["code"][:9] != places[0]["code"][:9])
    headers = ["站点名称", "所属村代码", "所属乡镇", "站点类型", "经度", "纬度"]
    name, code, lon, lat = rows[0][0], rows[0][1], rows[0][2], rows[0][3]
    body = [
        [name, code, places[0]["township"], "村级电商服务站", lon, lat],  # row 2: good
        ["乙站", code, other["code"][:9], "村级电商服务站", lon, lat],  # row 3: village not in that township
        ["丙站", code, "533103888", "村级电商服务站", lon, lat],  # row 4: no such township
        ["丁站", code, None, "村级电商服务站", "98.5x", lat],  # row 5: not a number
        ["戊站", code, None, "网店", lon, lat],  # row 6: unknown kind
    ]
    before = fingerprint(db_url)
    report = import_file(
        db_url, write_xlsx(tmp_path / "码.xlsx", headers, body), "site", ImportOptions(crs="gcj02", dry_run=True)
    )
    rows_ = _by_row([p.as_dict() for p in report.errors])
    assert sorted(rows_) == [3, 4, 5, 6]
    assert rows_[3][0]["column"] == "所属村代码" and "不属于所填乡镇" in rows_[3][0]["reason_zh"]
    assert rows_[4][0]["value"] == "533103888" and "乡镇代码（或名称）不存在" in rows_[4][0]["reason_zh"]
    assert (rows_[5][0]["column"], rows_[5][0]["value"], rows_[5][0]["reason_en"]) == (
        "经度",
        "98.5x",
        "is not a number",
    )
    assert rows_[6][0]["value"] == "网店" and "村级电商服务站" in rows_[6][0]["reason_zh"]
    assert report.inserted == 1 and report.refused == 4
    assert fingerprint(db_url) == before
