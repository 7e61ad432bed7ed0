"""保護費計算 throughput: a 100,000-household office's monthly run.

Loads every 居宅 household under assistance (grade area and prefecture from
the office) as the office's supervisor, then calculates each one for the
month. Reports the load time and the calculations per second.

Usage: python bench/bench_benefit.py [--households N] [--month YYYY-MM-DD] [--runs R]
"""

import argparse
import datetime as dt
import statistics
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import demo_database, describe, timed  # noqa: E402

from seiho.access.users import load_user  # noqa: E402
from seiho.benefit import calculate_benefit  # noqa: E402
from seiho.benefit.records import load_households  # noqa: E402
from seiho.store import Store  # noqa: E402


def calculate_all(households: dict, month: dt.date) -> int:
    """Calculate every household; return the number that need assistance."""
    return sum(calculate_benefit(household, month).needs_assistance for household in households.values())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--households", type=int, default=100_000)
    parser.add_argument("--month", default="2026-12-01", help="the month to calculate (December adds the 期末一時扶助)")
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    month = dt.date.fromisoformat(args.month)

    store = Store(demo_database(args.households))
    with store.connect() as connection:
        supervisor = load_user(connection, connection.execute(
            "SELECT user_id FROM users WHERE role = 'supervisor' ORDER BY user_id LIMIT 1").fetchone()[0])

    load_seconds = []
    run_seconds = []
    for _ in range(args.runs):
        seconds, households = timed(load_households, store, supervisor, month)
        load_seconds.append(seconds)
        seconds, needing = timed(calculate_all, households, month)
        run_seconds.append(seconds)

    count = len(households)
    rates = sorted(count / seconds for seconds in run_seconds)
    print(f"保護費計算, {args.households:,}-household office, month {month}, {count:,} 居宅 households under assistance, {args.runs} runs")
    print(f"  load from the store: {describe(load_seconds, 's', 1.0)}")
    print(f"  calculate all: {describe(run_seconds, 's', 1.0)}")
    print(f"  calculations per second: median {statistics.median(rates):,.0f}, min {rates[0]:,.0f}, max {rates[-1]:,.0f}")
    print(f"  households needing assistance: {needing:,}")


if __name__ == "__main__":
    main()
