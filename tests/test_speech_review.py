"""Drafted case records with evidence: storage, edits, access, approval and playback."""

import base64
import datetime as dt
import io
import wave

import numpy as np
import pytest

from seiho.access import authenticate
from seiho.errors import AccessDenied
from seiho.speech import Segment
from seiho.speech_review import (
    ADDED, EDITED, UNCHANGED, DraftLocked, add_sentence, delete_sentence, edit_sentence, list_record_drafts,
    load_record_draft, save_draft_record, set_needs_check, submit_draft,
)
from seiho.speech_review.playback import clip_data_url
from seiho.speech_review.transcript import transcript_html

from conftest import PASSWORD

RECORDED_ON = dt.date(2026, 11, 20)


def user(store, user_id):
    return authenticate(store, user_id, PASSWORD)


def segments():
    return [
        Segment(0, 0.0, 2.5, "家賃は4万5千円です。", "やちんは4万5千円です。"),
        Segment(1, 2.5, 5.0, "年金は月6万円です。", "年金は月6万円です。", speaker="左", flags=("要確認",)),
        Segment(2, 5.0, 7.0, "来週また来ます。", "来週また来ます。"),
    ]


def make_draft():
    from seiho.drafting import Draft, DraftSentence

    return Draft(
        record_type="ケース記録", kind="visit", recorded_on=RECORDED_ON, heading="家庭訪問",
        field_order=("収入", "家賃", "次回訪問"),
        sentences=[
            DraftSentence(field="家賃", text="家賃45,000円。", evidence=(0,), needs_check=False, note=""),
            DraftSentence(field="収入", text="年金月60,000円。（要確認）", evidence=(1,), needs_check=True, note="聞き取りに印あり"),
            DraftSentence(field="次回訪問", text="来週訪問予定。", evidence=(1, 2), needs_check=False, note=""),
        ],
    )


def make_wav(path, seconds=7.0, rate=16_000):
    samples = (np.sin(2 * np.pi * 440 * np.arange(int(seconds * rate)) / rate) * 8000).astype("<i2")
    with wave.open(str(path), "wb") as writer:
        writer.setnchannels(1)
        writer.setsampwidth(2)
        writer.setframerate(rate)
        writer.writeframes(samples.tobytes())
    return path


@pytest.fixture
def saved(small_office):
    caseworker = user(small_office, "cw1")
    record_id = save_draft_record(small_office, caseworker, "00000001", make_draft(), recording_id="REC-test", segments=segments())
    return small_office, caseworker, record_id


def test_evidence_round_trip_keeps_sentences(saved):
    store, caseworker, record_id = saved
    record = load_record_draft(store, caseworker, record_id)
    assert [sentence.field for sentence in record.sentences] == ["家賃", "収入", "次回訪問"]
    assert [sentence.segment_ids for sentence in record.sentences] == [(0,), (1,), (1, 2)]
    assert record.sentences[2].start == 2.5
    assert record.sentences[2].end == 7.0
    assert record.sentences[1].needs_check is True
    assert record.sentences[0].edit_state == UNCHANGED


def test_evidence_round_trip_body_matches_draft(saved):
    store, caseworker, record_id = saved
    from seiho.records import get_record

    assert get_record(store, caseworker, record_id).body == make_draft().render()


def test_edit_keeps_evidence_marks_edited(saved):
    store, caseworker, record_id = saved
    record = edit_sentence(store, caseworker, record_id, 0, "家賃46,000円（本人申告）。")
    sentence = record.sentences[0]
    assert sentence.text == "家賃46,000円（本人申告）。"
    assert sentence.segment_ids == (0,)
    assert sentence.start == 0.0
    assert sentence.edit_state == EDITED
    assert sentence.draft_text == "家賃45,000円。"


def test_edit_rewrites_record_body(saved):
    store, caseworker, record_id = saved
    from seiho.records import get_record

    edit_sentence(store, caseworker, record_id, 0, "家賃46,000円。")
    body = get_record(store, caseworker, record_id).body
    assert "家賃46,000円。" in body
    assert "45,000" not in body


def test_added_sentence_has_no_evidence(saved):
    store, caseworker, record_id = saved
    record = add_sentence(store, caseworker, record_id, "今後の方針", "就労支援を継続する。")
    added = record.sentences[-1]
    assert added.segment_ids == ()
    assert added.start is None
    assert added.edit_state == ADDED


def test_edited_added_sentence_stays_added(saved):
    store, caseworker, record_id = saved
    add_sentence(store, caseworker, record_id, "今後の方針", "就労支援を継続する。")
    record = edit_sentence(store, caseworker, record_id, 3, "就労支援を続ける。")
    assert record.sentences[3].edit_state == ADDED


def test_delete_sentence_renumbers_rest(saved):
    store, caseworker, record_id = saved
    record = delete_sentence(store, caseworker, record_id, 0)
    assert [sentence.sentence_no for sentence in record.sentences] == [0, 1]
    assert record.sentences[0].field == "収入"
    assert record.sentences[1].segment_ids == (1, 2)


def test_clear_needs_check_counts(saved):
    store, caseworker, record_id = saved
    record = set_needs_check(store, caseworker, record_id, 1, False)
    assert record.needs_check_count == 0


def test_clear_needs_check_drops_mark(saved):
    store, caseworker, record_id = saved
    record = set_needs_check(store, caseworker, record_id, 1, False)
    assert record.sentences[1].text == "年金月60,000円。"


def test_submit_draft_refuses_needs_check(saved):
    store, caseworker, record_id = saved
    with pytest.raises(Exception, match="要確認の文が 1 件"):
        submit_draft(store, caseworker, record_id)


def test_empty_edit_is_rejected(saved):
    store, caseworker, record_id = saved
    with pytest.raises(Exception, match="文が空です"):
        edit_sentence(store, caseworker, record_id, 0, "  ")


def test_submit_draft_refuses_typed_mark(saved):
    store, caseworker, record_id = saved
    set_needs_check(store, caseworker, record_id, 1, False)
    edit_sentence(store, caseworker, record_id, 0, "家賃45,000円。（要確認）")
    with pytest.raises(Exception, match="要確認の文が 1 件"):
        submit_draft(store, caseworker, record_id)


def test_submitted_draft_is_locked(saved):
    store, caseworker, record_id = saved
    from seiho.records import submit

    submit(store, caseworker, record_id)
    with pytest.raises(DraftLocked):
        edit_sentence(store, caseworker, record_id, 0, "家賃46,000円。")


def test_other_caseworker_cannot_open_draft(saved):
    store, _, record_id = saved
    with pytest.raises(AccessDenied):
        load_record_draft(store, user(store, "cw2"), record_id)


def test_other_caseworker_list_is_empty(saved):
    store, _, _ = saved
    assert list_record_drafts(store, user(store, "cw2")) == []


def test_analyst_cannot_open_draft(saved):
    store, _, record_id = saved
    with pytest.raises(AccessDenied):
        load_record_draft(store, user(store, "ana1"), record_id)


def test_analyst_cannot_list_drafts(saved):
    store, _, _ = saved
    with pytest.raises(AccessDenied):
        list_record_drafts(store, user(store, "ana1"))


def test_supervisor_sees_office_draft(saved):
    store, _, record_id = saved
    rows = list_record_drafts(store, user(store, "sv1"))
    assert [row["record_id"] for row in rows] == [record_id]
    assert rows[0]["needs_check"] == 1


def test_supervisor_cannot_edit_draft(saved):
    store, _, record_id = saved
    with pytest.raises(AccessDenied):
        edit_sentence(store, user(store, "sv1"), record_id, 0, "家賃46,000円。")


def test_notes_draft_keeps_no_times(small_office):
    caseworker = user(small_office, "cw1")
    record_id = save_draft_record(small_office, caseworker, "00000001", make_draft(), segments=segments(), notes="家賃は4万5千円")
    record = load_record_draft(small_office, caseworker, record_id)
    assert record.source == "メモ"
    assert record.sentences[0].start is None
    assert record.notes == "家賃は4万5千円"


def test_draft_view_is_audited(saved):
    store, caseworker, record_id = saved
    load_record_draft(store, caseworker, record_id)
    with store.connect() as connection:
        count = connection.execute(
            "SELECT count(*) FROM audit_log WHERE action = 'record_draft_view' AND user_id = 'cw1' AND case_number = '00000001'"
        ).fetchone()[0]
    assert count == 1


def approve_recorded_draft(store, tmp_path):
    """Save, submit and approve a draft made from a stored recording; return the recording id."""
    from seiho.records import approve, submit
    from seiho.speech import record_consent, store_recording

    caseworker = user(store, "cw1")
    consent_id = record_consent(
        store, caseworker, "00000001", consented_at=dt.datetime(2026, 11, 20, 10, 0), method="口頭", present="本人",
    )
    recording_id = store_recording(store, caseworker, consent_id, make_wav(tmp_path / "visit.wav"))
    record_id = save_draft_record(store, caseworker, "00000001", make_draft(), recording_id=recording_id, segments=segments())
    submit(store, caseworker, record_id)
    approve(store, user(store, "sv1"), record_id)
    return recording_id


def test_approval_deletes_audio_via_hook(small_office, tmp_path):
    from seiho.speech import recording_info

    recording_id = approve_recorded_draft(small_office, tmp_path)
    assert recording_info(small_office, user(small_office, "cw1"), recording_id).audio_kept is False


def test_approval_keeps_audio_with_retention(small_office, tmp_path):
    from seiho.speech import recording_info
    from seiho.speech.settings import RETENTION_DAYS, write_setting

    with small_office.connect() as connection:
        write_setting(connection, RETENTION_DAYS, "30")
    recording_id = approve_recorded_draft(small_office, tmp_path)
    info = recording_info(small_office, user(small_office, "cw1"), recording_id)
    assert info.audio_kept is True
    assert info.delete_after is not None


def test_transcript_shows_flags_and_speaker():
    page = transcript_html(segments())
    assert "要確認" in page
    assert "左" in page


def test_transcript_marks_correction_beside_original():
    from seiho.lexicon import Correction

    segment = Segment(0, 0.0, 1.0, "預貯金はありません", "予賞金はありません",
                      corrections=(Correction(0, 3, "予賞金", "預貯金", "ヨチョキン", 0.9),))
    page = transcript_html([segment])
    assert '<mark class="seiho-corrected"' in page
    assert "（元: 予賞金）" in page


def test_transcript_highlights_evidence():
    page = transcript_html(segments(), highlighted=[1])
    assert page.count("seiho-evidence") == 1


def test_transcript_escapes_text():
    page = transcript_html([Segment(0, 0.0, 1.0, "<b>x</b>", "<b>x</b>")])
    assert "<b>x</b>" not in page


def test_clip_data_url_is_segment_wav(tmp_path):
    url = clip_data_url(make_wav(tmp_path / "tone.wav", seconds=5.0, rate=8_000), 1.0, 2.0)
    assert url.startswith("data:audio/wav;base64,")
    with wave.open(io.BytesIO(base64.b64decode(url.split(",", 1)[1]))) as reader:
        seconds = reader.getnframes() / reader.getframerate()
    # One second plus the padding on both sides, less a few milliseconds the resampler holds back.
    assert 1.5 <= seconds <= 1.61


def test_clip_of_missing_file_is_japanese_error(tmp_path):
    with pytest.raises(Exception, match="録音ファイル"):
        clip_data_url(tmp_path / "gone.wav", 0.0, 1.0)


def recorded_draft(store, tmp_path, seconds=7.0):
    """Save a draft from a stored recording under a new consent; return (consent_id, recording_id, record_id)."""
    from seiho.speech import record_consent, store_recording

    caseworker = user(store, "cw1")
    consent_id = record_consent(
        store, caseworker, "00000001", consented_at=dt.datetime(2026, 11, 20, 10, 0), method="口頭", present="本人",
    )
    recording_id = store_recording(store, caseworker, consent_id, make_wav(tmp_path / f"{consent_id}.wav", seconds))
    record_id = save_draft_record(store, caseworker, "00000001", make_draft(), recording_id=recording_id, segments=segments())
    return consent_id, recording_id, record_id


def rows_of_record(store, record_id):
    with store.connect() as connection:
        return {
            table: connection.execute(f"SELECT count(*) FROM {table} WHERE record_id = ?", [record_id]).fetchone()[0]
            for table in ("case_records", "record_drafts", "record_evidence", "case_record_reviews")
        }


@pytest.mark.parametrize("state", ["下書き", "承認待ち", "差戻し"])
def test_withdrawal_deletes_unapproved_record(small_office, tmp_path, state):
    from seiho.records import return_record, submit
    from seiho.speech import withdraw_consent

    consent_id, _, record_id = recorded_draft(small_office, tmp_path)
    if state in ("承認待ち", "差戻し"):
        submit(small_office, user(small_office, "cw1"), record_id)
    if state == "差戻し":
        return_record(small_office, user(small_office, "sv1"), record_id, "家賃の額を確かめてください。")
    result = withdraw_consent(small_office, user(small_office, "cw1"), consent_id)
    assert result.deleted_record_ids == (record_id,)
    assert rows_of_record(small_office, record_id) == {
        "case_records": 0, "record_drafts": 0, "record_evidence": 0, "case_record_reviews": 0,
    }


def test_withdrawal_keeps_approved_record_body(small_office, tmp_path):
    from seiho.records import approve, submit
    from seiho.speech import withdraw_consent

    consent_id, _, record_id = recorded_draft(small_office, tmp_path)
    caseworker = user(small_office, "cw1")
    add_sentence(small_office, caseworker, record_id, "次回訪問", "次回は月末に訪問する。")
    submit(small_office, caseworker, record_id)
    approve(small_office, user(small_office, "sv1"), record_id)
    with small_office.connect() as connection:
        body = connection.execute("SELECT body FROM case_records WHERE record_id = ?", [record_id]).fetchone()[0]

    result = withdraw_consent(small_office, caseworker, consent_id)
    assert result.deleted_record_ids == ()
    assert result.approved_record_ids == (record_id,)
    with small_office.connect() as connection:
        kept = connection.execute("SELECT status, body FROM case_records WHERE record_id = ?", [record_id]).fetchone()
        evidence = connection.execute(
            "SELECT sentence_no, text, draft_text, recording_id FROM record_evidence WHERE record_id = ?", [record_id]
        ).fetchall()
    assert kept == ("承認済み", body)
    assert evidence == [(0, "次回は月末に訪問する。", None, None)]


def test_withdrawal_keeps_other_recordings_records(small_office, tmp_path):
    from seiho.speech import withdraw_consent

    consent_id, _, record_id = recorded_draft(small_office, tmp_path)
    _, _, other_record_id = recorded_draft(small_office, tmp_path, seconds=8.0)
    withdraw_consent(small_office, user(small_office, "cw1"), consent_id)
    assert rows_of_record(small_office, record_id)["case_records"] == 0
    assert rows_of_record(small_office, other_record_id)["record_evidence"] == 3


def test_withdrawal_audit_names_records_not_text(small_office, tmp_path):
    from seiho.speech import withdraw_consent

    consent_id, _, record_id = recorded_draft(small_office, tmp_path)
    withdraw_consent(small_office, user(small_office, "cw1"), consent_id)
    with small_office.connect() as connection:
        detail = connection.execute("SELECT detail FROM audit_log WHERE action = 'withdraw_consent'").fetchone()[0]
    assert record_id in detail
    assert "1 unapproved records" in detail
    assert "家賃" not in detail


def test_withdrawal_message_counts_deleted_records(small_office, tmp_path):
    from seiho.speech import withdraw_consent

    consent_id, _, _ = recorded_draft(small_office, tmp_path)
    message = withdraw_consent(small_office, user(small_office, "cw1"), consent_id).message_ja
    assert "録音 1 件" in message
    assert "文字起こし 0 区間" in message
    assert "未承認の記録（下書き・承認待ち・差戻し）1 件" in message


def test_withdrawal_message_names_approved_record(small_office, tmp_path):
    from seiho.records import approve, submit
    from seiho.speech import withdraw_consent

    consent_id, _, record_id = recorded_draft(small_office, tmp_path)
    submit(small_office, user(small_office, "cw1"), record_id)
    approve(small_office, user(small_office, "sv1"), record_id)
    message = withdraw_consent(small_office, user(small_office, "cw1"), consent_id).message_ja
    assert f"承認済みの記録 1 件（{record_id}）" in message
    assert "根拠の文だけを削除" in message


def test_cli_withdraw_prints_deleted_records(small_office, tmp_path, capsys):
    from seiho.cli import main

    consent_id, _, _ = recorded_draft(small_office, tmp_path)
    code = main(["speech", "--db", str(small_office.path), "--user", "cw1", "withdraw", consent_id])
    assert code == 0
    assert "未承認の記録（下書き・承認待ち・差戻し）1 件を削除しました" in capsys.readouterr().out
