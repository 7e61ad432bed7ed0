"""Record a visit: a ``visits`` row and its case-record draft in one transaction."""

import datetime as dt
import logging
import uuid
from dataclasses import dataclass

from seiho.access import Role, User, require_role
from seiho.errors import SeihoError
from seiho.records import VISIT_KINDS, save_draft
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
