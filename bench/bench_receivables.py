"""債権管理 monitor and monthly report on a demo office (default 100,000 households, five years of receivables).

The demo database from bench/common.py is copied to a temporary file first,
because the benchmark adds the derived ledger history to it.

Usage: python bench/bench_receivables.py [--households N] [--runs R] [--report-runs K]
"""

import argparse
import datetime as dt
import shutil
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import demo_database, describe, timed  # noqa: E402

from seiho.access.users import load_user  # noqa: E402
from seiho.receivables.demo_history import ensure_demo_history  # noqa: E402
from seiho.receivables.monitor import receivables_monitor  # noqa: E402
from seiho.reporting import run_report  # noqa: E402
from seiho.store import Store  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--households", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=10)
    parser.add_argument("--report-runs", type=int, default=3)
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "receivables.duckdb"
        shutil.copyfile(demo_database(args.households), path)
        store = Store(path)
        with store.connect() as connection:
            seconds, added = timed(ensure_demo_history, connection)
            as_of = dt.date.fromisoformat(connection.execute("SELECT value FROM settings WHERE key = 'demo_as_of'").fetchone()[0])
            supervisor = load_user(connection, connection.execute(
                "SELECT user_id FROM users WHERE role = 'supervisor' ORDER BY user_id LIMIT 1").fetchone()[0])
            caseworker = load_user(connection, connection.execute(
                "SELECT user_id FROM users WHERE role = 'caseworker' ORDER BY user_id LIMIT 1").fetchone()[0])
            counts = {table: connection.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
                      for table in ("receivables", "receivable_payments", "receivable_events", "receivable_installments")}
        print(f"demo history for {added:,} receivables: {seconds:.1f} s; rows: {counts}")

        for label, user in (("monitor (supervisor, whole office)", supervisor), ("monitor (caseworker, own caseload)", caseworker)):
            samples = []
            for _ in range(args.runs):
                seconds, monitor = timed(receivables_monitor, store, user, as_of)
                samples.append(seconds)
            print(f"{label}: {describe(samples)}; {len(monitor.ledger):,} receivables, {len(monitor.alerts):,} alerts")

        samples = []
        for _ in range(args.report_runs):
            seconds, _ = timed(run_report, "receivables_monthly", {"db_path": str(path), "month": as_of.strftime("%Y-%m")},
                               output_root=Path(folder) / "reports")
            samples.append(seconds)
        print(f"monthly report (papermill + HTML): {describe(samples, unit='s', scale=1.0)}")


if __name__ == "__main__":
    main()
