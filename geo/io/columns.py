"""A file's column headers read back to a table's fields; nothing unrecognised is dropped silently.

Headers may be Chinese or English (``geo.vocab`` holds the words). A header the table does not
know refuses the file, naming it and listing what is accepted, unless the caller lists it in
``ignore`` — then it is ignored and the report says so.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from geo import vocab
from geo.errors import InvalidInput
from geo.io.tables import TableSpec

# Columns GIS formats add themselves; never data a clerk typed.
_FORMAT_COLUMNS = {"fid", "ogc_fid", "objectid", "geometry", "geom", "the_geom", "wkt", "shape_length", "shape_area"}


@dataclass(frozen=True)
class ColumnMap:
    fields: dict[str, str]  # header as written -> field
    ignored: list[str]

    def header_of(self, field: str) -> str:
        return next((h for h, f in self.fields.items() if f == field), field)


def headers_for(spec: TableSpec) -> vocab.Vocabulary:
    return vocab.header_vocabulary(spec.name, spec.fields, spec.headers)


def accepted(spec: TableSpec) -> list[str]:
    """For messages: per field, the Chinese header, the English one and the field name."""
    out = []
    for f in spec.fields:
        zh, en = vocab.field_word(spec.name, f, "zh"), vocab.field_word(spec.name, f, "en")
        out.append(f"{zh} / {en} ({f})")
    return out


def map_columns(spec: TableSpec, headers: Iterable[str], ignore: Iterable[str] = (), vector: bool = False) -> ColumnMap:
    """Header -> field for every column, or InvalidInput naming each unknown or doubled column."""
    lookup = headers_for(spec)
    ignore_keys = {vocab.normalise(i) for i in ignore if i.strip()}
    fields: dict[str, str] = {}
    ignored: list[str] = []
    unknown: list[str] = []
    doubled: list[str] = []
    not_stored = {vocab.normalise(c) for c in spec.not_stored}
    for header in headers:
        if vocab.normalise(header) in ignore_keys or vocab.normalise(header) in not_stored:
            ignored.append(header)
            continue
        if vector and vocab.normalise(header) in _FORMAT_COLUMNS:
            continue
        field = lookup.parse(header)
        if field is None:
            unknown.append(header or "（空表头 / empty header）")
        elif field in fields.values():
            doubled.append(f"{header}（{fields_header(fields, field)}）")
        else:
            fields[header] = field
    if unknown or doubled:
        parts_zh, parts_en = [], []
        if unknown:
            names = "、".join(f"“{u}”" for u in unknown)
            parts_zh.append(f"无法识别的列：{names}")
            parts_en.append("unknown columns: " + ", ".join(f"'{u}'" for u in unknown))
        if doubled:
            parts_zh.append("以下列表示同一字段：" + "、".join(doubled))
            parts_en.append("these columns mean the same field: " + ", ".join(doubled))
        allowed = "；".join(accepted(spec))
        raise InvalidInput(
            f"{'；'.join(parts_zh)}。{spec.title_zh}表可用的列：{allowed}。不需要的列可用 --ignore-columns 明确忽略。\n"
            f"{'; '.join(parts_en)}. Accepted columns for {spec.name}: {allowed}. "
            "Columns you do not need can be ignored explicitly with --ignore-columns (ignore_columns= over HTTP).",
            detail={"unknown_columns": unknown, "doubled_columns": doubled, "accepted_columns": accepted(spec)},
        )
    return ColumnMap(fields, ignored)


def fields_header(fields: dict[str, str], field: str) -> str:
    return next(h for h, f in fields.items() if f == field)
