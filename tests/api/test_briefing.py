"""GET /briefing.pptx: a 16:9 deck with one title per slide, map pictures drawn for their slide,
clean tables with the API's figures, a closing slide of what needs action; LibreOffice renders it."""

from __future__ import annotations

import io
import re
import shutil
import subprocess
from pathlib import Path
from xml.etree import ElementTree

import numpy as np
import pytest
from PIL import Image, ImageFont
from pptx import Presentation
from pptx.enum.shapes import MSO_SHAPE_TYPE
from pypdf import PdfReader
from sqlalchemy import text

from geo.store.database import get_engine
from maps.export.fonts import cjk_font
from maps.spec import all_maps
from tests.expected import COVERED_VILLAGES, TITLES
from tests.maps.exports_helpers import SVG_NS
from tests.maps.test_status_truth import EXPECTED_SQL

EMU_PER_PT = 12700
MIN_PT = 10  # at 1920x1080 full screen a slide point is 2 px: 10 pt = 20 px, never smaller
LEGEND_MIN_PT = 12


@pytest.fixture
def client(client_as):  # noqa: ANN001, ANN201 - the role these routes need (api/access.py)
    return client_as("official")


def deck(client, lang: str = "zh") -> tuple[Presentation, bytes]:  # noqa: ANN001
    r = client.get("/briefing.pptx", params={"lang": lang})
    assert r.status_code == 200, r.text
    assert r.headers["content-type"].startswith("application/vnd.openxmlformats-officedocument.presentationml")
    return Presentation(io.BytesIO(r.content)), r.content


def slide_text(slide) -> str:  # noqa: ANN001
    parts = []
    for s in slide.shapes:
        if s.has_text_frame:
            parts.append(s.text_frame.text)
        if s.has_table:
            parts += [c.text for row in s.table.rows for c in row.cells]
    return "\n".join(parts)


def runs(slide):  # noqa: ANN001, ANN201
    for s in slide.shapes:
        frames = [s.text_frame] if s.has_text_frame else []
        if s.has_table:
            frames += [c.text_frame for row in s.table.rows for c in row.cells]
        for frame in frames:
            for p in frame.paragraphs:
                for r in p.runs:
                    if r.text.strip():
                        yield r


def box(shape) -> tuple[int, int, int, int]:  # noqa: ANN001
    return shape.left, shape.top, shape.left + shape.width, shape.top + shape.height


def overlaps(a, b) -> bool:  # noqa: ANN001
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def cells(slide) -> list[list[str]]:  # noqa: ANN001
    table = next(s for s in slide.shapes if s.has_table).table
    return [[c.text for c in row.cells] for row in table.rows]


def test_deck_slides_titles_pictures_and_text_sizes(client, db_url: str) -> None:
    prs, _raw = deck(client)
    assert prs.slide_width * 9 == prs.slide_height * 16
    slides = list(prs.slides)
    specs = all_maps()
    assert len(slides) == 1 + len(specs) + 3 + 1  # title, maps, funds / coverage / target tables, what needs action
    with get_engine(db_url).connect() as conn:
        day = conn.execute(text("SELECT changed_at::date::text FROM data_state")).scalar_one()
        n_sites, n_operating = conn.execute(
            text("SELECT count(*), count(*) FILTER (WHERE status = 'operating') FROM site")
        ).one()
    assert "地图简报" in slides[0].shapes.title.text and day in slide_text(slides[0])

    for slide in slides:
        # one title: the title placeholder, and no other text as large as it
        title = slide.shapes.title
        assert title is not None and title.text.strip()
        title_pt = max(r.font.size.pt for r in title.text_frame.paragraphs[0].runs)
        others = [
            r
            for s in slide.shapes
            if s.shape_id != title.shape_id and s.has_text_frame
            for p in s.text_frame.paragraphs
            for r in p.runs
        ]
        assert all(r.font.size.pt < title_pt for r in others)
        # every piece of text has an explicit size of at least 10 pt
        sizes = [r.font.size for r in runs(slide)]
        assert sizes and all(size is not None and size.pt >= MIN_PT for size in sizes), sizes
        # no API path, no amount in plain yuan (万元 throughout)
        words = slide_text(slide)
        assert not re.search(r"/(indicators|inspections|layers|maps|briefing)\b", words), words
        assert not re.search(r"\d\s*元", words), words

    for spec, slide in zip(specs, slides[1 : 1 + len(specs)]):
        assert slide.shapes.title.text == TITLES[spec.name][0]
        pictures = [s for s in slide.shapes if s.shape_type == MSO_SHAPE_TYPE.PICTURE]
        assert len(pictures) == 1
        picture = pictures[0]
        for s in slide.shapes:  # the picture covers no title, takeaway or demo label
            if s.shape_id != picture.shape_id:
                assert not overlaps(box(picture), box(s)), (spec.name, s.name)
        assert box(picture)[3] <= prs.slide_height and box(picture)[2] <= prs.slide_width
        image = Image.open(io.BytesIO(picture.image.blob))
        assert abs(image.width / image.height - picture.width / picture.height) < 0.01  # drawn for its box
        assert image.width >= 1800  # sharp at full screen
        takeaway = slide_text(slide)
        if "sites" in spec.layers:
            assert f"共 {n_sites} 个电商站点，其中运营中 {n_operating} 个" in takeaway
        if spec.name == "inspections":
            with get_engine(db_url).connect() as conn:
                overdue = conn.execute(text(EXPECTED_SQL)).mappings().one()["overdue"]
            assert f"逾期 {overdue} 个" in takeaway


def test_map_pictures_have_no_second_title_and_a_readable_legend(client, db_url: str) -> None:
    """The pictures' own text, drawn the same way as SVG: sizes in points at the size they are placed."""
    from maps.briefing import PICTURE, picture_options
    from maps.export import render_map

    with get_engine(db_url).connect() as conn:
        for spec in all_maps():
            o = picture_options("zh", "official")
            svg = render_map(conn, spec.name, type(o)(**{**o.__dict__, "fmt": "svg"})).content
            root = ElementTree.fromstring(svg)
            width_pt = float(root.get("width").removesuffix("pt"))
            assert width_pt == pytest.approx(PICTURE[2] * 72, abs=1)  # placed at its own size: 1 pt = 1 slide pt
            texts = [
                ("".join(el.itertext()), float(re.search(r"font-size: ([\d.]+)px", el.get("style")).group(1)))
                for el in root.iter(f"{SVG_NS}text")
            ]
            assert TITLES[spec.name][0] not in [t for t, _ in texts]  # the slide has the title
            assert all(size >= MIN_PT for _t, size in texts), [(t, s) for t, s in texts if s < MIN_PT]
            legend = next(g for g in root.iter(f"{SVG_NS}g") if g.get("id") == "legend")
            legend_sizes = [
                float(re.search(r"font-size: ([\d.]+)px", el.get("style")).group(1))
                for el in legend.iter(f"{SVG_NS}text")
            ]
            assert legend_sizes and min(legend_sizes) >= LEGEND_MIN_PT, (spec.name, min(legend_sizes))


def test_deck_numbers_are_the_indicator_endpoints(client, db_url: str) -> None:
    prs, _raw = deck(client)
    slides = list(prs.slides)
    cov = client.get("/indicators/coverage").json()
    ind = client.get("/indicators").json()

    keys = (
        "villages",
        "covered",
        "uncovered",
        "no_position",
        "share_pct",
        "poverty_households",
        "poverty_households_covered",
    )
    rows = cells(slides[-3])
    assert len(rows) == len(cov["townships"]) + 2
    for row, town in zip(rows[1:-1], cov["townships"]):
        expected = [
            town["name"],
            *("—" if town[k] is None else f"{town[k]:.1f}" if k == "share_pct" else str(town[k]) for k in keys),
        ]
        assert row[:8] == expected, (row, town)
    note = slide_text(slides[-3])
    assert f"{cov['rule']['distance_m'] / 1000:g} 公里" in note

    verdict = {True: "达成", False: "未达成", None: "无法判断"}
    for row, r in zip(cells(slides[-2])[1:], ind["indicators"]):
        actual = r["actual_zh"]
        if r["key"] == "specialty_sales" and r["actual"] is not None:  # yuan in 万元, beside its 万元 target
            actual = f"{r['actual'] / 10000:,.1f} 万元" + actual[actual.index("（") :]
        source = re.sub(r"\s*（/[^）]*）", "", r["source_zh"])
        assert row == [r["indicator_zh"], r["target_zh"], actual, source, verdict[r["met"]]]

    coverage_map = next(s for spec, s in zip(all_maps(), slides[1:]) if spec.name == "coverage")
    # the totals against counts written here, not only against the API (which shares the deck's code)
    with get_engine(db_url).connect() as conn:
        villages = conn.execute(text("SELECT count(*) FROM village WHERE poverty_alleviated")).scalar_one()
        covered = conn.execute(text(COVERED_VILLAGES)).scalar_one()
    assert rows[-1][:3] == ["合计", str(villages), str(covered)] and 0 < covered < villages
    assert f"{villages} 个脱贫村中 {covered} 个已覆盖" in slide_text(coverage_map)


def test_failing_targets_are_highlighted_and_verdicts_never_wrap(client) -> None:
    from maps.briefing import CELL_MARGIN_IN, FAIL_FILL

    prs, _raw = deck(client)
    table = next(s for s in list(prs.slides)[-2].shapes if s.has_table).table
    verdict_col = len(table.columns) - 1
    width_in = table.columns[verdict_col].width / 914400 - 2 * CELL_MARGIN_IN
    _family, path = cjk_font()
    failing = 0
    for row in list(table.rows)[1:]:
        cell = row.cells[verdict_col]
        size = cell.text_frame.paragraphs[0].runs[0].font.size.pt
        font = ImageFont.truetype(str(path), size=int(size * 10))
        assert font.getlength(cell.text) / 10 / 72 <= width_in, cell.text  # one line
        if cell.text == "未达成":
            failing += 1
            assert cell.fill.fore_color.rgb == FAIL_FILL
    assert failing == sum(r["met"] is False for r in client.get("/indicators").json()["indicators"]) > 0


def test_closing_slide_lists_what_needs_action(client, db_url: str) -> None:
    prs, _raw = deck(client)
    last = list(prs.slides)[-1]
    assert last.shapes.title.text == "需要处理的事项"
    words = slide_text(last)
    cov = client.get("/indicators/coverage").json()
    for village in cov["uncovered"] + cov["no_position"]:
        assert village["name"] in words
    with get_engine(db_url).connect() as conn:
        overdue = conn.execute(text(EXPECTED_SQL)).mappings().one()
    assert f"逾期未检的站点（{overdue['overdue']} 个" in words
    for r in client.get("/indicators").json()["indicators"]:
        if r["met"] is False:
            assert r["indicator_zh"] in words

    # the funds slide: disbursement by item against budget and the verdict, as /indicators/funds
    funds = client.get("/indicators/funds").json()
    slides = list(deck(client)[0].slides)  # title, maps, funds / coverage / target tables, actions
    rows = cells(slides[-4])
    assert "后续资金" in slides[-4].shapes.title.text
    assert [r[2:4] for r in rows[1:11]] == [[f"{i['budget_wan']:g}", f"{i['paid_wan']:g}"] for i in funds["items"]]
    ft = funds["totals"]
    assert rows[-1][1] == f"合计（{ft['verdict_zh']}）" and rows[-1][3] == f"{ft['paid_wan']:g}"
    funds_map = next(s for spec, s in zip(all_maps(), slides[1:]) if spec.name == "funds")
    assert f"已支付 {ft['paid_wan']:g}/500 万元" in slide_text(funds_map)
    assert f"闲置资产 {len(funds['idle_assets'])} 件" in slide_text(funds_map)


def test_deck_in_english(client) -> None:
    prs, _raw = deck(client, "en")
    slides = list(prs.slides)
    assert "briefing" in slides[0].shapes.title.text
    assert slides[-1].shapes.title.text == "What needs action"


@pytest.mark.skipif(
    shutil.which("soffice") is None or shutil.which("pdftoppm") is None,
    reason="LibreOffice or poppler-utils missing (scripts/bootstrap installs both)",
)
def test_libreoffice_renders_every_slide(client, tmp_path: Path) -> None:
    prs, raw = deck(client)
    src = tmp_path / "briefing.pptx"
    src.write_bytes(raw)
    done = subprocess.run(
        [
            "soffice",
            f"-env:UserInstallation=file://{tmp_path}/lo-profile",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp_path),
            str(src),
        ],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    pdf = tmp_path / "briefing.pdf"
    assert pdf.exists(), done.stdout + done.stderr
    reader = PdfReader(pdf)
    assert len(reader.pages) == len(prs.slides)
    box = reader.pages[1].mediabox
    assert abs(float(box.width) / float(box.height) - 16 / 9) < 0.01
    assert "地图简报" in reader.pages[0].extract_text()
    subprocess.run(
        ["pdftoppm", "-png", "-scale-to-x", "960", "-scale-to-y", "540", str(pdf), str(tmp_path / "p")],
        check=True,
        timeout=300,
    )
    pages = sorted(tmp_path.glob("p-*.png"))
    assert len(pages) == len(prs.slides)
    for i, page in enumerate(pages):
        grey = np.asarray(Image.open(page).convert("L"), dtype=float)
        assert grey.std() > 10 and (grey < 128).mean() > 0.005, f"slide {i + 1} renders nearly blank"
    # a map slide's picture is drawn: plenty of colour below the title row
    rgb = np.asarray(Image.open(pages[1]).convert("RGB"), dtype=int)[120:]
    assert (np.ptp(rgb, axis=2) > 40).mean() > 0.01  # coloured symbols (a blank slide has none)
