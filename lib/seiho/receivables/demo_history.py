"""Derive a plausible ledger history for the demo office's receivables.

The demo generator writes only the summary rows of ``receivables``. This
module adds, deterministically from the demo seed, the 納期限, installment
plans, payments that add up to each paid_amount, 督促・催告 and other events,
write-offs and handover checks, so the monitor has something to show. Gaps
are drawn on purpose (a missing 督促, an old debt without 催告) because the
alerts exist to find them.
"""

import datetime as dt
import logging
import math

import duckdb
import numpy as np
import pandas as pd

from seiho.receivables.config import load_data_file

log = logging.getLogger(__name__)

# Days from the decision to the 納期限 on the notice, and the shares of
# receivables that get each kind of record. These shape fictional data only.
DUE_DAYS = 30
PLAN_SHARE = 0.7
DEMAND_SHARE = 0.85
YEARLY_REMINDER_SHARE = 0.6
RESIDENCE_CHECK_SHARE = 0.7
HEIR_SEARCH_SHARE = 0.6
HANDOVER_ITEM_SHARE = 0.6
BALLOON_SHARE = 0.05
LONG_PLAN_SHARE = 0.05
DEMO_USER = "demo"


def add_demo_history(connection: duckdb.DuckDBPyConnection, seed: int, as_of: dt.date) -> int:
    """Write ledger history for every receivable that has no terms yet; return how many got one."""
    receivables = connection.execute(
        """
        SELECT r.receivable_id, r.case_number, r.decided_on, r.amount + r.surcharge AS total, r.paid_amount, r.status,
               h.status AS household_status, h.closed_on, h.closure_reason
        FROM receivables r JOIN households h USING (case_number)
        WHERE r.receivable_id NOT IN (SELECT receivable_id FROM receivable_terms)
        ORDER BY r.receivable_id
        """
    ).fetchall()
    if not receivables:
        return 0

    rng = np.random.default_rng([seed, 63, 78])
    terms, installments, payments, events, write_offs = [], [], [], [], []
    handover_cases: set[str] = set()
    for receivable_id, case_number, decided_on, total, paid, status, household_status, closed_on, closure_reason in receivables:
        due_on = min(decided_on + dt.timedelta(days=DUE_DAYS), as_of)
        terms.append((receivable_id, due_on, DEMO_USER))
        events.append((receivable_id, "納入通知", decided_on, "決定通知書の交付"))

        monthly = _plan(rng, receivable_id, total, due_on, as_of, status, installments)
        _payments(rng, receivable_id, paid, due_on, as_of, monthly, payments)
        _events(rng, receivable_id, due_on, as_of, total - paid, status, household_status, closed_on, closure_reason, events)
        if status == "不納欠損":
            earliest = decided_on + dt.timedelta(days=2 * 365)
            span = max((as_of - earliest).days, 0)
            written_off_on = earliest + dt.timedelta(days=int(rng.integers(0, span + 1)))
            reason = "死亡・相続人なし" if closure_reason and "死亡" in closure_reason else "時効の完成"
            write_offs.append((receivable_id, written_off_on, total - paid, reason, DEMO_USER))
        if household_status == "廃止":
            handover_cases.add(case_number)

    handover = _handover_items(rng, sorted(handover_cases), connection, as_of)
    _insert(connection, "receivable_terms", ["receivable_id", "due_on", "recorded_by"], terms)
    _insert(connection, "receivable_installments", ["receivable_id", "installment_no", "due_on", "amount", "agreed_on"], installments)
    _insert(connection, "receivable_payments", ["payment_id", "receivable_id", "paid_on", "amount", "method", "recorded_by"],
            [(f"PMD{number:08d}", *row, DEMO_USER) for number, row in enumerate(payments, 1)])
    _insert(connection, "receivable_events", ["event_id", "receivable_id", "event_kind", "occurred_on", "note", "recorded_by"],
            [(f"EVD{number:08d}", *row, DEMO_USER) for number, row in enumerate(events, 1)])
    _insert(connection, "receivable_write_offs", ["receivable_id", "written_off_on", "amount", "reason", "approved_by"], write_offs)
    _insert(connection, "receivable_handover_items", ["case_number", "item_key", "checked_on", "checked_by"], handover)
    log.info("demo history: %d receivables, %d payments, %d events", len(terms), len(payments), len(events))
    return len(terms)


def _plan(rng, receivable_id, total, due_on, as_of, status, installments) -> int:
    # Returns the monthly amount the payments follow; 0 means paid in one sum.
    if status not in ("納付中", "滞納") or rng.random() >= PLAN_SHARE or total < 2000:
        return 0
    count = int(rng.integers(6, 49))
    if rng.random() < LONG_PLAN_SHARE:
        count = int(rng.integers(61, 121))
    count = max(1, min(count, total // 1000))
    # Installments are whole thousands of yen and the last one takes the rest,
    # so it is at most one regular installment, except in the balloon plans.
    regular = math.ceil(total / count / 1000) * 1000
    if rng.random() < BALLOON_SHARE and count > 3:
        regular = max(1000, (total // (count * 3)) // 1000 * 1000)
        count = min(count, total // regular)
    else:
        count = math.ceil(total / regular)
    amounts = [regular] * (count - 1) + [total - regular * (count - 1)]
    agreed_on = due_on
    for number, amount in enumerate(amounts, 1):
        installments.append((receivable_id, number, _add_months(due_on, number), amount, agreed_on))
    return regular


def _payments(rng, receivable_id, paid, due_on, as_of, monthly, payments) -> None:
    if paid <= 0:
        return
    step = monthly or paid
    count = max(1, math.ceil(paid / step))
    last_day = max(due_on, as_of - dt.timedelta(days=1))
    available = max((last_day - due_on).days, 0)
    method = "保護費からの徴収" if rng.random() < 0.3 else "窓口納付"
    remaining = paid
    for number in range(count):
        offset = int(available * (number + 1) / count) if count > 1 else int(rng.integers(0, max(min(available, 60), 0) + 1))
        amount = min(step, remaining) if number < count - 1 else remaining
        payments.append((receivable_id, due_on + dt.timedelta(days=offset), int(amount), method))
        remaining -= amount


def _events(rng, receivable_id, due_on, as_of, balance, status, household_status, closed_on, closure_reason, events) -> None:
    if balance > 0 and (as_of - due_on).days > 20 and rng.random() < DEMAND_SHARE:
        demand_on = due_on + dt.timedelta(days=int(rng.integers(10, 21)))
        events.append((receivable_id, "督促", demand_on, "督促状の送付"))
    if status in ("滞納", "不納欠損") and balance > 0:
        day = due_on + dt.timedelta(days=365)
        while day < as_of:
            if rng.random() < YEARLY_REMINDER_SHARE:
                events.append((receivable_id, "催告", day, "催告書の送付"))
            day += dt.timedelta(days=365)
    if household_status == "廃止" and closed_on is not None and balance > 0:
        if closure_reason and "死亡" in closure_reason:
            events.append((receivable_id, "死亡確認", closed_on, "死亡による廃止"))
            if rng.random() < HEIR_SEARCH_SHARE:
                events.append((receivable_id, "相続人調査", min(closed_on + dt.timedelta(days=60), as_of), "戸籍による相続人の確認"))
        elif rng.random() < RESIDENCE_CHECK_SHARE:
            events.append((receivable_id, "居所調査", min(closed_on + dt.timedelta(days=30), as_of), "住民票による居所の確認"))


def _handover_items(rng, case_numbers, connection, as_of) -> list[tuple]:
    items = load_data_file("handover_checklist")["items"]
    closed = dict(connection.execute(
        "SELECT case_number, closed_on FROM households WHERE status = '廃止' AND case_number IN (SELECT unnest(?::TEXT[]))", [case_numbers]
    ).fetchall()) if case_numbers else {}
    rows = []
    for case_number in case_numbers:
        for key in items:
            if rng.random() < HANDOVER_ITEM_SHARE:
                rows.append((case_number, key, min(closed[case_number] + dt.timedelta(days=14), as_of), DEMO_USER))
    return rows


def _add_months(day: dt.date, months: int) -> dt.date:
    index = day.month - 1 + months
    return dt.date(day.year + index // 12, index % 12 + 1, min(day.day, 28))


def _insert(connection: duckdb.DuckDBPyConnection, table: str, columns: list[str], rows: list[tuple]) -> None:
    if not rows:
        return
    frame = pd.DataFrame(rows, columns=columns)
    view = f"demo_{table}"
    connection.register(view, frame)
    try:
        column_list = ", ".join(columns)
        connection.execute(f"INSERT INTO {table} ({column_list}) SELECT {column_list} FROM {view}")
    finally:
        connection.unregister(view)


def ensure_demo_history(connection: duckdb.DuckDBPyConnection) -> int:
    """Add the demo history when the database is a demo office (settings demo_seed, demo_as_of); return rows added."""
    settings = dict(connection.execute("SELECT key, value FROM settings WHERE key IN ('demo_seed', 'demo_as_of')").fetchall())
    if len(settings) < 2:
        return 0
    return add_demo_history(connection, int(settings["demo_seed"]), dt.date.fromisoformat(settings["demo_as_of"]))
