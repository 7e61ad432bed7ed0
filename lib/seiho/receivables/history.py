"""One receivable's full ledger: plan, payments, events and its limitation."""

import datetime as dt
from dataclasses import dataclass

import pandas as pd

from seiho.access import Role, User, require_role
from seiho.receivables.limitation import LimitationEvent, LimitationResult, limitation_of
from seiho.receivables.scope import ReceivableRow, receivable_in_scope
from seiho.store import Store, record_event


@dataclass
class ReceivableHistory:
    """A receivable with its installments, payments, events and limitation on ``as_of``."""

    receivable: ReceivableRow
    installments: pd.DataFrame
    payments: pd.DataFrame
    events: pd.DataFrame
    limitation: LimitationResult | None
    as_of: dt.date


def limitation_events(events: pd.DataFrame, payments: pd.DataFrame) -> list[LimitationEvent]:
    """Turn event rows (種類, 日付) and payment rows (納付日) into limitation events; a payment is '納付'."""
    found = [LimitationEvent(kind, _as_date(day)) for kind, day in zip(events["種類"], events["日付"])]
    found += [LimitationEvent("納付", _as_date(day)) for day in payments["納付日"]]
    return found


def receivable_history(store: Store, user: User, receivable_id: str, as_of: dt.date) -> ReceivableHistory:
    """Return one receivable's ledger for a user who may see it, and log the view."""
    require_role(user, Role.CASEWORKER, Role.SUPERVISOR, Role.ADMIN, action="債権の照会")
    with store.connect() as connection:
        row = receivable_in_scope(connection, user, receivable_id)
        installments = connection.execute(
            "SELECT installment_no AS 回, due_on AS 納期限, amount AS 金額 FROM receivable_installments WHERE receivable_id = ? ORDER BY installment_no",
            [receivable_id],
        ).df()
        payments = connection.execute(
            "SELECT paid_on AS 納付日, amount AS 金額, method AS 方法 FROM receivable_payments WHERE receivable_id = ? ORDER BY paid_on, payment_id",
            [receivable_id],
        ).df()
        events = connection.execute(
            "SELECT occurred_on AS 日付, event_kind AS 種類, note AS 内容 FROM receivable_events WHERE receivable_id = ? ORDER BY occurred_on, event_id",
            [receivable_id],
        ).df()
        record_event(connection, user.user_id, "view_receivable", row.case_number, receivable_id)

    limitation = None
    if row.due_on is not None:
        limitation = limitation_of(row.due_on, limitation_events(events, payments), as_of)
    return ReceivableHistory(row, installments, payments, events, limitation, as_of)


def _as_date(value) -> dt.date:
    return value.date() if isinstance(value, (pd.Timestamp, dt.datetime)) else value
