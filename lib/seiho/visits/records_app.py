"""The 訪問記録 dashboard: caseworkers write visit records with 定型文; supervisors approve or return them."""

import datetime as dt
import html
import logging

import ipywidgets as widgets

from seiho.access import Role, User, require_role
from seiho.errors import SeihoError
from seiho.records import (
    approve,
    get_record,
    open_records_for_caseworker,
    pending_for_supervisor,
    record_history,
    return_record,
    save_draft,
    submit,
)
from seiho.store import Store
from seiho.ui.formatting import format_value, summary_to_html
from seiho.visits.phrases import load_phrases
from seiho.visits.route_map import caseworker_households
from seiho.visits.visit_records import VISIT_KINDS, VISIT_RESULTS, get_visit_record, record_visit, update_visit_record

log = logging.getLogger(__name__)

# Phrase buttons show at most this many characters; the tooltip has the whole phrase.
BUTTON_TEXT_CHARACTERS = 22


def _error(error: SeihoError) -> str:
    return f'<p class="seiho-error">{html.escape(error.message_ja)}</p>'


def _note(text: str) -> str:
    return f'<p class="seiho-note">{html.escape(text)}</p>'


def visit_records_app(store: Store, user: User) -> widgets.Widget:
    """Return the record form for a caseworker or the approval queue for a supervisor."""
    require_role(user, Role.CASEWORKER, Role.SUPERVISOR, action="訪問記録")
    if user.role is Role.SUPERVISOR:
        return ApprovalPanel(store, user)
    return RecordForm(store, user)


class RecordForm(widgets.VBox):
    """Write a visit record: household, day, kind, result, 定型文 buttons and free text; save or submit."""

    def __init__(self, store: Store, user: User):
        self.store = store
        self.user = user
        self.record_id: str | None = None
        self.visit_id: str | None = None

        # No household is preselected, so a save without a choice is rejected
        # instead of recording a visit to the first household in the list.
        households = [("（選んでください）", None)] + list(caseworker_households(store, user))
        self.household = widgets.Dropdown(
            description="世帯", options=households, value=None, layout=widgets.Layout(width="24em"),
        )
        self.visited_on = widgets.DatePicker(description="訪問日", value=dt.date.today())
        self.kind = widgets.Dropdown(description="種類", options=VISIT_KINDS, value=VISIT_KINDS[0], layout=widgets.Layout(width="16em"))
        self.result = widgets.ToggleButtons(
            description="結果", options=VISIT_RESULTS, value=VISIT_RESULTS[0], style={"button_width": "5em"},
        )
        self.title = widgets.Text(description="表題", placeholder="省略すると「家庭訪問（面会）」の形になります", layout=widgets.Layout(width="40em"))
        self.body = widgets.Textarea(description="本文", layout=widgets.Layout(width="98%", height="14em"))
        self.message = widgets.HTML()

        save = widgets.Button(description="下書き保存", button_style="info")
        save.on_click(lambda _: self.save())
        send = widgets.Button(description="提出", button_style="primary")
        send.on_click(lambda _: self.submit())
        clear = widgets.Button(description="新しい記録")
        clear.on_click(lambda _: self.clear())

        self.open_records = widgets.Dropdown(description="作成中", layout=widgets.Layout(width="36em"))
        load = widgets.Button(description="開く", layout=widgets.Layout(width="6em"))
        load.on_click(lambda _: self.load(self.open_records.value))

        super().__init__([
            widgets.HTML('<div class="seiho-title">訪問記録</div>'),
            widgets.HBox([self.open_records, load, clear]),
            widgets.HBox([self.household, self.visited_on]),
            widgets.HBox([self.kind, self.result]),
            self.title,
            self._phrase_panel(),
            self.body,
            widgets.HBox([save, send]),
            self.message,
        ])
        self.add_class("seiho-app")
        self.refresh_open_records()

    def _phrase_panel(self) -> widgets.Widget:
        try:
            library = load_phrases()
        except SeihoError as error:
            return widgets.HTML(_error(error))
        pages = []
        for category in library.categories:
            buttons = []
            for phrase in category.phrases:
                label = phrase.text if len(phrase.text) <= BUTTON_TEXT_CHARACTERS else phrase.text[:BUTTON_TEXT_CHARACTERS] + "…"
                button = widgets.Button(description=label, tooltip=phrase.text, layout=widgets.Layout(width="auto"))
                button.on_click(lambda _, text=phrase.text: self.insert(text))
                buttons.append(button)
            pages.append(widgets.HBox(buttons, layout=widgets.Layout(flex_flow="row wrap")))
        tabs = widgets.Tab(pages)
        for index, category in enumerate(library.categories):
            tabs.set_title(index, category.name)
        return widgets.VBox([widgets.HTML(_note("定型文: ボタンを押すと本文の末尾に入ります。「＿」は書き換えてください。")), tabs])

    def insert(self, text: str) -> None:
        """Append a phrase to the body on a line of its own."""
        body = self.body.value
        self.body.value = (body + ("\n" if body and not body.endswith("\n") else "") + text)

    def refresh_open_records(self) -> None:
        """List the caseworker's drafts and submitted records, returned ones marked 差戻し."""
        try:
            records = open_records_for_caseworker(self.store, self.user)
        except SeihoError as error:
            self.message.value = _error(error)
            return
        options = [("（選んでください）", None)]
        for record in records:
            state = "差戻し" if record.return_comment else record.status
            options.append((f"{record.recorded_on} {record.case_number} {record.title}【{state}】", record.record_id))
        self.open_records.options = options
        self.open_records.index = 0

    def load(self, record_id: str | None) -> None:
        """Open a draft for editing, or show a submitted record read-only, with its own kind and result."""
        if record_id is None:
            return
        try:
            record, visit = get_visit_record(self.store, self.user, record_id)
        except SeihoError as error:
            self.message.value = _error(error)
            return

        self.record_id, self.visit_id = record.record_id, record.visit_id
        self.household.value = record.case_number
        self.visited_on.value = record.recorded_on
        if visit is not None:
            self.kind.value = visit.visit_kind
            # An imported visit may carry a result the form does not offer. None keeps it on save.
            self.result.value = visit.result if visit.result in VISIT_RESULTS else None
        elif record.kind in VISIT_KINDS:
            # submit() will record this visit as 面会 unless the caseworker chooses otherwise.
            self.kind.value, self.result.value = record.kind, VISIT_RESULTS[0]
        else:
            # A record that is not a visit, such as その他, has no kind or result to show.
            self.kind.value = self.result.value = None

        self.title.value = record.title
        self.body.value = record.body
        self.household.disabled = True
        self._lock_visit_fields(not record.editable or self.kind.value is None)
        self.visited_on.disabled = not record.editable

        if record.return_comment:
            self.message.value = f'<p class="seiho-error">差戻しのコメント: {html.escape(record.return_comment)}</p>'
        elif not record.editable:
            self.message.value = _note(f"この記録は「{record.status}」のため修正できません。")
        else:
            self.message.value = _note("下書きを開きました。")

    def clear(self) -> None:
        """Start a new record."""
        self.record_id = self.visit_id = None
        self.household.value = None
        self.kind.value = VISIT_KINDS[0]
        self.result.value = VISIT_RESULTS[0]
        self.title.value = ""
        self.body.value = ""
        self.household.disabled = False
        self.visited_on.disabled = False
        self._lock_visit_fields(False)
        self.message.value = ""

    def save(self) -> bool:
        """Save the form as a draft and return whether it was saved.

        The first save also records the visit, and later saves set its date,
        kind and result to the form's. The visit counts towards plans and
        minimums once the record is submitted.
        """
        if self.household.value is None or self.visited_on.value is None:
            self.message.value = '<p class="seiho-error">世帯と訪問日を選んでください。</p>'
            return False
        if not self.body.value.strip():
            self.message.value = '<p class="seiho-error">本文が空です。訪問で確認したことを本文に入力してから保存してください。</p>'
            return False
        try:
            if self.record_id is None:
                saved = record_visit(
                    self.store, self.user, self.household.value, self.visited_on.value, self.kind.value,
                    self.result.value, self.body.value, self._title(),
                )
                self.record_id, self.visit_id = saved.record_id, saved.visit_id
                self.title.value = self._title()
                self.household.disabled = True
            elif self.kind.value in VISIT_KINDS:
                # The visit takes the record's date, kind and result, so plans and minimums count what the record shows.
                saved = update_visit_record(
                    self.store, self.user, self.record_id, self.visited_on.value, self.body.value, self._title(),
                    visit_kind=self.kind.value, result=self.result.value,
                )
                self.visit_id = saved.visit_id
                self.title.value = self._title()
            else:
                # A record that is not a visit keeps its 記録区分 and gets no visit row.
                record = get_record(self.store, self.user, self.record_id)
                save_draft(
                    self.store, self.user, self.household.value, self.title.value, self.body.value,
                    self.visited_on.value, visit_id=self.visit_id, kind=record.kind or "その他", record_id=self.record_id,
                )
        except SeihoError as error:
            self.message.value = _error(error)
            return False
        self.message.value = _note(f"下書きを保存しました（記録ID {self.record_id}）。")
        self.refresh_open_records()
        return True

    def submit(self) -> None:
        """Save the form and send it to the supervisor."""
        if not self.save():
            return
        try:
            submit(self.store, self.user, self.record_id)
        except SeihoError as error:
            # save() succeeded, so the text is kept as a draft.
            self.message.value = _error(error) + _note(f"下書きは保存しました（記録ID {self.record_id}）。")
            return
        self.message.value = _note(f"査察指導員に提出しました（記録ID {self.record_id}）。")
        self.refresh_open_records()
        self.clear_after_submit()

    def clear_after_submit(self) -> None:
        """Keep the message but empty the form for the next record."""
        message = self.message.value
        self.clear()
        self.message.value = message

    def _title(self) -> str:
        """Return the typed title, or the default from the kind and result when it is empty or another default."""
        title = self.title.value.strip()
        if self.kind.value is None or self.result.value is None:
            return title
        defaults = {f"{kind}（{result}）" for kind in VISIT_KINDS for result in VISIT_RESULTS}
        if not title or title in defaults:
            return f"{self.kind.value}（{self.result.value}）"
        return title

    def _lock_visit_fields(self, locked: bool) -> None:
        # Kind and result stay editable until the record is submitted, because
        # each save while it is a 下書き or returned updates its visit row.
        self.kind.disabled = locked
        self.result.disabled = locked


class ApprovalPanel(widgets.VBox):
    """The supervisor's queue: read a submitted record with its history, then approve or return it with a comment."""

    def __init__(self, store: Store, user: User):
        self.store = store
        self.user = user

        self.pending = widgets.Dropdown(description="承認待ち", layout=widgets.Layout(width="40em"))
        self.pending.observe(lambda change: self.show(change["new"]), names="value")
        reload_button = widgets.Button(description="再読込", layout=widgets.Layout(width="6em"))
        reload_button.on_click(lambda _: self.refresh())
        self.detail = widgets.HTML()
        self.comment = widgets.Textarea(
            description="コメント", placeholder="差し戻すときは直してほしい点を書いてください", layout=widgets.Layout(width="98%", height="5em"),
        )
        approve_button = widgets.Button(description="承認", button_style="success")
        approve_button.on_click(lambda _: self.approve())
        return_button = widgets.Button(description="差戻し", button_style="warning")
        return_button.on_click(lambda _: self.return_to_author())
        self.message = widgets.HTML()

        super().__init__([
            widgets.HTML('<div class="seiho-title">訪問記録の承認</div>'),
            widgets.HBox([self.pending, reload_button]),
            self.detail,
            self.comment,
            widgets.HBox([approve_button, return_button]),
            self.message,
        ])
        self.add_class("seiho-app")
        self.refresh()

    def refresh(self) -> None:
        """Reload the office's records waiting for approval."""
        try:
            records = pending_for_supervisor(self.store, self.user)
        except SeihoError as error:
            self.message.value = _error(error)
            return
        options = [("（選んでください）", None)] + [
            (f"{format_value(r.submitted_at)} {r.case_number} {r.title}（{r.caseworker_id}）", r.record_id) for r in records
        ]
        self.pending.options = options
        self.pending.index = 0
        self.detail.value = _note(f"承認待ちの記録は {len(records)} 件です。")

    def show(self, record_id: str | None) -> None:
        """Show one record with its 提出・差戻し history."""
        if record_id is None:
            return
        try:
            record = get_record(self.store, self.user, record_id)
            steps = record_history(self.store, self.user, record_id)
        except SeihoError as error:
            self.detail.value = _error(error)
            return
        summary = summary_to_html({
            "ケース番号": record.case_number, "記録日": record.recorded_on, "記録区分": record.kind,
            "担当": record.caseworker_id, "表題": record.title, "状態": record.status,
        })
        body = html.escape(record.body).replace("\n", "<br>")
        history = "".join(
            f"<li>{html.escape(format_value(step.acted_at))} {html.escape(step.action)}（{html.escape(step.acted_by)}）"
            f"{'：' + html.escape(step.comment) if step.comment else ''}</li>"
            for step in steps
        )
        self.detail.value = f'{summary}<div class="seiho-record-body" style="border:1px solid #ccd3dc;padding:6px">{body}</div><ul>{history}</ul>'

    def approve(self) -> None:
        """Approve the chosen record."""
        self._act(lambda record_id: approve(self.store, self.user, record_id, self.comment.value), "承認しました")

    def return_to_author(self) -> None:
        """Return the chosen record with the comment."""
        self._act(lambda record_id: return_record(self.store, self.user, record_id, self.comment.value), "差し戻しました")

    def _act(self, step, done: str) -> None:
        record_id = self.pending.value
        if record_id is None:
            self.message.value = '<p class="seiho-error">承認待ちの記録を選んでください。</p>'
            return
        try:
            step(record_id)
        except SeihoError as error:
            self.message.value = _error(error)
            return
        self.comment.value = ""
        self.refresh()
        self.message.value = _note(f"記録 {record_id} を{done}。")
        log.info("review step done on record %s", record_id)
