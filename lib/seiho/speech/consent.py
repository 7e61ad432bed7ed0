"""Recording consent (録音同意): recorded each time, checked before anything is stored or transcribed.

Withdrawal deletes the audio files and transcript rows of every recording
made under that consent, and the records drafted from them that are not yet
approved. Only the consent row (with its withdrawal time) and the audit log
keep the fact.
"""

import datetime as dt
import logging
import uuid
from dataclasses import dataclass
from pathlib import Path

import duckdb

from seiho.access import User
from seiho.records.model import APPROVED
from seiho.speech.access import check_household, normalise_case_number
from seiho.speech.errors import ConsentError
from seiho.store import Store, record_event

log = logging.getLogger(__name__)

CONSENT_METHODS = ("口頭", "書面")


@dataclass(frozen=True)
class Consent:
    """One consent row."""

    consent_id: str
    case_number: str
    member_no: int | None
    visit_id: str | None
    consented_at: dt.datetime
    method: str
    present: str | None
    recorded_by: str
    withdrawn_at: dt.datetime | None


def record_consent(
    store: Store, user: User, case_number: str, *, consented_at: dt.datetime, method: str, present: str,
    visit_id: str | None = None, member_no: int | None = None,
) -> str:
    """Record that a household member consented to a recording; return the new consent_id.

    Args:
        case_number: the household, with or without its leading zeros.
        consented_at: when consent was given (not in the future).
        method: 口頭 (orally) or 書面 (in writing).
        present: who was present (同席者), e.g. "本人、担当CW".
        visit_id, member_no: the interview or visit and the member who consented, when known.
    """
    if method not in CONSENT_METHODS:
        raise ConsentError(
            f"同意の方法「{method}」は使えません。{'・'.join(CONSENT_METHODS)}のどちらかを指定してください。",
            f"bad consent method {method!r}",
        )
    if not present or not present.strip():
        raise ConsentError("同意の場に誰がいたか（同席者）を記入してください。", "consent without present")
    if consented_at > dt.datetime.now() + dt.timedelta(minutes=5):
        raise ConsentError(f"同意の日時 {consented_at:%Y-%m-%d %H:%M} が未来になっています。日時を確かめてください。", "consent in the future")

    case_number = normalise_case_number(case_number)
    consent_id = "CON-" + uuid.uuid4().hex[:12]
    with store.connect() as connection:
        check_household(connection, user, case_number, "録音同意を記録する")
        if member_no is not None:
            _check_member(connection, case_number, member_no)
        connection.execute(
            "INSERT INTO recording_consents (consent_id, case_number, member_no, visit_id, consented_at, method, present, recorded_by)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            [consent_id, case_number, member_no, visit_id, consented_at, method, present.strip(), user.user_id],
        )
        record_event(connection, user.user_id, "record_consent", case_number, f"consent {consent_id} method {method}")
    log.info("consent %s recorded by %s", consent_id, user.user_id)
    return consent_id


def _check_member(connection: duckdb.DuckDBPyConnection, case_number: str, member_no: int) -> None:
    found = connection.execute(
        "SELECT count(*) FROM members WHERE case_number = ? AND member_no = ?", [case_number, member_no]
    ).fetchone()[0]
    if not found:
        raise ConsentError(
            f"ケース番号 {case_number} に世帯員番号 {member_no} の世帯員はいません。同意した世帯員を確かめてください。",
            f"member {member_no} not in {case_number}",
        )


def load_consent(connection: duckdb.DuckDBPyConnection, consent_id: str, *, withdrawing: bool = False) -> Consent:
    """Return one consent row, or raise ConsentError when the ID is empty or not recorded.

    ``withdrawing`` words the not-recorded error for a withdrawal instead of a recording.
    """
    if not consent_id or not consent_id.strip():
        raise ConsentError(
            "録音同意のIDを指定してください。IDは seiho speech consent で同意を記録したときに表示されます（例: CON-1a2b3c4d5e6f）。",
            "empty consent id",
        )
    row = connection.execute(
        "SELECT consent_id, case_number, member_no, visit_id, consented_at, method, present, recorded_by, withdrawn_at"
        " FROM recording_consents WHERE consent_id = ?", [consent_id],
    ).fetchone()
    if row is None and withdrawing:
        # The dashboard's consent list shows dates, not IDs, so the hint points to where it can withdraw.
        raise ConsentError(
            f"録音同意 {consent_id} は記録されていません。同意を記録したときに表示されたID（例: CON-1a2b3c4d5e6f）か確かめてください。"
            "世帯の録音同意は、ケース記録作成の「録音から作成」で世帯を選ぶと一覧に表示され、そこから撤回もできます。",
            f"consent {consent_id} not found for withdrawal",
        )
    if row is None:
        raise ConsentError(
            f"録音同意 {consent_id} は記録されていません。録音の前に、本人の同意を記録してください。",
            f"consent {consent_id} not found",
        )
    return Consent(*row)


def require_valid_consent(connection: duckdb.DuckDBPyConnection, user: User, consent_id: str, action: str) -> Consent:
    """Return the consent when it exists, is not withdrawn and its household is in the user's scope."""
    consent = load_consent(connection, consent_id)
    check_household(connection, user, consent.case_number, action)
    if consent.withdrawn_at is not None:
        raise ConsentError(
            f"録音同意 {consent_id}（ケース番号 {consent.case_number}）は {consent.withdrawn_at:%Y-%m-%d %H:%M} に撤回されています。"
            "この同意では録音の保存も文字起こしもできません。",
            f"consent {consent_id} withdrawn",
        )
    return consent


@dataclass(frozen=True)
class Withdrawal:
    """The IDs and counts that withdrawing one consent deleted, never content."""

    consent_id: str
    recording_ids: tuple[str, ...]
    segment_count: int
    # Records drafted from the recordings and not yet approved (下書き, 承認待ち, or 下書き after 差戻し).
    deleted_record_ids: tuple[str, ...]
    # Approved records that stay but lost the evidence sentences taken from the recordings.
    approved_record_ids: tuple[str, ...]

    @property
    def message_ja(self) -> str:
        """The Japanese message shown to staff after the withdrawal."""
        text = (
            f"録音同意 {self.consent_id} を撤回し、録音 {len(self.recording_ids)} 件の音声、"
            f"文字起こし {self.segment_count} 区間、その録音から作った未承認の記録（下書き・承認待ち・差戻し）"
            f"{len(self.deleted_record_ids)} 件を削除しました。"
        )
        if self.approved_record_ids:
            text += (
                f"承認済みの記録 {len(self.approved_record_ids)} 件（{'、'.join(self.approved_record_ids)}）は"
                "事務所の正式な記録として本文を残し、録音から取った根拠の文だけを削除しました。"
            )
        return text


def withdraw_consent(store: Store, user: User, consent_id: str) -> Withdrawal:
    """Withdraw a consent and delete its recordings' audio, transcripts and unapproved records drafted from them.

    An approved record is the office's official record, so its body stays and
    only its evidence sentences from these recordings are deleted.
    """
    with store.connect() as connection:
        consent = load_consent(connection, consent_id, withdrawing=True)
        check_household(connection, user, consent.case_number, "録音同意を撤回する")
        if consent.withdrawn_at is not None:
            raise ConsentError(f"録音同意 {consent_id} はすでに撤回されています。", f"consent {consent_id} already withdrawn")

        recordings = connection.execute(
            "SELECT recording_id, audio_path FROM recordings WHERE consent_id = ? ORDER BY recording_id", [consent_id]
        ).fetchall()
        ids = [row[0] for row in recordings]
        segments = connection.execute(
            "SELECT count(*) FROM transcript_segments WHERE recording_id IN (SELECT unnest(?::VARCHAR[]))", [ids]
        ).fetchone()[0]
        deleted_records, approved_records = _delete_derived_records(connection, ids)
        connection.execute("DELETE FROM transcript_segments WHERE recording_id IN (SELECT unnest(?::VARCHAR[]))", [ids])
        connection.execute("DELETE FROM recordings WHERE consent_id = ?", [consent_id])
        connection.execute("UPDATE recording_consents SET withdrawn_at = current_timestamp WHERE consent_id = ?", [consent_id])

        # The files go last: if one cannot be removed, the rows above roll back
        # and the withdrawal can be tried again.
        for _, audio_path in recordings:
            if audio_path:
                Path(audio_path).unlink(missing_ok=True)
        record_event(
            connection, user.user_id, "withdraw_consent", consent.case_number,
            f"consent {consent_id} withdrawn; deleted {len(ids)} recordings ({', '.join(ids) or 'none'}),"
            f" {segments} transcript segments and {len(deleted_records)} unapproved records"
            f" ({', '.join(deleted_records) or 'none'}); deleted the recordings' evidence sentences of"
            f" {len(approved_records)} approved records ({', '.join(approved_records) or 'none'})",
        )
    log.info(
        "consent %s withdrawn: %d recordings, %d unapproved records deleted, %d approved records stripped of evidence",
        consent_id, len(ids), len(deleted_records), len(approved_records),
    )
    return Withdrawal(consent_id, tuple(ids), segments, tuple(deleted_records), tuple(approved_records))


def _delete_derived_records(connection: duckdb.DuckDBPyConnection, recording_ids: list[str]) -> tuple[list[str], list[str]]:
    """Delete what was drafted from the recordings; return (deleted unapproved records, approved records kept).

    A record drafted from a recording is linked by ``record_drafts.recording_id``
    and each of its sentences by ``record_evidence.recording_id`` (migration 0010).
    An unapproved record's body, evidence, draft header and review comments are
    deleted, because all of them may quote the transcript.
    """
    rows = connection.execute(
        "SELECT record_id, status FROM case_records WHERE record_id IN ("
        " SELECT record_id FROM record_drafts WHERE recording_id IN (SELECT unnest(?::VARCHAR[]))"
        " UNION SELECT record_id FROM record_evidence WHERE recording_id IN (SELECT unnest(?::VARCHAR[])))"
        " ORDER BY record_id",
        [recording_ids, recording_ids],
    ).fetchall()
    unapproved = [record_id for record_id, status in rows if status != APPROVED]
    approved = [record_id for record_id, status in rows if status == APPROVED]

    for table in ("record_evidence", "record_drafts", "case_record_reviews", "case_records"):
        connection.execute(f"DELETE FROM {table} WHERE record_id IN (SELECT unnest(?::VARCHAR[]))", [unapproved])

    connection.execute(
        "DELETE FROM record_evidence WHERE record_id IN (SELECT unnest(?::VARCHAR[]))"
        " AND recording_id IN (SELECT unnest(?::VARCHAR[]))",
        [approved, recording_ids],
    )
    # Number the remaining sentences 0, 1, 2, … again, as the editor expects.
    connection.execute(
        "UPDATE record_evidence SET sentence_no = renumbered.position FROM ("
        " SELECT record_id, sentence_no, row_number() OVER (PARTITION BY record_id ORDER BY sentence_no) - 1 AS position"
        " FROM record_evidence WHERE record_id IN (SELECT unnest(?::VARCHAR[]))) AS renumbered"
        " WHERE record_evidence.record_id = renumbered.record_id AND record_evidence.sentence_no = renumbered.sentence_no",
        [approved],
    )
    return unapproved, approved
