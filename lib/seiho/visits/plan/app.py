"""The 訪問計画 dashboard: a caseworker's month by day in route order, 計画外, minimums at stake, and saving.

The dashboard notebook calls ``seiho.ui.apps.visit_plan_dashboard``; the
state and callbacks live here so tests can drive them without a browser.
A supervisor picks any caseworker of the office and gets an overview of
every caseworker. A caseworker gets only their own plan.
"""

import datetime as dt
import html
import logging

import ipywidgets as widgets
import pandas as pd

from seiho.access import Role, User, require_role
from seiho.errors import ParameterError, SeihoError
from seiho.store import Store
from seiho.ui.formatting import frame_to_html, summary_to_html
from seiho.visits.minimums import add_months
from seiho.visits.plan.calendar import day_label
from seiho.visits.plan.model import PlannedVisit, VisitPlan
from seiho.visits.plan.plan import PLANNERS, build_office_plans, build_plan, overview_frame, planning_start
from seiho.visits.plan.saved import save_plan, saved_plan_info, saved_plan_items
from seiho.visits.plan.settings import check_capacity, load_plan_settings

log = logging.getLogger(__name__)

TAB_TITLES = ["日別の計画", "計画外", "法定最低回数", "担当者一覧"]
MONTHS_BACK = 2
MONTHS_AHEAD = 3
MAX_CAPACITY = 30
# The two views of the tabs: the plan computed from today's data, and the saved plan that 訪問準備 uses.
COMPUTED_VIEW = "computed"
SAVED_VIEW = "saved"

# Plan tables keep headings, names, dates and short codes on one line at the
# 1024 px tablet width. Only the 理由 and 備考 columns wrap, because they are long text.
PLAN_TABLE_STYLE = """<style>
  .seiho-visit-plan table.seiho-table th, .seiho-visit-plan table.seiho-table td { white-space: nowrap; }
  .seiho-visit-plan table.seiho-table td.seiho-wrap { white-space: normal; }
</style>"""
WRAPPED_COLUMNS = ("理由", "備考")


def plan_table_html(frame: pd.DataFrame, empty_message: str) -> str:
    """Render a plan table in which only the 理由 and 備考 columns wrap."""
    table = frame_to_html(frame, empty_message)
    if frame.empty:
        return table

    # frame_to_html gives cells no class, so mark the wrapping columns by position.
    wrapped = {index for index, column in enumerate(frame.columns) if column in WRAPPED_COLUMNS}
    rows = table.split("<tr>")
    for number, row in enumerate(rows):
        cells = row.split("<td>")
        rows[number] = cells[0] + "".join(
            ('<td class="seiho-wrap">' if index in wrapped else "<td>") + cell for index, cell in enumerate(cells[1:])
        )
    return '<div class="seiho-visit-plan">' + "<tr>".join(rows) + "</div>"


def month_choices(today: dt.date) -> list[tuple[str, dt.date]]:
    """Return (label, first day) for two months back to three months ahead of ``today``."""
    first = today.replace(day=1)
    months = [add_months(first, offset) for offset in range(-MONTHS_BACK, MONTHS_AHEAD + 1)]
    return [(f"{month.year}年{month.month}月", month) for month in months]


def office_caseworkers(store: Store, user: User) -> list[tuple[str, str]]:
    """Return (label, caseworker_id) of the caseworkers the user may plan: the office's, or only their own."""
    with store.connect() as connection:
        rows = connection.execute(
            "SELECT caseworker_id, name FROM caseworkers WHERE office_code = ? AND role = 'caseworker' ORDER BY caseworker_id",
            [user.office_code],
        ).fetchall()
    if user.role is Role.CASEWORKER:
        rows = [row for row in rows if row[0] == user.caseworker_id]
    return [(f"{caseworker_id}　{name}", caseworker_id) for caseworker_id, name in rows]


def visits_frame(visits: list[PlannedVisit], with_day: bool = False) -> pd.DataFrame:
    """Return planned visits as a table with Japanese columns."""
    rows = []
    for visit in visits:
        row = {}
        if with_day:
            row["訪問日"] = day_label(visit.visit_date) if visit.visit_date else "計画外"
        row.update({
            "順": visit.route_order if visit.route_order is not None else "",
            "ケース番号": visit.case_number,
            "世帯主": visit.head_name,
            "格付": visit.grade,
            "期限": visit.due_date,
            # A visit due before the month is always after its due date, so 期限後 is shown only for the rest.
            "状況": "・".join(label for label, on in (("期限超過", visit.overdue), ("法定", visit.breach),
                                                      ("期限後", visit.after_due and not visit.overdue)) if on),
            "道のり": f"{visit.leg_distance_m / 1000:.1f} km" if visit.leg_distance_m is not None else "",
            "理由": visit.reason,
            "備考": visit.note,
        })
        rows.append(row)
    return pd.DataFrame(rows)


class VisitPlanApp(widgets.VBox):
    """Pickers for month, caseworker and capacity; the plan in tabs; a save button."""

    def __init__(self, store: Store, user: User, today: dt.date | None = None):
        self.store = store
        self.user = user
        self.today = today or dt.date.today()
        self.plan: VisitPlan | None = None
        try:
            require_role(user, *PLANNERS, action="訪問計画")
        except SeihoError as error:
            # Other roles see only the refusal, not pickers that would list the office's caseworkers.
            super().__init__([widgets.HTML('<div class="seiho-title">訪問計画</div>'),
                              widgets.HTML(f'<p class="seiho-error">{html.escape(error.message_ja)}</p>')])
            self.add_class("seiho-app")
            return
        settings = load_plan_settings()

        choices = month_choices(self.today)
        self.month = widgets.Dropdown(options=choices, value=choices[MONTHS_BACK + 1][1], description="対象月")
        self.caseworker = widgets.Dropdown(options=office_caseworkers(store, user), description="担当者")
        self.caseworker.disabled = user.role is Role.CASEWORKER
        # A plain IntText, because a bounded one would silently turn 0 into 1;
        # refresh rejects a value out of range with a message instead.
        self.capacity = widgets.IntText(value=settings.daily_capacity, description="1日の枠", layout=widgets.Layout(width="12em"))
        self.save_button = widgets.Button(description="この計画を保存", button_style="primary", layout=widgets.Layout(width="12em"))
        self.view = widgets.ToggleButtons(options=[("今の計算", COMPUTED_VIEW), ("保存済みの計画", SAVED_VIEW)],
                                          value=COMPUTED_VIEW, description="表示")
        self.saved: dict | None = None
        self.status = widgets.HTML()
        self.summary = widgets.HTML()
        self.tab_pages = [widgets.HTML() for _ in TAB_TITLES]
        # Planning every caseworker of a large office takes tens of seconds,
        # so the overview is built on request, not on every change of the pickers.
        self.overview_button = widgets.Button(description="全担当者を集計", layout=widgets.Layout(width="12em"))
        self.overview_button.on_click(lambda _: self.show_overview())
        overview_page = widgets.VBox([self.overview_button, self.tab_pages[3]])
        self.overview_button.disabled = user.role is not Role.SUPERVISOR
        # Only supervisors see the 担当者一覧 tab: caseworkers plan only themselves.
        if user.role is Role.SUPERVISOR:
            self.tabs = widgets.Tab(children=self.tab_pages[:3] + [overview_page])
            self.tabs.titles = TAB_TITLES
        else:
            self.tabs = widgets.Tab(children=self.tab_pages[:3])
            self.tabs.titles = TAB_TITLES[:3]

        self.month.observe(lambda _: self.refresh(), names="value")
        self.caseworker.observe(lambda _: self.refresh(), names="value")
        self.capacity.observe(lambda _: self.refresh(), names="value")
        self.save_button.on_click(lambda _: self.save())
        self.view.observe(lambda _: self.show_view(), names="value")

        title = widgets.HTML('<div class="seiho-title">訪問計画</div>')
        pickers = widgets.HBox([self.month, self.caseworker, self.capacity], layout=widgets.Layout(flex_flow="row wrap"))
        style = widgets.HTML(PLAN_TABLE_STYLE)
        super().__init__([style, title, pickers, self.save_button, self.view, self.status, self.summary, self.tabs])
        self.add_class("seiho-app")
        self.refresh()

    def refresh(self) -> None:
        """Rebuild the chosen caseworker's plan; clear the overview, which belongs to the old choices."""
        self.plan = None
        self.save_button.disabled = True
        if not self.caseworker.value:
            self.status.value = '<p class="seiho-note">計画を作成できる地区担当員がいません。</p>'
            return
        try:
            capacity = self._checked_capacity()
            self.plan = build_plan(self.store, self.user, self.caseworker.value, self.month.value, capacity,
                                   start=planning_start(self.month.value, self.today))
            saved = saved_plan_info(self.store, self.user, self.caseworker.value, self.month.value)
        except SeihoError as error:
            self.status.value = f'<p class="seiho-error">{html.escape(error.message_ja)}</p>'
            self._clear_plan()
            return
        if self.user.role is Role.SUPERVISOR:
            self.tab_pages[3].value = '<p class="seiho-note">「全担当者を集計」で、この月の担当者ごとの件数を表示します。</p>'
        else:
            self.tab_pages[3].value = '<p class="seiho-note">担当者一覧は査察指導員だけが見られます。</p>'

        self.saved = saved
        self.view.disabled = saved is None
        if saved is None or self.view.value == COMPUTED_VIEW:
            self.view.value = COMPUTED_VIEW
            self.show_view()
        else:
            # Setting the same value again fires no change, so redraw here.
            self.show_view()

    def show_view(self) -> None:
        """Show the computed plan (which can be saved) or the saved plan that 訪問準備 uses."""
        if self.plan is None:
            return
        if self.view.value == SAVED_VIEW and self.saved is not None:
            try:
                items = saved_plan_items(self.store, self.user, self.plan.caseworker_id, self.plan.month)
            except SeihoError as error:
                self.status.value = f'<p class="seiho-error">{html.escape(error.message_ja)}</p>'
                return
            self.save_button.disabled = True
            self.status.value = self._saved_status_text(self.saved)
            self._show_saved(items, self.saved)
            return

        self.save_button.disabled = False
        self.status.value = self._status_text(self.saved)
        self._show_plan(self.plan)

    def show_overview(self) -> None:
        """Plan every caseworker of the office for the chosen month and show their counts (supervisors only)."""
        if self.user.role is not Role.SUPERVISOR:
            return
        try:
            plans = build_office_plans(self.store, self.user, self.month.value, self._checked_capacity(),
                                       start=planning_start(self.month.value, self.today))
        except SeihoError as error:
            self.tab_pages[3].value = f'<p class="seiho-error">{html.escape(error.message_ja)}</p>'
            return
        self.tab_pages[3].value = frame_to_html(overview_frame(plans), "対象の地区担当員はいません。")

    def save(self) -> None:
        """Save the shown plan in place of the month's earlier plan for this caseworker."""
        if self.plan is None:
            return
        try:
            save_plan(self.store, self.user, self.plan)
            saved = saved_plan_info(self.store, self.user, self.plan.caseworker_id, self.plan.month)
        except SeihoError as error:
            self.status.value = f'<p class="seiho-error">{html.escape(error.message_ja)}</p>'
            return
        self.saved = saved
        self.view.disabled = False
        self.status.value = '<p class="seiho-note">計画を保存しました。</p>' + self._status_text(saved)

    def _checked_capacity(self) -> int:
        capacity = check_capacity(self.capacity.value)
        if capacity > MAX_CAPACITY:
            raise ParameterError(
                f"1日の枠「{capacity}」は{MAX_CAPACITY}件以下にしてください。",
                f"daily capacity {capacity} above {MAX_CAPACITY}",
            )
        return capacity

    def _clear_plan(self) -> None:
        # A plan of the earlier, valid choices must not stay on screen under an error.
        self.summary.value = ""
        for page in self.tab_pages[:3]:
            page.value = ""

    def _status_text(self, saved: dict | None) -> str:
        plan = self.plan
        distance = f"道のりは直線距離×{plan.road_factor:g}の目安です。"
        if saved is None:
            return (f'<p class="seiho-note">この月の計画はまだ保存されていません。訪問準備で使うには保存してください。{distance}</p>')
        return (f'<p class="seiho-note">表示しているのは今のデータで計算した計画で、保存済みの計画（{_saved_label(saved)}）'
                f"とは違うことがあります。訪問準備は保存済みの計画を使います。保存すると置き換えます。{distance}</p>")

    def _saved_status_text(self, saved: dict) -> str:
        return (f'<p class="seiho-note">保存済みの計画（{_saved_label(saved)}）を表示しています。訪問準備はこの計画を使います。'
                "保存後に訪問の記録がある世帯は備考に示します。作り直すときは「今の計算」に切り替えて保存してください。</p>")

    def _show_saved(self, items: list[PlannedVisit], saved: dict) -> None:
        planned = [visit for visit in items if visit.visit_date is not None]
        carried = [visit for visit in items if visit.visit_date is None]
        self._show_summary(("訪問日数", f"{len({visit.visit_date for visit in planned})}日"), saved["daily_capacity"], items, carried)

        sections = []
        for day in sorted({visit.visit_date for visit in planned}):
            day_visits = [visit for visit in planned if visit.visit_date == day]
            sections.append(f"<h4>{html.escape(day_label(day))}　{len(day_visits)}件</h4>")
            sections.append(plan_table_html(visits_frame(day_visits), ""))
        self.tab_pages[0].value = "".join(sections) or '<p class="seiho-note">保存済みの計画に訪問はありません。</p>'
        self._show_lists(items, carried)

    def _show_summary(self, days: tuple[str, str], capacity: int, visits: list[PlannedVisit], carried: list[PlannedVisit]) -> None:
        label, value = days
        self.summary.value = summary_to_html({
            label: value,
            "1日の訪問枠": f"{capacity}件",
            "計画した訪問": f"{len(visits) - len(carried)}件",
            "計画外（繰り越し）": f"{len(carried)}件",
            "期限超過": f"{sum(visit.overdue for visit in visits)}件",
            "法定最低回数の危険": f"{sum(visit.breach for visit in visits)}件",
        }, pairs_per_row=3)

    def _show_lists(self, visits: list[PlannedVisit], carried: list[PlannedVisit]) -> None:
        self.tab_pages[1].value = plan_table_html(visits_frame(carried), "計画外の世帯はありません。")
        breaches = [visit for visit in visits if visit.breach]
        self.tab_pages[2].value = plan_table_html(visits_frame(breaches, with_day=True), "法定の最低訪問回数を満たさないおそれのある世帯はありません。")

    def _show_plan(self, plan: VisitPlan) -> None:
        started = f"（{plan.planned_from.month}月{plan.planned_from.day}日以降）" if plan.planned_from else ""
        self._show_summary(("勤務日", f"{len(plan.working_days)}日{started}"), plan.daily_capacity, plan.all_visits, plan.carried_over)

        sections = []
        for day in plan.days:
            if not day.visits:
                continue
            distance = f"道のり 約{day.total_distance_m / 1000:.1f} km" if day.method != "none" else "道のりは位置情報がないため計算できません"
            sections.append(f"<h4>{html.escape(day_label(day.day))}　{len(day.visits)}件　{distance}</h4>")
            sections.append(plan_table_html(visits_frame(list(day.visits)), ""))
        self.tab_pages[0].value = "".join(sections) or '<p class="seiho-note">この月に訪問が必要な世帯はありません。</p>'
        self._show_lists(plan.all_visits, plan.carried_over)


def _saved_label(saved: dict) -> str:
    created = saved["created_at"]
    return (f"{created.year}年{created.month}月{created.day}日 {created:%H:%M}に{html.escape(saved['created_by'])}が保存、"
            f"1日{saved['daily_capacity']}件")
