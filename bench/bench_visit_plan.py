"""訪問計画 on a demo office: the monthly plan of every caseworker, and 10-visit day routes.

Default: the 100,000-household demo office. The cached demo database is
copied to a temporary file, because planning writes the audit log. One run
times ``build_office_plans`` for a supervisor (every caseworker of the
office), first without routes and then with a route for every working day.
It then measures the peak Python allocation (tracemalloc) of one plan
without routes, and the process's maximum resident size, which includes
DuckDB's memory. The route part draws random days: 10 households with coordinates
of one caseworker, routed from the office, against the nearest-neighbour order.
The grouping part plans each caseworker's month twice, with days filled by
due date alone and with nearby households grouped into the same day, and
compares the month's total route length.

Usage: python bench/bench_visit_plan.py [--households N] [--runs R] [--month YYYY-MM] [--days D]
       [--caseworkers C] [--routes-only | --grouping-only]
"""

import argparse
import random
import resource
import shutil
import statistics
import sys
import tempfile
import tracemalloc
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import demo_database, describe, timed  # noqa: E402

from seiho.access.users import load_user  # noqa: E402
from seiho.store import Store  # noqa: E402
from seiho.visits.plan import build_office_plans, due_visits, load_plan_settings, order_route, parse_month, working_days  # noqa: E402
from seiho.visits.plan.route import distance_matrix  # noqa: E402
from seiho.visits.plan.schedule import assign_days, route_day  # noqa: E402

STOPS_PER_DAY = 10


def supervisor(store: Store):
    """Return the demo office's first supervisor."""
    with store.connect() as connection:
        user_id = connection.execute("SELECT user_id FROM users WHERE role = 'supervisor' ORDER BY user_id LIMIT 1").fetchone()[0]
        return load_user(connection, user_id)


def max_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def bench_plans(store: Store, month, runs: int) -> None:
    """Time the office's monthly plans without and with routes, and report memory."""
    user = supervisor(store)
    plain, routed = [], []
    for _ in range(runs):
        seconds, plans = timed(build_office_plans, store, user, month)
        plain.append(seconds)
    print(f"caseworkers {len(plans):,}, planned visits {sum(len(plan.planned) for plan in plans):,}, "
          f"計画外 {sum(len(plan.carried_over) for plan in plans):,}, overdue {sum(plan.overdue_count for plan in plans):,}, "
          f"breaches {sum(plan.breach_count for plan in plans):,}")
    print(f"office plan without routes: {describe(plain, 's', 1.0)}; max RSS {max_rss_mb():,.0f} MB")

    for _ in range(runs):
        seconds, plans = timed(build_office_plans, store, user, month, with_routes=True)
        routed.append(seconds)
    days = sum(1 for plan in plans for day in plan.days if day.visits)
    print(f"office plan with routes ({days:,} routed days): {describe(routed, 's', 1.0)}; max RSS {max_rss_mb():,.0f} MB")

    tracemalloc.start()
    build_office_plans(store, user, month)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    print(f"peak Python allocation of one plan without routes: {peak / 2**20:,.0f} MB")


def optimal_length(matrix: list[list[float]]) -> float:
    """Return the shortest closed tour from stop 0 through every stop (Held-Karp dynamic programming)."""
    stops = len(matrix) - 1
    best = {(1 << stop, stop): matrix[0][stop + 1] for stop in range(stops)}
    for mask in range(1, 1 << stops):
        for last in range(stops):
            length = best.get((mask, last))
            if length is None:
                continue
            for following in range(stops):
                if mask & (1 << following):
                    continue
                key = (mask | (1 << following), following)
                candidate = length + matrix[last + 1][following + 1]
                if candidate < best.get(key, float("inf")):
                    best[key] = candidate
    full = (1 << stops) - 1
    return min(best[(full, last)] + matrix[last + 1][0] for last in range(stops))


def bench_routes(store: Store, days: int, seed: int = 7) -> None:
    """Route random 10-household days and compare them with the nearest-neighbour order."""
    settings = load_plan_settings()
    with store.connect() as connection:
        office = connection.execute("SELECT latitude, longitude FROM offices LIMIT 1").fetchone()
        rows = connection.execute(
            "SELECT caseworker_id, latitude, longitude FROM households"
            " WHERE latitude IS NOT NULL AND caseworker_id IS NOT NULL AND status = '保護中' ORDER BY case_number"
        ).fetchall()
    by_caseworker: dict[str, list] = {}
    for caseworker_id, latitude, longitude in rows:
        by_caseworker.setdefault(caseworker_id, []).append((latitude, longitude))
    generator = random.Random(seed)
    caseworkers = sorted(caseworker for caseworker, points in by_caseworker.items() if len(points) >= STOPS_PER_DAY)

    solve_times, ratios, optimal_ratios, kilometres = [], [], [], []
    for _ in range(days):
        stops = generator.sample(by_caseworker[generator.choice(caseworkers)], STOPS_PER_DAY)
        seconds, route = timed(order_route, office, stops, settings.road_factor, settings.route_time_limit_seconds)
        solve_times.append(seconds)
        ratios.append(route.total_distance_m / route.nearest_neighbour_m)
        optimal_ratios.append(route.total_distance_m / optimal_length(distance_matrix([office, *stops], settings.road_factor)))
        kilometres.append(route.total_distance_m / 1000)
    shorter = sum(ratio < 1 - 1e-9 for ratio in ratios)
    print(f"10-visit route: {describe(solve_times)}")
    print(f"route length / nearest-neighbour length: median {statistics.median(ratios):.3f}, min {min(ratios):.3f}, "
          f"max {max(ratios):.3f}; shorter on {shorter} of {days} days; median route {statistics.median(kilometres):.1f} km")
    optimal = sum(ratio < 1 + 1e-9 for ratio in optimal_ratios)
    print(f"route length / optimal length (Held-Karp): mean {statistics.mean(optimal_ratios):.4f}, "
          f"max {max(optimal_ratios):.3f}; optimal on {optimal} of {days} days")


def month_kilometres(by_day, office, settings) -> float:
    """Return the total route length of a month's days in kilometres."""
    return sum(route_day(day, visits, office, settings).total_distance_m for day, visits in by_day.items()) / 1000


def bench_grouping(store: Store, month, caseworkers: int) -> None:
    """Compare each caseworker's monthly route length with days filled by due date and by place."""
    settings = load_plan_settings()
    user = supervisor(store)
    with store.connect() as connection:
        office = connection.execute("SELECT latitude, longitude FROM offices WHERE office_code = ?", [user.office_code]).fetchone()
        due = due_visits(connection, user, month)
    by_caseworker: dict[str, list] = {}
    for visit in due:
        if visit.caseworker_id is not None:
            by_caseworker.setdefault(visit.caseworker_id, []).append(visit)
    days = working_days(month)

    ratios, by_due_total, by_place_total, grouping_seconds = [], 0.0, 0.0, []
    for caseworker_id in sorted(by_caseworker)[:caseworkers]:
        visits = by_caseworker[caseworker_id]
        by_due, _ = assign_days(visits, days, settings.daily_capacity, group_nearby=False)
        seconds, (by_place, _) = timed(assign_days, visits, days, settings.daily_capacity, group_nearby=True)
        grouping_seconds.append(seconds)
        by_due_km = month_kilometres(by_due, office, settings)
        by_place_km = month_kilometres(by_place, office, settings)
        by_due_total += by_due_km
        by_place_total += by_place_km
        if by_due_km:
            ratios.append(by_place_km / by_due_km)
    print(f"grouping nearby households, {len(ratios)} caseworkers: assign_days {describe(grouping_seconds)}")
    print(f"month route length grouped / by due date: median {statistics.median(ratios):.3f}, "
          f"min {min(ratios):.3f}, max {max(ratios):.3f}; total {by_place_total:,.0f} km against {by_due_total:,.0f} km")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--households", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--month", default="2027-01")
    parser.add_argument("--days", type=int, default=50)
    parser.add_argument("--caseworkers", type=int, default=50, help="caseworkers in the grouping comparison")
    parser.add_argument("--routes-only", action="store_true", help="time the day routes only")
    parser.add_argument("--grouping-only", action="store_true", help="compare grouped and due-date days only")
    args = parser.parse_args()

    source = demo_database(args.households)
    with tempfile.TemporaryDirectory() as folder:
        copy = Path(folder) / "bench.duckdb"
        shutil.copyfile(source, copy)
        store = Store(copy)
        print(f"demo office: {args.households:,} households, month {args.month}")
        month = parse_month(args.month)
        if not args.grouping_only:
            bench_routes(store, args.days)
        if not args.routes_only:
            bench_grouping(store, month, args.caseworkers)
        if not (args.routes_only or args.grouping_only):
            bench_plans(store, month, args.runs)
    return 0


if __name__ == "__main__":
    sys.exit(main())
