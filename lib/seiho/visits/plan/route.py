"""A day's route from the office through each household and back, ordered by OR-Tools.

Distance between two points is the great-circle (haversine) distance times
the road factor in data/visits/visit_plan.yaml, an estimate of the road
distance because the office network has no road map. The solver starts from
the path-cheapest-arc first solution and improves it by greedy descent, which
is deterministic, within a time limit. The nearest-neighbour order is
computed as well, and the shorter of the two is kept, so a route is never
longer than the nearest-neighbour order.
"""

import logging
import math
from dataclasses import dataclass

from ortools.constraint_solver import pywrapcp, routing_enums_pb2

log = logging.getLogger(__name__)

EARTH_RADIUS_M = 6_371_000.0


@dataclass(frozen=True)
class Route:
    """An order of visits with its evidence.

    ``order`` indexes the stops given to ``order_route``. ``leg_distances_m``
    is the distance from the previous point (the office for the first stop),
    and ``return_distance_m`` from the last stop back to the office.
    ``method`` is solver or nearest_neighbour, whichever gave the shorter route.
    """

    order: tuple[int, ...]
    leg_distances_m: tuple[float, ...]
    return_distance_m: float
    total_distance_m: float
    nearest_neighbour_m: float
    method: str


def haversine_m(a: tuple[float, float], b: tuple[float, float]) -> float:
    """Return the great-circle distance in metres between two (latitude, longitude) points."""
    lat1, lon1, lat2, lon2 = map(math.radians, (a[0], a[1], b[0], b[1]))
    h = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    return 2 * EARTH_RADIUS_M * math.asin(math.sqrt(h))


def distance_matrix(points: list[tuple[float, float]], road_factor: float) -> list[list[float]]:
    """Return the estimated road distance in metres between every pair of points."""
    return [[haversine_m(a, b) * road_factor for b in points] for a in points]


def route_length(matrix: list[list[float]], order: list[int]) -> float:
    """Return the length of the closed tour 0 → order … → 0 over ``matrix`` (0 is the office)."""
    tour = [0, *order, 0]
    return sum(matrix[tour[i]][tour[i + 1]] for i in range(len(tour) - 1))


def nearest_neighbour_order(matrix: list[list[float]]) -> list[int]:
    """Return the stops 1…n ordered by always going to the nearest unvisited stop, starting at 0."""
    remaining = set(range(1, len(matrix)))
    order = []
    current = 0
    while remaining:
        current = min(remaining, key=lambda stop: (matrix[current][stop], stop))
        order.append(current)
        remaining.remove(current)
    return order


def solve_order(matrix: list[list[float]], time_limit_seconds: int) -> list[int] | None:
    """Return the stops 1…n in the order OR-Tools finds for a tour from 0, or None when it finds none."""
    size = len(matrix)
    manager = pywrapcp.RoutingIndexManager(size, 1, 0)
    routing = pywrapcp.RoutingModel(manager)
    # The solver works on whole numbers, so distances are rounded to metres.
    whole = [[int(round(value)) for value in row] for row in matrix]

    def distance(from_index: int, to_index: int) -> int:
        return whole[manager.IndexToNode(from_index)][manager.IndexToNode(to_index)]

    callback = routing.RegisterTransitCallback(distance)
    routing.SetArcCostEvaluatorOfAllVehicles(callback)
    search = pywrapcp.DefaultRoutingSearchParameters()
    search.first_solution_strategy = routing_enums_pb2.FirstSolutionStrategy.PATH_CHEAPEST_ARC
    search.local_search_metaheuristic = routing_enums_pb2.LocalSearchMetaheuristic.GREEDY_DESCENT
    search.time_limit.seconds = time_limit_seconds

    solution = routing.SolveWithParameters(search)
    if solution is None:
        return None
    order = []
    index = solution.Value(routing.NextVar(routing.Start(0)))
    while not routing.IsEnd(index):
        order.append(manager.IndexToNode(index))
        index = solution.Value(routing.NextVar(index))
    return order


def order_route(
    office: tuple[float, float], stops: list[tuple[float, float]], road_factor: float, time_limit_seconds: int = 1
) -> Route:
    """Order ``stops`` into the shortest route found from ``office`` and back.

    Every stop needs coordinates. Returns indexes into ``stops``.
    """
    if not stops:
        return Route((), (), 0.0, 0.0, 0.0, "none")
    matrix = distance_matrix([office, *stops], road_factor)

    nearest = nearest_neighbour_order(matrix)
    nearest_length = route_length(matrix, nearest)
    solved = solve_order(matrix, time_limit_seconds) if len(stops) > 1 else None
    if solved is None and len(stops) > 1:
        log.warning("route solver found no route for %d stops; using the nearest-neighbour order", len(stops))
    if solved is not None and route_length(matrix, solved) <= nearest_length:
        best, method = solved, "solver"
    else:
        best, method = nearest, "nearest_neighbour"

    tour = [0, *best]
    legs = tuple(matrix[tour[i]][tour[i + 1]] for i in range(len(best)))
    back = matrix[best[-1]][0]
    return Route(
        order=tuple(stop - 1 for stop in best),
        leg_distances_m=legs,
        return_distance_m=back,
        total_distance_m=sum(legs) + back,
        nearest_neighbour_m=nearest_length,
        method=method,
    )
