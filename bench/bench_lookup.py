"""世帯照会 query latency on a demo office (default 100,000 households).

Usage: python bench/bench_lookup.py [--households N] [--runs R]
"""

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import demo_database, describe, timed  # noqa: E402

from seiho.access.users import load_user  # noqa: E402
from seiho.household import household_file, search_households  # noqa: E402
from seiho.store import Store  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--households", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=30)
    args = parser.parse_args()

    store = Store(demo_database(args.households))
    with store.connect() as connection:
        supervisor = load_user(connection, connection.execute(
            "SELECT user_id FROM users WHERE role = 'supervisor' ORDER BY user_id LIMIT 1").fetchone()[0])
        caseworker = load_user(connection, connection.execute(
            "SELECT user_id FROM users WHERE role = 'caseworker' ORDER BY user_id LIMIT 1").fetchone()[0])
        samples = connection.execute(
            "SELECT case_number, head_name_kana, substr(head_name, 1, 2) FROM households"
            " WHERE caseworker_id = ? ORDER BY case_number LIMIT ?",
            [caseworker.caseworker_id, args.runs],
        ).fetchall()

    cases = {
        "search by case number (supervisor, whole office)": lambda i: search_households(store, supervisor, samples[i % len(samples)][0]),
        "search by kana (supervisor, whole office)": lambda i: search_households(store, supervisor, samples[i % len(samples)][1]),
        "search by family name (caseworker, own caseload)": lambda i: search_households(store, caseworker, samples[i % len(samples)][2]),
        "open household file (caseworker)": lambda i: household_file(store, caseworker, samples[i % len(samples)][0]),
    }
    print(f"世帯照会 latency, {args.households:,} households, {args.runs} runs each")
    for label, run in cases.items():
        run(0)  # warm the OS file cache
        seconds = [timed(run, i)[0] for i in range(args.runs)]
        print(f"  {label}: {describe(seconds)}")


if __name__ == "__main__":
    main()
