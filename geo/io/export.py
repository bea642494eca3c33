"""Tables as files people open in Excel/WPS: CSV (UTF-8 with BOM) and XLSX."""

from __future__ import annotations

import io
from collections.abc import Sequence

import pandas as pd
from openpyxl.styles import Font

from geo.text import printable, printable_value
from geo.vocab import word

NOTE_PREFIX = "# "


def csv_bytes(frame: pd.DataFrame, notes: Sequence[str] = ()) -> bytes:
    """CSV with the notes (rule, demo label) as leading ``# `` lines; BOM so Excel reads UTF-8."""
    head = "".join(f"{NOTE_PREFIX}{printable(n)}\n" for n in notes)
    return (head + _printable(frame).to_csv(index=False, lineterminator="\n")).encode("utf-8-sig")


def _printable(frame: pd.DataFrame) -> pd.DataFrame:
    """The frame with control characters removed from its text (XLSX refuses them outright)."""
    frame = frame.rename(columns=lambda c: printable_value(c))
    text = [
        c for c in frame.columns if pd.api.types.is_object_dtype(frame[c]) or pd.api.types.is_string_dtype(frame[c])
    ]
    return frame.assign(**{c: frame[c].map(printable_value) for c in text}) if text else frame


NOTES_SHEET = ("说明", "Notes")


def xlsx_bytes(sheets: dict[str, pd.DataFrame], notes: Sequence[str] = (), lang: str = "zh") -> bytes:
    """One sheet per table, bold headers, sensible widths; the notes on a first sheet of their own
    (named in ``lang``)."""
    notes_sheet = word(NOTES_SHEET, lang)
    buf = io.BytesIO()
    with pd.ExcelWriter(buf, engine="openpyxl") as writer:
        if notes:
            pd.DataFrame({notes_sheet: [printable(n) for n in notes]}).to_excel(
                writer, sheet_name=notes_sheet[:31], index=False
            )
        for name, frame in sheets.items():
            _printable(frame).to_excel(writer, sheet_name=printable(name)[:31], index=False)
        for ws in writer.book.worksheets:
            for cell in ws[1]:
                cell.font = Font(bold=True)
            for column in ws.columns:
                width = max(len(str(c.value or "")) for c in column[:200])
                ws.column_dimensions[column[0].column_letter].width = min(max(10, width * 1.6), 90)
    return buf.getvalue()
