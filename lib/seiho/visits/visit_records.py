"""Record a visit: a ``visits`` row and its case-record draft in one transaction."""

import datetime as dt
import logging
import uuid
from dataclasses import dataclass

import duckdb

from seiho.access import Role, User, require_role
from seiho.errors import SeihoError
from seiho.records import VISIT_KINDS, get_record, save_draft
from seiho.records.access import check_author
from seiho.records.model import CaseRecord, fetch_record
from seiho.store import Store, record_event
from seiho.ui.formatting import format_value

log = logging.getLogger(__name__)

# The visit results that the visits table accepts (see 0001_core.sql).
VISIT_RESULTS = ("面会", "不在")


@dataclass(frozen=True)
class VisitRecord:
    """The saved visit and the id of its draft case record."""

    visit_id: str
    record_id: str
    case_number: str
    visited_on: dt.date
    visit_kind: str
    result: str


def record_visit(
    store: Store,
    user: User,
    case_number: str,
    visited_on: dt.date,
    visit_kind: str,
    result: str,
    body: str,
    title: str | None = None,
) -> VisitRecord:
    """Save a visit and a draft case record of it; return both ids.

    Only the household's caseworker records its visits. The record's 記録区分
    is the visit kind, and its title defaults to the kind and the result.
    The draft then goes through ``seiho.records``: edit, submit, approve.
    The visit counts towards intervals and minimums only once the record is
    submitted (see ``seiho.visits.counted``).
    """
    require_role(user, Role.CASEWORKER, action="訪問の記録")
    if not case_number:
        raise SeihoError("世帯が選ばれていません。訪問した世帯を選んでください。", "visit record without household")
    if not (body or "").strip():
        raise SeihoError(
            "本文が空です。訪問で確認したことを本文に入力してから保存してください。",
            f"visit record for {case_number} with an empty body",
        )
    _check_visit_fields(visit_kind, result, visited_on)
    title = title or f"{visit_kind}（{result}）"
    visit_id = f"V-{uuid.uuid4().hex[:16]}"

    with store.connect() as connection:
        # save_draft checks that the user is the household's caseworker. Its
        # nested connect joins this transaction, so a rejected draft also
        # leaves no visit behind.
        record_id = save_draft(store, user, case_number, title, body, visited_on, visit_id=visit_id, kind=visit_kind)
        connection.execute(
            "INSERT INTO visits (visit_id, case_number, caseworker_id, visited_on, visit_kind, result) VALUES (?, ?, ?, ?, ?, ?)",
            [visit_id, case_number, user.caseworker_id, visited_on, visit_kind, result],
        )
        record_event(connection, user.user_id, "record_visit", case_number, f"visit {visit_id}")

    log.info("recorded visit %s with draft %s", visit_id, record_id)
    return VisitRecord(visit_id, record_id, case_number, visited_on, visit_kind, result)


def update_visit_record(
    store: Store,
    user: User,
    record_id: str,
    visited_on: dt.date,
    body: str,
    title: str,
    visit_kind: str | None = None,
    result: str | None = None,
) -> VisitRecord:
    """Save a visit record's draft again and move its visit to the same date, kind and result.

    Only the household's caseworker saves, and only while the record is a
    下書き, which includes a record the supervisor returned. The record's
    記録日 and the visit's date stay equal, so plans and minimums count the
    visit on the day the record shows. ``visit_kind`` or ``result`` None keeps
    the visit's current value. A record without a visit row gets one here, as
    ``record_visit`` does on the first save.
    """
    require_role(user, Role.CASEWORKER, action="訪問の記録")
    with store.connect() as connection:
        record = fetch_record(connection, record_id)
        check_author(connection, user, record.case_number, "訪問の記録")
        visit = _visit_row(connection, record.visit_id)
        if visit_kind is None:
            visit_kind = visit[1] if visit else record.kind
            if visit_kind not in VISIT_KINDS:
                raise SeihoError(
                    f"記録 {record_id}（{record.title}）は記録区分が「{record.kind}」で、訪問の記録ではありません。"
                    f"訪問の種類を {'・'.join(VISIT_KINDS)} から選んでください。",
                    f"record {record_id} of kind {record.kind!r} saved as a visit record",
                )
        if result is None:
            # submit() adds a 面会 visit to a record without one, so a new row defaults to the same.
            result = visit[2] if visit else "面会"
        _check_visit_fields(visit_kind, result, visited_on)

        # save_draft checks the author and that the record is still a 下書き,
        # and its nested connect joins this transaction, so a rejected save
        # leaves the visit as it was.
        save_draft(
            store, user, record.case_number, title, body, visited_on,
            visit_id=record.visit_id, kind=visit_kind, record_id=record_id,
        )
        if visit is None:
            visit_id = _add_visit_row(connection, user, record.case_number, visited_on, visit_kind, result, record_id)
        else:
            visit_id = record.visit_id
            _move_visit_row(connection, user, record, visit, visited_on, visit_kind, result)

    log.info("saved visit record %s with visit %s", record_id, visit_id)
    return VisitRecord(visit_id, record_id, record.case_number, visited_on, visit_kind, result)


def get_visit_record(store: Store, user: User, record_id: str) -> tuple[CaseRecord, VisitRecord | None]:
    """Return a case record and the visit it reports, or None when it has no visits row yet.

    The household's caseworker and the office's supervisors may read it, as with ``get_record``.
    """
    record = get_record(store, user, record_id)
    with store.connect() as connection:
        row = _visit_row(connection, record.visit_id)
    if row is None:
        return record, None
    visited_on, visit_kind, result, case_number = row
    return record, VisitRecord(record.visit_id, record_id, case_number, visited_on, visit_kind, result)


def _check_visit_fields(visit_kind: str, result: str, visited_on: dt.date) -> None:
    if visit_kind not in VISIT_KINDS:
        raise SeihoError(
            f"訪問の種類「{visit_kind}」は選べません。{'・'.join(VISIT_KINDS)} のどれかを選んでください。",
            f"unknown visit kind {visit_kind!r}",
        )
    if result not in VISIT_RESULTS:
        raise SeihoError(
            f"訪問の結果「{result}」は選べません。{'・'.join(VISIT_RESULTS)} のどちらかを選んでください。",
            f"unknown visit result {result!r}",
        )
    if visited_on > dt.date.today():
        raise SeihoError(
            f"訪問日 {format_value(visited_on)} は未来の日付です。訪問した日を入力してください。",
            f"visit date {visited_on} is in the future",
        )


def _visit_row(connection: duckdb.DuckDBPyConnection, visit_id: str | None) -> tuple | None:
    """Return (visited_on, visit_kind, result, case_number) of a visit, or None when there is no such row."""
    if visit_id is None:
        return None
    return connection.execute(
        "SELECT visited_on, visit_kind, result, case_number FROM visits WHERE visit_id = ?", [visit_id]
    ).fetchone()


def _add_visit_row(
    connection: duckdb.DuckDBPyConnection,
    user: User,
    case_number: str,
    visited_on: dt.date,
    visit_kind: str,
    result: str,
    record_id: str,
) -> str:
    visit_id = f"V-{uuid.uuid4().hex[:16]}"
    connection.execute(
        "INSERT INTO visits (visit_id, case_number, caseworker_id, visited_on, visit_kind, result) VALUES (?, ?, ?, ?, ?, ?)",
        [visit_id, case_number, user.caseworker_id, visited_on, visit_kind, result],
    )
    connection.execute("UPDATE case_records SET visit_id = ? WHERE record_id = ?", [visit_id, record_id])
    record_event(connection, user.user_id, "record_visit", case_number, f"visit {visit_id} from record {record_id}")
    return visit_id


def _move_visit_row(
    connection: duckdb.DuckDBPyConnection,
    user: User,
    record: CaseRecord,
    visit: tuple,
    visited_on: dt.date,
    visit_kind: str,
    result: str,
) -> None:
    """Set the visit's date, kind and result to the record's, and audit what changed."""
    old_on, old_kind, old_result, visit_case = visit
    changes = [
        f"{name} {old} -> {new}"
        for name, old, new in (("visited_on", old_on, visited_on), ("visit_kind", old_kind, visit_kind), ("result", old_result, result))
        if old != new
    ]
    if not changes:
        return

    # A visit that another record also reports, or that belongs to another
    # household, is not this record's own, so a save here must not move it.
    others = [row[0] for row in connection.execute(
        "SELECT record_id FROM case_records WHERE visit_id = ? AND record_id <> ? ORDER BY record_id",
        [record.visit_id, record.record_id],
    ).fetchall()]
    if others or visit_case != record.case_number:
        reason = f"記録 {'、'.join(others)} にも使われている" if others else f"ケース番号 {visit_case} の世帯の訪問である"
        raise SeihoError(
            f"記録 {record.record_id} の訪問 {record.visit_id} は{reason}ため、訪問日・種類・結果を変えられません。"
            "元の訪問日・種類・結果のまま保存するか、新しい記録として作成してください。",
            f"visit {record.visit_id} of record {record.record_id} is shared with {others or visit_case}",
        )

    connection.execute(
        "UPDATE visits SET visited_on = ?, visit_kind = ?, result = ? WHERE visit_id = ?",
        [visited_on, visit_kind, result, record.visit_id],
    )
    record_event(
        connection, user.user_id, "edit_visit", record.case_number,
        f"visit {record.visit_id} of record {record.record_id}: {', '.join(changes)}",
    )
