"""The solver alone: optimal small tours (vs brute force), the working day and every time window."""

from __future__ import annotations

import itertools

import numpy as np
import pytest

from geo.analysis.route_solver import Problem, solve


def _matrix(n: int, seed: int) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    xy = rng.uniform(0, 40_000, size=(n + 1, 2))  # metres, a county-sized square
    d = np.hypot(*(xy[:, None, :] - xy[None, :, :]).transpose(2, 0, 1)) * 1.35
    return d, d / (35 / 3.6)


def _brute_force(d: np.ndarray) -> float:
    n = len(d) - 1
    best = np.inf
    for perm in itertools.permutations(range(1, n + 1)):
        if perm[0] > perm[-1]:
            continue  # symmetric: each tour once
        seq = (0, *perm, 0)
        best = min(best, sum(d[a, b] for a, b in zip(seq, seq[1:])))
    return best


@pytest.mark.parametrize("n,seed", [(3, 1), (5, 2), (6, 3), (7, 4), (8, 5), (8, 6)])
def test_small_tours_are_optimal(n: int, seed: int) -> None:
    d, t = _matrix(n, seed)
    problem = Problem(d, t, (0, *([1800] * n)), horizon_s=14 * 3600)
    solution = solve(problem, time_limit_s=0.5)
    assert solution.dropped == []
    assert sorted(solution.order()) == list(range(1, n + 1))
    # integer rounding inside the solver costs at most half a metre per leg
    assert solution.distance_m <= _brute_force(d) + 0.5 * (n + 1)


@pytest.mark.parametrize("seed", [11, 12, 13])
def test_day_and_every_window_are_respected(seed: int) -> None:
    n = 14
    d, t = _matrix(n, seed)
    rng = np.random.default_rng(seed)
    horizon = 9 * 3600
    windows: list = [None]
    for _ in range(n):
        if rng.random() < 0.6:
            start = int(rng.integers(0, 6)) * 3600
            windows.append((start, start + int(rng.integers(1, 4)) * 3600))
        else:
            windows.append(None)
    service = (0, *([1500] * n))
    problem = Problem(d, t, service, horizon, tuple(windows), teams=2)
    solution = solve(problem, time_limit_s=0.5)
    seen = []
    for tour in solution.tours:
        clock, previous = 0, 0
        for v in tour.visits:
            assert v.arrival_s >= clock + t[previous, v.node] - 1
            open_, close = problem.window(v.node)
            assert open_ <= v.start_s and v.departure_s <= close, (v, open_, close)
            assert v.departure_s == v.start_s + service[v.node]
            clock, previous = v.departure_s, v.node
            seen.append(v.node)
        assert tour.end_s <= horizon
    assert sorted(seen + solution.dropped) == list(range(1, n + 1))


def test_an_impossible_window_and_a_site_too_far_are_dropped() -> None:
    d, t = _matrix(4, 21)
    d[:, 4] = d[4, :] = 1e6  # 1000 km from everything
    t[:, 4] = t[4, :] = 20 * 3600
    d[4, 4] = t[4, 4] = 0
    windows = (None, (0, 600), None, None, None)  # closes before anyone arrives with a 30-min visit
    solution = solve(Problem(d, t, (0, 1800, 1800, 1800, 1800), 8 * 3600, windows), time_limit_s=0.3)
    assert sorted(solution.dropped) == [1, 4]
    assert sorted(solution.order()) == [2, 3]


def test_when_not_all_fit_more_sites_win_then_priority() -> None:
    # start at 0; sites 1 and 2 close together east, site 3 alone west; the day holds two visits
    x = np.array([0.0, 10_000, 11_000, -10_000])
    d = np.abs(x[:, None] - x[None, :])
    t = d / 10.0
    service = (0, 3600, 3600, 3600)
    horizon = 2 * 3600 + 2200 + 100  # two visits and the east trip fit; three visits never do
    base = Problem(d, t, service, horizon)
    assert sorted(solve(base, 0.3).order()) == [1, 2]  # cheapest pair
    prefer_3 = Problem(d, t, service, horizon, priority=(0, 0, 0, 1))
    # site 3 with one east site does not fit in time, so keeping two sites still wins over keeping 3
    assert len(solve(prefer_3, 0.3).order()) == 2
    wide = Problem(d, t, service, 2 * 3600 + 4200, priority=(0, 0, 0.5, 1))
    kept = solve(wide, 0.3).order()
    assert len(kept) == 2 and 3 in kept and 2 in kept  # same count: the preferred sites stay


def test_check_names_a_window_missed_and_a_day_overrun() -> None:
    from geo.analysis.route_solver import Solution, check, schedule

    d = np.array([[0, 1000, 1000], [1000, 0, 1000], [1000, 1000, 0]], dtype=float)
    t = d / 10  # 100 s per leg
    problem = Problem(d, t, (0, 600, 600), horizon_s=1000, windows=(None, (0, 800), None))
    tour = schedule(problem, [2, 1])  # node 1 served 800-1400 (window closes at 800); back at 1500
    found = check(problem, Solution([tour], []))
    assert any("node 1" in p for p in found) and any("ends at 1500 > 1000" in p for p in found)
    assert check(problem, Solution([schedule(problem, [1])], [])) == ["nodes neither visited nor reported dropped: [2]"]


@pytest.mark.parametrize("seed", [31, 32])
def test_a_day_too_short_for_the_lkh_tour_falls_back_to_dropping(seed: int) -> None:
    n = 12
    d, t = _matrix(n, seed)
    problem = Problem(d, t, (0, *([3600] * n)), horizon_s=6 * 3600)  # at most 5-6 one-hour visits fit
    solution = solve(problem, time_limit_s=0.3)
    assert 0 < len(solution.dropped) < n
    assert sorted(solution.order() + solution.dropped) == list(range(1, n + 1))
    assert solution.tours[0].end_s <= 6 * 3600


def test_per_tour_improvement_keeps_windows_and_never_lengthens() -> None:
    from geo.analysis.route_solver import Solution, improve, schedule

    d, t = _matrix(9, 41)
    order = [1, 5, 2, 8, 3, 7, 4, 6, 9]  # node 1 first; its window closes just after that visit
    close = int(round(t[0, 1])) + 600 + 60
    problem = Problem(d, t, (0, *([600] * 9)), horizon_s=12 * 3600, windows=(None, (0, close), *([None] * 8)))
    worst = schedule(problem, order)
    better = improve(problem, Solution([worst], []))
    tour = better.tours[0]
    assert tour.distance_m <= worst.distance_m
    assert sorted(v.node for v in tour.visits) == list(range(1, 10))
    assert next(v for v in tour.visits if v.node == 1).departure_s <= close
    assert tour.visits[0].node == 1  # no other site can come before it
