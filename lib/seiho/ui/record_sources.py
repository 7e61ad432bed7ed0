"""The two ways into a draft: a consented recording (transcribed in a worker process) or typed notes."""

import datetime as dt
import html
import logging
import tempfile
import threading
from pathlib import Path
from typing import Callable

import ipywidgets as widgets

from seiho.access import User
from seiho.errors import SeihoError
from seiho.speech_review.households import household_consents, recording_label
from seiho.speech_review.playback import audio_html, clip_data_url
from seiho.speech_review.transcript import clock, segment_html
from seiho.store import Store

log = logging.getLogger(__name__)

NO_HOUSEHOLD = ("（世帯を選んでください）", "")
CONSENT_METHODS = ["口頭", "書面"]
AUDIO_TYPES = ".wav,.mp3,.m4a,.aac,.mp4,.ogg,.opus,.webm"

OpenDraft = Callable[..., None]


def _message(kind: str, text: str) -> str:
    css = "seiho-error" if kind == "error" else "seiho-note"
    return f'<p class="{css}">{html.escape(text)}</p>'


# Rows of the scrolling transcript keep their natural height. A flex column
# with a maximum height would otherwise shrink 40 rows into it, unreadable.
ROW_FLEX = "0 0 auto"


class TranscriptView(widgets.VBox):
    """The transcript a page at a time, one row per segment with a ▶ button that plays that segment."""

    # Segments per page: a 60-minute recording has several hundred, and each
    # row is a pair of widgets the browser has to draw.
    PAGE_SIZE = 40

    def __init__(self, play: Callable[[object], None]):
        self.play = play
        self.segments = []
        self.marked: set[int] = set()
        self.playable = True
        self.from_notes = False
        self.page = 0
        self.player = widgets.HTML()
        self.rows = widgets.VBox(layout=widgets.Layout(max_height="420px", overflow="auto"))
        self.previous_button = widgets.Button(description="前のページ", layout=widgets.Layout(width="8em"))
        self.next_button = widgets.Button(description="次のページ", layout=widgets.Layout(width="8em"))
        self.page_label = widgets.HTML()
        self.previous_button.on_click(lambda _: self.turn(-1))
        self.next_button.on_click(lambda _: self.turn(1))
        self.pager = widgets.HBox([self.previous_button, self.page_label, self.next_button])
        super().__init__([self.player, self.pager, self.rows])

    def show(self, segments, highlighted=(), playable: bool = True, from_notes: bool = False) -> None:
        """Lay out the segments on the page of the first highlighted one; highlighted segment ids are marked as evidence.

        Segments of typed notes (``from_notes``) are labelled by line number and cannot be played.
        """
        self.segments = list(segments)
        self.marked = set(highlighted)
        self.from_notes = from_notes
        self.playable = playable and not from_notes
        positions = [index for index, segment in enumerate(self.segments) if segment.segment_id in self.marked]
        self.page = positions[0] // self.PAGE_SIZE if positions else 0
        self._draw()

    def turn(self, step: int) -> None:
        """Show the previous (-1) or next (+1) page."""
        last = max(0, (len(self.segments) - 1) // self.PAGE_SIZE)
        self.page = min(last, max(0, self.page + step))
        self._draw()

    def _draw(self) -> None:
        first = self.page * self.PAGE_SIZE
        shown = self.segments[first:first + self.PAGE_SIZE]
        rows = []
        for segment in shown:
            text = widgets.HTML(segment_html(segment, segment.segment_id in self.marked, self.from_notes),
                                layout=widgets.Layout(width="92%", flex=ROW_FLEX))
            if self.playable:
                button = widgets.Button(description="▶", tooltip=f"{clock(segment.start)}から再生",
                                        layout=widgets.Layout(width="3em", flex=ROW_FLEX))
                button.on_click(lambda _, chosen=segment: self.play(chosen))
                rows.append(widgets.HBox([button, text], layout=widgets.Layout(flex=ROW_FLEX)))
            else:
                rows.append(text)
        if not rows:
            empty = "メモの文はありません。" if self.from_notes else "文字起こしの結果はまだありません。"
            rows = [widgets.HTML(f'<p class="seiho-note">{empty}</p>')]
        self.rows.children = rows

        paged = len(self.segments) > self.PAGE_SIZE
        self.pager.layout.display = "" if paged else "none"
        if paged:
            unit = "文" if self.from_notes else "区間"
            self.page_label.value = f"<span class='seiho-note'>{first + 1}〜{first + len(shown)} {unit}目（全 {len(self.segments)} {unit}）</span>"
            self.previous_button.disabled = self.page == 0
            self.next_button.disabled = first + len(shown) >= len(self.segments)


class RecordingPanel(widgets.VBox):
    """Choose a household, record or check consent, store or pick a recording, transcribe it and draft."""

    def __init__(self, store: Store, user: User, households, kind_options, open_draft: OpenDraft, today: dt.date | None = None):
        self.store = store
        self.user = user
        self.open_draft = open_draft
        self.segments = []
        self._worker: threading.Thread | None = None
        today = today or dt.date.today()

        self.household = widgets.Dropdown(options=[NO_HOUSEHOLD, *households], description="世帯", layout=widgets.Layout(width="60%"))
        self.consent = widgets.Dropdown(options=[], description="録音同意", layout=widgets.Layout(width="80%"))
        self.consent_date = widgets.DatePicker(description="同意日", value=today)
        # Prefilled with the current time, so an empty-looking field is never mistaken for a filled one.
        self.consent_time = widgets.Text(
            description="時刻", value=dt.datetime.now().strftime("%H:%M"), placeholder="時:分で入力", layout=widgets.Layout(width="14em"),
        )
        self.consent_method = widgets.Dropdown(options=CONSENT_METHODS, description="同意の方法")
        self.consent_present = widgets.Text(description="同席者", placeholder="例: 本人、長女")
        self.consent_button = widgets.Button(description="同意を記録", button_style="primary")
        self.withdraw_confirm = widgets.Checkbox(description="撤回すると録音・文字起こし・未承認の記録を削除します", value=False, indent=False)
        self.withdraw_button = widgets.Button(description="同意を撤回", button_style="danger")

        self.recording = widgets.Dropdown(options=[], description="録音", layout=widgets.Layout(width="80%"))
        self.upload = widgets.FileUpload(accept=AUDIO_TYPES, multiple=False, description="録音ファイルを選ぶ", layout=widgets.Layout(width="14em"))
        self.upload_button = widgets.Button(description="録音を保存")
        self.kind = widgets.Dropdown(options=kind_options, description="記録の種類")
        self.recorded_on = widgets.DatePicker(description="記録日", value=today)
        self.transcribe_button = widgets.Button(description="文字起こし", button_style="primary", disabled=True, tooltip="録音を選ぶと押せます")
        self.progress = widgets.IntProgress(value=0, min=0, max=100, description="進み具合", layout=widgets.Layout(width="60%"))
        self.draft_button = widgets.Button(description="下書きを作る", button_style="success", disabled=True)
        # Each section has its own message line right under its buttons: at 1024×768 one line at the
        # bottom of the tab would be off screen when a button of the consent section is pressed.
        self.consent_status = widgets.HTML()
        self.recording_status = widgets.HTML()
        self.status = widgets.HTML()
        self.transcript = TranscriptView(self.play)

        self.household.observe(lambda _: self.load_household(), names="value")
        self.consent.observe(lambda _: self._show_recordings(), names="value")
        self.consent_button.on_click(lambda _: self.add_consent())
        self.withdraw_button.on_click(lambda _: self.withdraw())
        self.upload_button.on_click(lambda _: self.save_upload())
        self.recording.observe(lambda _: self.load_transcript(), names="value")
        self.transcribe_button.on_click(lambda _: self.start_transcription())
        self.draft_button.on_click(lambda _: self.make_draft())

        self.consent_form = widgets.VBox([
            widgets.HTML('<p class="seiho-note">録音は、その都度ご本人の同意を得てから始めてください。同意がない録音は保存も文字起こしもできません。</p>'),
            widgets.HBox([self.consent_date, self.consent_time]),
            widgets.HBox([self.consent_method, self.consent_present]),
            self.consent_button,
        ])
        withdraw_row = widgets.HBox([self.withdraw_confirm, self.withdraw_button])
        super().__init__([
            self.household,
            widgets.HTML("<h4>1. 録音同意</h4>"), self.consent, self.consent_form, self.consent_status, withdraw_row,
            widgets.HTML("<h4>2. 録音</h4>"), self.recording, widgets.HBox([self.upload, self.upload_button]), self.recording_status,
            widgets.HTML("<h4>3. 文字起こしと下書き</h4>"), widgets.HBox([self.kind, self.recorded_on]),
            widgets.HBox([self.transcribe_button, self.draft_button]), self.status, self.progress, self.transcript,
        ])

    def _say(self, line: widgets.HTML, kind: str, text: str) -> None:
        """Show one message on a section's line and clear the other lines, so no stale message stays."""
        for other in (self.consent_status, self.recording_status, self.status):
            other.value = ""
        line.value = _message(kind, text)

    @property
    def case_number(self) -> str:
        return self.household.value or ""

    def load_household(self) -> None:
        """List the chosen household's consents and recordings."""
        from seiho.speech import list_recordings

        self.segments = []
        self.transcript.show([])
        for line in (self.consent_status, self.recording_status, self.status):
            line.value = ""
        self.draft_button.disabled = True
        if not self.case_number:
            self.consent.options = []
            self.recording.options = []
            return
        try:
            consents = household_consents(self.store, self.user, self.case_number)
            self._recordings = list_recordings(self.store, self.user, self.case_number)
        except SeihoError as error:
            self._say(self.consent_status, "error", error.message_ja)
            return
        self.consent.options = [(row.label, row.consent_id) for row in consents if row.withdrawn_at is None]
        if not self.consent.options:
            self._say(self.consent_status, "note", "この世帯の有効な録音同意はありません。上の欄で同意を記録してください。")
        self._show_recordings()

    def _show_recordings(self) -> None:
        recordings = [row for row in getattr(self, "_recordings", []) if row.consent_id == self.consent.value]
        self.recording.options = [("（録音を選ぶか、ファイルを保存してください）", "")] + [(recording_label(row), row.recording_id) for row in recordings]

    def add_consent(self) -> None:
        """Record the consent entered in the form for the chosen household."""
        from seiho.speech import record_consent

        if not self.case_number:
            self._say(self.consent_status, "error", "先に世帯を選んでください。")
            return
        try:
            consented_at = self._consent_time()
            consent_id = record_consent(
                self.store, self.user, self.case_number, consented_at=consented_at,
                method=self.consent_method.value, present=self.consent_present.value.strip() or None,
            )
        except SeihoError as error:
            self._say(self.consent_status, "error", error.message_ja)
            return
        self.load_household()
        self.consent.value = consent_id
        self._say(self.consent_status, "note", f"{consented_at:%Y-%m-%d %H:%M} の録音同意を記録しました。")

    def _consent_time(self) -> dt.datetime:
        if self.consent_date.value is None:
            raise SeihoError("同意日を入力してください。", "consent without date")
        text = self.consent_time.value.strip().replace("：", ":")
        if not text:
            raise SeihoError("同意の時刻を 10:30 のように時:分で入力してください。", "consent without time")
        try:
            clock_time = dt.datetime.strptime(text, "%H:%M").time()
        except ValueError:
            raise SeihoError(f"時刻「{text}」は読めません。10:30 のように時:分で入力してください。", f"bad consent time {text!r}") from None
        return dt.datetime.combine(self.consent_date.value, clock_time)

    def withdraw(self) -> None:
        """Withdraw the chosen consent once the box confirming the deletion is ticked."""
        from seiho.speech import withdraw_consent

        if not self.consent.value:
            self._say(self.consent_status, "error", "撤回する録音同意を選んでください。")
            return
        if not self.withdraw_confirm.value:
            self._say(self.consent_status, "error", "撤回すると、録音と文字起こし、その録音から作った未承認の記録が削除されます。確認の欄にチェックを入れてから押してください。")
            return
        try:
            withdrawal = withdraw_consent(self.store, self.user, self.consent.value)
        except SeihoError as error:
            self._say(self.consent_status, "error", error.message_ja)
            return
        self.withdraw_confirm.value = False
        self.load_household()
        self._say(self.consent_status, "note", withdrawal.message_ja)

    def save_upload(self) -> None:
        """Store the uploaded file as a recording under the chosen consent."""
        from seiho.speech import list_recordings, store_recording

        if not self.consent.value:
            self._say(self.recording_status, "error", "先に録音同意を選ぶか記録してください。")
            return
        if not self.upload.value:
            self._say(self.recording_status, "error", "録音ファイルを選んでください。")
            return
        uploaded = self.upload.value[0]
        name = Path(uploaded["name"]).name
        try:
            # store_recording copies the file into the recording store; the
            # temporary copy is removed with its folder.
            with tempfile.TemporaryDirectory(prefix="seiho-upload-") as folder:
                path = Path(folder) / name
                path.write_bytes(bytes(uploaded["content"]))
                recording_id = store_recording(self.store, self.user, self.consent.value, path)
        except SeihoError as error:
            self._say(self.recording_status, "error", error.message_ja)
            return
        self.upload.value = ()
        self._recordings = list_recordings(self.store, self.user, self.case_number)
        self._show_recordings()
        self.recording.value = recording_id
        self._say(self.recording_status, "note", f"録音「{name}」を保存しました。「文字起こし」を押してください。")

    def load_transcript(self) -> None:
        """Show the stored transcript of the chosen recording, if it was transcribed before."""
        from seiho.speech import recording_segments

        self.segments = []
        self.draft_button.disabled = True
        transcribing = self._worker is not None and self._worker.is_alive()
        self.transcribe_button.disabled = transcribing or not self.recording.value
        if not self.recording.value:
            self.transcript.show([])
            return
        try:
            self.segments = recording_segments(self.store, self.user, self.recording.value)
        except SeihoError as error:
            self._say(self.recording_status, "error", error.message_ja)
            return
        self.transcript.show(self.segments)
        self.draft_button.disabled = not self.segments

    def start_transcription(self) -> None:
        """Transcribe the chosen recording in a background thread that updates the progress bar."""
        if not self.recording.value:
            self._say(self.status, "error", "文字起こしする録音を選んでください。")
            return
        if self._worker is not None and self._worker.is_alive():
            self._say(self.status, "note", "文字起こしの途中です。終わるまでお待ちください。")
            return
        self.progress.value = 0
        self.transcribe_button.disabled = True
        self._say(self.status, "note", "文字起こしをしています。別の作業をしていてもかまいません。")
        self._worker = threading.Thread(target=self._transcribe, args=(self.recording.value,), daemon=True)
        self._worker.start()

    def _transcribe(self, recording_id: str) -> None:
        from seiho.speech import recording_info, transcribe_recording

        def progress(done: float, total: float) -> None:
            if total > 0:
                self.progress.value = min(100, int(100 * done / total))

        try:
            segments = transcribe_recording(self.store, self.user, recording_id, progress=progress)
            warning = recording_info(self.store, self.user, recording_id).warning
        except SeihoError as error:
            log.info("transcription of recording %s failed: %s", recording_id, error.detail)
            self._say(self.status, "error", error.message_ja)
            return
        except Exception:  # the thread must report every failure on the page, never die silently
            log.exception("transcription of recording %s failed unexpectedly", recording_id)
            self._say(self.status, "error", "文字起こしが予期しない理由で失敗しました。管理者にログの確認を依頼してください。")
            return
        finally:
            self.transcribe_button.disabled = not self.recording.value

        self.progress.value = 100
        if self.recording.value == recording_id:
            self.segments = segments
            self.transcript.show(segments)
            self.draft_button.disabled = not segments
        flagged = sum(1 for segment in segments if segment.flags)
        done = _message("note", f"文字起こしが終わりました（{len(segments)}区間、うち要確認などの印 {flagged}区間）。")
        # A partly decoded file still gives segments, so its warning must stay on screen beside them.
        self.status.value = done + (_message("error", warning) if warning else "")

    def play(self, segment) -> None:
        """Play one segment of the chosen recording in the page."""
        from seiho.speech import recording_audio_path

        try:
            path = recording_audio_path(self.store, self.user, self.recording.value)
            url = clip_data_url(path, segment.start, segment.end)
        except SeihoError as error:
            self.transcript.player.value = _message("error", error.message_ja)
            return
        self.transcript.player.value = audio_html(url, f"{clock(segment.start)}–{clock(segment.end)} を再生")

    def make_draft(self) -> None:
        """Draft the record from the transcript, save it and open it in the editor."""
        from seiho.drafting import draft_record
        from seiho.speech_review.evidence import save_draft_record

        if not self.segments:
            self._say(self.status, "error", "先に文字起こしをしてください。")
            return
        try:
            draft = draft_record(self.segments, self.kind.value, self.recorded_on.value)
            record_id = save_draft_record(
                self.store, self.user, self.case_number, draft, recording_id=self.recording.value, segments=self.segments,
            )
        except SeihoError as error:
            self._say(self.status, "error", error.message_ja)
            return
        self._say(self.status, "note", "下書きを保存しました。「下書きの確認・編集」で確かめてください。")
        self.open_draft(record_id, segments=self.segments)


class NotesPanel(widgets.VBox):
    """Typed notes to a draft, without a recording."""

    def __init__(self, store: Store, user: User, households, kind_options, open_draft: OpenDraft, today: dt.date | None = None):
        self.store = store
        self.user = user
        self.open_draft = open_draft
        self.household = widgets.Dropdown(options=[NO_HOUSEHOLD, *households], description="世帯", layout=widgets.Layout(width="60%"))
        self.kind = widgets.Dropdown(options=kind_options, description="記録の種類")
        self.recorded_on = widgets.DatePicker(description="記録日", value=today or dt.date.today())
        self.notes = widgets.Textarea(
            placeholder="面接・訪問のメモを入力してください（1行に1つの事柄）。例: 家賃は4万5千円。",
            layout=widgets.Layout(width="95%", height="220px"),
        )
        self.draft_button = widgets.Button(description="下書きを作る", button_style="success")
        self.status = widgets.HTML()
        self.draft_button.on_click(lambda _: self.make_draft())
        super().__init__([
            self.household, widgets.HBox([self.kind, self.recorded_on]), self.notes, self.draft_button, self.status,
        ])

    def make_draft(self) -> None:
        """Draft the record from the notes, save it and open it in the editor."""
        from seiho.drafting import draft_record, segments_from_notes
        from seiho.speech_review.evidence import save_draft_record

        if not self.household.value:
            self.status.value = _message("error", "先に世帯を選んでください。")
            return
        if not self.notes.value.strip():
            self.status.value = _message("error", "メモを入力してください。")
            return
        try:
            segments = segments_from_notes(self.notes.value)
            draft = draft_record(segments, self.kind.value, self.recorded_on.value)
            record_id = save_draft_record(self.store, self.user, self.household.value, draft, notes=self.notes.value)
        except SeihoError as error:
            self.status.value = _message("error", error.message_ja)
            return
        self.status.value = _message("note", "下書きを保存しました。「下書きの確認・編集」で確かめてください。")
        self.open_draft(record_id, segments=segments)
