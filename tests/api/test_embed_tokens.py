"""An embed token opens a map as a viewer: a map that is not public gets no token (422)."""

from __future__ import annotations

from sqlalchemy import text

from geo.store.database import get_engine


def test_no_embed_token_for_a_private_map(client_as, db_url: str) -> None:
    official = client_as("official")
    refused = official.post("/auth/embed-tokens", json={"map": "inspections"})
    assert refused.status_code == 422, refused.text
    assert "not public" in refused.json()["error"] and "不公开" in refused.json()["error"]
    with get_engine(db_url).connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM auth_token WHERE kind = 'embed'")).scalar_one() == 0
    assert official.post("/auth/embed-tokens", json={"map": "overview"}).status_code == 201
