"""Record decisions, installment plans, payments, deductions, events and write-offs.

Every function takes the acting user, checks the role and the household
scope, writes in one transaction and leaves an audit-log entry. The summary
columns of ``receivables`` (paid_amount, status) follow each payment.
"""

import datetime as dt
import logging
import uuid
from dataclasses import dataclass

import duckdb

from seiho.access import Role, User, require_role
from seiho.errors import ParameterError
from seiho.parameters import parameter
from seiho.receivables.calculation import Calculation
from seiho.receivables.limitation import event_effects
from seiho.receivables.scope import ReceivableRow, household_in_scope, receivable_in_scope
from seiho.store import Store, record_event

log = logging.getLogger(__name__)

WRITERS = (Role.CASEWORKER, Role.SUPERVISOR, Role.ADMIN)
PAYMENT_METHODS = ("窓口納付", "口座振込", "保護費からの徴収")
WRITE_OFF_REASONS = ("時効の完成", "死亡・相続人なし", "破産免責", "執行停止後3年経過", "その他")


@dataclass(frozen=True)
class Installment:
    """One planned installment."""

    installment_no: int
    due_on: dt.date
    amount: int


def _new_id(prefix: str) -> str:
    return prefix + uuid.uuid4().hex[:12]


def record_decision(store: Store, user: User, case_number: str, calculation: Calculation, decided_on: dt.date,
                    due_on: dt.date, basis_category: str) -> str:
    """Record a 63条 or 78条 decision with its calculation and 納期限; return the new receivable id."""
    require_role(user, *WRITERS, action="返還金・徴収金の決定の記録")
    if due_on < decided_on:
        raise ParameterError(
            f"納期限 {due_on.isoformat()} が決定日 {decided_on.isoformat()} より前です。納期限を確認してください。",
            f"due date {due_on} before decision {decided_on}",
        )
    if calculation.amount + calculation.surcharge <= 0:
        raise ParameterError("返還額・徴収額が0円です。0円の債権は記録できません。計算を確認してください。", "zero receivable")
    cap = parameter("art78_surcharge_rate").at(decided_on)
    if calculation.surcharge > calculation.amount * cap:
        raise ParameterError(
            f"加算金 {calculation.surcharge:,}円が上限（徴収額の{cap}倍）を超えています（法第78条第1項）。",
            f"surcharge {calculation.surcharge} above cap {cap}",
        )

    receivable_id = _new_id("RV")
    with store.connect() as connection:
        household_in_scope(connection, user, case_number)
        connection.execute(
            "INSERT INTO receivables (receivable_id, case_number, article, decided_on, basis_category, amount, surcharge, paid_amount, status)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, 0, '納付中')",
            [receivable_id, case_number, calculation.article, decided_on, basis_category, calculation.amount, calculation.surcharge],
        )
        connection.execute(
            "INSERT INTO receivable_terms (receivable_id, due_on, calculation, recorded_by) VALUES (?, ?, ?, ?)",
            [receivable_id, due_on, calculation.to_json(), user.user_id],
        )
        # The decision notice is the 納入の通知 that renews the limitation.
        connection.execute(
            "INSERT INTO receivable_events (event_id, receivable_id, event_kind, occurred_on, note, recorded_by) VALUES (?, ?, '納入通知', ?, ?, ?)",
            [_new_id("EV"), receivable_id, decided_on, "決定通知書の交付", user.user_id],
        )
        record_event(connection, user.user_id, "record_receivable", case_number, receivable_id)
    log.info("recorded receivable %s", receivable_id)
    return receivable_id


def plan_installments(total: int, count: int, first_due_on: dt.date) -> list[Installment]:
    """Split ``total`` yen into ``count`` monthly installments; the first carries the remainder."""
    if count < 1 or total < count:
        raise ParameterError(f"分納回数 {count} 回では {total:,}円を分けられません。1回以上、1回1円以上になる回数にしてください。", f"cannot split {total} into {count}")
    regular, remainder = divmod(total, count)
    installments = []
    for number in range(1, count + 1):
        month_index = first_due_on.month - 1 + number - 1
        year, month = first_due_on.year + month_index // 12, month_index % 12 + 1
        day = min(first_due_on.day, 28)
        installments.append(Installment(number, dt.date(year, month, day), regular + (remainder if number == 1 else 0)))
    return installments


def set_installment_plan(store: Store, user: User, receivable_id: str, installments: list[Installment], agreed_on: dt.date) -> None:
    """Replace a receivable's installment plan; the plan must add up to the balance. The 分納誓約 is recorded as an event."""
    require_role(user, *WRITERS, action="分納計画の登録")
    with store.connect() as connection:
        row = receivable_in_scope(connection, user, receivable_id)
        planned = sum(item.amount for item in installments)
        if planned != row.balance:
            raise ParameterError(
                f"分納計画の合計 {planned:,}円が債権 {receivable_id} の未納額 {row.balance:,}円と合いません。各回の額を直してください。",
                f"plan total {planned} != balance {row.balance}",
            )
        connection.execute("DELETE FROM receivable_installments WHERE receivable_id = ?", [receivable_id])
        connection.executemany(
            "INSERT INTO receivable_installments (receivable_id, installment_no, due_on, amount, agreed_on) VALUES (?, ?, ?, ?, ?)",
            [[receivable_id, item.installment_no, item.due_on, item.amount, agreed_on] for item in installments],
        )
        connection.execute(
            "INSERT INTO receivable_events (event_id, receivable_id, event_kind, occurred_on, note, recorded_by) VALUES (?, ?, '分納誓約', ?, ?, ?)",
            [_new_id("EV"), receivable_id, agreed_on, f"{len(installments)}回の分納計画", user.user_id],
        )
        record_event(connection, user.user_id, "plan_installments", row.case_number, f"{receivable_id}: {len(installments)}")


def record_payment(store: Store, user: User, receivable_id: str, paid_on: dt.date, amount: int, method: str) -> str:
    """Record a payment, update paid_amount and status, and return the payment id."""
    require_role(user, *WRITERS, action="納付の記録")
    if method not in PAYMENT_METHODS:
        raise ParameterError(f"納付方法「{method}」は使えません。次から選んでください: {'、'.join(PAYMENT_METHODS)}", f"unknown method {method!r}")
    if not isinstance(amount, int) or amount <= 0:
        raise ParameterError(f"納付額「{amount}」は1円以上の整数で入力してください。", f"invalid payment {amount!r}")

    payment_id = _new_id("PM")
    with store.connect() as connection:
        row = receivable_in_scope(connection, user, receivable_id)
        if row.status == "不納欠損":
            raise ParameterError(f"債権 {receivable_id} は不納欠損として処理済みです。納付は記録できません。", "payment on written-off receivable")
        if amount > row.balance:
            raise ParameterError(
                f"納付額 {amount:,}円が債権 {receivable_id} の未納額 {row.balance:,}円を超えています。額を確認してください（過納の還付は別に処理します）。",
                f"payment {amount} above balance {row.balance}",
            )
        connection.execute(
            "INSERT INTO receivable_payments (payment_id, receivable_id, paid_on, amount, method, recorded_by) VALUES (?, ?, ?, ?, ?, ?)",
            [payment_id, receivable_id, paid_on, amount, method, user.user_id],
        )
        update_summary(connection, receivable_id, paid_on)
        record_event(connection, user.user_id, "record_payment", row.case_number, f"{receivable_id}: {amount}")
    return payment_id


def update_summary(connection: duckdb.DuckDBPyConnection, receivable_id: str, as_of: dt.date) -> None:
    """Set paid_amount from the payments and the status from the balance and overdue installments."""
    connection.execute(
        """
        UPDATE receivables r SET
            paid_amount = p.paid,
            status = CASE
                WHEN r.status = '不納欠損' THEN r.status
                WHEN p.paid >= r.amount + r.surcharge THEN '完納'
                WHEN p.overdue THEN '滞納'
                ELSE '納付中' END
        FROM (
            SELECT coalesce((SELECT sum(amount) FROM receivable_payments WHERE receivable_id = ?), 0) AS paid,
                   coalesce((SELECT sum(amount) FROM receivable_installments WHERE receivable_id = ? AND due_on < ?), 0)
                     > coalesce((SELECT sum(amount) FROM receivable_payments WHERE receivable_id = ?), 0) AS overdue
        ) p
        WHERE r.receivable_id = ?
        """,
        [receivable_id, receivable_id, as_of, receivable_id, receivable_id],
    )


def record_receivable_event(store: Store, user: User, receivable_id: str, kind: str, occurred_on: dt.date, note: str = "") -> str:
    """Record a 督促, 催告, 債務承認, 相続人調査 … event and return its id."""
    require_role(user, *WRITERS, action="督促・催告等の記録")
    kinds = event_effects()
    if kind not in kinds:
        raise ParameterError(f"事象の種類「{kind}」は使えません。次から選んでください: {'、'.join(kinds)}", f"unknown event kind {kind!r}")
    event_id = _new_id("EV")
    with store.connect() as connection:
        row = receivable_in_scope(connection, user, receivable_id)
        if occurred_on < row.decided_on:
            raise ParameterError(f"{kind}の日 {occurred_on.isoformat()} が決定日 {row.decided_on.isoformat()} より前です。日付を確認してください。", "event before decision")
        connection.execute(
            "INSERT INTO receivable_events (event_id, receivable_id, event_kind, occurred_on, note, recorded_by) VALUES (?, ?, ?, ?, ?, ?)",
            [event_id, receivable_id, kind, occurred_on, note, user.user_id],
        )
        record_event(connection, user.user_id, "record_receivable_event", row.case_number, f"{receivable_id}: {kind}")
    return event_id


def request_deduction(store: Store, user: User, receivable_id: str, requested_on: dt.date, monthly_amount: int,
                      starts_on: dt.date, living_check: str, approved_on: dt.date | None = None) -> str:
    """Record a recipient's request to pay from the monthly benefit (法第78条の2) and return its id.

    施行規則第22条の4第2項: the amount must leave the minimum standard of
    living intact, so ``living_check`` must state how that was confirmed.
    """
    require_role(user, Role.SUPERVISOR, Role.ADMIN, Role.CASEWORKER, action="保護費からの徴収の申出の記録")
    if not living_check.strip():
        raise ParameterError("徴収後も最低限度の生活を維持できることの確認内容を記入してください（施行規則第22条の4第2項）。", "living check missing")
    if monthly_amount <= 0:
        raise ParameterError(f"月額「{monthly_amount}」は1円以上で入力してください。", "invalid monthly deduction")
    request_id = _new_id("DR")
    with store.connect() as connection:
        row = receivable_in_scope(connection, user, receivable_id)
        connection.execute(
            "INSERT INTO receivable_deduction_requests (request_id, receivable_id, requested_on, approved_on, monthly_amount, starts_on, living_check, recorded_by)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            [request_id, receivable_id, requested_on, approved_on, monthly_amount, starts_on, living_check, user.user_id],
        )
        # The written request acknowledges the debt.
        # TODO: each month's deduction is recorded by hand with record_payment
        # (method 保護費からの徴収); nothing yet posts it from the approved request.
        connection.execute(
            "INSERT INTO receivable_events (event_id, receivable_id, event_kind, occurred_on, note, recorded_by) VALUES (?, ?, '債務承認', ?, ?, ?)",
            [_new_id("EV"), receivable_id, requested_on, "保護費からの徴収の申出書", user.user_id],
        )
        record_event(connection, user.user_id, "request_deduction", row.case_number, request_id)
    return request_id


def write_off(store: Store, user: User, receivable_id: str, written_off_on: dt.date, reason: str) -> int:
    """Write off the balance (不納欠損); only a supervisor or an admin may. Return the yen written off."""
    require_role(user, Role.SUPERVISOR, Role.ADMIN, action="不納欠損の処理")
    if reason not in WRITE_OFF_REASONS:
        raise ParameterError(f"不納欠損の理由「{reason}」は使えません。次から選んでください: {'、'.join(WRITE_OFF_REASONS)}", f"unknown reason {reason!r}")
    with store.connect() as connection:
        row = receivable_in_scope(connection, user, receivable_id)
        if row.status == "不納欠損" or row.balance <= 0:
            raise ParameterError(f"債権 {receivable_id} には不納欠損にする未納額がありません（状態: {row.status}）。", "nothing to write off")
        connection.execute(
            "INSERT INTO receivable_write_offs (receivable_id, written_off_on, amount, reason, approved_by) VALUES (?, ?, ?, ?, ?)",
            [receivable_id, written_off_on, row.balance, reason, user.user_id],
        )
        connection.execute("UPDATE receivables SET status = '不納欠損' WHERE receivable_id = ?", [receivable_id])
        record_event(connection, user.user_id, "write_off_receivable", row.case_number, f"{receivable_id}: {row.balance}")
    return row.balance


def transfer_to_receivables_staff(store: Store, user: User, receivable_id: str, transferred_on: dt.date, transferred_to: str) -> None:
    """Mark a closed case's receivable as handed over to the receivables staff."""
    require_role(user, *WRITERS, action="債権管理担当への引継ぎ")
    with store.connect() as connection:
        row = receivable_in_scope(connection, user, receivable_id)
        status = household_in_scope(connection, user, row.case_number)[0]
        if status != "廃止":
            raise ParameterError(f"ケース番号 {row.case_number} は廃止されていません（{status}）。引継ぎは廃止後に行います。", "household not closed")
        updated = connection.execute(
            "UPDATE receivable_terms SET transferred_on = ?, transferred_to = ? WHERE receivable_id = ? RETURNING receivable_id",
            [transferred_on, transferred_to, receivable_id],
        ).fetchall()
        if not updated:
            raise ParameterError(f"債権 {receivable_id} には納期限などの記録がありません。先に決定の記録を登録してください。", "no terms")
        record_event(connection, user.user_id, "transfer_receivable", row.case_number, receivable_id)


def lookup(store: Store, user: User, receivable_id: str) -> ReceivableRow:
    """Return a receivable's summary row for a user who may see it, and log the view."""
    require_role(user, *WRITERS, action="債権の照会")
    with store.connect() as connection:
        row = receivable_in_scope(connection, user, receivable_id)
        record_event(connection, user.user_id, "view_receivable", row.case_number, receivable_id)
    return row
