"""医療要否意見書 tracking: which opinions are overdue, expiring, sent and awaited, or returned.

A medical-aid decision's next opinion falls due on ``medical_aid.opinion_due_on``.
A request sent to the institution is a row of ``medical_necessity_opinions``
until it comes back (``returned_on``).
"""

import datetime as dt
import logging
import uuid

import pandas as pd

from seiho.access import Role, User, household_scope, require_role
from seiho.errors import ParameterError
from seiho.store import Store
from seiho.store.audit import record_events

log = logging.getLogger(__name__)

# Days before the due date from which an opinion counts as expiring. An office
# practice, not a figure set by law, so callers may pass another value.
DEFAULT_WARNING_DAYS = 30

STATUS_ORDER = ("期限切れ", "返送遅延", "期限間近", "返送待ち")


def opinion_status(store: Store, user: User, as_of: dt.date, warning_days: int = DEFAULT_WARNING_DAYS) -> pd.DataFrame:
    """Return one row per current decision whose opinion needs action on ``as_of``, most urgent first.

    期限切れ: the due date has passed and no returned opinion covers it.
    返送遅延: sent, not returned, and past the reply date the office asked for.
    期限間近: due within ``warning_days``, not yet sent.
    返送待ち: sent, not returned, reply date not yet passed.
    """
    require_role(user, Role.MEDICAL_CLERK, Role.SUPERVISOR, Role.CASEWORKER, Role.ADMIN, action="医療要否意見書の確認")
    condition, params = household_scope(user, "h")
    query = f"""
        WITH latest AS (
            SELECT * FROM medical_necessity_opinions
            QUALIFY row_number() OVER (PARTITION BY aid_id ORDER BY sent_on DESC) = 1
        ), rows AS (
            SELECT m.case_number, m.member_no, p.name, m.care_type, m.institution_code, m.institution_name,
                   m.opinion_due_on, o.sent_on, o.reply_due_on, o.returned_on, o.valid_to,
                   CASE
                     WHEN o.sent_on IS NOT NULL AND o.returned_on IS NULL AND o.reply_due_on < $as_of THEN '返送遅延'
                     WHEN o.sent_on IS NOT NULL AND o.returned_on IS NULL THEN '返送待ち'
                     WHEN m.opinion_due_on < $as_of AND (o.valid_to IS NULL OR o.valid_to < $as_of) THEN '期限切れ'
                     WHEN m.opinion_due_on <= $as_of + to_days($warning_days) AND (o.valid_to IS NULL OR o.valid_to <= m.opinion_due_on) THEN '期限間近'
                   END AS status
            FROM medical_aid m
            JOIN households h USING (case_number)
            JOIN members p ON p.case_number = m.case_number AND p.member_no = m.member_no
            LEFT JOIN latest o ON o.aid_id = m.aid_id
            WHERE (m.valid_to IS NULL OR m.valid_to >= $as_of) AND m.opinion_due_on IS NOT NULL AND {condition.replace('?', '$scope')}
        )
        SELECT case_number AS ケース番号, member_no AS 世帯員番号, name AS 氏名, care_type AS 診療別,
               institution_code AS 医療機関コード, institution_name AS 医療機関名, opinion_due_on AS 意見書期限,
               sent_on AS 送付日, reply_due_on AS 返送期限, status AS 状態
        FROM rows WHERE status IS NOT NULL
        ORDER BY list_position({list(STATUS_ORDER)}, status), opinion_due_on, case_number, member_no
    """
    with store.connect() as connection:
        frame = connection.execute(query, {"as_of": as_of, "warning_days": warning_days, "scope": params[0]}).df()
        record_events(connection, user.user_id, "read_opinion_status", sorted(set(frame["ケース番号"])), f"{as_of}")
    log.info("opinion status on %s: %d rows", as_of, len(frame))
    return frame


def record_opinion_sent(store: Store, user: User, aid_id: str, sent_on: dt.date, reply_due_on: dt.date) -> str:
    """Record that a 医療要否意見書 was sent to the decision's institution, and return the opinion id."""
    require_role(user, Role.MEDICAL_CLERK, Role.ADMIN, action="医療要否意見書の送付の記録")
    if reply_due_on < sent_on:
        raise ParameterError(f"返送期限 {reply_due_on} が送付日 {sent_on} より前です。日付を確かめてください。", f"reply due {reply_due_on} before {sent_on}")
    condition, params = household_scope(user, "h")
    opinion_id = f"OP{uuid.uuid4().hex[:12]}"
    with store.connect() as connection:
        row = connection.execute(
            f"SELECT m.case_number, m.member_no, m.institution_code FROM medical_aid m JOIN households h USING (case_number)"
            f" WHERE m.aid_id = ? AND {condition}",
            [aid_id, *params],
        ).fetchone()
        if row is None:
            raise ParameterError(f"医療扶助の決定 {aid_id} は見つからないか、担当範囲外です。", f"medical aid {aid_id} not in scope")
        connection.execute(
            "INSERT INTO medical_necessity_opinions (opinion_id, aid_id, case_number, member_no, institution_code, sent_on, reply_due_on,"
            " recorded_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            [opinion_id, aid_id, *row, sent_on, reply_due_on, user.user_id],
        )
        record_events(connection, user.user_id, "send_opinion", [row[0]], opinion_id)
    return opinion_id


def record_opinion_returned(store: Store, user: User, opinion_id: str, returned_on: dt.date, valid_to: dt.date) -> None:
    """Record a returned 医療要否意見書 and the end of the period it covers; the decision's next due date moves to ``valid_to``."""
    require_role(user, Role.MEDICAL_CLERK, Role.ADMIN, action="医療要否意見書の返送の記録")
    with store.connect() as connection:
        row = connection.execute(
            "SELECT aid_id, case_number, sent_on, returned_on FROM medical_necessity_opinions WHERE opinion_id = ?", [opinion_id]
        ).fetchone()
        if row is None:
            raise ParameterError(f"医療要否意見書 {opinion_id} の送付記録がありません。", f"opinion {opinion_id} not found")
        aid_id, case_number, sent_on, already = row
        if already is not None:
            raise ParameterError(f"医療要否意見書 {opinion_id} は {already} に返送済みです。", f"opinion {opinion_id} already returned")
        if returned_on < sent_on or valid_to < returned_on:
            raise ParameterError(f"返送日 {returned_on} は送付日 {sent_on} 以後、有効期限 {valid_to} は返送日以後にしてください。",
                                 f"bad dates for opinion {opinion_id}")
        connection.execute("UPDATE medical_necessity_opinions SET returned_on = ?, valid_to = ? WHERE opinion_id = ?",
                           [returned_on, valid_to, opinion_id])
        connection.execute("UPDATE medical_aid SET opinion_due_on = ? WHERE aid_id = ?", [valid_to, aid_id])
        record_events(connection, user.user_id, "return_opinion", [case_number], opinion_id)
