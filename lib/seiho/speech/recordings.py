"""Stored recordings: keep the audio under consent, transcribe it in a worker, delete it on time.

Every function takes the acting user, checks the household's scope and the
consent, and writes the audit log. The audio lives in the office's audio
folder (see ``seiho.speech.settings``), never in git.
"""

import datetime as dt
import json
import logging
import shutil
import uuid
from dataclasses import dataclass, replace
from pathlib import Path

import duckdb

from seiho.access import Role, User, require_role
from seiho.speech.access import check_household, normalise_case_number
from seiho.speech.audio import probe_audio
from seiho.speech.consent import require_valid_consent
from seiho.speech.errors import SpeechError
from seiho.speech.model import file_sha256
from seiho.speech.segments import Segment, corrections_from_dicts
from seiho.speech.settings import read_settings
from seiho.speech.transcribe import Progress, TranscriptionOptions
from seiho.speech.worker import run_in_worker
from seiho.store import Store, record_event

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class RecordingInfo:
    """One stored recording as listed: where it came from, what decoding found, whether audio is kept."""

    recording_id: str
    consent_id: str
    case_number: str
    original_name: str
    duration: float
    channels: int
    sample_rate: int
    status: str
    decoded_seconds: float | None
    warning: str | None
    stored_at: dt.datetime
    delete_after: dt.date | None
    audio_kept: bool


_INFO_COLUMNS = (
    "recording_id, consent_id, case_number, original_name, duration_s, channels, sample_rate, status,"
    " decoded_s, warning, stored_at, delete_after, audio_path IS NOT NULL"
)


def _load(connection: duckdb.DuckDBPyConnection, user: User, recording_id: str, action: str) -> tuple:
    """Return (consent_id, case_number, audio_path) of a recording the user may act on."""
    row = connection.execute(
        "SELECT consent_id, case_number, audio_path FROM recordings WHERE recording_id = ?", [recording_id]
    ).fetchone()
    if row is None:
        raise SpeechError(
            f"録音 {recording_id} はありません（同意の撤回で削除されたか、番号の誤りです）。",
            f"recording {recording_id} not found",
        )
    check_household(connection, user, row[1], action)
    return row


def store_recording(store: Store, user: User, consent_id: str, audio_path: str | Path) -> str:
    """Copy an audio file into the office's audio folder under a valid consent; return the recording_id.

    Refuses (ConsentError) without a valid, not-withdrawn consent for the
    household, (AudioDecodeError) when the file cannot be opened as audio and
    (SpeechError) when the household already has a recording of the same bytes.
    """
    audio_path = Path(audio_path)
    with store.connect() as connection:
        consent = require_valid_consent(connection, user, consent_id, "録音を保存する")
        settings = read_settings(connection, store.path)
    info = probe_audio(audio_path)
    with store.connect() as connection:
        _reject_stored_twice(connection, consent.case_number, file_sha256(audio_path), audio_path.name)

    recording_id = "REC-" + uuid.uuid4().hex[:12]
    folder = settings.audio_folder / consent.case_number
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / f"{recording_id}{audio_path.suffix.lower()}"
    shutil.copyfile(audio_path, target)
    digest = file_sha256(target)

    try:
        with store.connect() as connection:
            # Consent is checked again: it may have been withdrawn while the file was copied.
            require_valid_consent(connection, user, consent_id, "録音を保存する")
            _reject_stored_twice(connection, consent.case_number, digest, audio_path.name)
            connection.execute(
                "INSERT INTO recordings (recording_id, consent_id, case_number, audio_path, original_name, sha256,"
                " duration_s, channels, sample_rate, codec, status, stored_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, '保存済み', ?)",
                [recording_id, consent_id, consent.case_number, str(target), audio_path.name, digest,
                 info.duration, info.channels, info.sample_rate, info.codec, user.user_id],
            )
            record_event(connection, user.user_id, "store_recording", consent.case_number,
                         f"recording {recording_id} under consent {consent_id}, {info.duration:.0f} s {info.codec}")
    except Exception:
        target.unlink(missing_ok=True)
        raise
    log.info("recording %s stored (%.0f s, %d channels)", recording_id, info.duration, info.channels)
    return recording_id


def _reject_stored_twice(connection: duckdb.DuckDBPyConnection, case_number: str, digest: str, name: str) -> None:
    """Raise SpeechError when the household already has a recording with this SHA-256."""
    row = connection.execute(
        "SELECT recording_id, consent_id FROM recordings WHERE case_number = ? AND sha256 = ? ORDER BY stored_at LIMIT 1",
        [case_number, digest],
    ).fetchone()
    if row is None:
        return
    recording_id, consent_id = row
    raise SpeechError(
        f"音声ファイル {name} は、同意 {consent_id} の録音 {recording_id} としてすでに保存されています。"
        f"同じ音声を二度保存することはできません。録音 {recording_id} を選んで文字起こしや記録作成に使ってください。",
        f"audio {name} (sha256 {digest[:12]}) already stored as {recording_id} under consent {consent_id}",
    )


def transcribe_recording(
    store: Store, user: User, recording_id: str, progress: Progress | None = None,
    split_channels: bool = False, options: TranscriptionOptions | None = None,
) -> list[Segment]:
    """Transcribe a stored recording in a worker process, store its segments and return them.

    The consent is checked before and again after the (long) transcription;
    a withdrawal in between discards the result. A partly decoded file is
    stored with status 一部のみ and its warning (see ``recording_info``).
    """
    with store.connect() as connection:
        consent_id, case_number, audio_path = _load(connection, user, recording_id, "録音を文字起こしする")
        require_valid_consent(connection, user, consent_id, "録音を文字起こしする")
        if audio_path is None:
            raise SpeechError(f"録音 {recording_id} の音声はすでに削除されています。", f"audio of {recording_id} deleted")
        settings = read_settings(connection, store.path)
        connection.execute("UPDATE recordings SET status = '文字起こし中' WHERE recording_id = ?", [recording_id])

    options = options or TranscriptionOptions()
    options = replace(
        options, model_folder=options.model_folder or settings.model_folder,
        split_channels=split_channels or options.split_channels, channel_labels=settings.channel_labels,
    )
    log.info("transcribing recording %s", recording_id)
    try:
        result = run_in_worker(audio_path, options, progress)
    except Exception:
        with store.connect() as connection:
            connection.execute("UPDATE recordings SET status = '失敗' WHERE recording_id = ?", [recording_id])
        raise

    with store.connect() as connection:
        require_valid_consent(connection, user, consent_id, "録音を文字起こしする")
        _save_segments(connection, recording_id, result.segments)
        status = "文字起こし済み" if result.warning_ja is None else "一部のみ"
        connection.execute(
            "UPDATE recordings SET status = ?, decoded_s = ?, warning = ?, model = ?, transcribed_at = current_timestamp"
            " WHERE recording_id = ?",
            [status, result.decoded_seconds, result.warning_ja, Path(result.model_folder).name, recording_id],
        )
        record_event(connection, user.user_id, "transcribe_recording", case_number,
                     f"recording {recording_id}: {len(result.segments)} segments, {result.decoded_seconds:.0f} s decoded")
    return result.segments


def _save_segments(connection: duckdb.DuckDBPyConnection, recording_id: str, segments: list[Segment]) -> None:
    """Replace a recording's transcript rows with ``segments``."""
    connection.execute("DELETE FROM transcript_segments WHERE recording_id = ?", [recording_id])
    if not segments:
        return
    rows = [
        [recording_id, s.segment_id, s.start, s.end, s.text, s.original_text, s.speaker, list(s.flags),
         json.dumps(s.as_dict()["corrections"], ensure_ascii=False), s.avg_logprob, s.no_speech_prob]
        for s in segments
    ]
    connection.executemany(
        "INSERT INTO transcript_segments (recording_id, segment_id, start_s, end_s, text, original_text, speaker, flags,"
        " corrections, avg_logprob, no_speech_prob) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        rows,
    )


def recording_segments(store: Store, user: User, recording_id: str) -> list[Segment]:
    """Return a recording's stored transcript segments in order."""
    with store.connect() as connection:
        _, case_number, _ = _load(connection, user, recording_id, "文字起こしを見る")
        rows = connection.execute(
            "SELECT segment_id, start_s, end_s, text, original_text, speaker, flags, corrections, avg_logprob, no_speech_prob"
            " FROM transcript_segments WHERE recording_id = ? ORDER BY segment_id", [recording_id],
        ).fetchall()
        record_event(connection, user.user_id, "view_transcript", case_number, f"recording {recording_id}")
    return [
        Segment(
            segment_id=row[0], start=row[1], end=row[2], text=row[3], original_text=row[4], speaker=row[5],
            flags=tuple(row[6]), corrections=corrections_from_dicts(json.loads(row[7]) if row[7] else []),
            avg_logprob=row[8], no_speech_prob=row[9],
        )
        for row in rows
    ]


def recording_audio_path(store: Store, user: User, recording_id: str) -> Path:
    """Return the stored audio file of a recording, for playback; raise when it was deleted."""
    with store.connect() as connection:
        _, case_number, audio_path = _load(connection, user, recording_id, "録音を再生する")
        record_event(connection, user.user_id, "play_recording", case_number, f"recording {recording_id}")
    if audio_path is None or not Path(audio_path).is_file():
        raise SpeechError(
            f"録音 {recording_id} の音声は削除済みです（記録の承認後の削除、または同意の撤回）。文字起こしは残っています。",
            f"audio of {recording_id} not kept",
        )
    return Path(audio_path)


def recording_info(store: Store, user: User, recording_id: str) -> RecordingInfo:
    """Return one recording's status, decoded seconds and warning."""
    with store.connect() as connection:
        _load(connection, user, recording_id, "録音を見る")
        row = connection.execute(f"SELECT {_INFO_COLUMNS} FROM recordings WHERE recording_id = ?", [recording_id]).fetchone()
    return RecordingInfo(*row)


def list_recordings(store: Store, user: User, case_number: str) -> list[RecordingInfo]:
    """Return a household's recordings, newest first (audited); the case number may lack its leading zeros."""
    case_number = normalise_case_number(case_number)
    with store.connect() as connection:
        check_household(connection, user, case_number, "録音の一覧を見る")
        rows = connection.execute(
            f"SELECT {_INFO_COLUMNS} FROM recordings WHERE case_number = ? ORDER BY stored_at DESC, recording_id DESC",
            [case_number],
        ).fetchall()
        record_event(connection, user.user_id, "list_recordings", case_number, f"{len(rows)} recordings")
    return [RecordingInfo(*row) for row in rows]


def delete_audio_after_approval(store: Store, user: User, recording_id: str, today: dt.date | None = None) -> dt.date | None:
    """Mark the recording's record approved and delete its audio, or keep it for the retention days.

    Returns the date until which the audio is kept, or None when it was
    deleted now. The transcript stays: it is the approved record's evidence.
    """
    today = today or dt.date.today()
    with store.connect() as connection:
        _, case_number, audio_path = _load(connection, user, recording_id, "承認後に録音を削除する")
        settings = read_settings(connection, store.path)
        connection.execute("UPDATE recordings SET approved_at = current_timestamp WHERE recording_id = ?", [recording_id])
        if settings.retention_days > 0:
            keep_until = today + dt.timedelta(days=settings.retention_days)
            connection.execute("UPDATE recordings SET delete_after = ? WHERE recording_id = ?", [keep_until, recording_id])
            record_event(connection, user.user_id, "retain_audio", case_number, f"recording {recording_id} kept until {keep_until}")
            log.info("recording %s audio kept until %s", recording_id, keep_until)
            return keep_until
        _delete_audio(connection, user.user_id, recording_id, case_number, audio_path, "record approved")
    return None


def _delete_audio(connection: duckdb.DuckDBPyConnection, user_id: str, recording_id: str, case_number: str, audio_path: str | None, reason: str) -> None:
    """Delete one recording's audio file and mark the row; the transcript rows stay."""
    connection.execute(
        "UPDATE recordings SET audio_path = NULL, status = '音声削除済み', deleted_at = current_timestamp WHERE recording_id = ?",
        [recording_id],
    )
    if audio_path:
        Path(audio_path).unlink(missing_ok=True)
    record_event(connection, user_id, "delete_audio", case_number, f"recording {recording_id}: {reason}")
    log.info("recording %s audio deleted (%s)", recording_id, reason)


def purge_expired_audio(store: Store, user: User, today: dt.date | None = None) -> int:
    """Delete the audio of approved recordings whose retention ended by ``today``; return how many."""
    require_role(user, Role.SUPERVISOR, Role.ADMIN, action="保存期間を過ぎた録音を削除する")
    today = today or dt.date.today()
    with store.connect() as connection:
        rows = connection.execute(
            "SELECT r.recording_id, r.case_number, r.audio_path FROM recordings r JOIN households h USING (case_number)"
            " WHERE r.audio_path IS NOT NULL AND r.delete_after IS NOT NULL AND r.delete_after <= ? AND h.office_code = ?",
            [today, user.office_code],
        ).fetchall()
        for recording_id, case_number, audio_path in rows:
            _delete_audio(connection, user.user_id, recording_id, case_number, audio_path, f"retention ended {today}")
    return len(rows)
