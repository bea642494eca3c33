"""GET /briefing.pptx: a 16:9 deck that python-pptx (and LibreOffice, where installed) opens."""

from __future__ import annotations

import io
import shutil
import subprocess
from pathlib import Path

import pytest
from PIL import Image
from pptx import Presentation
from pptx.enum.shapes import MSO_SHAPE_TYPE, PP_PLACEHOLDER
from pypdf import PdfReader
from sqlalchemy import text

from geo.store.database import get_engine
from maps.spec import all_maps



@pytest.fixture
def client(client_as):  # noqa: ANN001, ANN201 - the role these routes need (api/access.py)
    return client_as("official")

def deck(client, lang: str = "zh") -> Presentation:
    r = client.get("/briefing.pptx", params={"lang": lang})
    assert r.status_code == 200, r.text
    assert r.headers["content-type"].startswith("application/vnd.openxmlformats-officedocument.presentationml")
    return Presentation(io.BytesIO(r.content)), r.content


def test_deck_has_title_maps_and_tables_at_16_9(client, db_url: str) -> None:
    prs, _raw = deck(client)
    assert prs.slide_width * 9 == prs.slide_height * 16
    slides = list(prs.slides)
    specs = all_maps()
    assert len(slides) == 1 + len(specs) + 2
    assert "地图简报" in slides[0].shapes.title.text
    with get_engine(db_url).connect() as conn:
        day = conn.execute(text("SELECT changed_at::date::text FROM data_state")).scalar_one()
        n_sites, n_operating = conn.execute(text("SELECT count(*), count(*) FILTER (WHERE status = 'operating') FROM site")).one()
    assert day in slides[0].placeholders[1].text

    for spec, slide in zip(specs, slides[1:1 + len(specs)]):
        assert slide.shapes.title.text == spec.title("zh")
        picture = next(s for s in slide.placeholders if s.placeholder_format.type == PP_PLACEHOLDER.PICTURE)
        layout_ph = slide.slide_layout.placeholders.get(idx=picture.placeholder_format.idx)
        # The picture fills its placeholder exactly, uncropped, and both are 16:9.
        assert (picture.left, picture.top, picture.width, picture.height) == (
            layout_ph.left, layout_ph.top, layout_ph.width, layout_ph.height)
        assert abs(picture.width / picture.height - 16 / 9) < 0.005
        assert max(abs(picture.crop_left), abs(picture.crop_right), abs(picture.crop_top), abs(picture.crop_bottom)) < 0.002
        image = Image.open(io.BytesIO(picture.image.blob))
        assert image.size == (1920, 1080)
        takeaway = slide.placeholders[2].text
        if "sites" in spec.layers:
            assert f"共 {n_sites} 个电商站点，其中运营中 {n_operating} 个" in takeaway

    coverage, targets = slides[-2], slides[-1]
    assert "覆盖" in coverage.shapes.title.text and "绩效目标" in targets.shapes.title.text
    for slide in (coverage, targets):
        assert any(s.shape_type == MSO_SHAPE_TYPE.TEXT_BOX and "演示数据" in s.text_frame.text for s in slide.shapes)
    with get_engine(db_url).connect() as conn:
        n_townships = conn.execute(text("SELECT count(*) FROM township")).scalar_one()
    assert len(cells(coverage)) == 1 + n_townships + 1  # header, townships, total


def cells(slide) -> list[list[str]]:  # noqa: ANN001
    table = next(s for s in slide.shapes if s.has_table).table
    return [[c.text for c in row.cells] for row in table.rows]


def shown(v) -> str:  # noqa: ANN001
    return "—" if v is None else str(v)


def same(deck_row: list[str], values: list) -> bool:
    """Text equal, or (for the covered share, shown with one decimal) the same number."""
    return len(deck_row) == len(values) and all(
        d == shown(v) or (isinstance(v, (int, float)) and d == f"{v:.1f}") for d, v in zip(deck_row, values))


def test_deck_numbers_are_the_indicator_endpoints(client) -> None:
    prs, _raw = deck(client)
    slides = list(prs.slides)
    cov = client.get("/indicators/coverage").json()
    ind = client.get("/indicators").json()

    keys = ("villages", "covered", "uncovered", "no_position", "share_pct", "poverty_households", "poverty_households_covered")
    rows = cells(slides[-2])
    assert len(rows) == len(cov["townships"]) + 2
    for row, town in zip(rows[1:-1], cov["townships"]):
        assert same(row[:8], [town["name"], *(town[k] for k in keys)]), (row, town)
    assert same(rows[-1][:8], ["合计", *(cov["totals"][k] for k in keys)]), rows[-1]
    note = next(s.text_frame.text for s in slides[-2].shapes if s.shape_type == MSO_SHAPE_TYPE.TEXT_BOX
                and s.text_frame.text.startswith("覆盖规则："))
    assert f"{cov['rule']['distance_m'] / 1000:g} 公里" in note

    verdict = {True: "达成", False: "未达成", None: "无法判断"}
    assert cells(slides[-1])[1:] == [[r["indicator_zh"], r["target_zh"], r["actual_zh"], r["source_zh"], verdict[r["met"]]]
                                    for r in ind["indicators"]]

    coverage_map = next(s for spec, s in zip(all_maps(), slides[1:]) if spec.name == "coverage")
    t = cov["totals"]
    assert coverage_map.placeholders[2].text.startswith(f"{t['villages']} 个脱贫村中 {t['covered']} 个已覆盖")


def test_deck_in_english(client) -> None:
    prs, _raw = deck(client, "en")
    assert "briefing" in list(prs.slides)[0].shapes.title.text


@pytest.mark.skipif(shutil.which("libreoffice") is None,
                    reason="LibreOffice is not installed (scripts/bootstrap installs libreoffice-impress when it can)")
def test_libreoffice_converts_the_deck_to_pdf(client, tmp_path: Path) -> None:
    prs, raw = deck(client)
    src = tmp_path / "briefing.pptx"
    src.write_bytes(raw)
    done = subprocess.run(
        ["libreoffice", f"-env:UserInstallation=file://{tmp_path}/lo-profile", "--headless", "--convert-to", "pdf",
         "--outdir", str(tmp_path), str(src)],
        capture_output=True, text=True, timeout=180,
    )
    assert done.returncode == 0, done.stderr
    pdf = tmp_path / "briefing.pdf"
    assert pdf.exists(), done.stdout + done.stderr
    reader = PdfReader(pdf)
    assert len(reader.pages) == len(prs.slides)
    box = reader.pages[1].mediabox
    assert abs(float(box.width) / float(box.height) - 16 / 9) < 0.01
    assert "地图简报" in reader.pages[0].extract_text()
