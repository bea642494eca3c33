"""The coverage indicator as data: totals, one row per township, the gaps named.

Everything is computed by PostGIS in one statement built from :mod:`geo.analysis.coverage`
(the per-village coverage is computed once and aggregated there); this module only shapes
the answer the API, the exports and the indicator table share.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from sqlalchemy import Connection, text

from geo.analysis.coverage import TOWNSHIP_AGGREGATE, CoverageRule, village_coverage_sql
from geo.store.metric import metric_srid
from geo.vocab import DEFAULT_METRIC_EPSG

TOWNSHIP_COLUMNS = (
    "code",
    "name",
    "villages",
    "covered",
    "uncovered",
    "no_position",
    "share_pct",
    "poverty_households",
    "poverty_households_covered",
)
GAP_COLUMNS = (
    "code",
    "name",
    "township_code",
    "township_name",
    "poverty_households",
    "nearest_site_id",
    "nearest_site_ref",
    "nearest_site_name",
    "nearest_site_kind",
    "distance_m",
    "gap_reason",
)
NO_POSITION_COLUMNS = ("code", "name", "township_code", "township_name", "poverty_households")


@dataclass(frozen=True)
class CoverageReport:
    rule: CoverageRule
    totals: dict
    townships: list[dict]
    uncovered: list[dict]
    no_position: list[dict]
    demo: bool
    srid: int = DEFAULT_METRIC_EPSG  # the metric CRS the distances were measured in

    def as_dict(self) -> dict:
        return {
            "rule": self.rule.as_dict(self.srid),
            "demo": self.demo,
            "totals": self.totals,
            "townships": self.townships,
            "uncovered": self.uncovered,
            "no_position": self.no_position,
        }


def share_pct(covered: int, total: int) -> float | None:
    return round(100.0 * covered / total, 1) if total else None


def coverage_report_sql(rule: CoverageRule, srid: int = DEFAULT_METRIC_EPSG) -> str:
    """One statement, one round trip: the whole report as JSON."""
    towns = ", ".join(f"'{c}', a.{c}" for c in TOWNSHIP_COLUMNS)
    gaps = ", ".join(
        f"'{c}', {'round(g.distance_m::numeric, 1)::float8' if c == 'distance_m' else 'g.' + c}" for c in GAP_COLUMNS
    )
    return f"""WITH vc AS MATERIALIZED ({village_coverage_sql(rule, srid=srid)}),
agg AS ({TOWNSHIP_AGGREGATE})
SELECT json_build_object(
  'townships', (SELECT coalesce(json_agg(json_build_object({towns}) ORDER BY a.code), '[]') FROM agg a),
  'gaps', (SELECT coalesce(json_agg(json_build_object({gaps}, 'status', g.status)
                                    ORDER BY g.township_code, g.code), '[]')
           FROM vc g WHERE g.status <> 'covered'),
  'in_village', (SELECT count(*) FROM vc WHERE reason = 'in_village'),
  'within_distance', (SELECT count(*) FROM vc WHERE reason = 'within_distance'),
  'demo', (SELECT coalesce(bool_or(row_source = 'demo'), false) FROM agg))"""


def compute_coverage(conn: Connection, rule: CoverageRule, srid: int | None = None) -> CoverageReport:
    """The coverage report; distances in EPSG ``srid`` (None: the county's ``county.metric_srid``)."""
    # The planner's cost for the per-village probes is high enough to trigger JIT
    # compilation, which costs more (~0.3 s) than the whole query on a county.
    conn.execute(text("SET LOCAL jit = off"))
    srid = int(srid) if srid is not None else metric_srid(conn)
    raw = conn.execute(text(coverage_report_sql(rule, srid))).scalar_one()
    data = raw if isinstance(raw, dict) else json.loads(raw)
    townships = data["townships"]
    gaps = data["gaps"]
    uncovered = [{c: g[c] for c in GAP_COLUMNS} for g in gaps if g["status"] == "uncovered"]
    no_position = [{c: g[c] for c in NO_POSITION_COLUMNS} for g in gaps if g["status"] == "no_position"]
    villages = sum(t["villages"] for t in townships)
    covered = sum(t["covered"] for t in townships)
    totals = {
        "villages": villages,
        "covered": covered,
        "uncovered": len(uncovered),
        "no_position": len(no_position),
        "share_pct": share_pct(covered, villages),
        "covered_in_village": data["in_village"],
        "covered_within_distance": data["within_distance"],
        "poverty_households": sum(t["poverty_households"] for t in townships),
        "poverty_households_covered": sum(t["poverty_households_covered"] for t in townships),
    }
    return CoverageReport(rule, totals, townships, uncovered, no_position, bool(data["demo"]), srid)
