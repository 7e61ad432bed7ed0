"""The workload measures of one office and month, as the 業務量 dashboard shows them."""

import datetime as dt
import logging
from dataclasses import dataclass

import pandas as pd

from seiho.access import User, pseudonym, pseudonym_key
from seiho.errors import ParameterError
from seiho.store import Store, record_event
from seiho.store.audit import record_events
from seiho.workload.backlog import RecordBacklog, approvals_waiting, receivables_by_caseworker, record_backlog
from seiho.workload.caseload import CaseloadMeasure, caseload_measure
from seiho.workload.compliance import VisitCompliance, visit_compliance
from seiho.workload.scope import check_caseworker_access, month_end, workload_scope
from seiho.workload.summary import RECORD_BACKLOG_DAYS, month_start
from seiho.workload.trends import monthly_trends

log = logging.getLogger(__name__)

TREND_MONTHS = 12


def measure_date(month: str, today: dt.date | None = None) -> dt.date:
    """Return the date the measures of ``month`` are taken on: its last day, or today while the month runs."""
    return min(month_end(month), today or dt.date.today())


@dataclass
class WorkloadMeasures:
    """Every workload measure of one office (or team, or caseworker) on a month's last day."""

    month: dt.date
    as_of: dt.date
    team: str | None
    caseload: CaseloadMeasure
    compliance: VisitCompliance
    backlog: RecordBacklog
    approvals_waiting: pd.DataFrame
    receivables: pd.DataFrame
    trends: pd.DataFrame

    def caseworker_table(self) -> pd.DataFrame:
        """Join the per-caseworker figures into one table, one row per caseworker."""
        table = self.caseload.caseloads.copy()
        for frame in (self.compliance.by_caseworker[["職員番号", "期限超過", "遵守率"]], self.backlog.by_caseworker[["職員番号", "未承認記録"]],
                      self.receivables[["職員番号", "債権件数", "未収額"]]):
            table = table.merge(frame, on="職員番号", how="left")
        counts = ["期限超過", "未承認記録", "債権件数", "未収額"]
        table[counts] = table[counts].fillna(0).astype("int64")
        return table


@dataclass
class CaseworkerDetail:
    """One caseworker's overdue visits and unapproved records, for the drill-down."""

    caseworker_id: str
    name: str
    overdue_visits: pd.DataFrame
    unapproved_records: pd.DataFrame


def workload_measures(
    store: Store, user: User, month: str, team: str = "", backlog_days: int = RECORD_BACKLOG_DAYS, today: dt.date | None = None
) -> WorkloadMeasures:
    """Compute the measures of ``user``'s scope on the last day of ``month`` ('YYYY-MM'), or on ``today`` in the current month.

    A caseworker sees only their own row; an analyst sees 職員番号 but no
    names. Only counts leave this function, so the audit log records the view
    without case numbers.
    """
    if backlog_days < 0:
        raise ParameterError(f"記録の経過日数（{backlog_days}）は0以上で指定してください。", f"backlog_days={backlog_days}")
    scope = workload_scope(user, team)
    first_day = month_start(month)
    as_of = measure_date(month, today)
    log.info("computing workload measures for office %s, %s", scope.office_code, month)

    with store.connect() as connection:
        measures = WorkloadMeasures(
            month=first_day,
            as_of=as_of,
            team=scope.team,
            caseload=caseload_measure(connection, scope, as_of),
            compliance=visit_compliance(connection, scope, as_of),
            backlog=record_backlog(connection, scope, as_of, backlog_days),
            approvals_waiting=approvals_waiting(connection, scope, as_of),
            receivables=receivables_by_caseworker(connection, scope, as_of),
            trends=monthly_trends(connection, scope, first_day, TREND_MONTHS, backlog_days),
        )
        record_event(connection, user.user_id, "view_workload", None, f"month={month} team={scope.team or ''}")

    if scope.pseudonymise:
        measures.caseload.caseloads["担当"] = ""
        measures.approvals_waiting["氏名"] = ""
    return measures


def caseworker_detail(
    store: Store, user: User, caseworker_id: str, month: str, backlog_days: int = RECORD_BACKLOG_DAYS, today: dt.date | None = None
) -> CaseworkerDetail:
    """List one caseworker's overdue households and unapproved records at the end of ``month``.

    Raises ``AccessDenied`` when ``user`` may not see this caseworker; an
    analyst gets pseudonyms in place of case numbers and no head names. Each
    household listed is written to the audit log.
    """
    as_of = measure_date(month, today)
    with store.connect() as connection:
        rows = connection.execute("SELECT office_code, name FROM caseworkers WHERE caseworker_id = ?", [caseworker_id]).fetchall()
        row = rows[0] if rows else None
        if row is None:
            raise ParameterError(f"職員番号 {caseworker_id} の職員は登録されていません。職員番号を確認してください。", f"unknown caseworker {caseworker_id}")
        check_caseworker_access(user, caseworker_id, row[0])
        scope = workload_scope(user)
        scope = type(scope)(scope.office_code, caseworker_id=caseworker_id, pseudonymise=scope.pseudonymise)

        overdue = visit_compliance(connection, scope, as_of).overdue
        backlog = record_backlog(connection, scope, as_of, backlog_days).visits
        names = dict(connection.execute(
            "SELECT case_number, head_name FROM households WHERE caseworker_id = ?", [caseworker_id]
        ).fetchall())

        shown = sorted(set(overdue["case_number"]) | set(backlog["case_number"]))
        record_events(connection, user.user_id, "view_workload_caseworker", shown, f"caseworker={caseworker_id} month={month}")
        key = pseudonym_key(connection) if scope.pseudonymise else None

    overdue_table = pd.DataFrame({
        "ケース番号": overdue["case_number"],
        "世帯主": overdue["case_number"].map(names),
        "訪問頻度": overdue["grade"],
        "最終訪問日": overdue["last_visit"],
        "訪問期限": overdue["due_on"],
        "超過日数": overdue["days_overdue"],
    })
    backlog_table = pd.DataFrame({
        "ケース番号": backlog["case_number"],
        "世帯主": backlog["case_number"].map(names),
        "訪問日": backlog["visited_on"],
        "経過日数": backlog["days_waiting"],
    })
    name = row[1]
    if key is not None:
        overdue_table = _pseudonymise(overdue_table, key)
        backlog_table = _pseudonymise(backlog_table, key)
        name = ""
    return CaseworkerDetail(caseworker_id, name, overdue_table.reset_index(drop=True), backlog_table.reset_index(drop=True))


def _pseudonymise(table: pd.DataFrame, key: str) -> pd.DataFrame:
    # Analysts get no head names and no exact dates, as in seiho.household.pseudonymised.
    table = table.drop(columns=[column for column in ("世帯主", "最終訪問日", "訪問期限", "訪問日") if column in table])
    table["ケース番号"] = [pseudonym(number, key) for number in table["ケース番号"]]
    return table
