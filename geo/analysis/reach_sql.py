"""Travel time to the nearest counted station, in one SQL statement (for the coverage rule by time).

The same model as :mod:`geo.analysis.road_graph` (nearest road piece within ``snap_m``, straight
access legs at ``access_speed_kmh``, then along the edge and ``pgr_dijkstraCost`` between nodes),
written as a CTE so every coverage query (report, layers, indicators) can use it unchanged. With no
road network the time is straight line × circuity at ``speed_kmh``. tests/logistics checks it
against the Python reach on the hand-made graph.
"""

from __future__ import annotations

from geo.analysis.road_graph import EDGE_TIME_S, EDGES_SQL, NEAREST_FEW


def station_time_cte(counted: str, snap_m: float, access_kmh: float, circuity: float, speed_kmh: float) -> str:
    """CTE ``village_time(code, time_s)``: poverty-alleviated villages and their time to the nearest
    counted station (``counted``: SQL condition on site ``s``; needs the ``not_counted`` CTE)."""
    acc = float(access_kmh) / 3.6
    snap = float(snap_m)
    edges = EDGES_SQL.replace("'", "''")
    near = (  # the index finds the nearest few, then the tie-break by id (as road_graph.snap)
        f"SELECT * FROM (SELECT r.id, r.source_node AS a, r.target_node AS b, r.geom, {EDGE_TIME_S} AS c, "
        "r.geom <-> {p} AS d FROM road r WHERE r.source_node IS NOT NULL AND r.target_node IS NOT NULL "
        f"ORDER BY r.geom <-> {{p}} LIMIT {NEAREST_FEW}) near ORDER BY d, id LIMIT 1"
    )
    return f"""vsnap AS MATERIALIZED (
  SELECT v.code, e.id AS edge, e.a, e.b, e.c, ST_LineLocatePoint(e.geom, v.location) AS f,
         ST_Distance(v.location::geography, e.geom::geography) / {acc} AS acc_s
  FROM village v CROSS JOIN LATERAL ({near.format(p="v.location")}) e
  WHERE v.poverty_alleviated AND v.location IS NOT NULL AND ST_Distance(v.location::geography, e.geom::geography) <= {snap}),
ssnap AS MATERIALIZED (
  SELECT s.id, e.id AS edge, e.a, e.b, e.c, ST_LineLocatePoint(e.geom, s.location) AS f,
         ST_Distance(s.location::geography, e.geom::geography) / {acc} AS acc_s
  FROM site s CROSS JOIN LATERAL ({near.format(p="s.location")}) e
  WHERE {counted} AND ST_Distance(s.location::geography, e.geom::geography) <= {snap}),
vend AS (SELECT code, a AS node, f * c + acc_s AS t FROM vsnap UNION ALL SELECT code, b, (1 - f) * c + acc_s FROM vsnap),
send AS (SELECT id, a AS node, f * c + acc_s AS t FROM ssnap UNION ALL SELECT id, b, (1 - f) * c + acc_s FROM ssnap),
net AS MATERIALIZED (
  SELECT start_vid, end_vid, agg_cost FROM pgr_dijkstraCost('{edges}',
      (SELECT coalesce(array_agg(DISTINCT node), '{{}}') FROM send), (SELECT coalesce(array_agg(DISTINCT node), '{{}}') FROM vend),
      directed := false)
  WHERE EXISTS (SELECT 1 FROM send) AND EXISTS (SELECT 1 FROM vend)
  UNION ALL SELECT DISTINCT node, node, 0.0 FROM send WHERE node IN (SELECT node FROM vend)),
village_time AS (
  SELECT code, min(t) AS time_s FROM (
    SELECT vend.code, send.t + net.agg_cost + vend.t AS t
    FROM send JOIN net ON net.start_vid = send.node JOIN vend ON vend.node = net.end_vid
    UNION ALL SELECT v.code, v.acc_s + s.acc_s + abs(v.f - s.f) * v.c FROM vsnap v JOIN ssnap s ON s.edge = v.edge
    UNION ALL SELECT v.code, ST_Distance(v.location::geography, s.location::geography) * {float(circuity)} / {float(speed_kmh) / 3.6}
    FROM village v JOIN site s ON {counted}
    WHERE v.poverty_alleviated AND v.location IS NOT NULL
      AND NOT EXISTS (SELECT 1 FROM road WHERE source_node IS NOT NULL)) x
  GROUP BY code)"""
