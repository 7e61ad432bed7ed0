"""Save a draft as a case record with the evidence of each sentence, reload it and edit it.

A draft from ``seiho.drafting`` becomes a case record through
``seiho.records.save_draft``; its sentences go to ``record_evidence`` with
the transcript segments and times each came from. When the caseworker edits a
sentence it keeps its evidence and is marked 編集済み; a sentence the
caseworker adds has no evidence and is marked 追加（根拠なし）. The record body
is rendered again from the sentences after every change.
"""

import datetime as dt
import logging
from dataclasses import dataclass
from typing import Iterable, Protocol

import duckdb

from seiho.access import User
from seiho.errors import SeihoError
from seiho.speech_review.access import check_household, check_record
from seiho.store import Store, record_event

log = logging.getLogger(__name__)

UNCHANGED = "下書きのまま"
EDITED = "編集済み"
ADDED = "追加（根拠なし）"

# The case_records.status of a record that may still be edited.
EDITABLE_STATUS = "下書き"

SOURCE_RECORDING = "録音"
SOURCE_NOTES = "メモ"

KIND_TITLES = {"intake": "面接", "visit": "家庭訪問", "phone": "電話"}

# The 記録区分 (record_kinds in data/records/export_layout.yaml) of each draft kind.
RECORD_KINDS = {"intake": "来所面接", "visit": "家庭訪問", "phone": "電話"}


class DraftLocked(SeihoError):
    """The record was submitted or approved, so its sentences cannot change."""


class TimedSegment(Protocol):
    """Any transcript piece with an id and times, such as ``seiho.speech.Segment``."""

    segment_id: int
    start: float
    end: float


@dataclass(frozen=True)
class EvidenceSentence:
    """One sentence of a drafted record with the transcript segments it came from."""

    sentence_no: int
    field: str
    text: str
    draft_text: str | None
    needs_check: bool
    note: str
    recording_id: str | None
    segment_ids: tuple[int, ...]
    start: float | None
    end: float | None
    edit_state: str

    @property
    def has_evidence(self) -> bool:
        return bool(self.segment_ids)


@dataclass(frozen=True)
class RecordDraft:
    """A case record made from a draft: its header, status and sentences in order."""

    record_id: str
    case_number: str
    record_type: str
    kind: str
    source: str
    recording_id: str | None
    notes: str | None
    heading: str
    field_order: tuple[str, ...]
    recorded_on: dt.date
    status: str
    title: str
    record_kind: str | None
    visit_id: str | None
    sentences: tuple[EvidenceSentence, ...]

    @property
    def editable(self) -> bool:
        return self.status == EDITABLE_STATUS

    @property
    def needs_check_count(self) -> int:
        return sum(1 for sentence in self.sentences if sentence.needs_check)

    def render(self) -> str:
        """Return the record body: the sentences under their field headings, via ``seiho.drafting``."""
        from seiho.drafting import Draft, DraftSentence

        draft = Draft(
            record_type=self.record_type,
            kind=self.kind,
            recorded_on=self.recorded_on,
            heading=self.heading,
            field_order=self.field_order,
            sentences=[
                DraftSentence(
                    field=sentence.field,
                    text=sentence.text,
                    evidence=sentence.segment_ids,
                    needs_check=sentence.needs_check,
                    note=sentence.note,
                )
                for sentence in self.sentences
            ],
        )
        return draft.render()


def default_title(draft) -> str:
    """Return a record title such as 家庭訪問（ケース記録）."""
    return f"{KIND_TITLES.get(draft.kind, draft.kind)}（{draft.record_type}）"


def evidence_times(segment_ids: Iterable[int], segments: dict[int, TimedSegment]) -> tuple[float | None, float | None]:
    """Return the start of the first and the end of the last evidence segment, or (None, None)."""
    found = [segments[segment_id] for segment_id in segment_ids if segment_id in segments]
    if not found:
        return None, None
    return min(segment.start for segment in found), max(segment.end for segment in found)


def save_draft_record(
    store: Store,
    user: User,
    case_number: str,
    draft,
    *,
    recording_id: str | None = None,
    segments: Iterable[TimedSegment] = (),
    visit_id: str | None = None,
    title: str | None = None,
    notes: str | None = None,
) -> str:
    """Save ``draft`` as a case record (status 下書き) with one evidence row per sentence; return the record id.

    Args:
        draft: a ``seiho.drafting.Draft``.
        recording_id: the recording the transcript came from, or None for typed notes.
        segments: the transcript segments the draft was made from, for the evidence times.
            Times are kept only when ``recording_id`` is given, because typed notes have none.
        notes: the typed notes the draft was made from, kept so the editor can show them again.
    """
    from seiho.records import save_draft

    by_id = {segment.segment_id: segment for segment in segments} if recording_id else {}
    source = SOURCE_RECORDING if recording_id else SOURCE_NOTES
    sentences = []
    for number, sentence in enumerate(draft.sentences):
        start, end = evidence_times(sentence.evidence, by_id)
        sentences.append(EvidenceSentence(
            sentence_no=number,
            field=sentence.field,
            text=sentence.text,
            draft_text=sentence.text,
            needs_check=sentence.needs_check,
            note=sentence.note,
            recording_id=recording_id,
            segment_ids=tuple(sentence.evidence),
            start=start,
            end=end,
            edit_state=UNCHANGED,
        ))

    with store.connect() as connection:
        check_household(connection, user, case_number, "ケース記録の下書きを保存する")
        record_id = save_draft(
            store, user, case_number, title or default_title(draft), draft.render(), draft.recorded_on,
            visit_id=visit_id, kind=RECORD_KINDS.get(draft.kind, "その他"),
        )
        connection.execute(
            "INSERT INTO record_drafts (record_id, case_number, record_type, kind, source, recording_id, notes, heading,"
            " field_order, recorded_on, created_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [record_id, case_number, draft.record_type, draft.kind, source, recording_id, notes, draft.heading,
             list(draft.field_order), draft.recorded_on, user.user_id],
        )
        _insert_sentences(connection, record_id, sentences)
        record_event(connection, user.user_id, "record_draft_save", case_number, f"record {record_id}, {len(sentences)} sentences")

    log.info("saved record draft %s with %d sentences from %s", record_id, len(sentences), source)
    return record_id


def load_record_draft(store: Store, user: User, record_id: str) -> RecordDraft:
    """Return the drafted record with its sentences and evidence, and log the view."""
    with store.connect() as connection:
        case_number = check_record(connection, user, record_id)
        record = _read_record(connection, record_id)
        record_event(connection, user.user_id, "record_draft_view", case_number, f"record {record_id}")
    return record


def edit_sentence(store: Store, user: User, record_id: str, sentence_no: int, text: str) -> RecordDraft:
    """Replace one sentence's text; it keeps its evidence and is marked 編集済み."""
    text = _clean_text(text)
    with store.connect() as connection:
        case_number = check_record(connection, user, record_id, "ケース記録の下書きを直す")
        record = _read_editable(connection, record_id)
        sentence = _sentence(record, sentence_no)
        if text == sentence.text:
            return record

        # A sentence the caseworker added stays marked as added: it still has no evidence.
        state = sentence.edit_state if sentence.edit_state == ADDED else EDITED
        connection.execute(
            "UPDATE record_evidence SET text = ?, edit_state = ?, edited_by = ?, edited_at = current_timestamp"
            " WHERE record_id = ? AND sentence_no = ?",
            [text, state, user.user_id, record_id, sentence_no],
        )
        record = _write_body(store, connection, user, record_id)
        record_event(connection, user.user_id, "record_draft_edit", case_number, f"record {record_id}, sentence {sentence_no}")
    return record


def add_sentence(store: Store, user: User, record_id: str, field: str, text: str) -> RecordDraft:
    """Append a sentence the caseworker wrote; it has no evidence and is marked 追加（根拠なし）."""
    text = _clean_text(text)
    field = field.strip()
    if not field:
        raise SeihoError("追加する文の項目（例: 今後の方針）を選んでください。", "added sentence without a field")
    with store.connect() as connection:
        case_number = check_record(connection, user, record_id, "ケース記録の下書きを直す")
        record = _read_editable(connection, record_id)
        added = EvidenceSentence(
            sentence_no=len(record.sentences), field=field, text=text, draft_text=None, needs_check=False, note="",
            recording_id=None, segment_ids=(), start=None, end=None, edit_state=ADDED,
        )
        _insert_sentences(connection, record_id, [added], edited_by=user.user_id)
        record = _write_body(store, connection, user, record_id)
        record_event(connection, user.user_id, "record_draft_add_sentence", case_number, f"record {record_id}, sentence {added.sentence_no}")
    return record


def delete_sentence(store: Store, user: User, record_id: str, sentence_no: int) -> RecordDraft:
    """Remove one sentence and renumber the later ones."""
    with store.connect() as connection:
        case_number = check_record(connection, user, record_id, "ケース記録の下書きを直す")
        record = _read_editable(connection, record_id)
        _sentence(record, sentence_no)

        connection.execute("DELETE FROM record_evidence WHERE record_id = ? AND sentence_no = ?", [record_id, sentence_no])
        connection.execute(
            "UPDATE record_evidence SET sentence_no = sentence_no - 1 WHERE record_id = ? AND sentence_no > ?",
            [record_id, sentence_no],
        )
        record = _write_body(store, connection, user, record_id)
        record_event(connection, user.user_id, "record_draft_delete_sentence", case_number, f"record {record_id}, sentence {sentence_no}")
    return record


def set_needs_check(store: Store, user: User, record_id: str, sentence_no: int, needs_check: bool) -> RecordDraft:
    """Mark or clear 要確認 on one sentence, for example after checking it against the recording.

    The drafter ends a 要確認 sentence with the mark （要確認）, so clearing the
    flag removes that mark from the text and setting it adds the mark.
    """
    from seiho.drafting.model import NEEDS_CHECK_MARK

    with store.connect() as connection:
        case_number = check_record(connection, user, record_id, "ケース記録の下書きを直す")
        record = _read_editable(connection, record_id)
        sentence = _sentence(record, sentence_no)
        text = sentence.text.removesuffix(NEEDS_CHECK_MARK)
        if needs_check:
            text += NEEDS_CHECK_MARK
        connection.execute(
            "UPDATE record_evidence SET needs_check = ?, text = ?, edited_by = ?, edited_at = current_timestamp"
            " WHERE record_id = ? AND sentence_no = ?",
            [needs_check, text, user.user_id, record_id, sentence_no],
        )
        record = _write_body(store, connection, user, record_id)
        record_event(connection, user.user_id, "record_draft_check", case_number, f"record {record_id}, sentence {sentence_no}")
    return record


def submit_draft(store: Store, user: User, record_id: str) -> None:
    """Submit the drafted record to the supervisor through ``seiho.records.submit``, once no sentence is 要確認."""
    from seiho.drafting.model import NEEDS_CHECK_MARK
    from seiho.records import submit

    with store.connect() as connection:
        check_record(connection, user, record_id, "ケース記録の提出")
        record = _read_record(connection, record_id)

        # A caseworker may type the mark back into an edited sentence, so the text counts as well as the flag.
        pending = sum(1 for sentence in record.sentences if sentence.needs_check or NEEDS_CHECK_MARK in sentence.text)
        if pending:
            source = "メモ" if record.source == SOURCE_NOTES else "録音"
            raise SeihoError(
                f"記録 {record_id} には要確認の文が {pending} 件あります。{source}と照らして直し、要確認を外してから提出してください。",
                f"record {record_id} submitted with {pending} sentences to check",
            )
        submit(store, user, record_id)


def list_record_drafts(store: Store, user: User, status: str | None = None, case_number: str | None = None) -> list[dict]:
    """Return the drafted records the user may see, newest first, as dicts for a chooser.

    Each dict has record_id, case_number, head_name, title, recorded_on, status,
    source and needs_check (the count of 要確認 sentences).
    """
    from seiho.access import household_scope, require_role
    from seiho.speech_review.access import DRAFT_ROLES

    require_role(user, *DRAFT_ROLES, action="ケース記録の下書きの一覧を見る")
    condition, parameters = household_scope(user, "h")
    filters = [condition]
    if status:
        filters.append("c.status = ?")
        parameters.append(status)
    if case_number:
        filters.append("d.case_number = ?")
        parameters.append(case_number)
    with store.connect() as connection:
        rows = connection.execute(
            "SELECT d.record_id, d.case_number, h.head_name, c.title, d.recorded_on, c.status, d.source,"
            " (SELECT count(*) FROM record_evidence e WHERE e.record_id = d.record_id AND e.needs_check) AS needs_check"
            " FROM record_drafts d JOIN households h ON h.case_number = d.case_number"
            " JOIN case_records c ON c.record_id = d.record_id"
            f" WHERE {' AND '.join(filters)} ORDER BY d.created_at DESC, d.record_id DESC",
            parameters,
        ).fetchall()
        record_event(connection, user.user_id, "record_draft_list", None, f"{len(rows)} drafts, status {status or 'any'}")
    columns = ["record_id", "case_number", "head_name", "title", "recorded_on", "status", "source", "needs_check"]
    return [dict(zip(columns, row)) for row in rows]


def _clean_text(text: str) -> str:
    text = text.strip()
    if not text:
        raise SeihoError("文が空です。文を消すときは「この文を削除」を使ってください。", "empty sentence text")
    return text


def _sentence(record: RecordDraft, sentence_no: int) -> EvidenceSentence:
    for sentence in record.sentences:
        if sentence.sentence_no == sentence_no:
            return sentence
    raise SeihoError(
        f"記録 {record.record_id} に {sentence_no + 1} 番目の文はありません。下書きを読み込み直してください。",
        f"record {record.record_id} has no sentence {sentence_no}",
    )


def _read_editable(connection: duckdb.DuckDBPyConnection, record_id: str) -> RecordDraft:
    record = _read_record(connection, record_id)
    if not record.editable:
        raise DraftLocked(
            f"記録 {record_id} は「{record.status}」のため直せません。直す必要があるときは査察指導員に差し戻しを依頼してください。",
            f"record {record_id} has status {record.status}",
        )
    return record


def _read_record(connection: duckdb.DuckDBPyConnection, record_id: str) -> RecordDraft:
    header = connection.execute(
        "SELECT d.case_number, d.record_type, d.kind, d.source, d.recording_id, d.notes, d.heading, d.field_order,"
        " d.recorded_on, c.status, c.title,"
        " c.kind, c.visit_id"
        " FROM record_drafts d JOIN case_records c ON c.record_id = d.record_id WHERE d.record_id = ?",
        [record_id],
    ).fetchone()
    rows = connection.execute(
        "SELECT sentence_no, field, text, draft_text, needs_check, note, recording_id, segment_ids,"
        " start_seconds, end_seconds, edit_state FROM record_evidence WHERE record_id = ? ORDER BY sentence_no",
        [record_id],
    ).fetchall()
    sentences = tuple(
        EvidenceSentence(
            sentence_no=row[0], field=row[1], text=row[2], draft_text=row[3], needs_check=row[4], note=row[5],
            recording_id=row[6], segment_ids=tuple(row[7]), start=row[8], end=row[9], edit_state=row[10],
        )
        for row in rows
    )
    (case_number, record_type, kind, source, recording_id, notes, heading, field_order, recorded_on, status, title,
     record_kind, visit_id) = header
    return RecordDraft(
        record_id=record_id, case_number=case_number, record_type=record_type, kind=kind, source=source,
        recording_id=recording_id, notes=notes, heading=heading, field_order=tuple(field_order),
        recorded_on=recorded_on, status=status, title=title, record_kind=record_kind, visit_id=visit_id,
        sentences=sentences,
    )


def _insert_sentences(
    connection: duckdb.DuckDBPyConnection,
    record_id: str,
    sentences: Iterable[EvidenceSentence],
    edited_by: str | None = None,
) -> None:
    rows = [
        [
            record_id, sentence.sentence_no, sentence.field, sentence.text, sentence.draft_text, sentence.needs_check,
            sentence.note, sentence.recording_id, list(sentence.segment_ids), sentence.start, sentence.end,
            sentence.edit_state, edited_by,
        ]
        for sentence in sentences
    ]
    if not rows:
        return
    edited_at = "current_timestamp" if edited_by else "NULL"
    connection.executemany(
        "INSERT INTO record_evidence (record_id, sentence_no, field, text, draft_text, needs_check, note, recording_id,"
        f" segment_ids, start_seconds, end_seconds, edit_state, edited_by, edited_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, {edited_at})",
        rows,
    )


def _write_body(store: Store, connection: duckdb.DuckDBPyConnection, user: User, record_id: str) -> RecordDraft:
    # The body is always the rendering of the sentences, so the record and its
    # evidence never disagree. The nested connect inside seiho.records joins
    # this transaction.
    from seiho.records import save_draft

    record = _read_record(connection, record_id)
    save_draft(
        store, user, record.case_number, record.title, record.render(), record.recorded_on,
        visit_id=record.visit_id, kind=record.record_kind or "その他", record_id=record_id,
    )
    return record
