"""`fieldmap export` writes the same files as the HTTP routes."""

from __future__ import annotations

import io
from pathlib import Path

from PIL import Image
from pptx import Presentation
from typer.testing import CliRunner

from api.cli import app
from maps.spec import all_maps


def run(db_url: str, *args: str):  # noqa: ANN201
    # the command reads its settings (DATABASE_URL) from this environment when it runs: nothing cached
    return CliRunner().invoke(app, ["export", *args], env={"DATABASE_URL": db_url})


def test_export_png_svg_and_briefing(db_url: str, tmp_path: Path) -> None:
    png = tmp_path / "overview.png"
    result = run(db_url, "overview", "--format", "png", "-o", str(png), "--width", "800", "--height", "450")
    assert result.exit_code == 0, result.output
    assert Image.open(png).size == (800, 450)
    svg = tmp_path / "overview.svg"
    assert run(db_url, "overview", "-o", str(svg)).exit_code == 0  # format from the suffix
    assert svg.read_bytes().lstrip().startswith(b"<?xml")
    deck = tmp_path / "briefing.pptx"
    result = run(db_url, "briefing", "-o", str(deck))
    assert result.exit_code == 0, result.output
    # title, one per map, three tables (funds, coverage, targets), what needs action
    assert len(Presentation(io.BytesIO(deck.read_bytes())).slides) == 5 + len(all_maps())


def test_export_errors_are_messages_not_tracebacks(db_url: str, tmp_path: Path) -> None:
    result = run(db_url, "nowhere", "-o", str(tmp_path / "x.png"))
    assert result.exit_code == 2
    assert "overview" in result.output
    result = run(db_url, "overview", "--format", "gif", "-o", str(tmp_path / "x.gif"))
    assert result.exit_code == 2 and "gif" in result.output
