"""Start-up: where the database is (the configured server, or a local cluster started on demand),
migrated and loaded with the default dataset when empty. Used by the command line (``fieldmap serve``,
``load``, ``db``) and the benchmarks; it sits beside them in ``api`` because it reaches into
``geo.io`` (loading) as well as ``geo.store`` (cluster, migrations), and the store imports no ``geo.io``."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from geo.store import migrate
from geo.store.cluster import LocalCluster
from geo.store.settings import Settings

log = logging.getLogger("fieldmap")


def normalise_url(url: str) -> str:
    """Accept the usual ``postgres://``/``postgresql://`` spellings; we drive psycopg2."""
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg2://" + url[len(prefix) :]
    return url


DEFAULT_COUNTY = "533103"  # Mangshi: the default dataset with its demo data


def local_cluster(settings: Settings) -> LocalCluster:
    return LocalCluster(Path(settings.data_dir) / "pg", port=settings.pg_port)


@contextmanager
def database(
    settings: Settings,
    load_default_data: bool = True,
    stop_on_exit: bool = True,
    county: str | None = None,
    demo: bool = False,
) -> Iterator[str]:
    """Yield a migrated database URL, loaded with the default dataset when empty — or, with
    ``county`` (a six-digit code other than Mangshi's), set up for that county from its code
    (with ``demo``, generated and labelled demo positions and sites, seeded by ``demo_seed``).

    With no ``database_url`` a local cluster is started (and stopped on exit if we
    started it); with one, that server is used as it is.
    """
    from geo.io.default import is_loaded, load_default  # heavy imports, only when needed

    cluster = None
    started_here = False
    if settings.database_url:
        url = normalise_url(settings.database_url)
    else:
        cluster = local_cluster(settings)
        started_here = not cluster.running()
        log.info("starting local PostGIS in %s (port %s)", cluster.data_dir, cluster.port)
        cluster.start()
        url = cluster.url()
    try:
        migrate.upgrade(url)
        if county is not None and county != DEFAULT_COUNTY:
            from geo.io.county_setup import holds_only, load_county

            if holds_only(url, county):  # a second start: the county's own imports since stay as they are
                log.info("county %s is set up already; not set up again", county)
            else:
                log.info("setting up county %s from its code (outline and division codes; demo: %s)", county, demo)
                load_county(url, county, demo=demo, seed=settings.demo_seed)  # refuses a database holding another
        elif load_default_data and not is_loaded(url):
            log.info("loading the default dataset (Mangshi boundaries + seeded demo data)")
            load_default(url, settings.boundaries_dir, seed=settings.demo_seed)
        yield url
    finally:
        if cluster is not None and started_here and stop_on_exit:
            log.info("stopping local PostGIS")
            cluster.stop()
