"""The 業務量 dashboard: workload measures with filters, charts and a caseworker drill-down.

The dashboard notebook calls ``seiho.ui.apps.workload_dashboard``; the
state and callbacks live here so tests can drive them without a browser.
"""

import datetime as dt
import html
import logging

import ipywidgets as widgets

from seiho.access import Role, User
from seiho.errors import SeihoError
from seiho.store import Store
from seiho.ui.formatting import frame_to_html, summary_to_html
from seiho.workload.charts import figure_bytes
from seiho.workload.plots import caseload_chart, compliance_chart, trend_chart
from seiho.workload.scope import add_months, workload_scope
from seiho.workload.summary import RECORD_BACKLOG_DAYS
from seiho.workload.view import WorkloadMeasures, caseworker_detail, workload_measures

log = logging.getLogger(__name__)

TAB_TITLES = ["担当者別", "訪問頻度", "記録・承認", "債権", "推移", "担当者の詳細"]
ALL_TEAMS = "（すべての係）"
MONTH_CHOICES = 24


def month_options(today: dt.date) -> list[tuple[str, str]]:
    """Return (label, 'YYYY-MM') for this month and the months before it, newest first."""
    first = today.replace(day=1)
    months = [add_months(first, -offset) for offset in range(MONTH_CHOICES)]
    return [(f"{month.year}年{month.month}月", f"{month:%Y-%m}") for month in months]


def office_teams(store: Store, user: User) -> list[str]:
    """Return the 係 of the user's office that have caseworkers."""
    scope = workload_scope(user)
    condition, parameters = scope.caseworker_condition("c")
    with store.connect() as connection:
        rows = connection.execute(
            f"SELECT DISTINCT c.team FROM caseworkers c WHERE {condition} AND c.role = 'caseworker' AND c.team IS NOT NULL ORDER BY 1",
            parameters,
        ).fetchall()
    return [row[0] for row in rows]


class WorkloadApp(widgets.VBox):
    """Filters by month and team, the measures in tabs, and one caseworker's open items."""

    def __init__(self, store: Store, user: User, today: dt.date | None = None):
        self.store = store
        self.user = user
        self.today = today or dt.date.today()
        self.measures: WorkloadMeasures | None = None

        self.month = widgets.Dropdown(options=month_options(self.today), description="対象月")
        teams = office_teams(store, user)
        self.team = widgets.Dropdown(options=[(ALL_TEAMS, "")] + [(team, team) for team in teams], description="係")
        self.team.disabled = user.role is Role.CASEWORKER
        self.status = widgets.HTML()
        self.summary = widgets.HTML()
        self.tab_pages = [widgets.VBox() for _ in TAB_TITLES]
        self.tabs = widgets.Tab(children=self.tab_pages)
        self.tabs.titles = TAB_TITLES
        self.caseworker = widgets.Dropdown(options=[], description="担当者")
        self.detail = widgets.HTML()

        self.month.observe(lambda _: self.refresh(), names="value")
        self.team.observe(lambda _: self.refresh(), names="value")
        self.caseworker.observe(lambda _: self.show_caseworker(), names="value")

        filters = widgets.HBox([self.month, self.team])
        title = widgets.HTML('<div class="seiho-title">業務量</div>')
        super().__init__([title, filters, self.status, self.summary, self.tabs])
        self.add_class("seiho-app")
        self.refresh()

    def refresh(self) -> None:
        """Recompute the measures for the chosen month and team and redraw every tab."""
        try:
            self.measures = workload_measures(self.store, self.user, self.month.value, self.team.value, today=self.today)
        except SeihoError as error:
            self.status.value = f'<p class="seiho-error">{html.escape(error.message_ja)}</p>'
            return
        measures = self.measures
        caseload = measures.caseload
        self.status.value = (
            f'<p class="seiho-note">{measures.as_of.year}年{measures.as_of.month}月{measures.as_of.day}日時点。'
            f"記録は訪問から{RECORD_BACKLOG_DAYS}日を過ぎても承認されていないものを数えています。</p>"
        )
        self.summary.value = summary_to_html({
            "被保護世帯数": f"{caseload.households:,}世帯",
            "標準数（社会福祉法第16条）": f"{caseload.required_caseworkers}人",
            "地区担当員の配置数": f"{caseload.actual_caseworkers}人",
            "標準に対する不足": f"{caseload.shortfall}人",
            "訪問期限を過ぎた世帯": f"{int(measures.compliance.households['overdue'].sum()):,}世帯",
            "未承認の記録": f"{measures.backlog.total:,}件",
        })

        table = measures.caseworker_table()
        self.tab_pages[0].children = [self._chart(lambda: caseload_chart(caseload.caseloads, caseload.households_per_worker)),
                                      widgets.HTML(frame_to_html(table, "この条件の地区担当員はいません。", money_columns=("未収額",)))]
        self.tab_pages[1].children = [self._chart(lambda: compliance_chart(measures.compliance.by_grade)),
                                      widgets.HTML(frame_to_html(measures.compliance.by_grade, "対象の世帯はありません。"))]
        self.tab_pages[2].children = [
            widgets.HTML("<h4>担当者別の未承認記録</h4>" + frame_to_html(measures.backlog.by_caseworker, "未承認の記録はありません。")),
            widgets.HTML("<h4>査察指導員別の承認待ち</h4>" + frame_to_html(measures.approvals_waiting, "承認待ちの記録はありません。")),
        ]
        self.tab_pages[3].children = [widgets.HTML(frame_to_html(measures.receivables, "未収の債権はありません。", money_columns=("未収額",)))]
        self.tab_pages[4].children = [self._chart(lambda: trend_chart(measures.trends)), widgets.HTML(frame_to_html(measures.trends))]

        options = [(f"{row.職員番号}　{row.担当}".strip(), row.職員番号) for row in caseload.caseloads.itertuples()]
        self.caseworker.options = options
        self.tab_pages[5].children = [self.caseworker, self.detail]
        self.show_caseworker()

    def show_caseworker(self) -> None:
        """Show the chosen caseworker's overdue visits and unapproved records."""
        if not self.caseworker.value:
            self.detail.value = '<p class="seiho-note">担当者を選んでください。</p>'
            return
        try:
            detail = caseworker_detail(self.store, self.user, self.caseworker.value, self.month.value, today=self.today)
        except SeihoError as error:
            self.detail.value = f'<p class="seiho-error">{html.escape(error.message_ja)}</p>'
            return
        self.detail.value = (
            f"<h4>訪問期限を過ぎた世帯（{len(detail.overdue_visits)}世帯）</h4>"
            + frame_to_html(detail.overdue_visits, "訪問期限を過ぎた世帯はありません。")
            + f"<h4>承認されていない記録（{len(detail.unapproved_records)}件）</h4>"
            + frame_to_html(detail.unapproved_records, "未承認の記録はありません。")
        )

    def _chart(self, draw) -> widgets.Widget:
        try:
            figure = draw()
        except SeihoError as error:
            return widgets.HTML(f'<p class="seiho-error">{html.escape(error.message_ja)}</p>')
        return widgets.Image(value=figure_bytes(figure), format="png", layout=widgets.Layout(max_width="100%"))
