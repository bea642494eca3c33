"""A cached page under a frozen PostGIS: served from the cache without touching the database.

The data version behind cache hits is still read from PostGIS on this branch, so the hit waits
for the bounded ping and answers 503; the perf branch pushes the version by LISTEN/NOTIFY."""

from __future__ import annotations

import os
import signal

import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from geo.io.default import load_default
from geo.store import migrate
from geo.store.cluster import LocalCluster
from tests.conftest import AS_OF, SEED
from tests.store.test_frozen_database import _ask, _processes, frozen_cluster  # noqa: F401 - the fixture

pytestmark = pytest.mark.slow


def test_cached_page_answers_200_under_a_frozen_database(frozen_cluster: LocalCluster) -> None:  # noqa: F811
    url = frozen_cluster.url()
    migrate.upgrade(url)
    load_default(url, seed=SEED, as_of=AS_OF)
    with TestClient(create_app(url)) as client:
        first = client.get("/layers/county.geojson")
        assert first.status_code == 200
        frozen = _processes(frozen_cluster)
        for pid in frozen:
            os.kill(pid, signal.SIGSTOP)
        try:
            hit = _ask(client, "/layers/county.geojson")
        finally:
            for pid in frozen:
                os.kill(pid, signal.SIGCONT)
    assert hit is not None, "a cached layer hung on a frozen database"
    assert hit.status_code == 200 and hit.content == first.content
