"""The models and the migrations describe the same schema (Alembic finds nothing to autogenerate)."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from geo.store import migrate
from geo.store.database import get_engine
from geo.store.models import Base


def test_models_match_migrations(empty_url: str) -> None:
    migrate.upgrade(empty_url)
    with get_engine(empty_url).connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), Base.metadata)
    # PostGIS' own tables (spatial_ref_sys) are not ours
    ours = [d for d in diff if not (d[0] == "remove_table" and d[1].name == "spatial_ref_sys")]
    assert ours == []
