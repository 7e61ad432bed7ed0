"""訪問準備 and the approved-record CSV export on a demo office.

Default: the 3,000-household demo office. The cached demo database is copied
to a temporary file, because both steps write the audit log. One run times
``prep_sheet`` for households of the first caseworker one at a time. It then
times ``prep_sheets`` for 10-household days in one transaction, as the
dashboard builds them. Last, it times ``export_approved_csv`` of every
approved case record of the office as UTF-8 with BOM and as CP932 with 〓
replacement, and how long the export's snapshot holds the store lock.

Usage: python bench/bench_visit_prep.py [--households N] [--sheets S] [--runs R]
"""

import argparse
import resource
import datetime as dt
import shutil
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import demo_database, describe, timed  # noqa: E402

from seiho.access.users import load_user  # noqa: E402
from seiho.records import export_approved_csv  # noqa: E402
from seiho.records.export import _snapshot  # noqa: E402
from seiho.store import Store  # noqa: E402
from seiho.visits.prep import prep_sheet, prep_sheets  # noqa: E402


def first_user(store: Store, role: str):
    """Return the demo office's first user of ``role``."""
    with store.connect() as connection:
        user_id = connection.execute("SELECT user_id FROM users WHERE role = ? ORDER BY user_id LIMIT 1", [role]).fetchone()[0]
        return load_user(connection, user_id)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--households", type=int, default=3000)
    parser.add_argument("--sheets", type=int, default=20, help="prep sheets to time")
    parser.add_argument("--runs", type=int, default=3, help="runs of each export")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "bench.duckdb"
        shutil.copy(demo_database(args.households), path)
        store = Store(path)
        caseworker = first_user(store, "caseworker")
        supervisor = first_user(store, "supervisor")
        with store.connect() as connection:
            case_numbers = [row[0] for row in connection.execute(
                "SELECT case_number FROM households WHERE caseworker_id = ? AND status <> '廃止' ORDER BY case_number LIMIT ?",
                [caseworker.caseworker_id, args.sheets],
            ).fetchall()]
            as_of = connection.execute("SELECT max(recorded_on) FROM case_records").fetchone()[0]

        day = as_of + dt.timedelta(days=1)
        samples = [timed(prep_sheet, store, caseworker, number, day)[0] for number in case_numbers]
        print(f"prep_sheet ({args.households} households, {len(case_numbers)} sheets): {describe(samples)}")
        days = [timed(prep_sheets, store, caseworker, case_numbers[start:start + 10], day)[0]
                for start in range(0, len(case_numbers) - 9, 5)]
        print(f"prep_sheets, a 10-household day in one transaction: {describe(days)}")

        for encoding in ("utf-8-sig", "cp932"):
            runs = [timed(export_approved_csv, store, supervisor, Path(folder) / "out.csv", None, encoding, True) for _ in range(args.runs)]
            rows = runs[0][1].rows
            size_mb = (Path(folder) / "out.csv").stat().st_size / 1e6
            print(f"export_approved_csv {encoding}: {rows:,} records, {size_mb:.1f} MB, {describe([seconds for seconds, _ in runs], 's', 1.0)}")
        snapshots = [timed(_snapshot, store, supervisor, None, Path(folder) / f"snapshot-{run}.parquet")[0] for run in range(args.runs)]
        print(f"store lock held for the export's Parquet snapshot: {describe(snapshots, 's', 1.0)}")
        print(f"max resident size of the process: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB")


if __name__ == "__main__":
    main()
