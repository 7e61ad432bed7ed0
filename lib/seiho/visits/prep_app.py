"""The 訪問準備 dashboard: pick a day, see its households in route order, a map and one prep sheet each."""

import datetime as dt
import html
import logging

import ipywidgets as widgets

from seiho.access import Role, User
from seiho.errors import SeihoError
from seiho.store import Store
from seiho.visits.plan.calendar import closed_reason
from seiho.visits.plan.saved import saved_plan_info
from seiho.visits.prep import prep_sheets
from seiho.visits.prep_html import sheet_html, stops_html
from seiho.visits.route_map import caseworker_households, day_route, office_caseworkers, route_svg

log = logging.getLogger(__name__)


def _error(error: SeihoError) -> str:
    return f'<p class="seiho-error">{html.escape(error.message_ja)}</p>'


class VisitPrepApp(widgets.VBox):
    """Show a day's visits for one caseworker: the saved plan's route, or households picked by hand."""

    def __init__(self, store: Store, user: User, today: dt.date | None = None):
        self.store = store
        self.user = user

        self.day = widgets.DatePicker(description="訪問日", value=today or dt.date.today())
        if user.role is Role.SUPERVISOR:
            choices = office_caseworkers(store, user)
        else:
            choices = [(user.display_name, user.caseworker_id)]
        self.caseworker = widgets.Dropdown(
            description="地区担当員", options=choices, value=choices[0][1] if choices else None,
            disabled=user.role is not Role.SUPERVISOR, layout=widgets.Layout(width="20em"),
        )
        self.show_button = widgets.Button(description="表示", button_style="primary", layout=widgets.Layout(width="6em"))
        self.show_button.on_click(lambda _: self.show_day())

        self.households = widgets.SelectMultiple(
            description="世帯を選ぶ", rows=5, layout=widgets.Layout(width="28em"),
        )
        self.pick_button = widgets.Button(description="選んだ世帯で準備", layout=widgets.Layout(width="12em"))
        self.pick_button.on_click(lambda _: self.show_day(picked=True))
        self.caseworker.observe(lambda _: self._load_households(), names="value")
        hand_pick = widgets.Accordion([widgets.VBox([
            widgets.HTML('<p class="seiho-note">担当世帯を選んで（Ctrl または Shift で複数）準備できます。訪問順はケース番号の順になります。</p>'),
            widgets.HBox([self.households, self.pick_button]),
        ])], selected_index=None)
        hand_pick.set_title(0, "訪問計画がない日は、世帯を選んで準備する")

        self.message = widgets.HTML()
        self.map_view = widgets.HTML()
        self.stop_list = widgets.HTML()
        self.sheets = widgets.Tab()

        super().__init__([
            widgets.HTML('<div class="seiho-title">訪問準備</div>'),
            widgets.HBox([self.day, self.caseworker, self.show_button]),
            hand_pick,
            self.message,
            widgets.HBox([self.map_view, self.stop_list], layout=widgets.Layout(align_items="flex-start")),
            self.sheets,
        ])
        self.add_class("seiho-app")
        self.map_view.layout.width = "48%"
        self.stop_list.layout.width = "52%"
        self._load_households()
        self.show_day()

    def _load_households(self) -> None:
        try:
            self.households.options = caseworker_households(self.store, self.user, self.caseworker.value)
        except SeihoError as error:
            self.message.value = _error(error)

    def show_day(self, picked: bool = False) -> None:
        """Load the chosen day's route and one prep sheet per household."""
        day = self.day.value
        if day is None:
            self.message.value = '<p class="seiho-error">訪問日を選んでください。</p>'
            return
        chosen = list(self.households.value) if picked else None
        if picked and not chosen:
            self.message.value = '<p class="seiho-error">準備する世帯を1つ以上選んでください。</p>'
            return

        try:
            route = day_route(self.store, self.user, day, self.caseworker.value, chosen)
        except SeihoError as error:
            self.message.value = _error(error)
            return
        source = "保存された訪問計画の順路" if route.from_plan else "選んだ世帯をケース番号の順に"
        self.message.value = f'<p class="seiho-note">{day.year}年{day.month}月{day.day}日: {len(route.stops)} 世帯（{source}）</p>'
        if not route.stops and not picked:
            self.message.value = f'<p class="seiho-note">{html.escape(self._why_no_stops(day))}</p>'
        self.stop_list.value = stops_html(route)
        self.map_view.value = self._map_html(route)
        self._show_sheets(route, day)

    def _why_no_stops(self, day: dt.date) -> str:
        """Return why a day has no households: the office is closed, no plan is saved, or the plan leaves the day empty."""
        date = f"{day.year}年{day.month}月{day.day}日"
        closed = closed_reason(day)
        if closed:
            return f"{date}は{closed}のため勤務日ではありません。"
        try:
            saved = saved_plan_info(self.store, self.user, self.caseworker.value, day)
        except SeihoError as error:
            return error.message_ja
        if saved is None:
            return (f"{day.year}年{day.month}月の訪問計画はまだ保存されていません。画面「訪問計画」で保存するか、"
                    "「訪問計画がない日は、世帯を選んで準備する」から世帯を選んでください。")
        return f"保存された訪問計画では、{date}に訪問する世帯はありません。"

    def _map_html(self, route) -> str:
        if not route.stops:
            return ""
        try:
            return route_svg(route)
        except SeihoError as error:
            return _error(error)

    def _show_sheets(self, route, day: dt.date) -> None:
        try:
            sheets = prep_sheets(self.store, self.user, [stop.case_number for stop in route.stops], day)
        except SeihoError as error:
            self.message.value = _error(error)
            return
        children, titles = [], []
        for stop, sheet in zip(route.stops, sheets):
            content = _error(sheet) if isinstance(sheet, SeihoError) else sheet_html(sheet)
            children.append(widgets.HTML(content))
            titles.append(f"{stop.order} {stop.head_name}")
        self.sheets.children = children
        for index, title in enumerate(titles):
            self.sheets.set_title(index, title)
        log.info("showed %d prep sheets", len(children))
