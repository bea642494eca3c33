"""A coverage distance given to create_app(settings=...) is the one both the indicator and the
coverage map's layers apply (issue 16): the settings arrive through the app, not a global."""

from __future__ import annotations

from sqlalchemy import text

from geo.store.database import get_engine
from geo.store.settings import Settings

DISTANCE_M = 8000.0  # the default is 3000 m

# Poverty-alleviated villages covered at a distance: a site of a counted kind, operating, whose
# latest inspection did not find it closed or idle, in the village or within the distance (UTM 47N).
COVERED_SQL = """
WITH last AS (
  SELECT DISTINCT ON (site_id) site_id, outcome, idle_assets, idle_funds
  FROM inspection ORDER BY site_id, visited_at DESC, id DESC
), counted AS (
  SELECT s.* FROM site s LEFT JOIN last ON last.site_id = s.id
  WHERE s.kind IN ('village_station', 'township_station', 'live_station') AND s.status = 'operating'
    AND NOT coalesce(last.outcome = 'closed' OR last.idle_assets OR last.idle_funds, false)
)
SELECT count(*) FROM village v
WHERE v.poverty_alleviated AND (
  EXISTS (SELECT 1 FROM counted c WHERE c.village_code = v.code)
  OR (v.location IS NOT NULL AND EXISTS (
        SELECT 1 FROM counted c
        WHERE ST_DWithin(ST_Transform(c.location, 32647), ST_Transform(v.location, 32647), :d)))
)
"""


def _covered(url: str, distance_m: float) -> int:
    with get_engine(url).connect() as conn:
        return conn.execute(text(COVERED_SQL), {"d": distance_m}).scalar_one()


def test_app_settings_distance_reaches_indicator_and_map_layers(client_as, db_url: str) -> None:
    expected, at_default = _covered(db_url, DISTANCE_M), _covered(db_url, 3000.0)
    assert expected != at_default  # the demo data tells the two distances apart
    client = client_as("official", Settings(coverage_distance_m=DISTANCE_M))

    body = client.get("/indicators/coverage").json()
    assert body["rule"]["distance_m"] == DISTANCE_M
    assert body["totals"]["covered"] == expected

    features = client.get("/layers/coverage_villages.geojson").json()["features"]
    assert sum(f["properties"]["status"] == "covered" for f in features) == expected

    towns = client.get("/layers/coverage_townships.geojson").json()["features"]
    assert sum(f["properties"]["covered"] for f in towns) == expected

    page = client.get("/maps/coverage")
    assert page.status_code == 200
    default_page = client_as("official").get("/maps/coverage")
    assert page.text != default_page.text  # the page draws the layers of its own app's rule
