"""seiho.speech consent and stored recordings: refusal, withdrawal, retention, worker and the CLI."""

import datetime as dt
import json
import logging
import os
import shutil
from pathlib import Path

import pytest

from conftest import build_small_office
from seiho.access.users import acting_user
from seiho.cli import main
from seiho.errors import AccessDenied
from seiho.speech import (
    ConsentError,
    delete_audio_after_approval,
    list_recordings,
    purge_expired_audio,
    record_consent,
    recording_audio_path,
    recording_info,
    recording_segments,
    store_recording,
    transcribe_recording,
    withdraw_consent,
)
from seiho.speech.errors import SpeechError, WorkerCrashed
from seiho.speech.settings import RETENTION_DAYS, write_setting
from seiho.speech.transcribe import TranscriptionOptions
from seiho.speech.worker import run_in_worker

AUDIO = Path(__file__).parent / "data" / "audio"
NOW = dt.datetime(2026, 11, 20, 10, 0)
FAST = TranscriptionOptions(cpu_threads=2, beam_size=2)


@pytest.fixture(scope="module")
def transcribed(tmp_path_factory):
    """An office with one consented, transcribed recording (one worker run for the module)."""
    store = build_small_office(tmp_path_factory.mktemp("speech"))
    cw1 = acting_user(store, "cw1")
    consent_id = record_consent(store, cw1, "00000001", consented_at=NOW, method="口頭", present="本人、担当CW")
    recording_id = store_recording(store, cw1, consent_id, AUDIO / "speech.wav")
    progress = []
    segments = transcribe_recording(store, cw1, recording_id, progress=lambda done, total: progress.append(done), options=FAST)
    return store, cw1, consent_id, recording_id, segments, progress


def _consent(store, user_id="cw1", case_number="00000001"):
    user = acting_user(store, user_id)
    return user, record_consent(store, user, case_number, consented_at=NOW, method="書面", present="本人、長女、担当CW")


def test_store_without_consent_refused(small_office):
    with pytest.raises(ConsentError, match="同意"):
        store_recording(small_office, acting_user(small_office, "cw1"), "CON-none", AUDIO / "speech.wav")


def test_store_after_withdrawal_refused(small_office):
    user, consent_id = _consent(small_office)
    withdraw_consent(small_office, user, consent_id)
    with pytest.raises(ConsentError, match="撤回"):
        store_recording(small_office, user, consent_id, AUDIO / "speech.wav")


def test_transcribe_after_withdrawal_refused(small_office):
    user, consent_id = _consent(small_office)
    recording_id = store_recording(small_office, user, consent_id, AUDIO / "speech.wav")
    withdraw_consent(small_office, acting_user(small_office, "sv1"), consent_id)
    with pytest.raises(SpeechError, match="ありません"):
        transcribe_recording(small_office, user, recording_id)


def test_consent_other_caseworker_denied(small_office):
    with pytest.raises(AccessDenied):
        _consent(small_office, "cw2", "00000001")


def test_consent_analyst_denied(small_office):
    with pytest.raises(AccessDenied):
        _consent(small_office, "ana1", "00000001")


def test_consent_unknown_method_refused(small_office):
    user = acting_user(small_office, "cw1")
    with pytest.raises(ConsentError, match="口頭"):
        record_consent(small_office, user, "00000001", consented_at=NOW, method="黙示", present="本人")


def test_consent_unknown_member_refused(small_office):
    user = acting_user(small_office, "cw1")
    with pytest.raises(ConsentError, match="世帯員番号 7"):
        record_consent(small_office, user, "00000001", consented_at=NOW, method="口頭", present="本人", member_no=7)


def test_consent_case_number_without_zeros(small_office):
    user = acting_user(small_office, "cw1")
    consent_id = record_consent(small_office, user, "1", consented_at=NOW, method="口頭", present="本人")
    assert _consent_case_number(small_office, consent_id) == "00000001"


def test_consent_case_number_full_width(small_office):
    user = acting_user(small_office, "cw1")
    consent_id = record_consent(small_office, user, "０００００００１", consented_at=NOW, method="口頭", present="本人")
    assert _consent_case_number(small_office, consent_id) == "00000001"


def _consent_case_number(store, consent_id):
    with store.connect() as connection:
        return connection.execute("SELECT case_number FROM recording_consents WHERE consent_id = ?", [consent_id]).fetchone()[0]


def test_store_corrupt_audio_refused(small_office):
    user, consent_id = _consent(small_office)
    with pytest.raises(SpeechError, match="開けません"):
        store_recording(small_office, user, consent_id, AUDIO / "not-audio.mp3")


def test_store_copies_audio_outside_repository(small_office):
    user, consent_id = _consent(small_office)
    recording_id = store_recording(small_office, user, consent_id, AUDIO / "speech.wav")
    assert recording_audio_path(small_office, user, recording_id).parent.parent == small_office.path.with_name("office.recordings")


def test_store_same_audio_twice_rejected(small_office):
    user, consent_id = _consent(small_office)
    recording_id = store_recording(small_office, user, consent_id, AUDIO / "speech.wav")
    with pytest.raises(SpeechError, match=f"録音 {recording_id} としてすでに保存"):
        store_recording(small_office, user, consent_id, AUDIO / "speech.wav")


def test_store_same_audio_twice_keeps_one(small_office):
    user, consent_id = _consent(small_office)
    store_recording(small_office, user, consent_id, AUDIO / "speech.wav")
    with pytest.raises(SpeechError):
        store_recording(small_office, user, consent_id, AUDIO / "speech.wav")
    assert len(list_recordings(small_office, user, "00000001")) == 1


def test_transcribe_recording_stores_segments(transcribed):
    store, cw1, _, recording_id, segments, _ = transcribed
    assert [s.text for s in recording_segments(store, cw1, recording_id)] == [s.text for s in segments]


def test_transcribe_recording_heard_rent(transcribed):
    *_, segments, _ = transcribed
    assert "アパート" in "".join(segment.text for segment in segments)


def test_transcribe_recording_reports_progress(transcribed):
    *_, progress = transcribed
    assert progress[-1] == pytest.approx(6.6, abs=0.1)


def test_transcribe_recording_status_done(transcribed):
    store, cw1, _, recording_id, _, _ = transcribed
    assert recording_info(store, cw1, recording_id).status == "文字起こし済み"


def test_transcribe_truncated_status_partial(small_office):
    user, consent_id = _consent(small_office)
    recording_id = store_recording(small_office, user, consent_id, AUDIO / "truncated.wav")
    transcribe_recording(small_office, user, recording_id, options=FAST)
    info = recording_info(small_office, user, recording_id)
    assert info.status == "一部のみ"
    assert "3.3 秒" in info.warning


def test_transcribe_truncated_ogg_status_partial(small_office):
    user, consent_id = _consent(small_office)
    recording_id = store_recording(small_office, user, consent_id, AUDIO / "truncated.ogg")
    transcribe_recording(small_office, user, recording_id, options=FAST)
    assert recording_info(small_office, user, recording_id).status == "一部のみ"


def test_transcribe_truncated_logs_no_warning(small_office, caplog):
    user, consent_id = _consent(small_office)
    recording_id = store_recording(small_office, user, consent_id, AUDIO / "truncated.wav")
    caplog.set_level(logging.INFO, logger="seiho")
    transcribe_recording(small_office, user, recording_id, options=FAST)
    assert [record.message for record in caplog.records if record.levelno >= logging.WARNING] == []


def test_withdrawal_deletes_audio_and_transcript(tmp_path, transcribed):
    store, cw1, consent_id, recording_id, _, _ = transcribed
    # Work on a copy, so the other tests of the module keep their recording.
    copy = tmp_path / "office.duckdb"
    shutil.copyfile(store.path, copy)
    audio = recording_audio_path(store, cw1, recording_id)
    moved = tmp_path / "office.recordings" / audio.parent.name / audio.name
    moved.parent.mkdir(parents=True)
    shutil.copyfile(audio, moved)
    from seiho.store import Store

    office = Store(copy)
    with office.connect() as connection:
        connection.execute("UPDATE recordings SET audio_path = ? WHERE recording_id = ?", [str(moved), recording_id])
    withdraw_consent(office, cw1, consent_id)
    with office.connect() as connection:
        left = connection.execute(
            "SELECT (SELECT count(*) FROM recordings) + (SELECT count(*) FROM transcript_segments)"
        ).fetchone()[0]
        fact = connection.execute("SELECT count(*) FROM audit_log WHERE action = 'withdraw_consent' AND detail LIKE ?", [f"%{recording_id}%"]).fetchone()[0]
    assert not moved.exists()
    assert left == 0
    assert fact == 1


def test_approval_deletes_audio_without_retention(small_office):
    user, consent_id = _consent(small_office)
    recording_id = store_recording(small_office, user, consent_id, AUDIO / "speech.mp3")
    audio = recording_audio_path(small_office, user, recording_id)
    delete_audio_after_approval(small_office, acting_user(small_office, "sv1"), recording_id)
    assert not audio.exists()


def test_approval_keeps_audio_for_retention_days(small_office):
    with small_office.connect() as connection:
        write_setting(connection, RETENTION_DAYS, "30")
    user, consent_id = _consent(small_office)
    recording_id = store_recording(small_office, user, consent_id, AUDIO / "speech.mp3")
    keep_until = delete_audio_after_approval(small_office, user, recording_id, today=dt.date(2026, 11, 20))
    assert keep_until == dt.date(2026, 12, 20)
    assert recording_audio_path(small_office, user, recording_id).exists()


def test_purge_after_retention_deletes_audio(small_office):
    with small_office.connect() as connection:
        write_setting(connection, RETENTION_DAYS, "30")
    user, consent_id = _consent(small_office)
    recording_id = store_recording(small_office, user, consent_id, AUDIO / "speech.mp3")
    audio = recording_audio_path(small_office, user, recording_id)
    delete_audio_after_approval(small_office, user, recording_id, today=dt.date(2026, 11, 20))
    purged = purge_expired_audio(small_office, acting_user(small_office, "sv1"), today=dt.date(2026, 12, 21))
    assert purged == 1
    assert not audio.exists()


def test_purge_before_retention_keeps_audio(small_office):
    with small_office.connect() as connection:
        write_setting(connection, RETENTION_DAYS, "30")
    user, consent_id = _consent(small_office)
    recording_id = store_recording(small_office, user, consent_id, AUDIO / "speech.mp3")
    delete_audio_after_approval(small_office, user, recording_id, today=dt.date(2026, 11, 20))
    assert purge_expired_audio(small_office, acting_user(small_office, "sv1"), today=dt.date(2026, 12, 1)) == 0


def crash_job(path, options, messages, log_level):
    """A worker job that dies as a native crash would, without a word."""
    os._exit(3)


def test_worker_crash_japanese_error():
    with pytest.raises(WorkerCrashed, match="異常終了"):
        run_in_worker(AUDIO / "speech.wav", FAST, job=crash_job)


def test_worker_missing_model_japanese(tmp_path):
    options = TranscriptionOptions(model_folder=str(tmp_path / "no-model"))
    with pytest.raises(SpeechError, match="モデルのフォルダ"):
        run_in_worker(AUDIO / "speech.wav", options)


def test_cli_transcribe_writes_json(small_office, tmp_path, capsys):
    db = str(small_office.path)
    main(["speech", "--db", db, "--user", "cw1", "consent", "00000002", "--method", "口頭", "--present", "本人"])
    consent_id = capsys.readouterr().out.strip().split("同意ID: ")[1]
    out = tmp_path / "t.json"
    code = main(["transcribe", str(AUDIO / "speech.ogg"), "--consent", consent_id, "--db", db, "--user", "cw1", "--json", str(out)])
    assert code == 0
    segments = json.loads(out.read_text(encoding="utf-8"))["segments"]
    assert "保護" in "".join(segment["text"] for segment in segments)


def test_cli_transcribe_without_consent_exit_2(small_office, capsys):
    code = main(["transcribe", str(AUDIO / "speech.ogg"), "--consent", "CON-none", "--db", str(small_office.path), "--user", "cw1"])
    assert code == 2


def test_cli_transcribe_empty_consent_message(small_office, capsys):
    code = main(["transcribe", str(AUDIO / "speech.ogg"), "--consent", "", "--db", str(small_office.path), "--user", "cw1"])
    error = capsys.readouterr().err
    assert code == 2
    assert "録音同意のIDを指定してください" in error
    assert "録音同意  は" not in error


def test_withdraw_unknown_consent_message(small_office):
    with pytest.raises(ConsentError) as caught:
        withdraw_consent(small_office, acting_user(small_office, "cw1"), "CON-none")
    message = caught.value.message_ja
    assert "録音同意 CON-none は記録されていません" in message
    assert "録音の前に" not in message
    assert "ケース記録作成の「録音から作成」" in message


def test_cli_consent_help_has_description(capsys):
    with pytest.raises(SystemExit):
        main(["speech", "consent", "--help"])
    assert "録音に同意したこと（日時・方法・同席者）を記録し" in capsys.readouterr().out
