"""The import template of a table: an XLSX a clerk fills in and uploads as it is.

Sheet 1: the Chinese headers (read back by the importer through ``geo.vocab``), a second row
explaining each column (every cell starts with ``说明：``, so the importer skips the row),
drop-down lists for every enumeration and yes/no field; a sheet explaining the coordinate
systems; a hidden sheet holding the lists.
"""

from __future__ import annotations

import io
import re

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from geo import vocab
from geo.errors import NotFound
from geo.io.sheet import EXPLAIN_MARK
from geo.io.tables import SPECS, TableSpec

ROWS = 1000  # rows the drop-downs cover
_TYPE_HELP = {
    "int": ("整数", "whole number"),
    "float": ("数字", "number"),
    "bool": ("是/否", "yes/no"),
    "date": ("日期，如 2024-05-01", "date, e.g. 2024-05-01"),
    "datetime": ("时间，如 2024-05-01 09:30", "date and time, e.g. 2024-05-01 09:30"),
    "text[]": ("多个值用逗号分隔", "several values separated by commas"),
    "text": ("文字", "text"),
}
FRAMES_HELP = (
    (
        "wgs84",
        "GPS 手机定位、天地图、国家统计数据、奥维/两步路等户外软件（默认导出）",
        "GPS, phone location, Tianditu, official statistics, outdoor apps",
    ),
    (
        "cgcs2000",
        "国家大地坐标系，测绘成果和国土数据；与 WGS 84 相差不到 1 米，可同样导入",
        "China's geodetic system for survey and land data; within a metre of WGS 84",
    ),
    (
        "gcj02",
        "高德地图、腾讯地图、微信位置里拾取的坐标（比实际位置偏移数百米，导入时自动纠正）",
        "coordinates picked in Amap, Tencent maps or WeChat (shifted by hundreds of metres; converted on import)",
    ),
    (
        "bd09",
        "百度地图拾取的坐标（在 GCJ-02 上再加偏移，导入时自动纠正）",
        "coordinates picked in Baidu maps (a further shift on top of GCJ-02; converted on import)",
    ),
)


def template_fields(spec: TableSpec) -> list[str]:
    """The columns of the template, in order (provenance is set by the importer, not typed)."""
    return [f for f in spec.fields if f != "source"]


def build_template(table: str) -> bytes:
    spec = SPECS.get(table)
    if spec is None:
        raise NotFound(
            f"没有名为“{table}”的数据表。可导入：{', '.join(SPECS)}\n"
            f"No table named '{table}'. Importable tables: {', '.join(SPECS)}",
            detail={"valid": list(SPECS)},
        )
    book = Workbook()
    sheet = book.active
    sheet.title = re.sub(r"[\[\]:*?/\\]", "、", spec.title_zh)[:31]
    lists = book.create_sheet("选项")
    fields = template_fields(spec)
    sheet.append([vocab.field_word(spec.name, f, "zh") for f in fields])
    sheet.append([_explain(spec, f) for f in fields])
    bold, grey = Font(bold=True), PatternFill("solid", fgColor="EEEEEE")
    for col, f in enumerate(fields, start=1):
        letter = get_column_letter(col)
        sheet.cell(1, col).font = bold
        cell = sheet.cell(2, col)
        cell.fill, cell.font, cell.alignment = (
            grey,
            Font(italic=True, color="555555"),
            Alignment(wrap_text=True, vertical="top"),
        )
        sheet.column_dimensions[letter].width = 22
        words = _choices(spec, f)
        if words:
            lists.cell(1, col, vocab.field_word(spec.name, f, "zh"))
            for r, w in enumerate(words, start=2):
                lists.cell(r, col, w)
            check = DataValidation(
                type="list",
                formula1=f"=选项!${letter}$2:${letter}${len(words) + 1}",
                allow_blank=True,
                showErrorMessage=True,
                errorTitle="请从列表选择",
                error="请从下拉列表中选择 / pick a value from the list",
            )
            sheet.add_data_validation(check)
            check.add(f"{letter}3:{letter}{ROWS + 2}")
    sheet.row_dimensions[2].height = 60
    sheet.freeze_panes = "A3"
    lists.sheet_state = "hidden"
    _frames_sheet(book.create_sheet("坐标系说明"))
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _choices(spec: TableSpec, field: str) -> list[str]:
    if field in spec.enums:
        voc = vocab.VOCABULARIES[spec.enums[field]]
        return [voc.word(c, "zh") for c in voc.codes]
    if spec.columns.get(field) == "bool":
        return [vocab.yes_no(True, "zh"), vocab.yes_no(False, "zh")]
    return []


def _explain(spec: TableSpec, field: str) -> str:
    zh, en = spec.explain.get(field) or _generic(spec, field)
    required = field in spec.required and not (field == "ref" and spec.derive_ref)
    zh = ("必填；" if required else "") + zh
    en = ("required; " if required else "") + en
    return f"{EXPLAIN_MARK}{zh} / {en}"


def _generic(spec: TableSpec, field: str) -> tuple[str, str]:
    if field in spec.enums:
        return "从下拉列表选择", "pick from the list"
    if field in ("lon", "lat"):
        return (
            ("经度，坐标系见“坐标系说明”", "longitude; see the coordinate-system sheet")
            if field == "lon"
            else ("纬度", "latitude")
        )
    return _TYPE_HELP.get(spec.columns.get(field, "text"), ("文字", "text"))


def _frames_sheet(sheet: Worksheet) -> None:
    sheet.append(
        ["坐标系 / coordinate system", "从哪里来 / where such coordinates come from", "导入时选择 / choose on import"]
    )
    for code, zh, en in FRAMES_HELP:
        sheet.append([vocab.COORDINATE_FRAME.word(code, "zh"), f"{zh} / {en}", code])
    sheet.append([])
    sheet.append(
        [
            "经纬度请填十进制度数（如 98.5837），不要填度分秒；导入时必须说明坐标系。"
            " / Give decimal degrees (e.g. 98.5837), not degrees-minutes-seconds; say which system on import."
        ]
    )
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    sheet.column_dimensions["A"].width = 34
    sheet.column_dimensions["B"].width = 90
    sheet.column_dimensions["C"].width = 24
