"""Spreadsheets (XLSX, CSV) read cell by cell, keeping what the clerk typed and where.

Every data row keeps its row number as Excel shows it (the header is row 1), so a report can
say "row 7" and the clerk finds it. Values stay as typed (text); nothing is converted here.
A template's explanation row (row 2, every filled cell starting with ``EXPLAIN_MARK``) is
recognised and skipped; blank rows are skipped and counted.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from dataclasses import dataclass
from pathlib import Path

from geo.errors import InvalidInput

# Template explanation cells start with this (geo.io.template writes them).
EXPLAIN_MARK = "说明："


@dataclass(frozen=True)
class Sheet:
    headers: list[str]
    rows: list[tuple[int, list[str | None]]]  # (Excel row number, cells as typed)
    explanation_row: bool = False
    blank_rows: int = 0


def read_sheet(path: Path) -> Sheet:
    """The first worksheet of an XLSX, or a UTF-8 CSV, as headers and typed rows."""
    try:
        raw = _read_xlsx(path) if path.suffix.lower() == ".xlsx" else _read_csv(path)
    except InvalidInput:
        raise
    except UnicodeDecodeError as exc:
        raise InvalidInput(
            f"{path.name} 不是 UTF-8 编码。请在 Excel/WPS 中另存为“CSV UTF-8”。\n"
            f"{path.name} is not UTF-8 encoded; save it as 'CSV UTF-8' from Excel/WPS."
        ) from exc
    except Exception as exc:  # openpyxl raises zipfile/KeyError/ValueError for broken files
        first = (str(exc).strip().splitlines() or [type(exc).__name__])[0][:200]
        raise InvalidInput(
            f"表格文件已损坏或无法读取：{path.name}（{first}）\n"
            f"The spreadsheet is broken or cannot be read: {path.name} ({first})"
        ) from exc
    return _shape(raw)


def _read_xlsx(path: Path) -> list[list[str | None]]:
    # calamine (Rust) reads a 10,000-row sheet ~20x faster than openpyxl; cached values, as Excel shows them
    from python_calamine import CalamineWorkbook

    sheet = CalamineWorkbook.from_path(str(path)).get_sheet_by_index(0)
    return [[_typed(v) for v in row] for row in sheet.to_python(skip_empty_area=False)]


def _read_csv(path: Path) -> list[list[str | None]]:
    text = path.read_bytes().decode("utf-8-sig")
    return [[c if c.strip() else None for c in row] for row in csv.reader(io.StringIO(text))]


def _typed(value: object) -> str | None:
    """A cell as the clerk sees it: numbers without a trailing .0, dates as YYYY-MM-DD."""
    if value is None:
        return None
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        return str(int(value))
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat(sep=" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    text = str(value)
    return text if text.strip() else None


def _shape(raw: list[list[str | None]]) -> Sheet:
    if not raw or not any(c is not None for c in raw[0]):
        raise InvalidInput("表格第 1 行（表头）是空的 / Row 1 (the header) of the sheet is empty.")
    width = max(i + 1 for i, c in enumerate(raw[0]) if c is not None)
    headers = [(c or "").strip() for c in raw[0][:width]]
    rows, blank, explanation = [], 0, False
    for number, cells in enumerate(raw[1:], start=2):
        beyond = [c for c in list(cells)[width:] if c is not None]
        if beyond:
            raise InvalidInput(
                f"第 {number} 行在表头之外还有内容（“{beyond[0]}”）：请给这一列加上表头或删掉它。\n"
                f"Row {number} has a value beyond the last header ('{beyond[0]}'): give that column a header or remove it.",
            )
        cells = (list(cells) + [None] * width)[:width]
        if all(c is None for c in cells):
            blank += 1
            continue
        if number == 2 and all(c is None or c.strip().startswith(EXPLAIN_MARK) for c in cells):
            explanation = True
            continue
        rows.append((number, cells))
    return Sheet(headers, rows, explanation, blank)
