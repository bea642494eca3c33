"""The routing problem itself: LKH-3 (elkai) and OR-Tools on a distance/time matrix, no database.

Node 0 is the start (the bureau); every tour leaves it and comes back. Each vehicle is one
team on one day (vehicle v = team v % teams on day v // teams), all days with the same
working hours. Sites that cannot fit are dropped through disjunctions with a penalty far
above any distance saving, so the solver visits as many sites as it can and only then
minimises the distance driven; what it drops is reported, never lost.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from geo.extras import needs


@dataclass(frozen=True)
class Problem:
    distance_m: np.ndarray  # (n+1)x(n+1), node 0 = start
    time_s: np.ndarray  # driving seconds, same shape
    service_s: tuple[int, ...]  # visit duration per node (node 0: 0)
    horizon_s: int  # length of the working day
    windows: tuple[tuple[int, int] | None, ...] = ()  # per node, seconds from day start
    teams: int = 1
    days: int = 1
    # Per node, in [0, 1]: which sites to keep when not all fit (1 = keep first). The drop penalty
    # is base x (1 + priority / 2), so keeping more sites always wins over keeping preferred ones.
    priority: tuple[float, ...] = ()

    @property
    def size(self) -> int:
        return len(self.service_s)

    def window(self, node: int) -> tuple[int, int]:
        w = self.windows[node] if node < len(self.windows) else None
        return w if w is not None else (0, self.horizon_s)


@dataclass(frozen=True)
class Visit:
    node: int
    arrival_s: int
    start_s: int  # the visit begins (after waiting for the window to open)
    departure_s: int


@dataclass
class Tour:
    team: int
    day: int
    visits: list[Visit] = field(default_factory=list)
    start_s: int = 0
    end_s: int = 0
    distance_m: float = 0.0
    drive_s: float = 0.0


@dataclass
class Solution:
    tours: list[Tour]
    dropped: list[int]

    @property
    def distance_m(self) -> float:
        return sum(t.distance_m for t in self.tours)

    def order(self) -> list[int]:
        return [v.node for t in self.tours for v in t.visits]


def default_time_limit(stops: int, cap_s: float = 1.0) -> float:
    """The search time the service allows: guided local search never stops on its own, so small
    plans get a short limit and a 60-stop plan finishes (model building included) within 1 s."""
    return min(cap_s, 0.15 + 0.0125 * stops)


def solve(problem: Problem, time_limit_s: float = 1.0) -> Solution:
    """Shortest feasible tours found within about ``time_limit_s``.

    One team on one day without time windows: LKH-3 (elkai) on the whole matrix, kept when the
    tour fits the day. Otherwise OR-Tools decides who goes where (and what is dropped), and LKH
    reorders each tour, kept only where the new order still meets every window and the day.
    Every answer is checked against the windows and the day length before it is returned."""
    solution = _solve_lkh(problem) if _plain_tour(problem) else None
    if solution is None:
        # part of the allowance is kept for the LKH step, so the whole answer stays within the limit
        solution = improve(problem, _solve_ortools(problem, time_limit_s * 0.85))
    violations = check(problem, solution)
    if violations:  # an internal fault, never a plan to hand out
        raise AssertionError("infeasible route: " + "; ".join(violations))
    return solution


def check(problem: Problem, solution: Solution) -> list[str]:
    """What breaks the windows or the day in ``solution`` (empty when it is feasible)."""
    problems = []
    seen: set[int] = set()
    for tour in solution.tours:
        for v in tour.visits:
            start, end = problem.window(v.node)
            if v.start_s < start or v.departure_s > min(end, problem.horizon_s):
                problems.append(f"node {v.node} served {v.start_s}-{v.departure_s} outside {start}-{end}")
            if v.node in seen:
                problems.append(f"node {v.node} visited twice")
            seen.add(v.node)
        if tour.end_s > problem.horizon_s:
            problems.append(f"team {tour.team} day {tour.day} ends at {tour.end_s} > {problem.horizon_s}")
    missing = set(range(1, problem.size)) - seen - set(solution.dropped)
    if missing:
        problems.append(f"nodes neither visited nor reported dropped: {sorted(missing)}")
    return problems


def improve(problem: Problem, solution: Solution) -> Solution:
    """Each tour reordered by LKH where that is shorter and still feasible."""
    tours = []
    for tour in solution.tours:
        nodes = [v.node for v in tour.visits]
        better = tour
        if len(nodes) >= 3:
            order = _lkh_order(problem.distance_m, nodes)
            for candidate in (order, order[::-1]):  # windows may allow one direction only
                trial = schedule(problem, candidate, tour.team, tour.day)
                if trial.distance_m < better.distance_m - 1e-6 and _tour_feasible(problem, trial):
                    better = trial
        tours.append(better)
    return Solution(tours, solution.dropped)


def _plain_tour(problem: Problem) -> bool:
    return (
        problem.teams * problem.days == 1 and not any(w is not None for w in problem.windows[1:]) and problem.size > 1
    )


def _solve_lkh(problem: Problem) -> Solution | None:
    nodes = list(range(1, problem.size))
    order = _lkh_order(problem.distance_m, nodes) if len(nodes) >= 3 else nodes
    tour = schedule(problem, order)
    if not _tour_feasible(problem, tour):
        return None  # the day is too short for all: OR-Tools chooses what to drop
    return Solution([tour], [])


def _lkh_order(distance_m: np.ndarray, nodes: list[int]) -> list[int]:
    """LKH-3's closed tour from node 0 through ``nodes`` (elkai), as the visiting order."""
    with needs("routing"):
        import elkai

    index = [0, *nodes]
    sub = np.rint(distance_m[np.ix_(index, index)]).astype(np.int64)
    runs = 10 if len(nodes) <= 40 else 5
    tour = elkai.DistanceMatrix(sub.tolist()).solve_tsp(runs=runs)
    return [index[k] for k in tour if k != 0]


def _tour_feasible(problem: Problem, tour: Tour) -> bool:
    return not check(
        problem, Solution([tour], [n for n in range(1, problem.size) if n not in {v.node for v in tour.visits}])
    )


def _solve_ortools(problem: Problem, time_limit_s: float) -> Solution:
    """Best tours OR-Tools finds within ``time_limit_s`` (guided local search)."""
    with needs("routing"):
        from ortools.constraint_solver import pywrapcp, routing_enums_pb2
    n = problem.size
    vehicles = problem.teams * problem.days
    dist = np.rint(problem.distance_m).astype(np.int64)
    travel = np.rint(problem.time_s).astype(np.int64)
    service = np.asarray(problem.service_s, dtype=np.int64)
    manager = pywrapcp.RoutingIndexManager(n, vehicles, 0)
    routing = pywrapcp.RoutingModel(manager)

    def distance_cb(i: int, j: int) -> int:
        return int(dist[manager.IndexToNode(i), manager.IndexToNode(j)])

    def time_cb(i: int, j: int) -> int:
        a, b = manager.IndexToNode(i), manager.IndexToNode(j)
        return int(service[a] + travel[a, b])

    routing.SetArcCostEvaluatorOfAllVehicles(routing.RegisterTransitCallback(distance_cb))
    time_index = routing.RegisterTransitCallback(time_cb)
    routing.AddDimension(time_index, problem.horizon_s, problem.horizon_s, False, "time")
    time_dim = routing.GetDimensionOrDie("time")
    for node in range(1, n):
        start, end = problem.window(node)
        latest = min(end, problem.horizon_s) - int(service[node])
        index = manager.NodeToIndex(node)
        if latest < start:
            time_dim.CumulVar(index).SetRange(0, 0)  # cannot be served: must be dropped
            routing.AddDisjunction([index], 0)
            continue
        time_dim.CumulVar(index).SetRange(start, latest)
        weight = min(max(problem.priority[node], 0.0), 1.0) if node < len(problem.priority) else 0.0
        routing.AddDisjunction([index], int(_penalty(dist) * (1 + weight / 2)))
    for v in range(vehicles):
        # later days cost a little more, so work is not spread over days without need
        routing.SetFixedCostOfVehicle(int(v // problem.teams) * 1000, v)
        time_dim.CumulVar(routing.Start(v)).SetRange(0, problem.horizon_s)
        time_dim.CumulVar(routing.End(v)).SetRange(0, problem.horizon_s)

    params = pywrapcp.DefaultRoutingSearchParameters()
    params.first_solution_strategy = routing_enums_pb2.FirstSolutionStrategy.PATH_CHEAPEST_ARC
    params.local_search_metaheuristic = routing_enums_pb2.LocalSearchMetaheuristic.GUIDED_LOCAL_SEARCH
    params.time_limit.FromMilliseconds(max(10, int(time_limit_s * 1000)))
    assignment = routing.SolveWithParameters(params)
    if assignment is None:  # not even the empty plan: cannot happen with disjunctions, but be explicit
        return Solution([Tour(v % problem.teams, v // problem.teams) for v in range(vehicles)], list(range(1, n)))

    tours, visited = [], set()
    for v in range(vehicles):
        nodes, index = [], routing.Start(v)
        index = assignment.Value(routing.NextVar(index))
        while not routing.IsEnd(index):
            nodes.append(manager.IndexToNode(index))
            index = assignment.Value(routing.NextVar(index))
        visited.update(nodes)
        tours.append(schedule(problem, nodes, team=v % problem.teams, day=v // problem.teams))
    dropped = [node for node in range(1, n) if node not in visited]
    return Solution(tours, dropped)


def schedule(problem: Problem, nodes: list[int], team: int = 0, day: int = 0) -> Tour:
    """The earliest timetable of a tour through ``nodes``: leave at the day's start, wait for windows."""
    tour = Tour(team, day)
    clock, previous = 0, 0
    for node in nodes:
        arrival = clock + int(round(problem.time_s[previous, node]))
        start = max(arrival, problem.window(node)[0])
        departure = start + int(problem.service_s[node])
        tour.visits.append(Visit(node, arrival, start, departure))
        tour.distance_m += float(problem.distance_m[previous, node])
        tour.drive_s += float(problem.time_s[previous, node])
        clock, previous = departure, node
    if nodes:
        tour.end_s = clock + int(round(problem.time_s[previous, 0]))
        tour.distance_m += float(problem.distance_m[previous, 0])
        tour.drive_s += float(problem.time_s[previous, 0])
    return tour


def _penalty(dist: np.ndarray) -> int:
    return int(dist.max(initial=0)) * len(dist) * 10 + 10_000_000
