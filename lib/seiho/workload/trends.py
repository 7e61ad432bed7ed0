"""Monthly trends of the workload measures."""

import datetime as dt

import duckdb
import pandas as pd

from seiho.workload.scope import WorkloadScope, add_months


def monthly_trends(
    connection: duckdb.DuckDBPyConnection, scope: WorkloadScope, last_month: dt.date, months: int, backlog_days: int
) -> pd.DataFrame:
    """Return one row per month up to ``last_month`` (its first day), oldest first.

    Columns: 月 (first day), 世帯数 at the month's end, 訪問件数 and
    承認件数 in the month, and 未承認記録: visits made ``backlog_days`` or more
    days before the month's end whose record was not approved by then.
    """
    first_month = add_months(last_month, -(months - 1))
    condition, parameters = scope.household_condition("h", "c")
    return connection.execute(
        f"""
        WITH month_list AS (
            SELECT month::DATE AS month, (month + INTERVAL 1 MONTH - INTERVAL 1 DAY)::DATE AS month_end
            FROM generate_series(?::DATE, ?::DATE, INTERVAL 1 MONTH) AS t(month)
        ),
        scoped AS (
            SELECT h.case_number, h.started_on, h.closed_on FROM households h
            LEFT JOIN caseworkers c ON c.caseworker_id = h.caseworker_id
            WHERE {condition}
        ),
        scoped_visits AS (
            SELECT v.visit_id, v.visited_on,
                   (SELECT min(coalesce(r.approved_at::DATE, DATE '1900-01-01')) FROM case_records r
                     WHERE r.visit_id = v.visit_id AND (r.approved_at IS NOT NULL OR r.status = '承認済み')) AS approved_on
            FROM visits v JOIN scoped USING (case_number)
        )
        SELECT m.month AS 月,
               (SELECT count(*) FROM scoped s WHERE s.started_on <= m.month_end AND (s.closed_on IS NULL OR s.closed_on > m.month_end)) AS 世帯数,
               (SELECT count(*) FROM scoped_visits v WHERE v.visited_on BETWEEN m.month AND m.month_end) AS 訪問件数,
               (SELECT count(*) FROM scoped_visits v WHERE v.approved_on BETWEEN m.month AND m.month_end) AS 承認件数,
               (SELECT count(*) FROM scoped_visits v WHERE v.visited_on <= m.month_end - ?::INTEGER
                   AND (v.approved_on IS NULL OR v.approved_on > m.month_end)) AS 未承認記録
        FROM month_list m ORDER BY m.month
        """,
        [first_month, last_month, *parameters, backlog_days],
    ).df()
