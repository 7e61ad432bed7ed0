"""The 世帯照会 app: search, pick a household, read its file on a tablet."""

import html
import logging
import time

import ipywidgets as widgets

from seiho.access import Role, User
from seiho.errors import SeihoError
from seiho.household import household_file, search_households
from seiho.store import Store
from seiho.ui.formatting import frame_to_html, summary_to_html

log = logging.getLogger(__name__)

TAB_TITLES = ["世帯構成", "他法他施策", "収入", "医療・介護扶助", "援助方針", "最近の記録"]

# The maximum number of households one search lists.
RESULT_LIMIT = 50

# Enter in the field and a click on 検索 both fire for one search. A repeat of
# the same query within this many seconds is taken as that same search.
REPEAT_SEARCH_SECONDS = 1.0


class HouseholdLookupApp(widgets.VBox):
    """Search by case number or name (kana too) and show one household's file."""

    def __init__(self, store: Store, user: User):
        self.store = store
        self.user = user

        self.query = widgets.Text(placeholder="ケース番号・氏名・フリガナ", description="検索", continuous_update=False)
        self.search_button = widgets.Button(description="検索", button_style="primary")
        self.results = widgets.Select(options=[], rows=5, description="該当世帯", layout=widgets.Layout(width="98%"))
        self.status = widgets.HTML()
        self.summary = widgets.HTML()
        self.tabs = widgets.Tab(children=[widgets.HTML() for _ in TAB_TITLES])
        self.tabs.titles = TAB_TITLES

        self.search_button.on_click(lambda _: self.search())
        self.query.observe(lambda _: self.search(), names="value")
        self.results.observe(self._on_select, names="value")

        self._last_search = ("", 0.0)
        title = widgets.HTML('<div class="seiho-title">世帯照会</div>')
        if user.role is Role.ANALYST:
            # Analysts work with pseudonymised data only; this screen shows names.
            notice = widgets.HTML(
                '<p class="seiho-note">分析担当の方は世帯照会を使えません（氏名・ケース番号を表示する画面のため）。'
                "仮名化した集計データは業務量の分析画面で見られます。</p>"
            )
            super().__init__([title, notice])
        else:
            self.tabs.layout.display = "none"
            search_row = widgets.HBox([self.query, self.search_button])
            super().__init__([title, search_row, self.status, self.results, self.summary, self.tabs])
        self.add_class("seiho-app")

    def search(self) -> None:
        """Run the search and list the households found; clear the previous household."""
        query = self.query.value.strip()
        last_query, last_time = self._last_search
        if query == last_query and time.monotonic() - last_time < REPEAT_SEARCH_SECONDS:
            return
        self._last_search = (query, time.monotonic())

        self.summary.value = ""
        self.tabs.layout.display = "none"
        for tab in self.tabs.children:
            tab.value = ""
        if not query:
            self.results.options = []
            self.status.value = '<p class="seiho-note">ケース番号か氏名（フリガナ可）を入力してください。</p>'
            return

        try:
            found = search_households(self.store, self.user, query, limit=RESULT_LIMIT)
        except SeihoError as error:
            self.results.options = []
            self.status.value = f'<p class="seiho-error">{html.escape(error.message_ja)}</p>'
            return

        shown = found.head(RESULT_LIMIT)
        self.results.options = [
            (f"{row.ケース番号}　{row.世帯主氏名}（{row.フリガナ or ''}）{row.世帯類型}・{row.状態}", row.ケース番号)
            for row in shown.itertuples()
        ]
        if found.empty:
            self.status.value = (
                '<p class="seiho-note">該当する世帯はありません。ケース番号（先頭の0は省略可）か氏名を確かめてください。'
                "担当外の世帯は表示されません。</p>"
            )
        elif len(found) > RESULT_LIMIT:
            self.status.value = (
                f'<p class="seiho-note">{RESULT_LIMIT}世帯を超えて見つかりました。先頭の{RESULT_LIMIT}世帯を表示しています。'
                "氏名を長く入力するなどして絞り込んでください。</p>"
            )
        else:
            self.status.value = f'<p class="seiho-note">{len(found)}世帯が見つかりました。選ぶと世帯の情報を表示します。</p>'

    def _on_select(self, change) -> None:
        if change["new"]:
            self.show(change["new"])

    def show(self, case_number: str) -> None:
        """Show one household's file in the tabs."""
        try:
            file = household_file(self.store, self.user, case_number)
        except SeihoError as error:
            self.summary.value = f'<p class="seiho-error">{html.escape(error.message_ja)}</p>'
            return

        self.summary.value = summary_to_html(file.summary)
        self.tabs.layout.display = None
        plan = file.support_plan
        plan_html = (
            summary_to_html({"決定日": plan["決定日"], "次回見直し": plan["次回見直し"]})
            + f"<p>{html.escape(plan['方針']).replace(chr(10), '<br>')}</p>"
            if plan
            else '<p class="seiho-note">援助方針は登録されていません。</p>'
        )
        aid_html = (
            "<h4>医療扶助</h4>"
            + frame_to_html(file.medical_aid, "医療扶助はありません。")
            + "<h4>介護扶助</h4>"
            + frame_to_html(file.care_aid, "介護扶助はありません。")
        )
        contents = [
            frame_to_html(file.members),
            frame_to_html(file.other_programs, "他法他施策の登録はありません。"),
            frame_to_html(file.incomes, "現在の収入はありません。", money_columns=("月額",)),
            aid_html,
            plan_html,
            frame_to_html(file.latest_records, "ケース記録はありません。"),
        ]
        for tab, content in zip(self.tabs.children, contents):
            tab.value = content
