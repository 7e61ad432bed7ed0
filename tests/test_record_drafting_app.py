"""The ケース記録作成 app driven through its widgets without a browser; only the tests that transcribe load the Whisper model."""

import datetime as dt
from pathlib import Path

import pytest

from seiho.access import authenticate
from seiho.ui.apps import record_drafting_dashboard
from seiho.ui.record_drafting import RecordDraftingApp

from conftest import PASSWORD

NOTES = "主訴は生活費の不足。\n家賃は4万5千円。\n来週の火曜日にまた訪問する。"


@pytest.fixture(autouse=True)
def no_model(monkeypatch, tmp_path):
    # The app must open even when no Whisper model is installed.
    monkeypatch.setenv("SEIHO_WHISPER_MODEL", str(tmp_path / "no-model"))


def app_for(store, user_id):
    return RecordDraftingApp(store, authenticate(store, user_id, PASSWORD), today=dt.date(2026, 11, 20))


def test_dashboard_builds_login_gate(small_office):
    assert record_drafting_dashboard(small_office) is not None


def test_caseworker_app_tabs(small_office):
    app = app_for(small_office, "cw1")
    assert app.tabs.titles == ("録音から作成", "メモから作成", "下書きの確認・編集")


def test_caseworker_sees_own_households(small_office):
    app = app_for(small_office, "cw1")
    case_numbers = [value for _, value in app.recording_panel.household.options if value]
    assert case_numbers == ["00000001", "00000002"]


def test_supervisor_app_tabs(small_office):
    app = app_for(small_office, "sv1")
    assert app.tabs.titles == ("下書きの確認・編集", "承認")


def test_analyst_gets_notice(small_office):
    app = app_for(small_office, "ana1")
    assert "作成・承認できません" in app.children[1].value


def test_household_without_consent_says_so(small_office):
    app = app_for(small_office, "cw1")
    app.recording_panel.household.value = "00000001"
    assert "有効な録音同意はありません" in app.recording_panel.consent_status.value


def test_consent_form_records_consent(small_office):
    panel = app_for(small_office, "cw1").recording_panel
    panel.household.value = "00000001"
    panel.consent_time.value = "10:30"
    panel.consent_present.value = "本人"
    panel.add_consent()
    assert panel.consent.value.startswith("CON-")


def test_consent_bad_time_is_japanese_error(small_office):
    panel = app_for(small_office, "cw1").recording_panel
    panel.household.value = "00000001"
    panel.consent_time.value = "朝"
    panel.consent_present.value = "本人"
    panel.add_consent()
    assert "読めません" in panel.consent_status.value


def test_consent_in_future_shown_beside_button(small_office):
    panel = app_for(small_office, "cw1").recording_panel
    panel.household.value = "00000001"
    panel.consent_date.value = dt.date.today() + dt.timedelta(days=2)
    panel.consent_present.value = "本人"
    panel.add_consent()
    assert "未来になっています" in panel.consent_status.value


def test_consent_message_follows_consent_button(small_office):
    panel = app_for(small_office, "cw1").recording_panel
    children = list(panel.children)
    assert children.index(panel.consent_status) == children.index(panel.consent_form) + 1


def test_upload_without_consent_shown_beside_button(small_office):
    panel = app_for(small_office, "cw1").recording_panel
    panel.household.value = "00000001"
    panel.save_upload()
    assert "先に録音同意を選ぶか記録してください" in panel.recording_status.value


def test_upload_message_not_in_transcription_line(small_office):
    panel = app_for(small_office, "cw1").recording_panel
    panel.household.value = "00000001"
    panel.save_upload()
    assert panel.status.value == ""


def test_consent_time_prefilled(small_office):
    panel = app_for(small_office, "cw1").recording_panel
    assert dt.datetime.strptime(panel.consent_time.value, "%H:%M")


def test_consent_empty_time_rejected(small_office):
    panel = app_for(small_office, "cw1").recording_panel
    panel.household.value = "00000001"
    panel.consent_time.value = ""
    panel.consent_present.value = "本人"
    panel.add_consent()
    assert "時刻" in panel.consent_status.value


def test_transcribe_disabled_without_recording(small_office):
    panel = app_for(small_office, "cw1").recording_panel
    assert panel.transcribe_button.disabled


def test_transcribe_enabled_once_recording_chosen(small_office):
    panel = panel_with_upload(small_office)
    assert not panel.transcribe_button.disabled


def test_transcribe_disabled_when_recording_cleared(small_office):
    panel = panel_with_upload(small_office)
    panel.recording.value = ""
    assert panel.transcribe_button.disabled


def test_transcribe_without_recording_asks_for_one(small_office):
    panel = app_for(small_office, "cw1").recording_panel
    panel.start_transcription()
    assert "録音を選んでください" in panel.status.value


def test_notes_draft_opens_in_editor(small_office):
    app = app_for(small_office, "cw1")
    app.notes_panel.household.value = "00000001"
    app.notes_panel.notes.value = NOTES
    app.notes_panel.make_draft()
    assert app.tabs.selected_index == 2
    assert app.editor.view.record is not None
    assert len(app.editor.view.sentences.options) >= 1


def test_selected_sentence_highlights_evidence(small_office):
    app = app_for(small_office, "cw1")
    app.notes_panel.household.value = "00000001"
    app.notes_panel.notes.value = NOTES
    app.notes_panel.make_draft()
    app.editor.view.sentences.value = 0
    rows = "".join(row.value for row in app.editor.view.transcript.rows.children)
    assert "seiho-evidence" in rows


def test_editor_save_marks_edited(small_office):
    app = app_for(small_office, "cw1")
    app.notes_panel.household.value = "00000001"
    app.notes_panel.notes.value = NOTES
    app.notes_panel.make_draft()
    editor = app.editor
    editor.view.sentences.value = 0
    editor.text.value = "生活費が足りないとの相談。"
    editor.save_sentence()
    assert "編集済み" in editor.view.sentences.options[0][0]


def test_supervisor_approves_submitted_notes_draft(small_office):
    caseworker_app = app_for(small_office, "cw1")
    caseworker_app.notes_panel.household.value = "00000001"
    caseworker_app.notes_panel.notes.value = NOTES
    caseworker_app.notes_panel.make_draft()
    editor = caseworker_app.editor
    for sentence in editor.view.record.sentences:
        if sentence.needs_check:
            editor.view.sentences.value = sentence.sentence_no
            editor.toggle_check()
    editor.submit()
    assert "提出しました" in editor.status.value

    review = app_for(small_office, "sv1").review_panel
    review.chooser.value = editor.view.record.record_id
    review.approve()
    assert "承認しました" in review.status.value


def notes_app(store, notes=NOTES):
    app = app_for(store, "cw1")
    app.notes_panel.household.value = "00000001"
    app.notes_panel.notes.value = notes
    app.notes_panel.make_draft()
    return app


def test_notes_evidence_names_line(small_office):
    view = notes_app(small_office).editor.view
    view.sentences.value = 1
    rows = "".join(row.value for row in view.evidence.rows.children)
    assert "2行目" in rows


def test_notes_transcript_rows_name_lines(small_office):
    view = notes_app(small_office).editor.view
    rows = "".join(row.value for row in view.transcript.rows.children)
    assert "1行目" in rows
    assert "1:00" not in rows


def test_notes_transcript_not_called_transcription(small_office):
    view = notes_app(small_office).editor.view
    assert view.source.titles[0].startswith("メモ全文")


def test_notes_submit_blocked_names_notes(small_office):
    editor = notes_app(small_office, "それは三万円くらいでした。").editor
    editor.submit()
    assert "メモと照らして" in editor.status.value


def test_notes_approval_mentions_no_recording(small_office):
    editor = notes_app(small_office, "家賃は4万5千円。").editor
    for sentence in editor.view.record.sentences:
        if sentence.needs_check:
            editor.view.sentences.value = sentence.sentence_no
            editor.toggle_check()
    editor.submit()
    review = app_for(small_office, "sv1").review_panel
    review.chooser.value = editor.view.record.record_id
    review.approve()
    assert "録音" not in review.status.value


def submitted_notes_draft(store, notes):
    editor = notes_app(store, notes).editor
    for sentence in editor.view.record.sentences:
        if sentence.needs_check:
            editor.view.sentences.value = sentence.sentence_no
            editor.toggle_check()
    editor.submit()
    return editor.view.record.record_id


def test_review_message_cleared_for_next_record(small_office):
    first = submitted_notes_draft(small_office, "家賃は4万5千円。")
    second = submitted_notes_draft(small_office, "預貯金はない。")
    review = app_for(small_office, "sv1").review_panel
    review.chooser.value = first
    review.approve()
    assert "承認しました" in review.status.value
    review.chooser.value = second
    assert review.status.value == ""


def test_add_field_choices_match_drafter(small_office):
    from seiho.drafting import record_fields

    editor = notes_app(small_office).editor
    assert tuple(editor.new_field.options) == record_fields("visit")


def test_add_field_choices_include_work_history(small_office):
    editor = notes_app(small_office).editor
    assert "生活歴・就労" in editor.new_field.options


def test_add_field_choices_include_living(small_office):
    editor = notes_app(small_office).editor
    assert "生活状況" in editor.new_field.options


def test_supervisor_return_needs_comment(small_office):
    caseworker_app = app_for(small_office, "cw1")
    caseworker_app.notes_panel.household.value = "00000001"
    caseworker_app.notes_panel.notes.value = "家賃は4万5千円。"
    caseworker_app.notes_panel.make_draft()
    editor = caseworker_app.editor
    for sentence in editor.view.record.sentences:
        if sentence.needs_check:
            editor.view.sentences.value = sentence.sentence_no
            editor.toggle_check()
    editor.submit()

    review = app_for(small_office, "sv1").review_panel
    review.chooser.value = editor.view.record.record_id
    review.return_draft()
    assert "コメント" in review.status.value


def test_export_offers_data_url(small_office):
    review = app_for(small_office, "sv1").review_panel
    review.export()
    assert 'href="data:text/csv;base64,' in review.download.value


AUDIO = Path(__file__).parent / "data" / "audio"


def panel_with_upload(store, name="speech.wav"):
    panel = app_for(store, "cw1").recording_panel
    panel.household.value = "00000001"
    panel.consent_time.value = "10:30"
    panel.consent_present.value = "本人"
    panel.add_consent()
    content = (AUDIO / name).read_bytes()
    panel.upload.value = ({"name": "visit.wav", "type": "audio/wav", "size": len(content), "content": memoryview(content), "last_modified": dt.datetime(2026, 11, 20, 10, 30, tzinfo=dt.timezone.utc)},)
    panel.save_upload()
    return panel


def test_upload_stores_recording(small_office):
    panel = panel_with_upload(small_office)
    assert panel.recording.value.startswith("REC")


def test_transcription_without_model_shows_error(small_office):
    panel = panel_with_upload(small_office)
    panel.start_transcription()
    panel._worker.join(timeout=120)
    assert "seiho-error" in panel.status.value
    assert panel.transcribe_button.disabled is False


def test_recording_to_draft_with_model(small_office, monkeypatch):
    monkeypatch.delenv("SEIHO_WHISPER_MODEL")
    panel = panel_with_upload(small_office)
    panel.start_transcription()
    panel._worker.join(timeout=300)
    assert panel.progress.value == 100
    assert panel.segments != []
    panel.play(panel.segments[0])
    assert "data:audio/wav;base64," in panel.transcript.player.value
    panel.make_draft()
    assert "下書きを保存しました" in panel.status.value


def test_transcript_view_pages_to_evidence():
    from seiho.speech import Segment
    from seiho.ui.record_sources import TranscriptView

    view = TranscriptView(play=lambda segment: None)
    segments = [Segment(number, number * 2.0, number * 2.0 + 2.0, f"発言{number}", f"発言{number}") for number in range(100)]
    view.show(segments, highlighted=[85])
    assert view.page == 2
    assert len(view.rows.children) == 20
    assert "81〜100 区間目" in view.page_label.value


def test_transcript_rows_keep_their_height():
    from seiho.speech import Segment
    from seiho.ui.record_sources import TranscriptView

    view = TranscriptView(play=lambda segment: None)
    view.show([Segment(number, 0.0, 1.0, "x", "x") for number in range(40)])
    # A row that may shrink is squeezed into the scrolling box instead of scrolling.
    assert {row.layout.flex for row in view.rows.children} == {"0 0 auto"}
    assert view.rows.layout.overflow == "auto"


def test_transcript_view_turns_pages():
    from seiho.speech import Segment
    from seiho.ui.record_sources import TranscriptView

    view = TranscriptView(play=lambda segment: None)
    view.show([Segment(number, 0.0, 1.0, "x", "x") for number in range(50)])
    view.turn(1)
    assert view.page == 1
    view.turn(1)
    assert view.page == 1
    assert view.next_button.disabled is True


def test_truncated_recording_shows_warning(small_office, monkeypatch):
    monkeypatch.delenv("SEIHO_WHISPER_MODEL")
    panel = panel_with_upload(small_office, "truncated.wav")
    panel.start_transcription()
    panel._worker.join(timeout=300)
    assert "途中で切れている" in panel.status.value


def test_review_export_defaults_to_this_month(small_office):
    review = app_for(small_office, "sv1").review_panel
    assert review.export_since.value == dt.date.today().replace(day=1)
    assert review.chooser.options[0][0] == "（承認待ちの記録を選んでください）"


def test_withdrawal_message_counts_deletions(small_office):
    panel = panel_with_upload(small_office)
    panel.withdraw_confirm.value = True
    panel.withdraw()
    assert "を撤回し、録音 1 件の音声" in panel.consent_status.value


def test_edit_with_unheard_number_warns(small_office):
    editor = notes_app(small_office, "家賃は4万5千円。").editor
    editor.view.sentences.value = 0
    editor.text.value = "家賃は50,000円。"
    editor.save_sentence()
    assert "直した文の数（50,000）は根拠の箇所にありません" in editor.status.value


def test_edit_with_heard_number_no_warning(small_office):
    editor = notes_app(small_office, "家賃は4万5千円。").editor
    editor.view.sentences.value = 0
    editor.text.value = "家賃は月45,000円。"
    editor.save_sentence()
    assert "根拠の箇所にありません" not in editor.status.value
