"""The monthly briefing deck (16:9 PPTX): title, one slide per map, the coverage and target
tables, and a closing slide of what needs action.

Every slide has one title. A map slide carries its takeaway under the title and a picture drawn
for the slide (``ExportOptions(slide=True)``: no second title, legend >= 12 pt at the size it is
placed). ``build_deck`` is pure (plain data in, a Presentation out); ``build_briefing`` gathers
that data from the database through the map export and ``maps.briefing_data``.
"""

from __future__ import annotations

import datetime as dt
import io
import unicodedata
from dataclasses import dataclass

from pptx import Presentation
from pptx.dml.color import RGBColor
from pptx.enum.text import MSO_ANCHOR
from pptx.oxml.ns import qn
from pptx.presentation import Presentation as Deck  # the class; pptx.Presentation() makes one
from pptx.util import Emu, Inches, Pt
from sqlalchemy import Connection

from geo.analysis.coverage import CoverageRule
from geo.store.database import data_version
from geo.store.settings import Settings
from geo.text import printable
from geo.vocab import COLON
from layers import registry
from maps import briefing_data
from maps import spec as specs
from maps.briefing_data import Actions, Table
from maps.export import ExportOptions, render_spec
from maps.i18n import choose, county_name, t

SLIDE_W, SLIDE_H = Emu(12192000), Emu(6858000)  # 13.333 x 7.5 in, exactly 16:9
TITLE_SLIDE, TITLE_ONLY = 0, 5  # layouts of python-pptx's default template

# Boxes in inches: (left, top, width, height). The title row leaves the top-right corner to the demo label.
TITLE = (0.4, 0.2, 8.75, 0.66)
DEMO = (9.33, 0.3, 3.6, 0.46)
TAKEAWAY = (0.4, 0.88, 12.53, 0.56)
PICTURE = (0.4, 1.47, 12.53, 5.88)  # the map picture is drawn at exactly this size
PIXEL_RATIO = 1.6  # 1925 px across: sharp on a 1920-px screen
TABLE = (0.4, 1.0, 12.53, 5.55)
NOTE = (0.4, 6.75, 12.53, 0.55)

TITLE_PT, TAKEAWAY_PT, BODY_PT, NOTE_PT = Pt(28), Pt(16), Pt(12), Pt(11)
EA_FONT = "Microsoft YaHei"  # East Asian typeface; WPS/LibreOffice substitute a local CJK font
RED = RGBColor(0xC5, 0x30, 0x30)
INK, GREY = RGBColor(0x1A, 0x1A, 0x1A), RGBColor(0x55, 0x55, 0x55)
HEADER_FILL, HEADER_INK = RGBColor(0x1F, 0x3A, 0x5F), RGBColor(0xFF, 0xFF, 0xFF)
ZEBRA = (RGBColor(0xFF, 0xFF, 0xFF), RGBColor(0xF2, 0xF4, 0xF7))
TOTAL_FILL = RGBColor(0xE1, 0xE6, 0xED)
FAIL_FILL, FAIL_INK = RGBColor(0xFB, 0xDC, 0xD8), RGBColor(0xA5, 0x15, 0x15)
NO_STYLE_NO_GRID = "{2D5ABB26-0587-4C30-8999-92F81FD0307C}"  # a plain table we colour ourselves


@dataclass(frozen=True)
class MapSlide:
    title: str
    png: bytes  # drawn for PICTURE's box
    takeaway: str


def picture_options(lang: str, role: str, settings: Settings | None = None) -> ExportOptions:
    """How a map slide's picture is drawn: the picture box's size in px at 96 dpi, slide text sizes."""
    return ExportOptions(
        fmt="png",
        width=round(PICTURE[2] * 96),
        height=round(PICTURE[3] * 96),
        lang=lang,
        role=role,
        slide=True,
        pixel_ratio=PIXEL_RATIO,
        settings=settings,
    )


def build_briefing(conn: Connection, settings: Settings, lang: str = "zh", role: str = "official") -> bytes:
    """The deck for every registered map, as PPTX bytes, under the rules of ``settings``."""
    slides = []
    any_demo = False
    rule = CoverageRule.from_settings(settings)
    for spec in specs.all_maps():
        rendered = render_spec(conn, spec, picture_options(lang, role, settings))
        any_demo = any_demo or rendered.has_demo
        takeaway = briefing_data.takeaway(conn, spec, lang, settings=settings)
        slides.append(MapSlide(spec.title(lang, settings), rendered.content, takeaway))
    tables = [
        briefing_data.fund_table(conn, lang),
        briefing_data.coverage_table(conn, lang, rule=rule),
        briefing_data.target_table(conn, lang, rule=rule),
    ]
    status = [f["properties"] for f in registry.get("inspection_status").for_settings(settings).features(conn)]
    todo = briefing_data.actions(conn, lang, status, settings=settings)
    _version, changed_at = data_version(conn)
    prs = build_deck(
        _deck_title(lang, settings),
        changed_at[:10],
        any_demo or any(tb.demo for tb in tables),
        slides,
        tables,
        lang,
        todo,
    )
    buf = io.BytesIO()
    prs.save(buf)
    return buf.getvalue()


def _deck_title(lang: str, settings: Settings | None = None) -> str:
    place = county_name(lang, settings)
    return choose(f"{place}电子商务进农村 · 地图简报", f"{place} rural e-commerce: map briefing", lang)


def build_deck(
    title: str,
    data_date: str,
    demo: bool,
    maps: list[MapSlide],
    tables: list[Table],
    lang: str = "zh",
    todo: Actions | None = None,
) -> Deck:
    prs = Presentation()
    prs.slide_width, prs.slide_height = SLIDE_W, SLIDE_H
    today = dt.date.today().isoformat()

    slide = prs.slides.add_slide(prs.slide_layouts[TITLE_SLIDE])
    _place(slide.shapes.title, (0.8, 2.2, 11.73, 1.4))
    _set_text(slide.shapes.title, title, Pt(40))
    sub = f"{t('data_date', lang)}{choose(*COLON, lang)}{data_date}    " + choose(
        f"制作：{today}", f"Prepared: {today}", lang
    )
    _place(slide.placeholders[1], (0.8, 3.8, 11.73, 0.8))
    _set_text(slide.placeholders[1], sub, Pt(20), GREY)
    if demo:
        _demo_box(slide, lang, (4.7, 5.2, 3.93, 0.5))

    for m in maps:
        slide = _titled(prs, m.title, demo, lang)
        _text_box(slide, TAKEAWAY, m.takeaway, TAKEAWAY_PT, INK)
        slide.shapes.add_picture(io.BytesIO(m.png), *(Inches(v) for v in PICTURE))

    for table in tables:
        _table_slide(prs, table, demo or table.demo, lang)
    if todo is not None:
        _action_slide(prs, todo, demo, lang)
    return prs


def _titled(prs: Deck, title: str, demo: bool, lang: str):  # noqa: ANN202
    """A slide with its one title (the layout's title placeholder, in the title row)."""
    slide = prs.slides.add_slide(prs.slide_layouts[TITLE_ONLY])
    _place(slide.shapes.title, TITLE)
    _set_text(slide.shapes.title, title, TITLE_PT, INK)
    frame = slide.shapes.title.text_frame
    frame.word_wrap, frame.vertical_anchor = True, MSO_ANCHOR.MIDDLE
    for p in frame.paragraphs:
        p.alignment = 1  # left
    if demo:
        _demo_box(slide, lang, DEMO)
    return slide


def _place(shape, box: tuple[float, float, float, float]) -> None:  # noqa: ANN001
    shape.left, shape.top, shape.width, shape.height = (Inches(v) for v in box)


def _text_box(slide, box: tuple[float, float, float, float], text: str, size: Pt, colour: RGBColor):  # noqa: ANN001, ANN202
    shape = slide.shapes.add_textbox(*(Inches(v) for v in box))
    _set_text(shape, text, size, colour)
    return shape


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


def _demo_box(slide, lang: str, box: tuple[float, float, float, float]) -> None:  # noqa: ANN001
    shape = slide.shapes.add_textbox(*(Inches(v) for v in box))
    shape.fill.solid()
    shape.fill.fore_color.rgb = RED
    _set_text(shape, t("demo", lang), Pt(11), RGBColor(0xFF, 0xFF, 0xFF))


# --- tables --------------------------------------------------------------------------------------


def display_width_in(text: str, size_pt: float) -> float:
    """Inches a line of text takes: a CJK character is one em, other characters about 0.55 em."""
    ems = sum(1.0 if unicodedata.east_asian_width(ch) in "WF" else 0.55 for ch in text)
    return ems * size_pt / 72


CELL_MARGIN_IN = 0.06


def column_widths(table: Table, size_pt: float, total_in: float) -> list[float]:
    """Short columns (numbers, verdicts) as wide as their longest cell, never wrapping; the long
    text columns (names, sources) share the rest in proportion to their text."""
    natural = [
        max(display_width_in(str(v), size_pt) for v in (h, *(row[i] for row in table.rows))) + 2 * CELL_MARGIN_IN + 0.04
        for i, h in enumerate(table.headers)
    ]
    short = [w <= 1.6 for w in natural]
    fixed = sum(w for w, s in zip(natural, short) if s)
    flexible = sum(w for w, s in zip(natural, short) if not s)
    if fixed + flexible <= total_in or not flexible:
        grow = total_in / (fixed + flexible)
        return [w * grow for w in natural]
    room = total_in - fixed
    return [w if s else w / flexible * room for w, s in zip(natural, short)]


def _table_slide(prs: Deck, table: Table, demo: bool, lang: str) -> None:
    slide = _titled(prs, table.title, demo, lang)
    n_rows, n_cols = len(table.rows) + 1, len(table.headers)
    size = BODY_PT if n_rows <= 12 else NOTE_PT
    row_h = min(Inches(0.42), int(Inches(TABLE[3]) / n_rows))
    shape = slide.shapes.add_table(n_rows, n_cols, Inches(TABLE[0]), Inches(TABLE[1]), Inches(TABLE[2]), row_h * n_rows)
    shape.table._tbl.tblPr.find(qn("a:tableStyleId")).text = NO_STYLE_NO_GRID
    grid = shape.table
    grid.first_row = True
    for i, width in enumerate(column_widths(table, size.pt, TABLE[2])):
        grid.columns[i].width = Inches(width)
    fail_words = {choose("未达成", "not met", lang)}
    total_word = choose("合计", "Total", lang)
    for r, row in enumerate([table.headers, *table.rows]):
        grid.rows[r].height = row_h
        for c, value in enumerate(row):
            cell = grid.cell(r, c)
            cell.margin_left = cell.margin_right = Inches(CELL_MARGIN_IN)
            cell.margin_top = cell.margin_bottom = Inches(0.02)
            cell.vertical_anchor = MSO_ANCHOR.MIDDLE
            text = str(value)
            fill, ink = (HEADER_FILL, HEADER_INK) if r == 0 else (ZEBRA[r % 2], INK)
            if r > 0 and str(row[0]) == total_word:
                fill = TOTAL_FILL
            if r > 0 and text in fail_words:
                fill, ink = FAIL_FILL, FAIL_INK
            cell.fill.solid()
            cell.fill.fore_color.rgb = fill
            _set_text(cell, text, size, ink)
            if r == 0 or text in fail_words:
                for p in cell.text_frame.paragraphs:
                    for run in p.runs:
                        run.font.bold = True
    _text_box(slide, NOTE, table.note, NOTE_PT, GREY)


# --- what needs action ---------------------------------------------------------------------------

ACTION_COLUMNS = ((0.4, 5.55), (6.15, 3.55), (9.9, 3.03))  # (left, width) in inches


def _action_slide(prs: Deck, todo: Actions, demo: bool, lang: str) -> None:
    slide = _titled(prs, choose("需要处理的事项", "What needs action", lang), demo, lang)
    for (left, width), (heading, lines) in zip(ACTION_COLUMNS, (todo.uncovered, todo.overdue, todo.targets)):
        box = slide.shapes.add_textbox(Inches(left), Inches(1.05), Inches(width), Inches(6.2))
        frame = box.text_frame
        frame.word_wrap = True
        frame.text = heading
        for line in lines or [choose("无", "none", lang)]:
            frame.add_paragraph().text = line
        for i, paragraph in enumerate(frame.paragraphs):
            paragraph.space_after = Pt(4)
            for run in paragraph.runs:
                run.font.size = Pt(16) if i == 0 else BODY_PT
                run.font.color.rgb = FAIL_INK if i == 0 else INK
                run.font.bold = i == 0
                _east_asian(run)
