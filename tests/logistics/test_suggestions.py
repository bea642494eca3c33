"""The greedy station suggestion: a hand-made case checked by brute force, and the fixture through HTTP."""

from __future__ import annotations

from itertools import combinations

from sqlalchemy import text

from geo.analysis.suggestions import greedy_pick
from geo.store.database import get_engine
from tests.logistics.road_fixture import install

COVER = {"a": {1, 2, 3}, "b": {3, 4}, "c": {4, 5}, "d": {1}}
WEIGHT = {1: 5, 2: 1, 3: 1, 4: 3, 5: 3}


def _brute_force(k: int) -> int:
    return max(sum(WEIGHT[v] for v in set().union(*(COVER[c] for c in pick))) for pick in combinations(COVER, k))


def test_greedy_pick_on_a_hand_made_case() -> None:
    picks = greedy_pick(COVER, WEIGHT, 2)
    # first a (5 + 1 + 1 = 7 households), then c adds 4 and 5 (3 + 3 = 6); b would add only 3
    assert [(p.candidate, p.gain, p.covers) for p in picks] == [("a", 7, (1, 2, 3)), ("c", 6, (4, 5))]
    assert sum(p.gain for p in picks) == _brute_force(2) == 13
    assert [p.candidate for p in greedy_pick(COVER, WEIGHT, 1)] == ["a"] and _brute_force(1) == 7
    # a and c already cover all five: the pick stops early rather than suggest a useless site
    assert len(greedy_pick(COVER, WEIGHT, 4)) == 2


def test_suggestions_on_the_fixture(client_as, db_url: str, tmp_path) -> None:  # noqa: ANN001
    codes = install(db_url, tmp_path)
    with get_engine(db_url).begin() as conn:
        for letter, hh in {"A": 10, "B": 20, "C": 5, "D": 1, "E": 30}.items():
            conn.execute(
                text("UPDATE village SET households = 100, poverty_households = :h WHERE code = :c"),
                {"h": hh, "c": codes[letter]},
            )
    body = client_as("official").get("/reach/suggestions", params={"k": 2}).json()  # the gains: officials only
    assert body["measure"] == "distance" and body["threshold"] == 3000.0
    # under the 3 km rule none of A–E is covered by the one station (S1 at N1)
    assert body["demand_villages"] == 5 and body["demand_poverty_households"] == 66
    got = [(s["code"], s["poverty_households_added"], [c["code"] for c in s["covers"]]) for s in body["suggestions"]]
    # B and E are 2.5 km apart: a station in either covers both (50); B has the lower code. Then A (10).
    assert got == [(codes["B"], 50, [codes["B"], codes["E"]]), (codes["A"], 10, [codes["A"]])]
    assert "建议" in body["suggestion_note"]
