"""Payments, assets and asset findings import from sheets with Chinese headers and words,
all or nothing: a bad sheet is refused whole, every bad row named, the database unchanged."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest
from sqlalchemy import text

from geo.errors import InvalidInput
from geo.io.load import load_file
from geo.store.database import get_engine


def _xlsx(path: Path, rows: list[list]) -> Path:
    book = openpyxl.Workbook()
    for row in rows:
        book.active.append(row)
    book.save(path)
    return path


def _site_refs(db_url: str) -> list[str]:
    with get_engine(db_url).connect() as conn:
        return list(
            conn.execute(text("SELECT ref FROM site WHERE kind = 'village_station' ORDER BY ref LIMIT 2")).scalars()
        )


def _state(db_url: str) -> tuple:
    """Row counts, a checksum of every payment and asset, and the data version."""
    with get_engine(db_url).connect() as conn:
        return conn.execute(
            text(
                "SELECT (SELECT count(*) FROM fund_payment), (SELECT count(*) FROM asset), "
                "(SELECT md5(string_agg(p::text, '|' ORDER BY p.ref)) FROM fund_payment p), "
                "(SELECT md5(string_agg(a::text, '|' ORDER BY a.ref)) FROM asset a), "
                "(SELECT version FROM data_state), (SELECT count(*) FROM audit_log)"
            )
        ).one()


HEADERS = ["支付编号", "项目编号", "支付日期", "金额（万元）", "收款单位", "凭证号", "站点编号", "状态", "备注"]


def test_payments_sheet_with_chinese_headers_imports_and_is_audited(db_url: str, tmp_path: Path) -> None:
    site, _ = _site_refs(db_url)
    path = _xlsx(
        tmp_path / "支付.xlsx",
        [
            HEADERS,
            ["ZF-001", "F05", "2022-09-15", "12.5", "某某电子商务有限公司", "记-2022-09-031", site, "已支付", "第一笔"],
            ["ZF-002", "F05", "2023-03-01", "2", None, None, None, "计划", None],
            ["ZF-003", "F01", "2022-10-08", "3.25", "某物流公司", "记-2022-10-002", None, "已退回", None],
        ],
    )
    report = load_file(db_url, path, "fund_payment", actor="clerk")
    assert (report.read, report.inserted, report.updated) == (3, 3, 0)
    with get_engine(db_url).connect() as conn:
        rows = conn.execute(
            text(
                "SELECT p.ref, p.item_code, p.paid_on::text, p.amount_yuan, p.payee, p.voucher_ref, s.ref AS site, p.status, p.source "
                "FROM fund_payment p LEFT JOIN site s ON s.id = p.site_id WHERE p.ref LIKE 'ZF-%' ORDER BY p.ref"
            )
        ).all()
        audit = conn.execute(
            text("SELECT actor, action FROM audit_log WHERE \"table\" = 'fund_payment' ORDER BY id DESC LIMIT 1")
        ).one()
    assert [tuple(r) for r in rows] == [
        ("ZF-001", "F05", "2022-09-15", 125000, "某某电子商务有限公司", "记-2022-09-031", site, "paid", "import"),
        ("ZF-002", "F05", "2023-03-01", 20000, None, None, None, "planned", "import"),
        ("ZF-003", "F01", "2022-10-08", 32500, "某物流公司", "记-2022-10-002", None, "returned", "import"),
    ]
    assert tuple(audit) == ("clerk", "import")
    again = load_file(db_url, path, "fund_payment")  # idempotent
    assert (again.inserted, again.updated, again.unchanged) == (0, 0, 3)


def test_bad_payments_sheet_is_refused_whole_with_row_numbers(db_url: str, tmp_path: Path) -> None:
    site, _ = _site_refs(db_url)
    path = _xlsx(
        tmp_path / "bad.xlsx",
        [
            HEADERS,
            ["ZF-101", "F05", "2022-09-15", "1", "甲公司", "记-1", site, "已支付", None],  # good
            ["ZF-102", "F99", "2022-09-15", "1", "乙公司", "记-2", None, "已支付", None],  # unknown item
            ["ZF-103", "F01", "2022-09-15", "-5", "丙公司", "记-3", None, "已支付", None],  # negative amount
            ["ZF-104", "F01", "2021-05-01", "1", "丁公司", "记-4", None, "已支付", None],  # before the programme
            ["ZF-105", "F01", "2022-09-15", "1", "戊公司", "记-5", "no-such-site", "已支付", None],  # unknown site
            ["ZF-106", "F01", "2022-09-15", "1", "己公司", "记-6", None, "已付清", None],  # unknown status
        ],
    )
    before = _state(db_url)
    with pytest.raises(InvalidInput) as info:
        load_file(db_url, path, "fund_payment")
    message = info.value.message
    assert "数据库未做任何修改" in message and "nothing was changed" in message
    # rows as the clerk sees them in Excel (header = row 1)
    assert "第 3 行" in message and "F99" in message
    assert "第 4 行" in message and "-5" in message
    assert "第 5 行" in message and "2021-05-01" in message
    assert "第 6 行" in message and "no-such-site" in message
    assert "第 7 行" in message and "已付清" in message
    assert "第 2 行" not in message
    assert len(info.value.detail["problems"]) == 5
    assert _state(db_url) == before


def test_unknown_header_is_refused_by_name(db_url: str, tmp_path: Path) -> None:
    path = _xlsx(
        tmp_path / "odd.xlsx",
        [
            ["支付编号", "项目编号", "支付日期", "金额（万元）", "经办人签字"],
            ["ZF-201", "F01", "2022-09-15", "1", "张三"],
        ],
    )
    before = _state(db_url)
    with pytest.raises(InvalidInput, match="经办人签字"):
        load_file(db_url, path, "fund_payment")
    assert _state(db_url) == before


def test_asset_ledger_and_findings_import_with_chinese_words(db_url: str, tmp_path: Path) -> None:
    site, other = _site_refs(db_url)
    ledger = _xlsx(
        tmp_path / "台账.xlsx",
        [
            ["资产编号", "项目编号", "站点编号", "资产名称", "数量", "价值（元）", "购置日期", "产权", "状态"],
            ["ZC-001", "F05", site, "收银电脑", "2", "8600", "2022-10-01", "企业", "在用"],
            ["ZC-002", "F05", site, "货架", "4", "3200.50", "2022-10-01", "国有", "闲置"],
        ],
    )
    assert load_file(db_url, ledger, "asset").inserted == 2
    with get_engine(db_url).begin() as conn:
        rows = conn.execute(
            text("SELECT ref, owner, status, value_yuan, quantity FROM asset WHERE ref LIKE 'ZC-%' ORDER BY ref")
        ).all()
        assert [tuple(r) for r in rows] == [
            ("ZC-001", "enterprise", "in_use", 8600, 2),
            ("ZC-002", "state", "idle", 3200.5, 4),
        ]
        conn.execute(
            text(
                "INSERT INTO inspection (ref, site_id, visited_at, mode, inspector, outcome, stalled, idle_funds, idle_assets, source) "
                "SELECT 'DC-1', id, '2026-11-15T10:00:00+08:00', 'announced', '测试组', 'normal', false, false, false, 'test' FROM site WHERE ref = :s"
            ),
            {"s": site},
        )
    findings = _xlsx(
        tmp_path / "核查.xlsx",
        [["督查编号", "资产编号", "发现状态"], ["DC-1", "ZC-001", "闲置"], ["DC-1", "ZC-002", "在用"]],
    )
    assert load_file(db_url, findings, "inspection_asset").inserted == 2
    with get_engine(db_url).connect() as conn:
        found = conn.execute(
            text(
                "SELECT a.ref, ia.status FROM inspection_asset ia JOIN asset a ON a.id = ia.asset_id "
                "WHERE a.ref LIKE 'ZC-%' ORDER BY a.ref"
            )
        ).all()
    assert [tuple(r) for r in found] == [("ZC-001", "idle"), ("ZC-002", "in_use")]
    # an asset found at a site the inspection did not visit, and a status an inspector cannot find
    with get_engine(db_url).begin() as conn:
        conn.execute(
            text(
                "INSERT INTO asset (ref, item_code, site_id, description, value_yuan, owner, source) "
                "SELECT 'ZC-009', 'F05', id, '别处的资产', 100, 'state', 'test' FROM site WHERE ref = :s"
            ),
            {"s": other},
        )
    bad = _xlsx(
        tmp_path / "bad.xlsx",
        [["督查编号", "资产编号", "发现状态"], ["DC-1", "ZC-009", "闲置"], ["DC-1", "ZC-001", "遗失"]],
    )
    with pytest.raises(InvalidInput) as info:
        load_file(db_url, bad, "inspection_asset")
    assert "第 2 行" in info.value.message and "ZC-009" in info.value.message
    assert "第 3 行" in info.value.message and "遗失" in info.value.message


def test_demo_fund_files_load_back_unchanged(db_url: str, tmp_path: Path) -> None:
    """`fieldmap demo-data` writes the funds CSVs; loading them into the default dataset changes nothing."""
    from geo.io.boundaries import read_default_boundaries
    from geo.io.demo import generate
    from geo.io.demo_funds import FILES, generate_funds, write_funds
    from tests.conftest import AS_OF, SEED

    ds = generate(read_default_boundaries(), seed=SEED, as_of=AS_OF)
    write_funds(
        generate_funds(ds.sites, sorted(set(ds.specialty_villages["village_code"])), ds.inspections, seed=SEED),
        tmp_path,
    )
    before = _state(db_url)[:4]  # counts and checksums (a no-op import still bumps the data version today)
    for table, name in FILES:
        report = load_file(db_url, tmp_path / name, table)
        assert report.read > 0 and (report.inserted, report.updated) == (0, 0), report.as_dict()
    assert _state(db_url)[:4] == before
