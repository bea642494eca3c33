"""What an import found and did: every problem per row, in Chinese and English.

A ``Problem`` names the row as the clerk sees it (Excel row number, header = row 1; or the
record number in GeoJSON/GeoPackage files), the column, the value exactly as typed and the
reason. Errors refuse the file; warnings do not (unless the import is strict).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

from geo.vocab import word

MAX_SHOWN = 20  # problems spelled out in the one-paragraph message; the report lists them all


@dataclass(frozen=True)
class Problem:
    row: int | None  # Excel row (header = 1) or record number; None: the whole file
    column: str | None  # the header as written in the file (or the field name)
    value: str | None  # as typed
    zh: str
    en: str
    severity: str = "error"  # error | warning
    where: str = "row"  # row (spreadsheet) | record (other files)

    def place(self, lang: str) -> str:
        if self.row is None:
            return word(("整个文件", "whole file"), lang)
        return word((f"第 {self.row} {'行' if self.where == 'row' else '条'}", f"{self.where} {self.row}"), lang)

    def text(self) -> str:
        col_zh = f"“{self.column}”" if self.column else ""
        col_en = f"'{self.column}'" if self.column else ""
        val_zh = f"值“{self.value}”" if self.value is not None else ""
        val_en = f" value '{self.value}'" if self.value is not None else ""
        zh = f"{self.place('zh')}{('·' + col_zh) if col_zh else ''}{('·' + val_zh) if val_zh else ''}：{self.zh}"
        en = f"{self.place('en')}{(' · ' + col_en) if col_en else ''}{val_en}: {self.en}"
        return f"{zh} / {en}"

    def as_dict(self) -> dict:
        d = asdict(self)
        return {
            "row": d["row"],
            "where": d["where"],
            "column": d["column"],
            "value": d["value"],
            "reason_zh": d["zh"],
            "reason_en": d["en"],
            "severity": d["severity"],
        }


@dataclass
class ImportReport:
    table: str
    file: str = ""
    crs: str | None = None
    dry_run: bool = False
    strict: bool = False
    read: int = 0
    inserted: int = 0
    updated: int = 0
    unchanged: int = 0
    removed: int = 0  # roads not in a road file (it replaces the network)
    written: bool = False
    columns: dict[str, str] = field(default_factory=dict)  # header as written -> field
    ignored_columns: list[str] = field(default_factory=list)
    defaults: dict[str, str] = field(default_factory=dict)
    explanation_row_skipped: bool = False
    blank_rows: int = 0
    errors: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)
    hints: list[tuple[str, str]] = field(default_factory=list)  # whole-file (zh, en), never instead of rows

    @property
    def refusing(self) -> list[Problem]:
        """What refuses the file: errors, and warnings too when strict."""
        return [*self.errors, *(self.warnings if self.strict else [])]

    @property
    def refused(self) -> int:
        """Rows that cannot go in (each counted once)."""
        rows = {(p.row, p.where) for p in self.refusing if p.row is not None}
        return len(rows) if rows or not self.refusing else self.read

    @property
    def ok(self) -> bool:
        return not self.refusing

    def as_dict(self) -> dict:
        return {
            "table": self.table,
            "file": self.file,
            "crs": self.crs,
            "dry_run": self.dry_run,
            "strict": self.strict,
            "ok": self.ok,
            "written": self.written,
            "read": self.read,
            "inserted": self.inserted,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "removed": self.removed,
            "refused": self.refused,
            "columns": self.columns,
            "ignored_columns": self.ignored_columns,
            "defaults": self.defaults,
            "explanation_row_skipped": self.explanation_row_skipped,
            "blank_rows": self.blank_rows,
            "errors": [p.as_dict() for p in self.errors],
            "warnings": [p.as_dict() for p in self.warnings],
            "hints": [{"zh": zh, "en": en} for zh, en in self.hints],
        }

    def summary(self) -> str:
        """One line of counts, zh / en."""
        verb_zh, verb_en = ("将", "would be ") if self.dry_run or not self.written else ("", "")
        return (
            f"{self.table}：读取 {self.read} 行，{verb_zh}新增 {self.inserted}，{verb_zh}更新 {self.updated}，"
            f"不变 {self.unchanged}，拒绝 {self.refused} / read {self.read}, {verb_en}inserted {self.inserted}, "
            f"{verb_en}updated {self.updated}, unchanged {self.unchanged}, refused {self.refused}"
        )

    def message(self) -> str:
        """The refusal as one text: what happened, then every problem (the first MAX_SHOWN spelled out)."""
        head = f"导入 {self.table} 失败，数据库未做任何修改。/ Import of {self.table} failed; nothing was changed."
        if self.dry_run:
            head = f"试导入 {self.table}：发现问题，未写入任何数据。/ Dry run of {self.table}: problems found; nothing was written."
        lines = [p.text() for p in self.refusing[:MAX_SHOWN]]
        more = len(self.refusing) - len(lines)
        if more:
            lines.append(f"……另有 {more} 个问题，见报告 / … and {more} more, see the report")
        lines += [f"提示：{zh} / Hint: {en}" for zh, en in self.hints]
        return "\n".join([head, *lines])
