"""Control characters (\\x0b from a paste, NUL, ...): refused at the edge with the field named,
and every writer (XLSX, CSV, GPX, PPTX, SVG) stays readable when one is in the database anyway."""

from __future__ import annotations

import io
import xml.etree.ElementTree as ET

import gpxpy
import openpyxl
import pytest
from pptx import Presentation
from sqlalchemy import text

from geo.store.database import get_engine

VT = "\x0b"  # vertical tab: what Word puts in a pasted line break


@pytest.mark.parametrize("char", ["\x0b", "\x01", "\x1f", "\x7f"])
def test_indicator_entry_with_a_control_character_is_422_naming_the_field(client_as, db_url: str, char: str) -> None:
    client = client_as("supervisor")
    r = client.post(
        "/indicators/entries",
        json={"indicator": "complaints", "period": "2026", "value": 3, "entered_by": f"李{char}明"},
    )
    assert r.status_code == 422, r.text
    assert "entered_by" in r.json()["error"] and f"U+{ord(char):04X}" in r.json()["error"]
    with get_engine(db_url).connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM indicator_entry WHERE entered_by LIKE '李%'")).scalar_one() == 0


def test_inspection_fields_with_control_characters_are_422(client_as, db_url: str) -> None:
    client = client_as("supervisor")
    with get_engine(db_url).connect() as conn:
        site_id = conn.execute(text("SELECT min(id) FROM site WHERE kind = 'village_station'")).scalar_one()
    base = {"site_id": site_id, "mode": "announced", "inspector": "督查组", "outcome": "normal"}
    for field, value in (("inspector", f"张{VT}三"), ("findings", f"门店正常{VT}营业")):
        r = client.post("/inspections", json={**base, field: value})
        assert r.status_code == 422, r.text
        assert field in r.json()["error"]
    ok = client.post("/inspections", json={**base, "findings": "第一行\n第二行\t备注"})  # newline and tab are text
    assert ok.status_code == 201, ok.text


@pytest.mark.slow
def test_every_writer_is_safe_with_a_control_character_in_the_database(client_as, db_url: str) -> None:
    with get_engine(db_url).begin() as conn:  # as an older version or a direct SQL edit could have stored them
        conn.execute(
            text(
                "INSERT INTO indicator_entry (indicator, period, value, entered_by, note, source) "
                "VALUES ('complaints', '2026', 3, :e, :n, 'manual')"
            ),
            {"e": f"李{VT}明", "n": f"备{VT}注"},
        )
        conn.execute(
            text(
                "UPDATE site SET name = name || :c WHERE township_code = "
                "(SELECT code FROM township WHERE name = '遮放镇')"
            ),
            {"c": f"{VT}站"},
        )
    official = client_as("official")
    xlsx = official.get("/indicators.xlsx")
    assert xlsx.status_code == 200, xlsx.text
    book = openpyxl.load_workbook(io.BytesIO(xlsx.content))
    cells = [str(c) for ws in book.worksheets for row in ws.iter_rows(values_only=True) for c in row if c]
    assert any("李明" in c for c in cells) and not any(VT in c for c in cells)
    csv = official.get("/indicators.csv")
    assert csv.status_code == 200 and VT not in csv.text and "李明" in csv.text
    deck = official.get("/briefing.pptx")
    assert deck.status_code == 200, deck.text
    Presentation(io.BytesIO(deck.content))

    supervisor = client_as("supervisor")
    plan = supervisor.post(
        "/routes/plan", json={"rule": "overdue", "township": "遮放镇", "date": "2026-11-02", "as_of": "2026-11-01"}
    )
    assert plan.status_code == 201, plan.text
    gpx = supervisor.get(f"/routes/{plan.json()['id']}.gpx")
    assert gpx.status_code == 200
    parsed = gpxpy.parse(gpx.text)  # valid XML again
    assert parsed.waypoints and all(VT not in w.name for w in parsed.waypoints)
    assert any(w.name.endswith("站") for w in parsed.waypoints)

    with get_engine(db_url).begin() as conn:  # township names are labels on the static maps
        conn.execute(text("UPDATE township SET name = name || :c"), {"c": VT})
    svg = client_as("anonymous").get("/maps/overview.svg")
    assert svg.status_code == 200
    ET.fromstring(svg.content)  # parses: valid XML
    assert VT not in svg.text


@pytest.mark.parametrize(
    ("path", "field"),
    [("/inspections/status?township=%00%C3%B6", "township"), ("/inspections?township_code=%00", "township_code")],
)
def test_a_nul_in_an_inspection_query_is_422_naming_the_field(client_as, path: str, field: str) -> None:
    """The schema states it (pattern), so the fuzzer's schema-valid requests are never refused: found by
    schemathesis (ST202) as a 422 'NUL characters' from the database driver on GET /inspections/status."""
    r = client_as("official").get(path)
    assert r.status_code == 422, r.text
    assert field in r.json()["error"], r.text
