"""Permanent labels: the SQL gives the stored value, the layer gives the words in the page's language."""

from __future__ import annotations

from sqlalchemy import text

from geo.store.database import get_engine
from layers import registry


def test_the_county_seat_label_is_worded_in_python_in_both_languages(ro_db_url: str) -> None:
    seats = registry.get("seats")
    with get_engine(ro_db_url).connect() as conn:
        county = conn.execute(text("SELECT name FROM county")).scalar_one()
        features = seats.features(conn)
    labelled = [f["properties"] for f in features if f["properties"].get("seat_label")]
    assert len(labelled) == 1 and labelled[0]["county_seat"] is True
    assert labelled[0]["seat_label"] == county == "芒市"  # a name from the table, no words added in SQL
    assert seats.label_text(labelled[0], "zh") == "芒市（县城）"
    assert seats.label_text(labelled[0], "en") == "芒市 (county seat)"
    others = [f["properties"] for f in features if not f["properties"].get("seat_label")]
    assert others and all(seats.label_text(p, "en") is None for p in others)
