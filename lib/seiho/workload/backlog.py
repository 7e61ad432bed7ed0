"""Record backlog, approvals waiting per supervisor and receivables per caseworker."""

import datetime as dt
from dataclasses import dataclass

import duckdb
import pandas as pd

from seiho.workload.scope import WorkloadScope

# A record counts as approved on a date when it was approved by then. Rows
# imported without approved_at but marked 承認済み count as approved always.
APPROVED_BY = "(r.approved_at IS NOT NULL AND r.approved_at::DATE <= ?) OR (r.approved_at IS NULL AND r.status = '承認済み')"


@dataclass
class RecordBacklog:
    """Visits with no approved record ``days`` days after the visit, as of one date.

    ``visits`` lists them (visit_id, case_number, caseworker_id, visited_on,
    days_waiting); ``by_caseworker`` counts them with the longest wait.
    """

    as_of: dt.date
    days: int
    visits: pd.DataFrame
    by_caseworker: pd.DataFrame

    @property
    def total(self) -> int:
        """The number of visits in the backlog."""
        return len(self.visits)


def record_backlog(connection: duckdb.DuckDBPyConnection, scope: WorkloadScope, as_of: dt.date, days: int) -> RecordBacklog:
    """List visits made ``days`` or more days before ``as_of`` whose record was not approved by ``as_of``."""
    condition, parameters = scope.household_condition("h", "c")
    visits = connection.execute(
        f"""
        SELECT v.visit_id, v.case_number, v.caseworker_id, v.visited_on, date_diff('day', v.visited_on, ?::DATE) AS days_waiting
        FROM visits v
        JOIN households h ON h.case_number = v.case_number
        LEFT JOIN caseworkers c ON c.caseworker_id = v.caseworker_id
        WHERE v.visited_on <= ?::DATE - ?::INTEGER AND {condition}
          AND NOT EXISTS (SELECT 1 FROM case_records r WHERE r.visit_id = v.visit_id AND ({APPROVED_BY}))
        ORDER BY v.visited_on, v.visit_id
        """,
        [as_of, as_of, days, *parameters, as_of],
    ).df()
    by_caseworker = (
        visits.groupby("caseworker_id")
        .agg(未承認記録=("visit_id", "size"), 最長経過日数=("days_waiting", "max"))
        .reset_index()
        .rename(columns={"caseworker_id": "職員番号"})
    )
    return RecordBacklog(as_of, days, visits, by_caseworker)


def approvals_waiting(connection: duckdb.DuckDBPyConnection, scope: WorkloadScope, as_of: dt.date) -> pd.DataFrame:
    """Count records waiting for approval on ``as_of`` per supervisor, with the longest wait in days.

    A record waits from its recorded_on until approved_at. A record still
    marked 承認待ち waits now; a 下書き has not been handed to the supervisor.
    """
    condition, parameters = scope.caseworker_condition("c")
    # NOTE: a record approved after as_of counts as waiting from recorded_on,
    # although it may have been a 下書き for part of that time. The schema has
    # no date of the hand-over to the supervisor.
    return connection.execute(
        f"""
        SELECT coalesce(c.supervisor_id, '未設定') AS 査察指導員, coalesce(s.name, '') AS 氏名,
               count(*) AS 承認待ち, max(date_diff('day', r.recorded_on, ?::DATE)) AS 最長待ち日数
        FROM case_records r
        JOIN caseworkers c ON c.caseworker_id = r.caseworker_id
        LEFT JOIN caseworkers s ON s.caseworker_id = c.supervisor_id
        WHERE {condition} AND r.recorded_on <= ?
          AND (r.status = '承認待ち' OR (r.approved_at IS NOT NULL AND r.approved_at::DATE > ?))
        GROUP BY ALL ORDER BY 承認待ち DESC, 査察指導員
        """,
        [as_of, *parameters, as_of, as_of],
    ).df()


def receivables_by_caseworker(connection: duckdb.DuckDBPyConnection, scope: WorkloadScope, as_of: dt.date) -> pd.DataFrame:
    """Sum the open 法63条・法78条 receivables decided by ``as_of`` per caseworker of the household."""
    condition, parameters = scope.household_condition("h", "c")
    return connection.execute(
        f"""
        SELECT coalesce(h.caseworker_id, '未割当') AS 職員番号, count(*) AS 債権件数,
               count(*) FILTER (WHERE r.status = '滞納') AS 滞納件数,
               sum(r.amount + r.surcharge - r.paid_amount)::BIGINT AS 未収額
        FROM receivables r
        JOIN households h ON h.case_number = r.case_number
        LEFT JOIN caseworkers c ON c.caseworker_id = h.caseworker_id
        WHERE {condition} AND r.decided_on <= ? AND r.status IN ('納付中', '滞納')
        GROUP BY ALL ORDER BY 未収額 DESC, 職員番号
        """,
        [*parameters, as_of],
    ).df()
