"""The workload event log: when each step of a visit's record happened."""

import datetime as dt
import uuid

import duckdb

from seiho.errors import SeihoError

# The steps, in the order they happen for one visit.
EVENT_KINDS = ("visit_planned", "visit_done", "recording_made", "draft_created", "draft_approved")

EVENT_LABELS = {
    "visit_planned": "訪問計画",
    "visit_done": "訪問実施",
    "recording_made": "録音",
    "draft_created": "下書き作成",
    "draft_approved": "記録承認",
}


def record_workload_event(
    connection: duckdb.DuckDBPyConnection,
    event_kind: str,
    office_code: str,
    occurred_at: dt.datetime,
    caseworker_id: str | None = None,
    case_number: str | None = None,
    visit_id: str | None = None,
    record_id: str | None = None,
    edit_ratio: float | None = None,
) -> str:
    """Append one event to ``workload_events`` in the caller's transaction and return its id.

    ``edit_ratio`` belongs to ``draft_approved``: the share (0 to 1) of the
    draft's characters changed before approval.
    """
    if event_kind not in EVENT_KINDS:
        raise SeihoError(
            f"業務イベントの種類「{event_kind}」は不明です。{'・'.join(EVENT_KINDS)} のいずれかを指定してください。",
            f"unknown workload event kind {event_kind!r}",
        )
    if edit_ratio is not None and not 0 <= edit_ratio <= 1:
        raise SeihoError(
            f"修正割合 {edit_ratio} は0から1の間で指定してください。",
            f"edit_ratio {edit_ratio} out of [0, 1]",
        )
    event_id = uuid.uuid4().hex
    connection.execute(
        "INSERT INTO workload_events (event_id, occurred_at, event_kind, office_code, caseworker_id, case_number, visit_id, record_id, edit_ratio)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [event_id, occurred_at, event_kind, office_code, caseworker_id, case_number, visit_id, record_id, edit_ratio],
    )
    return event_id
