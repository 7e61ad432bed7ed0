"""Read case records: one record, its review history, the approval queue and a household's latest records."""

import logging

from seiho.access import Role, User, household_scope, require_role
from seiho.records.access import check_reader
from seiho.records.model import DRAFT, PENDING, CaseRecord, ReviewStep, fetch_record, fetch_records
from seiho.store import Store, record_event
from seiho.store.audit import record_events

log = logging.getLogger(__name__)


def get_record(store: Store, user: User, record_id: str) -> CaseRecord:
    """Return one case record to its household's caseworker or a supervisor of the office."""
    with store.connect() as connection:
        record = fetch_record(connection, record_id)
        check_reader(connection, user, record.case_number, "ケース記録の閲覧")
        record_event(connection, user.user_id, "view_case_record", record.case_number, f"record {record_id}")
    return record


def record_history(store: Store, user: User, record_id: str) -> list[ReviewStep]:
    """Return the 提出, 承認 and 差戻し steps of a record, oldest first."""
    with store.connect() as connection:
        record = fetch_record(connection, record_id)
        check_reader(connection, user, record.case_number, "ケース記録の履歴の閲覧")
        rows = connection.execute(
            "SELECT action, comment, acted_by, acted_role, acted_at FROM case_record_reviews"
            " WHERE record_id = ? ORDER BY acted_at, review_id",
            [record_id],
        ).fetchall()
        record_event(connection, user.user_id, "view_case_record_history", record.case_number, f"record {record_id}")
    return [ReviewStep(*row) for row in rows]


def pending_for_supervisor(store: Store, user: User) -> list[CaseRecord]:
    """Return the office's records waiting for approval, oldest submission first."""
    require_role(user, Role.SUPERVISOR, action="承認待ちの記録の一覧")
    with store.connect() as connection:
        records = fetch_records(connection, "r.status = ? AND h.office_code = ?", [PENDING, user.office_code])
        records.sort(key=lambda record: (record.submitted_at is None, record.submitted_at, record.record_id))
        record_events(connection, user.user_id, "list_pending_case_records", sorted({r.case_number for r in records}))
    log.info("listed %d pending case records for user %s", len(records), user.user_id)
    return records


def open_records_for_caseworker(store: Store, user: User) -> list[CaseRecord]:
    """Return the caseworker's own drafts and submitted records, newest first; returned drafts carry the comment."""
    require_role(user, Role.CASEWORKER, action="作成中の記録の一覧")
    condition, parameters = household_scope(user, "h")
    with store.connect() as connection:
        records = fetch_records(
            connection, f"r.status IN (?, ?) AND r.caseworker_id = ? AND {condition}",
            [DRAFT, PENDING, user.caseworker_id, *parameters],
        )
        record_events(connection, user.user_id, "list_open_case_records", sorted({r.case_number for r in records}))
    return records


def latest_records(store: Store, user: User, case_number: str, count: int = 3) -> list[CaseRecord]:
    """Return a household's ``count`` latest case records of any status, newest first."""
    with store.connect() as connection:
        check_reader(connection, user, case_number, "ケース記録の閲覧")
        records = fetch_records(connection, "r.case_number = ?", [case_number])[:count]
        record_event(connection, user.user_id, "view_case_records", case_number, f"latest {len(records)}")
    return records
