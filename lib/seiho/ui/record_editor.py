"""Check, edit and submit a drafted record; a supervisor approves or returns it and exports approved records."""

import base64
import datetime as dt
import html
import logging
import tempfile
from pathlib import Path

import ipywidgets as widgets

from seiho.access import User
from seiho.drafting import record_fields
from seiho.errors import SeihoError
from seiho.speech_review.evidence import (
    ADDED, EDITED, SOURCE_NOTES, RecordDraft, add_sentence, delete_sentence, edit_sentence, list_record_drafts, load_record_draft, set_needs_check,
    submit_draft,
)
from seiho.speech_review.playback import audio_html, clip_data_url
from seiho.speech_review.transcript import clock, place_label
from seiho.store import Store
from seiho.ui.record_sources import TranscriptView, _message

log = logging.getLogger(__name__)

NO_RECORD = ("（下書きを選んでください）", "")
NO_PENDING = ("（承認待ちの記録を選んでください）", "")


def record_label(row: dict) -> str:
    """Return a chooser line: date, case number, name, title, status and the 要確認 count."""
    check = f"・要確認{row['needs_check']}" if row["needs_check"] else ""
    return f"{row['recorded_on']:%Y-%m-%d} {row['case_number']} {row['head_name']} {row['title']}（{row['status']}{check}）"


def sentence_label(sentence) -> str:
    """Return one line of the sentence list: field, text and its marks."""
    marks = []
    # The drafter already ends a 要確認 sentence with （要確認）; do not repeat it.
    if sentence.needs_check and "要確認" not in sentence.text:
        marks.append("要確認")
    if sentence.edit_state != "下書きのまま":
        marks.append(sentence.edit_state)
    suffix = f" 〔{'・'.join(marks)}〕" if marks else ""
    return f"{sentence.sentence_no + 1}. 【{sentence.field}】{sentence.text}{suffix}"


def body_html(record: RecordDraft) -> str:
    """Return the record body as it will be saved, escaped, with line breaks kept."""
    return f'<pre class="seiho-body" style="white-space: pre-wrap">{html.escape(record.render())}</pre>'


class RecordView(widgets.VBox):
    """One drafted record: its sentences, and the transcript with the selected sentence's evidence marked."""

    def __init__(self, store: Store, user: User):
        self.store = store
        self.user = user
        self.record: RecordDraft | None = None
        self.segments = []
        self.info = widgets.HTML()
        self.sentences = widgets.Select(options=[], rows=6, description="文", layout=widgets.Layout(width="98%"))
        self.detail = widgets.HTML()
        self.evidence = TranscriptView(self.play)
        self.transcript = TranscriptView(self.play)
        self.body = widgets.HTML()
        self.sentences.observe(lambda _: self.show_sentence(), names="value")
        self.source = widgets.Accordion(children=[self.transcript, self.body])
        self.source.titles = ["文字起こし全文（根拠を黄色で表示）", "保存される本文"]
        super().__init__([self.info, self.sentences, self.detail, self.evidence, self.source])

    @property
    def from_notes(self) -> bool:
        """True when the shown record was drafted from typed notes, so its evidence is note lines, not recording times."""
        return self.record is not None and self.record.source == SOURCE_NOTES

    def show(self, record: RecordDraft | None, segments=None) -> None:
        """Show a record; load its transcript unless ``segments`` are given."""
        self.record = record
        if record is None:
            self.info.value = ""
            self.sentences.options = []
            self.detail.value = ""
            self.evidence.show([])
            self.transcript.show([])
            self.body.value = ""
            return
        self.segments = segments if segments is not None else self._load_segments(record)
        self.source.titles = ["メモ全文（根拠を黄色で表示）" if self.from_notes else "文字起こし全文（根拠を黄色で表示）", "保存される本文"]
        self.info.value = self._info_html(record)
        selected = self.sentences.value
        self.sentences.options = [(sentence_label(sentence), sentence.sentence_no) for sentence in record.sentences]
        if selected is not None and selected < len(record.sentences):
            self.sentences.value = selected
        self.body.value = body_html(record)
        self.show_sentence()

    def _load_segments(self, record: RecordDraft) -> list:
        if record.recording_id:
            from seiho.speech import recording_segments

            try:
                return recording_segments(self.store, self.user, record.recording_id)
            except SeihoError as error:
                log.info("transcript of record %s not shown: %s", record.record_id, error.detail)
                return []
        if record.notes:
            from seiho.drafting import segments_from_notes

            return list(segments_from_notes(record.notes))
        return []

    def _info_html(self, record: RecordDraft) -> str:
        from seiho.records import get_record

        parts = [
            f"<p><b>{html.escape(record.title)}</b>　{record.recorded_on:%Y年%-m月%-d日}　{html.escape(record.record_type)}"
            f"　状態: {html.escape(record.status)}　作成元: {html.escape(record.source)}　要確認 {record.needs_check_count} 文</p>"
        ]
        comment = get_record(self.store, self.user, record.record_id).return_comment
        if comment:
            parts.append(f'<p class="seiho-error">差戻しのコメント: {html.escape(comment)}</p>')
        if record.source == "録音" and not self.segments:
            parts.append('<p class="seiho-note">文字起こしは削除されたか、まだありません。</p>')
        return "".join(parts)

    def selected_sentence(self):
        if self.record is None or self.sentences.value is None:
            return None
        return self.record.sentences[self.sentences.value]

    def show_sentence(self) -> None:
        """Show the selected sentence's marks and evidence, and mark its segments in the transcript."""
        sentence = self.selected_sentence()
        playable = bool(self.record and self.record.recording_id)
        if sentence is None:
            self.detail.value = '<p class="seiho-note">文を選ぶと、その根拠になった発言を表示します。</p>'
            self.evidence.show([])
            self.transcript.show(self.segments, playable=playable, from_notes=self.from_notes)
            return

        lines = [f"<p><b>【{html.escape(sentence.field)}】</b>{html.escape(sentence.text)}</p>"]
        if sentence.needs_check:
            source = "メモ" if self.from_notes else "録音"
            lines.append(f'<p class="seiho-needs-check">要確認: {html.escape(sentence.note or f"{source}と照らして確かめてください")}</p>')
        if sentence.edit_state == ADDED:
            lines.append('<p class="seiho-sentence-state">追加した文のため、根拠の発言はありません。</p>')
        elif sentence.edit_state == EDITED:
            lines.append(f'<p class="seiho-sentence-state">編集前: {html.escape(sentence.draft_text)}</p>')
        if sentence.start is not None:
            lines.append(f'<p class="seiho-sentence-state">根拠: {place_label(sentence.start, sentence.end, self.from_notes)}</p>')
        self.detail.value = "".join(lines)
        evidence = [segment for segment in self.segments if segment.segment_id in set(sentence.segment_ids)]
        self.evidence.show(evidence, playable=playable, from_notes=self.from_notes)
        self.transcript.show(self.segments, highlighted=sentence.segment_ids, playable=playable, from_notes=self.from_notes)

    def play(self, segment) -> None:
        """Play one segment of the record's recording."""
        from seiho.speech import recording_audio_path

        player = self.evidence.player
        try:
            path = recording_audio_path(self.store, self.user, self.record.recording_id)
            player.value = audio_html(clip_data_url(path, segment.start, segment.end), f"{clock(segment.start)}–{clock(segment.end)} を再生")
        except SeihoError as error:
            player.value = _message("error", error.message_ja)


class RecordEditor(widgets.VBox):
    """The list of drafts, the sentence editor and 提出 for a caseworker, and a read-only view of the office's drafts for a supervisor."""

    def __init__(self, store: Store, user: User):
        self.store = store
        self.user = user
        self.chooser = widgets.Dropdown(options=[NO_RECORD], description="下書き", layout=widgets.Layout(width="95%"))
        self.reload_button = widgets.Button(description="一覧を更新")
        self.view = RecordView(store, user)
        self.text = widgets.Textarea(layout=widgets.Layout(width="95%", height="70px"))
        self.save_button = widgets.Button(description="文を保存", button_style="primary")
        self.check_button = widgets.Button(description="要確認を外す")
        self.delete_button = widgets.Button(description="この文を削除", button_style="danger")
        # The fields come from the drafter's own field list, set per record kind when a draft opens.
        self.new_field = widgets.Dropdown(options=record_fields(), description="項目")
        self.new_text = widgets.Textarea(placeholder="追加する文", layout=widgets.Layout(width="70%", height="50px"))
        self.add_button = widgets.Button(description="文を追加")
        self.submit_button = widgets.Button(description="査察指導員に提出", button_style="success")
        self.status = widgets.HTML()

        self.chooser.observe(lambda _: self.open_selected(), names="value")
        self.reload_button.on_click(lambda _: self.refresh_list(select=self.chooser.value))
        self.view.sentences.observe(lambda _: self._fill_text(), names="value")
        self.save_button.on_click(lambda _: self.save_sentence())
        self.check_button.on_click(lambda _: self.toggle_check())
        self.delete_button.on_click(lambda _: self.delete())
        self.add_button.on_click(lambda _: self.add())
        self.submit_button.on_click(lambda _: self.submit())

        self.edit_box = widgets.VBox([
            self.text,
            widgets.HBox([self.save_button, self.check_button, self.delete_button]),
            widgets.HBox([self.new_field, self.new_text, self.add_button]),
            self.submit_button,
        ])
        super().__init__([widgets.HBox([self.chooser, self.reload_button]), self.status, self.view, self.edit_box])
        self.refresh_list()

    def refresh_list(self, select: str | None = None, segments=None) -> None:
        """Reload the drafts the user may see and open ``select`` when given."""
        try:
            rows = list_record_drafts(self.store, self.user)
        except SeihoError as error:
            self.status.value = _message("error", error.message_ja)
            return
        self._segments_for = (select, segments)
        self.chooser.options = [NO_RECORD] + [(record_label(row), row["record_id"]) for row in rows]
        if select and select in {row["record_id"] for row in rows}:
            self.chooser.value = select
            self.open_selected()
        elif not select:
            self.chooser.value = ""

    def open_selected(self) -> None:
        """Load and show the chosen draft."""
        record_id = self.chooser.value
        self.status.value = ""
        if not record_id:
            self.view.show(None)
            self.edit_box.layout.display = "none"
            return
        try:
            record = load_record_draft(self.store, self.user, record_id)
        except SeihoError as error:
            self.status.value = _message("error", error.message_ja)
            return
        known_id, known_segments = getattr(self, "_segments_for", (None, None))
        self.view.show(record, segments=known_segments if known_id == record_id else None)
        self._show_editing(record)

    def _show_editing(self, record: RecordDraft) -> None:
        from seiho.access import Role

        editable = record.editable and self.user.role is Role.CASEWORKER
        self.edit_box.layout.display = "" if editable else "none"
        self.new_field.options = record_fields(record.kind)
        self._fill_text()

    def _fill_text(self) -> None:
        sentence = self.view.selected_sentence()
        self.text.value = sentence.text if sentence else ""
        if sentence is not None:
            self.check_button.description = "要確認を外す" if sentence.needs_check else "要確認にする"

    def _apply(self, change, done: str) -> None:
        try:
            record = change()
        except SeihoError as error:
            self.status.value = _message("error", error.message_ja)
            return
        self.view.show(record, segments=self.view.segments)
        self._fill_text()
        self.status.value = _message("note", done)

    def save_sentence(self) -> None:
        """Save the edited text of the selected sentence."""
        sentence = self.view.selected_sentence()
        if sentence is None:
            self.status.value = _message("error", "直す文を選んでください。")
            return
        record_id = self.view.record.record_id
        text = self.text.value
        done = "文を保存しました。" + self._unsupported_numbers_note(sentence, text)
        self._apply(lambda: edit_sentence(self.store, self.user, record_id, sentence.sentence_no, text), done)

    def _unsupported_numbers_note(self, sentence, text: str) -> str:
        """Return a warning when the edited text has a number that the sentence's evidence does not contain."""
        from seiho.drafting.normalise import normalise_text, numbers_in

        recorded_on = self.view.record.recorded_on
        evidence = [segment for segment in self.view.segments if segment.segment_id in set(sentence.segment_ids)]
        if not evidence:
            return ""
        heard = numbers_in("".join(normalise_text(segment.text, recorded_on) for segment in evidence))
        missing = sorted(numbers_in(normalise_text(text, recorded_on)) - heard)
        if not missing:
            return ""
        shown = "、".join(f"{number:,}" for number in missing)
        return f"ただし、直した文の数（{shown}）は根拠の箇所にありません。録音やメモと照らして確かめてください。査察指導員には編集前の文も表示されます。"

    def toggle_check(self) -> None:
        """Mark or clear 要確認 on the selected sentence."""
        sentence = self.view.selected_sentence()
        if sentence is None:
            self.status.value = _message("error", "文を選んでください。")
            return
        record_id = self.view.record.record_id
        self._apply(lambda: set_needs_check(self.store, self.user, record_id, sentence.sentence_no, not sentence.needs_check), "要確認の印を変えました。")

    def delete(self) -> None:
        """Delete the selected sentence."""
        sentence = self.view.selected_sentence()
        if sentence is None:
            self.status.value = _message("error", "削除する文を選んでください。")
            return
        record_id = self.view.record.record_id
        self.view.sentences.value = None
        self._apply(lambda: delete_sentence(self.store, self.user, record_id, sentence.sentence_no), "文を削除しました。")

    def add(self) -> None:
        """Append the typed sentence under the chosen field."""
        if self.view.record is None:
            self.status.value = _message("error", "下書きを選んでください。")
            return
        record_id = self.view.record.record_id
        self._apply(lambda: add_sentence(self.store, self.user, record_id, self.new_field.value, self.new_text.value), "文を追加しました（根拠なし）。")
        self.new_text.value = ""

    def submit(self) -> None:
        """Send the draft to the supervisor."""
        record = self.view.record
        if record is None:
            self.status.value = _message("error", "提出する下書きを選んでください。")
            return
        try:
            submit_draft(self.store, self.user, record.record_id)
        except SeihoError as error:
            self.status.value = _message("error", error.message_ja)
            return
        self.refresh_list(select=record.record_id)
        self.status.value = _message("note", "査察指導員に提出しました。")


class ReviewPanel(widgets.VBox):
    """The supervisor's queue of submitted drafts: approve or return with a comment, and export approved records."""

    def __init__(self, store: Store, user: User):
        self.store = store
        self.user = user
        self.chooser = widgets.Dropdown(options=[NO_PENDING], description="承認待ち", layout=widgets.Layout(width="95%"))
        self.reload_button = widgets.Button(description="一覧を更新")
        self.view = RecordView(store, user)
        self.comment = widgets.Textarea(placeholder="差し戻すときは直してほしい点を書いてください（承認のときは任意）", layout=widgets.Layout(width="95%", height="60px"))
        self.approve_button = widgets.Button(description="承認", button_style="success")
        self.return_button = widgets.Button(description="差戻し", button_style="warning")
        # From the first of this month by default: the whole office's history is tens of megabytes in one link.
        self.export_since = widgets.DatePicker(description="承認日から", value=dt.date.today().replace(day=1))
        self.export_encoding = widgets.Dropdown(options=[("UTF-8（BOM付き）", "utf-8-sig"), ("Shift_JIS（CP932）", "cp932")], description="文字コード")
        self.export_button = widgets.Button(description="承認済みを CSV で書き出す", layout=widgets.Layout(width="17em"))
        self.download = widgets.HTML()
        self.status = widgets.HTML()

        self.chooser.observe(lambda _: self.open_selected(), names="value")
        self.reload_button.on_click(lambda _: self.refresh_list())
        self.approve_button.on_click(lambda _: self.approve())
        self.return_button.on_click(lambda _: self.return_draft())
        self.export_button.on_click(lambda _: self.export())
        super().__init__([
            widgets.HBox([self.chooser, self.reload_button]), self.status, self.view, self.comment,
            widgets.HBox([self.approve_button, self.return_button]),
            widgets.HTML("<h4>承認済みの記録の書き出し</h4>"),
            widgets.HBox([self.export_since, self.export_encoding, self.export_button]), self.download,
        ])
        self.refresh_list()

    def refresh_list(self) -> None:
        """Reload the drafts waiting for approval."""
        try:
            rows = list_record_drafts(self.store, self.user, status="承認待ち")
        except SeihoError as error:
            self.status.value = _message("error", error.message_ja)
            return
        self.chooser.options = [NO_PENDING] + [(record_label(row), row["record_id"]) for row in rows]
        self.chooser.value = ""
        self.view.show(None)
        if not rows:
            self.status.value = _message("note", "承認待ちの下書きはありません。")

    def open_selected(self) -> None:
        """Show the chosen submitted draft; a message about an earlier record is cleared."""
        if not self.chooser.value:
            self.view.show(None)
            return
        self.status.value = ""
        try:
            self.view.show(load_record_draft(self.store, self.user, self.chooser.value))
        except SeihoError as error:
            self.status.value = _message("error", error.message_ja)

    def approve(self) -> None:
        """Approve the chosen draft; the approval hook then deletes its audio unless the office keeps it."""
        from seiho.records import approve

        if not self.chooser.value:
            self.status.value = _message("error", "承認する下書きを選んでください。")
            return
        recording_id = self.view.record.recording_id if self.view.record is not None else None
        try:
            approve(self.store, self.user, self.chooser.value, self.comment.value)
        except SeihoError as error:
            self.status.value = _message("error", error.message_ja)
            return
        self.comment.value = ""
        self.refresh_list()
        self.status.value = _message("note", "承認しました。" + self._audio_after_approval(recording_id))

    def _audio_after_approval(self, recording_id: str | None) -> str:
        """Return what happened to the recording's audio: deleted now, or kept until a date by the office's setting."""
        from seiho.speech import recording_info

        if recording_id is None:
            return ""
        try:
            info = recording_info(self.store, self.user, recording_id)
        except SeihoError:
            return ""
        if not info.audio_kept:
            return "録音の音声は削除しました。"
        if info.delete_after is not None:
            return f"録音の音声は、事務所の保存期間の設定により {info.delete_after.year}年{info.delete_after.month}月{info.delete_after.day}日に削除します。"
        return ""

    def return_draft(self) -> None:
        """Return the chosen draft to its caseworker with the comment."""
        from seiho.records import return_record

        if not self.chooser.value:
            self.status.value = _message("error", "差し戻す下書きを選んでください。")
            return
        try:
            return_record(self.store, self.user, self.chooser.value, self.comment.value)
        except SeihoError as error:
            self.status.value = _message("error", error.message_ja)
            return
        self.comment.value = ""
        self.refresh_list()
        self.status.value = _message("note", "差し戻しました。")

    def export(self) -> None:
        """Write the approved records as CSV and offer the file as a download link."""
        from seiho.records import export_approved_csv

        encoding = self.export_encoding.value
        name = f"case_records_{dt.date.today():%Y%m%d}.csv"
        try:
            with tempfile.TemporaryDirectory(prefix="seiho-export-") as folder:
                result = export_approved_csv(
                    self.store, self.user, Path(folder) / name, since=self.export_since.value,
                    encoding=encoding, replace_unencodable=True,
                )
                content = result.path.read_bytes()
        except SeihoError as error:
            self.download.value = _message("error", error.message_ja)
            return
        # A data URL keeps the file inside the page, so nothing is written where other users could read it.
        link = f'<a download="{name}" href="data:text/csv;base64,{base64.b64encode(content).decode("ascii")}">{name} を保存</a>'
        notes = f"（{len(result.substitutions)} 文字を〓に置き換えました）" if result.substitutions else ""
        self.download.value = f"<p>{result.rows} 件を書き出しました{notes}。{link}</p>"
