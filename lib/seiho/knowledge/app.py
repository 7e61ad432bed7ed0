"""The 制度Q&A dashboard: law passages with citations, the office's precedents, and precedent entry.

The dashboard notebook calls ``seiho.ui.apps.knowledge_dashboard``; the state
and callbacks live here so tests can drive them without a browser. Any role
may search; caseworkers, supervisors and admins may enter precedents.
"""

import html
import logging

import ipywidgets as widgets

from seiho.access import User
from seiho.errors import SeihoError
from seiho.knowledge.answer import NOTICE_TO_STAFF, rank_evidence, title_line
from seiho.knowledge.precedents import ENTRY_ROLES, Precedent, add_precedent, load_precedent_fields, search_precedents
from seiho.knowledge.search import Mode, SearchResult, shared_index
from seiho.store import Store

log = logging.getLogger(__name__)

TAB_TITLES = ["条文を探す", "事例を探す", "事例を登録"]
ALL_AREAS = "（すべての業務区分）"
RESULT_COUNT = 5


def result_to_html(result: SearchResult, semantic_ready: bool) -> str:
    """Return the hits as HTML: citation and caption, why each ranked, the text with terms marked."""
    parts = []
    if not semantic_ready:
        parts.append("<p class='seiho-note'>意味検索の準備ができていないため、語の一致だけで検索しました"
                     "（管理者が <code>seiho ask --prepare</code> を一度実行すると有効になります）。</p>")
    if result.expansion.added:
        parts.append(f"<p class='seiho-note'>同義語で加えた語: {html.escape('、'.join(result.expansion.added))}</p>")
    if not result.hits:
        parts.append("<p>該当する条文が見つかりませんでした。言い方を変えるか、条番号（例: 法63条）で探してください。</p>")
    for hit in result.hits:
        parts.append(
            f"<div class='seiho-hit'><h4>{html.escape(title_line(hit))}</h4>"
            f"<div class='seiho-note'>{html.escape(rank_evidence(hit))}</div>"
            f"<p>{hit.html()}</p></div>"
        )
    parts.append(f"<p class='seiho-note'>{html.escape(NOTICE_TO_STAFF)}</p>")
    return "".join(parts)


def precedents_to_html(precedents: list[Precedent]) -> str:
    """Return precedents as HTML blocks: title, area, characteristics, question, answer, basis."""
    if not precedents:
        return "<p>該当する事例はありません。</p>"
    blocks = []
    for precedent in precedents:
        traits = "、".join(precedent.characteristics) or "指定なし"
        decided = f"（{precedent.decided_on:%Y年%-m月%-d日}）" if precedent.decided_on else ""
        blocks.append(
            f"<div class='seiho-hit'><h4>{html.escape(precedent.title)}{decided}</h4>"
            f"<div class='seiho-note'>業務区分: {html.escape(precedent.business_area)}　対象者の特性: {html.escape(traits)}</div>"
            f"<p><b>相談・論点</b>: {html.escape(precedent.question)}</p>"
            f"<p><b>対応・結論</b>: {html.escape(precedent.answer)}</p>"
            f"<p><b>根拠</b>: {html.escape(precedent.legal_basis or '記載なし')}</p></div>"
        )
    return "".join(blocks)


class KnowledgeApp(widgets.VBox):
    """Three tabs: search the laws, search precedents, enter a precedent."""

    def __init__(self, store: Store, user: User):
        self.store = store
        self.user = user
        self.fields = load_precedent_fields()

        self.question = widgets.Text(description="質問", placeholder="例: 多くもらいすぎた保護費を返す決まり", layout=widgets.Layout(width="60%"))
        self.include_supplementary = widgets.Checkbox(description="附則も探す", value=False)
        self.search_button = widgets.Button(description="探す", button_style="primary")
        self.answers = widgets.HTML()
        self.related = widgets.HTML()
        self.search_button.on_click(lambda _: self.search_laws())
        law_tab = widgets.VBox([
            widgets.HBox([self.question, self.include_supplementary, self.search_button]),
            self.answers,
            widgets.HTML("<h3>関連する事務所の事例</h3>"),
            self.related,
        ])

        area_options = [(ALL_AREAS, "")] + [(area, area) for area in self.fields.business_areas]
        self.precedent_query = widgets.Text(description="キーワード", placeholder="空欄なら新しい順")
        self.precedent_area = widgets.Dropdown(options=area_options, description="業務区分")
        self.precedent_traits = widgets.SelectMultiple(options=self.fields.characteristics, description="特性", rows=4)
        self.precedent_button = widgets.Button(description="事例を探す")
        self.precedent_results = widgets.HTML()
        self.precedent_button.on_click(lambda _: self.search_precedents())
        precedent_tab = widgets.VBox([
            widgets.HBox([self.precedent_query, self.precedent_area, self.precedent_traits, self.precedent_button]),
            self.precedent_results,
        ])

        tabs = widgets.Tab(children=[law_tab, precedent_tab, self._entry_tab()])
        for position, title in enumerate(TAB_TITLES):
            tabs.set_title(position, title)
        super().__init__([tabs])

    def _entry_tab(self) -> widgets.Widget:
        if self.user.role not in ENTRY_ROLES:
            return widgets.HTML(f"<p>{html.escape(self.user.role_label)}の権限では事例を登録できません。事例を探すことはできます。</p>")
        self.entry_title = widgets.Text(description="題名")
        self.entry_area = widgets.Dropdown(options=self.fields.business_areas, description="業務区分")
        self.entry_traits = widgets.SelectMultiple(options=self.fields.characteristics, description="特性", rows=5)
        self.entry_question = widgets.Textarea(description="相談・論点", layout=widgets.Layout(width="70%"))
        self.entry_answer = widgets.Textarea(description="対応・結論", layout=widgets.Layout(width="70%"))
        self.entry_basis = widgets.Text(description="根拠", placeholder="例: 生活保護法第63条")
        self.entry_date = widgets.DatePicker(description="判断日")
        self.entry_button = widgets.Button(description="登録する", button_style="primary")
        self.entry_status = widgets.HTML()
        self.entry_button.on_click(lambda _: self.save_precedent())
        warning = widgets.HTML("<p class='seiho-note'>氏名・ケース番号・住所・電話番号など、個人を特定できる情報は書かないでください。</p>")
        return widgets.VBox([
            warning, self.entry_title, self.entry_area, self.entry_traits, self.entry_question,
            self.entry_answer, self.entry_basis, self.entry_date, self.entry_button, self.entry_status,
        ])

    def search_laws(self) -> None:
        """Search the laws and the office's precedents for the question."""
        question = self.question.value.strip()
        if not question:
            self.answers.value = "<p>質問を入力してください。</p>"
            return
        index = shared_index(self.store)
        mode = Mode.HYBRID if index.semantic is not None else Mode.BM25
        result = index.search(question, limit=RESULT_COUNT, mode=mode, include_supplementary=self.include_supplementary.value)
        self.answers.value = result_to_html(result, index.semantic is not None)
        self.related.value = precedents_to_html(search_precedents(self.store, self.user, question, limit=3))

    def search_precedents(self) -> None:
        """List the precedents that pass the filters."""
        found = search_precedents(
            self.store, self.user, self.precedent_query.value,
            business_area=self.precedent_area.value or None,
            characteristics=list(self.precedent_traits.value),
            limit=20,
        )
        self.precedent_results.value = precedents_to_html(found)

    def save_precedent(self) -> None:
        """Save the entered precedent, or show why it was rejected."""
        try:
            precedent = add_precedent(
                self.store, self.user, self.entry_title.value, self.entry_area.value, list(self.entry_traits.value),
                self.entry_question.value, self.entry_answer.value, self.entry_basis.value, self.entry_date.value,
                fields=self.fields,
            )
        except SeihoError as error:
            log.info("precedent rejected: %s", error.detail)
            self.entry_status.value = f"<p class='seiho-error'>{html.escape(error.message_ja)}</p>"
            return
        self.entry_status.value = f"<p>事例「{html.escape(precedent.title)}」を登録しました。</p>"
        for field in (self.entry_title, self.entry_question, self.entry_answer, self.entry_basis):
            field.value = ""
