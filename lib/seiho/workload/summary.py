"""The monthly office summary: aggregates only, no names or case numbers."""

import datetime as dt
from dataclasses import dataclass

import pandas as pd

from seiho.errors import ParameterError
from seiho.parameters import parameter
from seiho.store import Store
from seiho.workload.standard import OFFICE_KIND_KEYS, required_caseworkers

# A visit's record counts as overdue when it is not approved this many days
# after the visit. An office practice, not a legal limit.
RECORD_BACKLOG_DAYS = 14


@dataclass
class OfficeSummary:
    """The figures of one office for one month."""

    office_name: str
    month: dt.date
    counted_on: dt.date                 # the month's last day, or today in the current month
    households: int
    required_caseworkers: int
    actual_caseworkers: int
    standard_per_worker: int
    by_type: pd.DataFrame
    caseloads: pd.DataFrame
    visits: pd.DataFrame
    starts_and_closures: pd.DataFrame
    record_backlog: int
    receivables: pd.DataFrame


def month_start(month: str) -> dt.date:
    """Parse 'YYYY-MM' into the first day of that month."""
    try:
        return dt.datetime.strptime(month, "%Y-%m").date()
    except ValueError:
        raise ParameterError(
            f"対象月「{month}」は YYYY-MM の形で指定してください（例: 2026-11）。",
            f"invalid month {month!r}",
        ) from None


def office_summary(store: Store, office_code: str, month: str, today: dt.date | None = None) -> OfficeSummary:
    """Compute the monthly summary of one office.

    Households are counted at the month's last day, or at ``today`` (default:
    the current date) while the month is still running. The record backlog is
    measured at the same date, so a recent visit is not counted as overdue.
    """
    first_day = month_start(month)
    next_month = (first_day.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
    last_day = min(next_month - dt.timedelta(days=1), today or dt.date.today())

    with store.connect() as connection:
        office = connection.execute("SELECT name, office_kind FROM offices WHERE office_code = ?", [office_code]).fetchone()
        if office is None:
            raise ParameterError(
                f"実施機関コード {office_code} の福祉事務所は登録されていません。コードを先頭の0も含めて確認してください。",
                f"unknown office {office_code}",
            )
        office_name, office_kind = office

        # Households receiving assistance (保護中 or 停止中) on the month's last day.
        active = "started_on <= ? AND (closed_on IS NULL OR closed_on > ?) AND office_code = ?"
        active_params = [last_day, last_day, office_code]
        households = connection.execute(f"SELECT count(*) FROM households WHERE {active}", active_params).fetchone()[0]
        by_type = connection.execute(
            f"""
            SELECT household_type AS 世帯類型, count(*) AS 世帯数,
                   round(100.0 * count(*) / sum(count(*)) OVER (), 1) AS 構成割合
            FROM households WHERE {active} GROUP BY household_type ORDER BY 世帯数 DESC
            """,
            active_params,
        ).df()
        caseloads = connection.execute(
            f"""
            SELECT c.caseworker_id AS 職員番号, c.name AS 担当, c.team AS 係, count(h.case_number) AS 担当世帯数
            FROM caseworkers c LEFT JOIN households h
              ON h.caseworker_id = c.caseworker_id AND h.started_on <= ? AND (h.closed_on IS NULL OR h.closed_on > ?)
            WHERE c.office_code = ? AND c.role = 'caseworker'
            GROUP BY ALL ORDER BY 係, 職員番号
            """,
            active_params,
        ).df()
        visits = connection.execute(
            """
            SELECT v.visit_kind AS 種別, count(*) AS 件数, count(DISTINCT v.case_number) AS 世帯数
            FROM visits v JOIN households h USING (case_number)
            WHERE h.office_code = ? AND v.visited_on BETWEEN ? AND ?
            GROUP BY v.visit_kind ORDER BY 件数 DESC
            """,
            [office_code, first_day, last_day],
        ).df()
        starts_and_closures = connection.execute(
            """
            SELECT '開始' AS 区分, coalesce(start_reason, '不明') AS 理由, count(*) AS 世帯数
            FROM households WHERE office_code = ? AND started_on BETWEEN ? AND ? GROUP BY ALL
            UNION ALL
            SELECT '廃止', coalesce(closure_reason, '不明'), count(*)
            FROM households WHERE office_code = ? AND closed_on BETWEEN ? AND ? GROUP BY ALL
            ORDER BY 1, 3 DESC
            """,
            [office_code, first_day, last_day, office_code, first_day, last_day],
        ).df()
        record_backlog = connection.execute(
            """
            SELECT count(*) FROM visits v JOIN households h USING (case_number)
            WHERE h.office_code = ? AND v.visited_on <= ? - ?::INTEGER
              AND NOT EXISTS (SELECT 1 FROM case_records r WHERE r.visit_id = v.visit_id AND r.status = '承認済み')
            """,
            [office_code, last_day, RECORD_BACKLOG_DAYS],
        ).fetchone()[0]
        receivables = connection.execute(
            """
            SELECT r.article AS 根拠条文, r.status AS 状態, count(*) AS 件数,
                   sum(r.amount + r.surcharge) AS 決定額, sum(r.amount + r.surcharge - r.paid_amount) AS 未収額
            FROM receivables r JOIN households h USING (case_number)
            WHERE h.office_code = ? AND r.decided_on <= ?
            GROUP BY ALL ORDER BY 1, 2
            """,
            [office_code, last_day],
        ).df()

    standard = required_caseworkers(households, office_kind, last_day)
    per_worker = _households_per_worker(office_kind, last_day)
    return OfficeSummary(
        office_name, first_day, last_day, households, standard, len(caseloads), per_worker, by_type, caseloads, visits,
        starts_and_closures, record_backlog, receivables,
    )


def _households_per_worker(office_kind: str, date: dt.date) -> int:
    return parameter("standard_caseload").at(date)[OFFICE_KIND_KEYS[office_kind]]["households_per_worker"]
