"""業務量 measures and the efficiency comparison on a demo office, DuckDB against plain pandas.

Default: the 100,000-household demo office with five years of visits and
records. The cached demo database is copied to a temporary file, because
the benchmark adds the derived workload events to it. One run times four
things. The first is the dashboard's measures as DuckDB SQL through
``workload_measures``, the second the same measures in pandas from tables
loaded into memory. The third is the per-visit chains of the efficiency
comparison in DuckDB SQL and in pandas, the fourth one papermill run of the
evaluation report. The pandas results are checked against DuckDB's before
any time is printed.

Usage: python bench/bench_workload.py [--households N] [--runs R] [--month YYYY-MM] [--no-report]
"""

import argparse
import datetime as dt
import shutil
import sys
import tempfile
from pathlib import Path

import numpy as np
import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import demo_database, describe, timed  # noqa: E402

from seiho.access.users import load_user  # noqa: E402
from seiho.reporting import run_report  # noqa: E402
from seiho.store import Store  # noqa: E402
from seiho.workload.caseload import households_per_worker  # noqa: E402
from seiho.workload.demo_events import generate_demo_events  # noqa: E402
from seiho.workload.efficiency import Group, compare_efficiency, load_events, visit_chains  # noqa: E402
from seiho.workload.evaluation_report import DEFAULT_RESAMPLES  # noqa: E402
from seiho.workload.scope import add_months  # noqa: E402
from seiho.workload.summary import RECORD_BACKLOG_DAYS, month_start  # noqa: E402
from seiho.workload.view import measure_date, workload_measures  # noqa: E402
from seiho.workload.visit_rules import load_visit_rules  # noqa: E402

TABLES = {
    "households": "SELECT case_number, office_code, caseworker_id, household_type, housing, started_on, closed_on FROM households",
    "caseworkers": "SELECT caseworker_id, office_code, name, team, supervisor_id, role, started_on FROM caseworkers",
    "visits": "SELECT visit_id, case_number, caseworker_id, visited_on, visit_kind, result FROM visits",
    "records": "SELECT record_id, visit_id, caseworker_id, recorded_on, status, approved_at FROM case_records",
    "receivables": "SELECT case_number, decided_on, amount, surcharge, paid_amount, status FROM receivables",
}


def load_tables(store: Store) -> dict[str, pd.DataFrame]:
    """Load the tables the measures read into pandas, with dates as Timestamps."""
    with store.connect() as connection:
        return {name: connection.execute(sql).df() for name, sql in TABLES.items()}


def pandas_measures(tables: dict[str, pd.DataFrame], office_code: str, as_of: dt.date, first_month: dt.date) -> dict:
    """Compute the supervisor's whole-office measures with pandas only; return the figures to compare."""
    day = pd.Timestamp(as_of)
    households = tables["households"]
    households = households[households["office_code"] == office_code]
    active = households[(households["started_on"] <= day) & (households["closed_on"].isna() | (households["closed_on"] > day))]
    workers = tables["caseworkers"]
    workers = workers[(workers["office_code"] == office_code) & (workers["role"] == "caseworker")]
    caseloads = active.groupby("caseworker_id").size().reindex(workers["caseworker_id"], fill_value=0)

    # Visit compliance.
    rules = load_visit_rules()
    visits = tables["visits"]
    counted = visits[(visits["visited_on"] <= day) & visits["visit_kind"].isin(rules.counted_visit_kinds) & visits["result"].isin(rules.counted_results)]
    last_visit = counted.groupby("case_number")["visited_on"].max()
    frame = active.assign(housing=active["housing"].fillna(rules.unknown_housing))
    frame = frame.merge(rules.table, on=["housing", "household_type"], how="left")
    frame["last_visit"] = frame["case_number"].map(last_visit)
    base = frame["last_visit"].fillna(frame["started_on"])
    months = frame["interval_months"].fillna(0).astype(int)
    due = [start + pd.DateOffset(months=count) for start, count in zip(base, months)]
    frame["due_on"] = pd.to_datetime(due)
    overdue = frame["interval_months"].notna() & (frame["due_on"] < day)

    # Record backlog: visits with no record approved by as_of, backlog days after the visit.
    records = tables["records"]
    approved = records[(records["approved_at"].notna() & (records["approved_at"].dt.normalize() <= day))
                       | (records["approved_at"].isna() & (records["status"] == "承認済み"))]
    office_visits = visits[visits["case_number"].isin(households["case_number"])]
    backlog = office_visits[(office_visits["visited_on"] <= day - pd.Timedelta(days=RECORD_BACKLOG_DAYS))
                            & ~office_visits["visit_id"].isin(approved["visit_id"])]

    # Approvals waiting per supervisor.
    waiting = records[(records["recorded_on"] <= day)
                      & ((records["status"] == "承認待ち") | (records["approved_at"].notna() & (records["approved_at"].dt.normalize() > day)))]
    waiting = waiting.merge(workers[["caseworker_id", "supervisor_id"]], on="caseworker_id")

    # Open receivables per caseworker.
    receivables = tables["receivables"].merge(households[["case_number", "caseworker_id"]], on="case_number")
    receivables = receivables[(receivables["decided_on"] <= day) & receivables["status"].isin(["納付中", "滞納"])]
    outstanding = (receivables["amount"] + receivables["surcharge"] - receivables["paid_amount"]).groupby(receivables["caseworker_id"]).sum()

    # Monthly trends: visits per month over the twelve months.
    trend_visits = office_visits[(office_visits["visited_on"] >= pd.Timestamp(first_month)) & (office_visits["visited_on"] <= day)]
    visits_by_month = trend_visits.groupby(trend_visits["visited_on"].dt.to_period("M")).size()

    return {
        "caseloads": caseloads.sort_index().tolist(),
        "overdue": int(overdue.sum()),
        "backlog": len(backlog),
        "waiting": waiting.groupby("supervisor_id").size().sort_index().tolist(),
        "outstanding": int(outstanding.sum()),
        "visits_by_month": visits_by_month.tolist(),
    }


def duckdb_figures(measures) -> dict:
    """Return the same figures from the DuckDB measures."""
    caseloads = measures.caseload.caseloads.sort_values("職員番号")
    waiting = measures.approvals_waiting.sort_values("査察指導員")
    return {
        "caseloads": caseloads["担当世帯数"].tolist(),
        "overdue": int(measures.compliance.households["overdue"].sum()),
        "backlog": measures.backlog.total,
        "waiting": waiting["承認待ち"].tolist(),
        "outstanding": int(measures.receivables["未収額"].sum()),
        "visits_by_month": measures.trends["訪問件数"].tolist(),
    }


CHAINS_SQL = """
    SELECT d.visit_id, d.caseworker_id, d.done_at, a.approved_at, a.edit_ratio,
           date_diff('second', d.done_at, a.approved_at) / 86400.0 AS days_to_approval
    FROM (SELECT visit_id, any_value(caseworker_id) AS caseworker_id, min(occurred_at) AS done_at
          FROM workload_events WHERE event_kind = 'visit_done' AND occurred_at >= ?::DATE AND occurred_at < ?::DATE + 1 GROUP BY visit_id) d
    LEFT JOIN (SELECT visit_id, min(occurred_at) AS approved_at, any_value(edit_ratio) AS edit_ratio
               FROM workload_events WHERE event_kind = 'draft_approved' AND occurred_at >= ?::DATE AND occurred_at < ?::DATE + 1
               GROUP BY visit_id) a USING (visit_id)
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--households", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--month", default="2026-11")
    parser.add_argument("--no-report", action="store_true", help="skip the papermill run of the evaluation report")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "workload.duckdb"
        shutil.copyfile(demo_database(args.households), path)
        store = Store(path)
        seconds, count = timed(generate_demo_events, store, dt.date(2025, 4, 1))
        print(f"demo workload events: {count:,} in {seconds:.1f} s")
        with store.connect() as connection:
            supervisor = load_user(connection, connection.execute("SELECT user_id FROM users WHERE role = 'supervisor' ORDER BY user_id LIMIT 1").fetchall()[0][0])
            analyst = load_user(connection, connection.execute("SELECT user_id FROM users WHERE role = 'analyst' ORDER BY user_id LIMIT 1").fetchall()[0][0])
            counts = {table: connection.execute(f"SELECT count(*) FROM {table}").fetchall()[0][0] for table in ("households", "visits", "case_records")}
        print(f"rows: {counts}")

        as_of = measure_date(args.month)
        first_month = add_months(month_start(args.month), -11)
        duck_samples, pandas_samples, load_samples = [], [], []
        for _ in range(args.runs):
            seconds, measures = timed(workload_measures, store, supervisor, args.month)
            duck_samples.append(seconds)
            seconds, tables = timed(load_tables, store)
            load_samples.append(seconds)
            seconds, figures = timed(pandas_measures, tables, supervisor.office_code, as_of, first_month)
            pandas_samples.append(seconds)
        expected = duckdb_figures(measures)
        for key, value in expected.items():
            if figures[key] != value:
                raise SystemExit(f"pandas and DuckDB disagree on {key}: {figures[key]!r} != {value!r}")
        print(f"standard per caseworker: {households_per_worker(measures.caseload.office_kind, as_of)}; overdue {expected['overdue']:,}; backlog {expected['backlog']:,}")
        print(f"dashboard measures, DuckDB (workload_measures): {describe(duck_samples)}")
        print(f"dashboard measures, pandas (compute only):     {describe(pandas_samples)}")
        print(f"  pandas table load from DuckDB:              {describe(load_samples)}")

        start, end = dt.date(2024, 4, 1), dt.date(2026, 5, 31)
        sql_samples, chain_samples, load_event_samples = [], [], []
        for _ in range(args.runs):
            with store.connect() as connection:
                seconds, sql_chains = timed(lambda: connection.execute(CHAINS_SQL, [start, end, start, end]).df())
            sql_samples.append(seconds)
            seconds, events = timed(load_events, store, analyst, analyst.office_code, start, end)
            load_event_samples.append(seconds)
            seconds, chains = timed(visit_chains, events)
            chain_samples.append(seconds)
        if len(sql_chains) != len(chains) or not np.isclose(sql_chains["days_to_approval"].mean(), chains["days_to_approval"].mean()):
            raise SystemExit("pandas and DuckDB disagree on the visit chains")
        print(f"visit chains ({len(chains):,} visits), DuckDB SQL: {describe(sql_samples)}")
        print(f"visit chains, pandas (visit_chains):           {describe(chain_samples)}")
        print(f"  pseudonymised event load (load_events):      {describe(load_event_samples)}")
        seconds, _ = timed(compare_efficiency, events, analyst.office_code, Group("導入前", dt.date(2024, 4, 1), dt.date(2025, 3, 31)),
                           Group("導入後", dt.date(2025, 4, 1), dt.date(2026, 3, 31)), resamples=DEFAULT_RESAMPLES)
        print(f"compare_efficiency, {DEFAULT_RESAMPLES} bootstrap resamples (one run): {seconds:.1f} s")

        if not args.no_report:
            seconds, result = timed(run_report, "efficiency_evaluation", {
                "db_path": str(path), "user_id": analyst.user_id, "month": args.month, "pdf_path": str(Path(folder) / "report.pdf"),
            }, output_root=Path(folder) / "reports")
            print(f"evaluation report (papermill, HTML and PDF, one run): {seconds:.1f} s")


if __name__ == "__main__":
    main()
