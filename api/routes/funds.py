"""Funds and assets (资金安排表, 资产管理台账): the funds indicator as JSON, CSV and XLSX."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

from fastapi import APIRouter, Query
from fastapi.responses import Response
from pydantic import BeforeValidator

from api.dependencies import ConnectionDep, Lang
from api.routes.indicators import CSV_OK, XLSX, XLSX_OK, _download
from api.schemas import iso_date
from geo.analysis.funds import fund_report
from geo.analysis.funds_tables import notes, sheet_name, tables
from geo.io.export import csv_bytes, xlsx_bytes

AsOf = Annotated[dt.date | None, BeforeValidator(iso_date), Query(description="日期 YYYY-MM-DD / date (default today)")]
router = APIRouter(tags=["funds"])
Table = Literal["items", "townships", "idle_assets", "idle_funds"]


@router.get("/indicators/funds")
def funds(conn: ConnectionDep, as_of: AsOf = None) -> dict:
    """后续资金：各项目预算、已支付、支付率与 90% 规则；各乡镇落地资金与资产；闲置资产与闲置资金 /
    the follow-up fund: per item budget, paid, share and the 90 % rule; money and assets per township;
    idle assets and idle funds."""
    return fund_report(conn, as_of).as_dict()


@router.get("/indicators/funds.csv", response_class=Response, responses=CSV_OK)
def funds_csv(conn: ConnectionDep, lang: Lang = "zh", table: Table = "items", as_of: AsOf = None) -> Response:
    """One table as CSV (UTF-8 with BOM, 万元); source, rule, verdict and demo note as leading ``#`` lines."""
    report = fund_report(conn, as_of)
    return _download(
        csv_bytes(tables(report, lang)[table], notes(report, lang)), "text/csv; charset=utf-8", f"funds_{table}.csv"
    )


@router.get("/indicators/funds.xlsx", response_class=Response, responses=XLSX_OK)
def funds_xlsx(conn: ConnectionDep, lang: Lang = "zh", as_of: AsOf = None) -> Response:
    """All tables as one workbook; a first sheet states the source, the rule, the verdict and the demo note."""
    report = fund_report(conn, as_of)
    sheets = {sheet_name(k, lang): frame for k, frame in tables(report, lang).items()}
    content = xlsx_bytes(sheets, notes(report, lang), lang=lang)
    return _download(content, XLSX, "funds.xlsx")
