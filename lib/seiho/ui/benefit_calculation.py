"""The 保護費計算 app: compute a household's 最低生活費 and benefit and show every step."""

import datetime as dt
import html
import logging

import ipywidgets as widgets
import pandas as pd
import yaml

from seiho.access import User
from seiho.benefit import BenefitResult, calculate_benefit, household_from_dict
from seiho.benefit.records import load_households
from seiho.errors import SeihoError
from seiho.household import search_households
from seiho.store import Store
from seiho.ui.formatting import frame_to_html, summary_to_html

log = logging.getLogger(__name__)

EXAMPLE_INPUT = """級地: 1級地-1
都道府県: 東京都
家賃: 50000
世帯員:
  - 氏名: 架空 花子
    生年月日: 1958-05-10
    収入:
      - 種類: 年金
        月額: 40000
"""


class BenefitCalculationApp(widgets.VBox):
    """Pick a household from the store, or type one in, and calculate it for a month."""

    def __init__(self, store: Store, user: User, today: dt.date | None = None):
        self.store = store
        self.user = user
        today = today or dt.date.today()

        self.month = widgets.DatePicker(description="計算月", value=today.replace(day=1))
        self.query = widgets.Text(placeholder="ケース番号・氏名・フリガナ", description="世帯検索", continuous_update=False)
        self.results = widgets.Select(options=[], rows=4, description="該当世帯", layout=widgets.Layout(width="98%"))
        self.typed = widgets.Textarea(value=EXAMPLE_INPUT, description="入力", layout=widgets.Layout(width="98%", height="180px"))
        self.typed_button = widgets.Button(description="入力の世帯を計算", button_style="primary")
        self.status = widgets.HTML()
        self.summary = widgets.HTML()
        self.steps = widgets.HTML()

        self.query.observe(lambda _: self.search(), names="value")
        self.results.observe(self._on_select, names="value")
        self.typed_button.on_click(lambda _: self.calculate_typed())

        sources = widgets.Tab(children=[widgets.VBox([self.query, self.results]), widgets.VBox([self.typed, self.typed_button])])
        sources.titles = ["登録済みの世帯", "世帯を入力"]
        heading = widgets.HTML(
            '<div class="seiho-title">保護費計算</div>'
            '<p class="seiho-note">計算月の告示の基準額で最低生活費・認定収入・保護費を計算し、各段階の基準値と根拠を示します。</p>'
        )
        super().__init__([heading, self.month, sources, self.status, self.summary, self.steps])
        self.add_class("seiho-app")

    def search(self) -> None:
        """List the households that match the search text."""
        try:
            found = search_households(self.store, self.user, self.query.value)
        except SeihoError as error:
            self._error(error.message_ja, error.detail)
            return
        self.results.options = [(f"{row.ケース番号}　{row.世帯主氏名}（{row.世帯類型}・{row.状態}）", row.ケース番号) for row in found.itertuples()]
        self.status.value = f'<p class="seiho-note">{len(found)}世帯が見つかりました。選ぶと計算します。</p>'

    def _on_select(self, change) -> None:
        if change["new"]:
            self.calculate_stored(change["new"])

    def calculate_stored(self, case_number: str) -> None:
        """Calculate one household from the store for the chosen month."""
        month = self._month()
        if month is None:
            return
        try:
            households = load_households(self.store, self.user, month, [case_number])
            if case_number not in households:
                self._error("この世帯は保護中の居宅世帯ではないため計算できません（入院・施設・廃止の世帯は対象外）。")
                return
            self.show(calculate_benefit(households[case_number], month), note="登録データには家賃・妊娠・介護保険料・必要経費がないため、これらは計算に入っていません。含めるときは「世帯を入力」タブを使ってください。")
        except SeihoError as error:
            self._error(error.message_ja, error.detail)

    def calculate_typed(self) -> None:
        """Calculate the household typed in YAML in the input tab."""
        month = self._month()
        if month is None:
            return
        try:
            content = yaml.safe_load(self.typed.value)
        except yaml.YAMLError as error:
            self._error(f"入力を読めません（YAML の書式の誤り）: {error}", "typed input is not valid YAML")
            return
        try:
            self.show(calculate_benefit(household_from_dict(content, source="入力"), month))
        except SeihoError as error:
            self._error(error.message_ja, error.detail)

    def show(self, result: BenefitResult, note: str = "") -> None:
        """Show the headline figures and the table of steps."""
        self.status.value = f'<p class="seiho-note">{html.escape(note)}</p>' if note else ""
        self.summary.value = summary_to_html(result.summary())
        self.steps.value = "<h4>計算過程</h4>" + frame_to_html(steps_frame(result), money_columns=("金額",))

    def _month(self) -> dt.date | None:
        if self.month.value is None:
            self._error("計算月を選んでください。")
            return None
        return self.month.value.replace(day=1)

    def _error(self, message: str, detail: str = "") -> None:
        # The English detail carries no names, unlike the Japanese message.
        log.info("benefit calculation failed for user %s: %s", self.user.user_id, detail or "invalid input")
        self.status.value = f'<p class="seiho-error">{html.escape(message)}</p>'
        self.summary.value = ""
        self.steps.value = ""


def steps_frame(result: BenefitResult) -> pd.DataFrame:
    """Return the steps as a table with Japanese column names."""
    return pd.DataFrame(
        [
            {
                "区分": step.category,
                "項目": step.label if step.counted else f"（内訳）{step.label}",
                "金額": step.amount,
                "計算・端数処理": step.rule,
                "基準値": f"data/parameters/{step.parameter}.yaml" if step.parameter else "",
                "根拠": step.source or "",
            }
            for step in result.steps
        ]
    )
