"""The case-record workflow: save a draft, submit it, approve it or return it with a comment.

A record moves 下書き → 承認待ち → 承認済み. A returned record goes back to
下書き with the supervisor's comment. Only the household's caseworker saves
and submits; only a supervisor of the household's office approves or
returns; an approved record is read-only. Every step is written to the
audit log and to ``case_record_reviews``.
"""

import datetime as dt
import logging
import uuid

import duckdb

from seiho.access import User
from seiho.errors import SeihoError
from seiho.records.access import check_author, check_reviewer
from seiho.records.hooks import run_approval_hooks
from seiho.records.layout import load_export_layout
from seiho.records.model import APPROVE, APPROVED, DRAFT, PENDING, PLACEHOLDER, RETURN, SUBMIT, VISIT_KINDS, CaseRecord, fetch_record
from seiho.store import Store, record_event

log = logging.getLogger(__name__)

DEFAULT_KIND = "その他"


class RecordStateError(SeihoError):
    """The record's status does not allow the requested step."""


def save_draft(
    store: Store,
    user: User,
    case_number: str,
    title: str,
    body: str,
    recorded_on: dt.date,
    visit_id: str | None = None,
    kind: str = DEFAULT_KIND,
    record_id: str | None = None,
) -> str:
    """Create a draft case record, or update the draft ``record_id``; return the record id.

    Args:
        store: the database.
        user: the household's caseworker.
        case_number: the household the record is about.
        title: 表題, required.
        body: 本文; may be empty while the record is a draft.
        recorded_on: 記録日.
        visit_id: the visit the record reports, if any.
        kind: 記録区分, one of record_kinds in data/records/export_layout.yaml.
        record_id: an existing draft to update; None creates a new record.
    """
    _check_kind(kind)
    title = (title or "").strip()
    if not title:
        raise SeihoError("表題を入力してください。表題のない記録は保存できません。", "case record without title")
    now = dt.datetime.now()

    with store.connect() as connection:
        check_author(connection, user, case_number, "ケース記録の作成・修正")
        if record_id is None:
            record_id = f"CR-{uuid.uuid4().hex[:16]}"
            connection.execute(
                "INSERT INTO case_records (record_id, case_number, visit_id, caseworker_id, recorded_on, title, body,"
                " status, kind, created_by, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [record_id, case_number, visit_id, user.caseworker_id, recorded_on, title, body or "", DRAFT, kind,
                 user.user_id, now, now],
            )
            record_event(connection, user.user_id, "create_case_record", case_number, f"record {record_id}")
        else:
            record = fetch_record(connection, record_id)
            _check_same_household(record.case_number, case_number, record_id)
            _check_status(record.status, DRAFT, record_id, "修正")
            connection.execute(
                "UPDATE case_records SET title = ?, body = ?, recorded_on = ?, visit_id = ?, kind = ?, updated_at = ?"
                " WHERE record_id = ?",
                [title, body or "", recorded_on, visit_id, kind, now, record_id],
            )
            record_event(connection, user.user_id, "edit_case_record", case_number, f"record {record_id}")

    log.info("saved draft case record %s by user %s", record_id, user.user_id)
    return record_id


def submit(store: Store, user: User, record_id: str) -> None:
    """Send a draft to the supervisor: 下書き → 承認待ち.

    The body must not be empty, and neither title nor body may still contain
    a 定型文 placeholder 「＿」. Saving such a draft stays allowed.

    A record whose 記録区分 is a visit kind and that has no visit yet gets a
    ``visits`` row (result 面会, on the 記録日), whichever screen drafted it.
    """
    with store.connect() as connection:
        record = fetch_record(connection, record_id)
        check_author(connection, user, record.case_number, "ケース記録の提出")
        _check_status(record.status, DRAFT, record_id, "提出")
        if not record.body.strip():
            raise SeihoError(
                f"記録 {record_id}（{record.title}）の本文が空です。本文を入力して保存してから提出してください。",
                f"case record {record_id} submitted with an empty body",
            )
        _check_no_placeholder(record)

        now = dt.datetime.now()
        connection.execute(
            "UPDATE case_records SET status = ?, submitted_at = ? WHERE record_id = ?", [PENDING, now, record_id]
        )
        _add_review(connection, record_id, SUBMIT, "", user, now)
        record_event(connection, user.user_id, "submit_case_record", record.case_number, f"record {record_id}")
        if record.kind in VISIT_KINDS and record.visit_id is None:
            _add_visit(connection, record, user)
    log.info("submitted case record %s", record_id)


def _check_no_placeholder(record: CaseRecord) -> None:
    fields = {"表題": record.title, "本文": record.body}
    found = {name: text.count(PLACEHOLDER) for name, text in fields.items() if PLACEHOLDER in text}
    if not found:
        return
    places = "と".join(found)
    raise SeihoError(
        f"記録 {record.record_id}（{record.title}）の{places}に、書き換えていない「{PLACEHOLDER}」が "
        f"{sum(found.values())} か所残っているため提出できません。"
        f"「{PLACEHOLDER}」を実際の内容（病院名、勤務先、日付など）に書き換えて保存してから提出してください。",
        f"case record {record.record_id} submitted with {sum(found.values())} placeholders in {', '.join(found)}",
    )


def _add_visit(connection: duckdb.DuckDBPyConnection, record: CaseRecord, user: User) -> None:
    # A record drafted outside 訪問記録 (e.g. from a recording) reports a
    # contact but has no visits row. It has no 面会/不在 field, and a record
    # written about the contact implies the household was reached.
    visit_id = f"V-{uuid.uuid4().hex[:16]}"
    connection.execute(
        "INSERT INTO visits (visit_id, case_number, caseworker_id, visited_on, visit_kind, result) VALUES (?, ?, ?, ?, ?, '面会')",
        [visit_id, record.case_number, record.caseworker_id, record.recorded_on, record.kind],
    )
    connection.execute("UPDATE case_records SET visit_id = ? WHERE record_id = ?", [visit_id, record.record_id])
    record_event(connection, user.user_id, "record_visit", record.case_number, f"visit {visit_id} from record {record.record_id}")
    log.info("added visit %s for submitted case record %s", visit_id, record.record_id)


def approve(store: Store, user: User, record_id: str, comment: str = "") -> None:
    """Approve a submitted record: 承認待ち → 承認済み, then run the approval hooks.

    The approval is committed before the hooks run, so a failing hook leaves
    the record approved and raises ``ApprovalHookError``.
    """
    with store.connect() as connection:
        record = fetch_record(connection, record_id)
        check_reviewer(connection, user, record.case_number, "ケース記録の承認")
        _check_status(record.status, PENDING, record_id, "承認")

        now = dt.datetime.now()
        connection.execute(
            "UPDATE case_records SET status = ?, approved_by = ?, approved_at = ? WHERE record_id = ?",
            [APPROVED, user.caseworker_id or user.user_id, now, record_id],
        )
        _add_review(connection, record_id, APPROVE, (comment or "").strip(), user, now)
        record_event(connection, user.user_id, "approve_case_record", record.case_number, f"record {record_id}")
    log.info("approved case record %s", record_id)

    run_approval_hooks(store, user, record_id)


def return_record(store: Store, user: User, record_id: str, comment: str) -> None:
    """Return a submitted record to its caseworker with a comment: 承認待ち → 下書き."""
    comment = (comment or "").strip()
    if not comment:
        raise SeihoError(
            f"記録 {record_id} を差し戻す理由（直してほしい点）をコメントに入力してください。",
            f"return of case record {record_id} without comment",
        )

    with store.connect() as connection:
        record = fetch_record(connection, record_id)
        check_reviewer(connection, user, record.case_number, "ケース記録の差戻し")
        _check_status(record.status, PENDING, record_id, "差戻し")

        now = dt.datetime.now()
        connection.execute(
            "UPDATE case_records SET status = ?, submitted_at = NULL WHERE record_id = ?", [DRAFT, record_id]
        )
        _add_review(connection, record_id, RETURN, comment, user, now)
        record_event(connection, user.user_id, "return_case_record", record.case_number, f"record {record_id}")
    log.info("returned case record %s", record_id)


def _add_review(connection: duckdb.DuckDBPyConnection, record_id: str, action: str, comment: str, user: User, at: dt.datetime) -> None:
    connection.execute(
        "INSERT INTO case_record_reviews (record_id, action, comment, acted_by, acted_role, acted_at) VALUES (?, ?, ?, ?, ?, ?)",
        [record_id, action, comment, user.user_id, user.role.value, at],
    )


def _check_kind(kind: str) -> None:
    kinds = load_export_layout().record_kinds
    if kind not in kinds:
        raise SeihoError(
            f"記録区分「{kind}」は定められていません。{'・'.join(kinds)} のどれかを選んでください。",
            f"unknown record kind {kind!r}",
        )


def _check_same_household(stored: str, given: str, record_id: str) -> None:
    if stored != given:
        raise SeihoError(
            f"記録 {record_id} はケース番号 {stored} の記録です。ケース番号 {given} の記録として保存することはできません。",
            f"record {record_id} belongs to {stored}, not {given}",
        )


def _check_status(status: str, expected: str, record_id: str, step: str) -> None:
    if status == expected:
        return
    hints = {
        APPROVED: "承認済みの記録は変更できません。追記が必要なら新しい記録を作成してください。",
        PENDING: "承認待ちの記録は、査察指導員が差し戻すまで修正できません。",
        DRAFT: "下書きの記録は、先に提出してください。",
    }
    raise RecordStateError(
        f"記録 {record_id} は「{status}」のため{step}できません。{hints.get(status, '')}",
        f"record {record_id} has status {status}, {step} needs {expected}",
    )
