"""Property: on random villages, sites and inspections the SQL agrees with the pure-Python reference."""

from __future__ import annotations

import datetime as dt

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import text

from geo.analysis.coverage import CoverageRule, village_coverage_sql
from geo.analysis.coverage_report import compute_coverage
from geo.store.database import get_engine
from geo.store.models import SITE_KINDS, SITE_STATUSES
from tests.geo.coverage_reference import RefInspection, RefSite, RefVillage, reference_coverage

LON, LAT = (98.45, 98.65), (24.35, 24.55)  # ~20 km square around 芒市
lon = st.floats(*LON, allow_nan=False)
lat = st.floats(*LAT, allow_nan=False)
site_st = st.fixed_dictionaries(
    {
        "kind": st.sampled_from(SITE_KINDS),
        "status": st.sampled_from(("operating",) * 4 + SITE_STATUSES),
        "village": st.integers(-1, 11),
        "lon": lon,
        "lat": lat,
        "inspections": st.lists(
            st.tuples(
                st.integers(0, 60),
                st.sampled_from(("normal", "normal", "needs_rectification", "closed")),
                st.booleans(),
                st.booleans(),
            ),
            max_size=3,
        ),
    }
)
village_st = st.one_of(st.none(), st.tuples(lon, lat))
TIE_M = 0.01  # a site this close to the limit may fall either way in floating point


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow]
)
@given(
    villages=st.lists(village_st, min_size=1, max_size=12),
    sites=st.lists(site_st, max_size=25),
    distance=st.floats(200, 6000),
    kinds=st.sets(st.sampled_from(SITE_KINDS), min_size=1),
)
def test_sql_agrees_with_reference(db_url: str, villages, sites, distance, kinds) -> None:  # noqa: ANN001
    rule = CoverageRule(distance, tuple(sorted(kinds)))
    with get_engine(db_url).connect() as conn, conn.begin() as tx:
        conn.execute(text("DELETE FROM inspection"))
        conn.execute(text("DELETE FROM site"))
        conn.execute(text("UPDATE village SET poverty_alleviated = false"))
        codes = (
            conn.execute(text("SELECT code FROM village ORDER BY code LIMIT :n"), {"n": len(villages)}).scalars().all()
        )
        ref_villages = []
        for code, pos in zip(codes, villages):
            conn.execute(
                text(
                    "UPDATE village SET poverty_alleviated = true, location = CASE WHEN :x IS NULL THEN NULL "
                    "ELSE ST_SetSRID(ST_MakePoint(:x, :y), 4326) END WHERE code = :c"
                ),
                {"c": code, "x": pos and pos[0], "y": pos and pos[1]},
            )
            ref_villages.append(RefVillage(code, *(pos or (None, None))))
        ref_sites, ref_insp = [], []
        for k, s in enumerate(sites):
            vcode = codes[s["village"]] if 0 <= s["village"] < len(codes) else None
            sid = conn.execute(
                text(
                    "INSERT INTO site (ref, kind, name, village_code, location, status, capabilities, source) VALUES "
                    "(:r, :k, :r, :v, ST_SetSRID(ST_MakePoint(:x, :y), 4326), :s, '{}', 'test') RETURNING id"
                ),
                {"r": f"p{k}", "k": s["kind"], "v": vcode, "x": s["lon"], "y": s["lat"], "s": s["status"]},
            ).scalar_one()
            ref_sites.append(RefSite(sid, s["kind"], s["status"], vcode, s["lon"], s["lat"]))
            for day, outcome, idle_assets, idle_funds in s["inspections"]:
                when = dt.datetime(2026, 6, 1, 10, tzinfo=dt.UTC) + dt.timedelta(days=day)
                iid = conn.execute(
                    text(
                        "INSERT INTO inspection (site_id, visited_at, mode, inspector, outcome, stalled, idle_funds, "
                        "idle_assets, source) VALUES (:s, :w, 'announced', 'x', :o, false, :f, :a, 'test') RETURNING id"
                    ),
                    {"s": sid, "w": when, "o": outcome, "f": idle_funds, "a": idle_assets},
                ).scalar_one()
                ref_insp.append(RefInspection(iid, sid, when, outcome, idle_assets, idle_funds))

        rows = conn.execute(text(f"SELECT * FROM ({village_coverage_sql(rule, nearest='all')}) c")).mappings().all()
        report = compute_coverage(conn, rule)
        tx.rollback()

    expected = reference_coverage(ref_villages, ref_sites, ref_insp, distance, rule.site_kinds)
    got = {r["code"]: r for r in rows}
    assert set(got) == set(expected)
    for code, exp in expected.items():
        row = got[code]
        near_tie = exp.distance_m is not None and abs(exp.distance_m - distance) < TIE_M
        if not near_tie:
            assert row["reason"] == exp.reason, code
        if exp.distance_m is None:
            assert row["distance_m"] is None
        else:
            assert abs(row["distance_m"] - exp.distance_m) < 1e-3  # same nearest distance (ties may differ in id)
    if not any(e.distance_m is not None and abs(e.distance_m - distance) < TIE_M for e in expected.values()):
        statuses = [e.status for e in expected.values()]
        assert report.totals["covered"] == statuses.count("covered")
        assert report.totals["uncovered"] == statuses.count("uncovered")
        assert report.totals["no_position"] == statuses.count("no_position")
        assert sorted(v["code"] for v in report.no_position) == sorted(
            c for c, e in expected.items() if e.status == "no_position"
        )
