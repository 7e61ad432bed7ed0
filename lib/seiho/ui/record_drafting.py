"""The ケース記録作成 app: from a consented recording or typed notes to a draft, its review and approval.

Tabs: 録音から作成 (household, consent, recording, transcription, draft),
メモから作成 (typed notes to a draft), 下書きの確認・編集 (each sentence with
its evidence in the transcript) and, for supervisors, 承認. The state lives in
``seiho.speech_review``; this module lays out widgets and wires callbacks.
"""

import datetime as dt
import html
import logging

import ipywidgets as widgets

from seiho.access import Role, User
from seiho.speech_review.households import draftable_households
from seiho.speech_review.transcript import TRANSCRIPT_CSS
from seiho.store import Store
from seiho.ui.record_editor import RecordEditor, ReviewPanel
from seiho.ui.record_sources import NotesPanel, RecordingPanel

log = logging.getLogger(__name__)

KIND_OPTIONS = [("家庭訪問", "visit"), ("来所面接（面接記録票）", "intake"), ("電話", "phone")]


class RecordDraftingApp(widgets.VBox):
    """The whole ケース記録作成 screen for one logged-in user."""

    def __init__(self, store: Store, user: User, today: dt.date | None = None):
        self.store = store
        self.user = user
        title = widgets.HTML('<div class="seiho-title">ケース記録作成</div>')
        if user.role not in (Role.CASEWORKER, Role.SUPERVISOR):
            notice = widgets.HTML(
                f'<p class="seiho-note">{html.escape(user.role_label)}の権限ではケース記録を作成・承認できません。'
                "ケース記録は担当のケースワーカーが作成し、査察指導員が承認します。</p>"
            )
            super().__init__([title, notice])
            self.add_class("seiho-app")
            return

        households = draftable_households(store, user)
        self.editor = RecordEditor(store, user)
        tabs, titles = [], []
        if user.role is Role.CASEWORKER:
            self.recording_panel = RecordingPanel(store, user, households, KIND_OPTIONS, self.open_draft, today)
            self.notes_panel = NotesPanel(store, user, households, KIND_OPTIONS, self.open_draft, today)
            tabs += [self.recording_panel, self.notes_panel]
            titles += ["録音から作成", "メモから作成"]
        tabs.append(self.editor)
        titles.append("下書きの確認・編集")
        if user.role is Role.SUPERVISOR:
            self.review_panel = ReviewPanel(store, user)
            tabs.append(self.review_panel)
            titles.append("承認")

        self.tabs = widgets.Tab(children=tabs)
        self.tabs.titles = titles
        super().__init__([widgets.HTML(TRANSCRIPT_CSS), title, self.tabs])
        self.add_class("seiho-app")

    def open_draft(self, record_id: str, segments=None) -> None:
        """Show a newly saved draft in the editor tab."""
        self.editor.refresh_list(select=record_id, segments=segments)
        self.tabs.selected_index = list(self.tabs.children).index(self.editor)
