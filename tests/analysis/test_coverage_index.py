"""The in-memory coverage index: incremental updates equal a full recompute, and the index
agrees with the SQL rule (geo.analysis.coverage) on the default dataset."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st
from sqlalchemy import text

from geo.analysis.coverage import CoverageRule, village_coverage_sql
from geo.analysis.coverage_index import SiteFacts, compute, load, site_facts
from geo.store.database import get_engine

D = 3000.0
coord = st.floats(0, 20_000, allow_nan=False, allow_infinity=False)
village_codes = [f"5331031{i:05d}" for i in range(25)]


@st.composite
def site(draw) -> SiteFacts:  # noqa: ANN001
    located = draw(st.integers(0, 9)) > 0
    return SiteFacts(
        village_code=draw(st.sampled_from([*village_codes, None, "999999999999"])),
        x=draw(coord) if located else None,
        y=draw(coord) if located else None,
        counts=draw(st.booleans()),
    )


@st.composite
def scenario(draw):  # noqa: ANN001, ANN201
    xy = [(draw(coord), draw(coord)) if draw(st.integers(0, 9)) else (np.nan, np.nan) for _ in village_codes]
    sites = draw(st.lists(site(), max_size=30))
    changes = draw(
        st.lists(
            st.tuples(st.sampled_from(["add", "move", "close", "reopen", "remove"]), st.integers(0, 10_000), site()),
            max_size=25,
        )
    )
    return np.array(xy), sites, changes


def _same(a, b) -> None:  # noqa: ANN001
    assert a.in_village.tolist() == b.in_village.tolist()
    assert a.within.tolist() == b.within.tolist()
    assert a.covered.tolist() == b.covered.tolist()
    assert a.reasons().tolist() == b.reasons().tolist()


@settings(max_examples=150, deadline=None)
@given(scenario())
def test_incremental_updates_equal_a_full_recompute(case) -> None:  # noqa: ANN001
    xy, sites, changes = case
    sites = list(sites)
    index = compute(village_codes, xy, sites, D)
    for action, pick, new in changes:
        if action == "add" or not sites:
            sites.append(new)
            index.change(None, new)
        else:
            i = pick % len(sites)
            old = sites[i]
            if action == "move":
                moved = SiteFacts(old.village_code, new.x, new.y, old.counts)
            elif action == "close":
                moved = SiteFacts(old.village_code, old.x, old.y, False)
            elif action == "reopen":
                moved = SiteFacts(old.village_code, old.x, old.y, True)
            else:
                moved = None
            touched = index.change(old, moved)
            if moved is None:
                sites.pop(i)
            else:
                sites[i] = moved
            # only villages within the distance of the old or new position, or the site's village
            for row in touched:
                near = [s for s in (old, moved) if s is not None and s.x is not None]
                close = any(np.hypot(xy[row, 0] - s.x, xy[row, 1] - s.y) <= D + 1e-6 for s in near)
                assert close or village_codes[row] == old.village_code
        _same(index, compute(village_codes, xy, sites, D))


def test_hand_counted_example() -> None:
    xy = np.array([(0.0, 0.0), (5000.0, 0.0), (np.nan, np.nan)])
    codes = ["a", "b", "c"]
    sites = [
        SiteFacts(None, 3000.0, 0.0, True),  # exactly 3000 m from a, 2000 m from b
        SiteFacts("c", None, None, True),  # in village c, no position
        SiteFacts(None, 5000.0, 100.0, False),
    ]  # next to b but not counted
    index = compute(codes, xy, sites, D)
    assert index.within.tolist() == [1, 1, 0] and index.in_village.tolist() == [0, 0, 1]
    assert index.reasons().tolist() == ["within_distance", "within_distance", "in_village"]
    touched = index.change(sites[0], SiteFacts(None, 3000.5, 0.0, True))  # 3000.5 m from a: out
    assert sorted(touched.tolist()) == [0, 1]
    assert index.reasons().tolist() == ["uncovered", "within_distance", "in_village"]


def test_index_agrees_with_the_sql_rule_and_follows_a_closed_site(db_url: str) -> None:
    rule = CoverageRule(distance_m=3000.0)
    with get_engine(db_url).connect() as conn:
        index = load(conn, rule)
        sql = dict(conn.execute(text(f"SELECT code, reason FROM ({village_coverage_sql(rule)}) q")).all())
        counted = conn.execute(
            text(
                "SELECT s.id FROM site s JOIN village v ON v.code = s.village_code "
                "WHERE s.status = 'operating' AND s.kind = 'village_station' AND v.poverty_alleviated "
                "ORDER BY s.id LIMIT 1"
            )
        ).scalar_one()
    assert len(index.codes) == len(sql) == 35  # the default dataset's poverty-alleviated villages
    assert dict(zip(index.codes, index.reasons())) == sql
    with get_engine(db_url).begin() as conn:
        old = site_facts(conn, rule, counted)
        conn.execute(text("UPDATE site SET status = 'closed' WHERE id = :i"), {"i": counted})
        new = site_facts(conn, rule, counted)
    assert old.counts and not new.counts
    index.change(old, new)
    with get_engine(db_url).connect() as conn:
        after = dict(conn.execute(text(f"SELECT code, reason FROM ({village_coverage_sql(rule)}) q")).all())
        fresh = load(conn, rule)
    assert dict(zip(index.codes, index.reasons())) == after
    assert index.covered.tolist() == fresh.covered.tolist()


def test_multipoint_coordinates_read_in_place_match_geos():
    """The numpy reading of PostGIS's WKB MultiPoint gives the coordinates GEOS reads, and the
    other WKB forms (big-endian, with Z) fall back to GEOS."""
    import shapely

    from geo.analysis.coverage_index import _multipoint_coordinates

    coords = [(98.58, 24.43), (98.1, 24.0), (-0.5, 1e-7)]
    plain = shapely.to_wkb(shapely.multipoints(coords), byte_order=1)
    assert _multipoint_coordinates(plain).tolist() == [[98.58, 24.43], [98.1, 24.0], [-0.5, 1e-7]]
    big = shapely.to_wkb(shapely.multipoints(coords), byte_order=0)
    assert _multipoint_coordinates(big).tolist() == [[98.58, 24.43], [98.1, 24.0], [-0.5, 1e-7]]
    with_z = shapely.to_wkb(shapely.multipoints([(98.58, 24.43, 900.0)]), byte_order=1, output_dimension=3)
    assert _multipoint_coordinates(with_z).tolist() == [[98.58, 24.43]]
