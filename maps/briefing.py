"""The monthly briefing deck (16:9 PPTX): title, one slide per map, coverage and target tables.

``build_deck`` is pure (plain data in, a Presentation out); ``build_briefing`` gathers
that data from the database through the map export and ``maps.briefing_data``.
"""

from __future__ import annotations

import datetime as dt
import io
import unicodedata
from dataclasses import dataclass

from pptx import Presentation
from pptx.dml.color import RGBColor
from pptx.oxml.ns import qn
from pptx.util import Emu, Inches, Pt
from sqlalchemy import Connection

from geo.store.database import data_version
from geo.text import printable
from maps import briefing_data, spec as specs
from maps.briefing_data import Table
from maps.export import ExportOptions, render_spec
from maps.i18n import t

PPTX_MEDIA_TYPE = "application/vnd.openxmlformats-officedocument.presentationml.presentation"
SLIDE_W, SLIDE_H = Emu(12192000), Emu(6858000)  # 13.333 x 7.5 in, exactly 16:9
PICTURE = (Emu(1463040), Inches(0.85), Emu(9265920), Emu(5212080))  # left, top, width, height: exactly 16:9
PICTURE_PX = (1920, 1080)
TITLE_SLIDE, PICTURE_SLIDE, TITLE_ONLY = 0, 8, 5  # layouts of python-pptx's default template
EA_FONT = "Microsoft YaHei"  # East Asian typeface; WPS/LibreOffice substitute a local CJK font
RED = RGBColor(0xC5, 0x30, 0x30)


@dataclass(frozen=True)
class MapSlide:
    title: str
    png: bytes  # 16:9, so it fills the picture placeholder without cropping
    takeaway: str


def build_briefing(conn: Connection, lang: str = "zh", role: str = "official") -> bytes:
    """The deck for every registered map, as PPTX bytes."""
    slides = []
    any_demo = False
    for spec in specs.all_maps():
        rendered = render_spec(conn, spec, ExportOptions(fmt="png", width=PICTURE_PX[0], height=PICTURE_PX[1], lang=lang, role=role))
        any_demo = any_demo or rendered.has_demo
        slides.append(MapSlide(spec.title(lang), rendered.content, briefing_data.takeaway(conn, spec, lang)))
    tables = [briefing_data.fund_table(conn, lang), briefing_data.coverage_table(conn, lang),
              briefing_data.target_table(conn, lang)]
    _version, changed_at = data_version(conn)
    prs = build_deck(_deck_title(lang), changed_at[:10], any_demo or any(tb.demo for tb in tables), slides, tables, lang)
    buf = io.BytesIO()
    prs.save(buf)
    return buf.getvalue()


def _deck_title(lang: str) -> str:
    return "芒市电子商务进农村 · 地图简报" if lang == "zh" else "Mangshi rural e-commerce: map briefing"


def build_deck(title: str, data_date: str, demo: bool, maps: list[MapSlide], tables: list[Table], lang: str = "zh") -> Presentation:
    prs = Presentation()
    _widescreen(prs)
    today = dt.date.today().isoformat()

    slide = prs.slides.add_slide(prs.slide_layouts[TITLE_SLIDE])
    _set_text(slide.shapes.title, title, Pt(40))
    sub = f"{t('data_date', lang)}{'：' if lang == 'zh' else ': '}{data_date}    " + (f"制作：{today}" if lang == "zh" else f"Prepared: {today}")
    _set_text(slide.placeholders[1], sub, Pt(20))
    if demo:
        _demo_box(slide, lang, Inches(5.9), left=Inches(4.7))

    for m in maps:
        slide = prs.slides.add_slide(prs.slide_layouts[PICTURE_SLIDE])
        _set_text(slide.shapes.title, m.title, Pt(24))
        slide.placeholders[1].insert_picture(io.BytesIO(m.png))
        _set_text(slide.placeholders[2], m.takeaway, Pt(16))

    for table in tables:
        _table_slide(prs, table, demo or table.demo, lang)
    return prs


def _widescreen(prs: Presentation) -> None:
    """16:9 slides; the default template's placeholders are stretched to match, and the
    picture layout is laid out for a full-width 16:9 map with a caption line under it."""
    fx = SLIDE_W / prs.slide_width
    prs.slide_width, prs.slide_height = SLIDE_W, SLIDE_H
    for owner in (prs.slide_master, *prs.slide_layouts):
        for ph in owner.placeholders:
            ph.left, ph.width = int(ph.left * fx), int(ph.width * fx)
    layout = prs.slide_layouts[PICTURE_SLIDE].placeholders
    boxes = {0: (Inches(0.4), Inches(0.15), Inches(12.53), Inches(0.65)), 1: PICTURE,
             2: (Inches(0.4), Inches(6.6), Inches(12.53), Inches(0.75))}
    for ph in layout:
        if ph.placeholder_format.idx in boxes:
            ph.left, ph.top, ph.width, ph.height = (Emu(v) for v in boxes[ph.placeholder_format.idx])


def _set_text(shape, text: str, size: Pt, colour: RGBColor | None = None) -> None:  # noqa: ANN001
    frame = shape.text_frame
    frame.word_wrap = True
    frame.text = printable(text)  # python-pptx refuses control characters (XML)
    for paragraph in frame.paragraphs:
        for run in paragraph.runs:
            run.font.size = size
            if colour is not None:
                run.font.color.rgb = colour
            _east_asian(run)


def _east_asian(run) -> None:  # noqa: ANN001
    rpr = run._r.get_or_add_rPr()
    ea = rpr.find(qn("a:ea"))
    if ea is None:
        ea = rpr.makeelement(qn("a:ea"), {})
        rpr.append(ea)
    ea.set("typeface", EA_FONT)


def _demo_box(slide, lang: str, top: Emu, left: Emu = Inches(9.2)) -> None:  # noqa: ANN001
    box = slide.shapes.add_textbox(left, top, Inches(3.9), Inches(0.45))
    box.fill.solid()
    box.fill.fore_color.rgb = RED
    _set_text(box, t("demo", lang), Pt(12), RGBColor(0xFF, 0xFF, 0xFF))


def _table_slide(prs: Presentation, table: Table, demo: bool, lang: str) -> None:
    slide = prs.slides.add_slide(prs.slide_layouts[TITLE_ONLY])
    title = slide.shapes.title
    title.left, title.top, title.width, title.height = Inches(0.4), Inches(0.15), Inches(8.6), Inches(0.75)
    _set_text(title, table.title, Pt(26))
    if demo:
        _demo_box(slide, lang, Inches(0.3))
    n_rows, n_cols = len(table.rows) + 1, len(table.headers)
    # The table leaves room under it for the note, which states the rule in full (up to three lines).
    # Planned rows are a little short of the budget so a few rows wrapping to two lines still fit.
    row_h = min(Inches(0.42), int((Inches(5.0)) / n_rows))
    shape = slide.shapes.add_table(n_rows, n_cols, Inches(0.4), Inches(1.0), Inches(12.53), row_h * n_rows)
    grid = shape.table
    widths = _column_weights(table)
    for i, weight in enumerate(widths):
        grid.columns[i].width = int(Inches(12.53) * weight / sum(widths))
    size = Pt(12) if n_rows <= 12 else Pt(10)
    for r, row in enumerate([table.headers, *table.rows]):
        for c, value in enumerate(row):
            cell = grid.cell(r, c)
            cell.margin_left = cell.margin_right = Inches(0.05)  # the width goes to the text
            _set_text(cell, str(value), size)
    note = slide.shapes.add_textbox(Inches(0.4), Inches(6.45), Inches(12.53), Inches(0.95))
    _set_text(note, table.note, Pt(10), RGBColor(0x55, 0x55, 0x55))


def _column_weights(table: Table) -> list[float]:
    """Wider columns for longer text (names of uncovered villages, sources); a Chinese character
    counts twice, being about twice as wide as a digit."""
    def width(value: object) -> int:
        return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in str(value))

    longest = [max([width(h)] + [width(row[i]) for row in table.rows]) for i, h in enumerate(table.headers)]
    return [min(max(n, 7), 60) for n in longest]
