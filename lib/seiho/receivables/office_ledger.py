"""One row per receivable in the user's scope, with what the monitor checks."""

import datetime as dt
import logging

import duckdb
import pandas as pd

from seiho.access import User, household_scope
from seiho.receivables.limitation import LimitationEvent, limitation_of

log = logging.getLogger(__name__)


def office_ledger(connection: duckdb.DuckDBPyConnection, user: User, as_of: dt.date) -> pd.DataFrame:
    """Return the receivables the user may see, with balances, plan figures, last events and the limitation date.

    A receivable without recorded terms is treated as due on its decision date.
    """
    condition, params = household_scope(user, "h")
    frame = connection.execute(
        f"""
        WITH scoped AS (
            SELECT r.*, h.caseworker_id, h.status AS household_status, h.closed_on, h.closure_reason,
                   coalesce(t.due_on, r.decided_on) AS due_on, t.transferred_on
            FROM receivables r JOIN households h USING (case_number)
            LEFT JOIN receivable_terms t USING (receivable_id)
            WHERE {condition} AND r.decided_on <= ?
        ),
        plan AS (
            SELECT receivable_id, count(*) AS installment_count, min(due_on) AS plan_start, max(due_on) AS plan_end,
                   arg_max(amount, installment_no) AS last_installment, median(amount) AS median_installment,
                   sum(amount) FILTER (WHERE due_on < ?) AS due_so_far
            FROM receivable_installments WHERE receivable_id IN (SELECT receivable_id FROM scoped) GROUP BY ALL
        ),
        paid AS (
            SELECT receivable_id, sum(amount) AS paid_so_far, max(paid_on) AS last_paid_on
            FROM receivable_payments WHERE paid_on <= ? AND receivable_id IN (SELECT receivable_id FROM scoped) GROUP BY ALL
        ),
        events AS (
            SELECT receivable_id,
                   min(occurred_on) FILTER (WHERE event_kind = '督促') AS first_demand_on,
                   max(occurred_on) FILTER (WHERE event_kind = '催告') AS last_reminder_on,
                   count(*) FILTER (WHERE event_kind = '相続人調査') AS heir_searches,
                   max(occurred_on) FILTER (WHERE event_kind = '居所調査') AS last_residence_check_on
            FROM receivable_events WHERE occurred_on <= ? AND receivable_id IN (SELECT receivable_id FROM scoped) GROUP BY ALL
        )
        SELECT s.receivable_id, s.case_number, s.caseworker_id, c.name AS caseworker_name, s.article, s.status,
               s.basis_category, s.decided_on, s.due_on, s.amount + s.surcharge AS total, s.amount, s.surcharge,
               s.paid_amount, s.amount + s.surcharge - s.paid_amount AS balance,
               s.household_status, s.closed_on, s.closure_reason, s.transferred_on,
               p.installment_count, p.plan_start, p.plan_end, p.last_installment, p.median_installment,
               greatest(coalesce(p.due_so_far, 0) - coalesce(pd.paid_so_far, 0), 0)::BIGINT AS overdue_amount,
               pd.last_paid_on, e.first_demand_on, e.last_reminder_on, coalesce(e.heir_searches, 0) AS heir_searches,
               e.last_residence_check_on
        FROM scoped s
        LEFT JOIN caseworkers c ON c.caseworker_id = s.caseworker_id
        LEFT JOIN plan p USING (receivable_id)
        LEFT JOIN paid pd USING (receivable_id)
        LEFT JOIN events e USING (receivable_id)
        ORDER BY s.receivable_id
        """,
        [*params, as_of, as_of, as_of, as_of],
    ).df()
    frame["limitation_completes_on"] = _limitation_dates(connection, frame, as_of)
    log.info("loaded %d receivables for the monitor", len(frame))
    return frame


def _limitation_dates(connection: duckdb.DuckDBPyConnection, frame: pd.DataFrame, as_of: dt.date) -> list:
    if frame.empty:
        return []
    connection.register("monitor_receivable_ids", frame[["receivable_id"]])
    try:
        events = connection.execute(
            """
            SELECT receivable_id, event_kind, occurred_on FROM receivable_events
            WHERE occurred_on <= ? AND receivable_id IN (SELECT receivable_id FROM monitor_receivable_ids)
            UNION ALL
            SELECT receivable_id, '納付', paid_on FROM receivable_payments
            WHERE paid_on <= ? AND receivable_id IN (SELECT receivable_id FROM monitor_receivable_ids)
            """,
            [as_of, as_of],
        ).fetchall()
    finally:
        connection.unregister("monitor_receivable_ids")

    by_receivable: dict[str, list[LimitationEvent]] = {}
    for receivable_id, kind, day in events:
        by_receivable.setdefault(receivable_id, []).append(LimitationEvent(kind, day))
    dates = []
    for receivable_id, due_on in zip(frame["receivable_id"], frame["due_on"]):
        due = due_on.date() if isinstance(due_on, pd.Timestamp) else due_on
        dates.append(limitation_of(due, by_receivable.get(receivable_id, []), as_of).completes_on)
    return dates
