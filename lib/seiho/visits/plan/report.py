"""The monthly visit-plan report (notebooks/visit_plan_monthly.ipynb): an office summary, plots and one section per caseworker."""

import datetime as dt
import html
import logging
from collections import Counter

import pandas as pd
import plotly.express as px
from IPython.display import HTML

from seiho.access import Role, User
from seiho.errors import ParameterError
from seiho.reporting.figures import show_figure
from seiho.store import Store
from seiho.ui.formatting import format_value, frame_to_html
from seiho.visits.plan.app import visits_frame
from seiho.visits.plan.calendar import day_label, parse_month
from seiho.visits.plan.model import VisitPlan
from seiho.visits.plan.plan import build_office_plans, build_plan, overview_frame

log = logging.getLogger(__name__)

# The audit log names this user for the households the report reads.
REPORT_USER_ID = "report:visit_plan_monthly"


def report_user(store: Store, office: str) -> User:
    """Return the supervisor-scoped user the report acts as for ``office`` (the only office when empty)."""
    with store.connect() as connection:
        codes = [row[0] for row in connection.execute("SELECT office_code FROM offices ORDER BY office_code").fetchall()]
    if not office:
        if len(codes) != 1:
            raise ParameterError(
                f"福祉事務所が{len(codes)}件登録されています。-p office=（実施機関コード）で1つ指定してください。",
                f"{len(codes)} offices, office required",
            )
        office = codes[0]
    if office not in codes:
        raise ParameterError(
            f"実施機関コード「{office}」の福祉事務所は登録されていません。登録済み: {'、'.join(codes)}",
            f"unknown office {office}",
        )
    return User(REPORT_USER_ID, "訪問計画月報", Role.SUPERVISOR, office)


def visit_plan_report_sections(store: Store, office: str = "", month: str = "", caseworker: str = "") -> list[HTML]:
    """Build the report for one office and month: the office summary with plots, then each caseworker's plan.

    An empty ``caseworker`` reports every caseworker, in due order within
    each day and without routes, because routing a whole office takes long.
    A named caseworker's days are in route order.
    """
    first = parse_month(month) if month else dt.date.today().replace(day=1)
    user = report_user(store, office)
    with store.connect() as connection:
        office_name = connection.execute("SELECT name FROM offices WHERE office_code = ?", [user.office_code]).fetchone()[0]

    if caseworker:
        plans = [build_plan(store, user, caseworker, first)]
    else:
        plans = build_office_plans(store, user, first)
    log.info("visit plan report for office %s, %s: %d caseworkers", user.office_code, f"{first:%Y-%m}", len(plans))

    label = f"{first.year}年{first.month}月"
    scope = f"担当者 {html.escape(plans[0].caseworker_name)}（{html.escape(caseworker)}）" if caseworker else "全担当者"
    sections = [HTML(
        f"<h1>{html.escape(office_name)} 訪問計画月報（{label}）</h1>"
        f"<p>{scope}。作成日 {format_value(dt.date.today())}。勤務日は土日・祝日・振替休日・年末年始を除く。"
        "訪問格付けの間隔、法定の最低訪問回数、申請後の訪問から、この月に訪問が必要な世帯を数えています。</p>"
    )]
    sections.append(HTML("<h2>事務所の集計</h2>" + frame_to_html(overview_frame(plans), "対象の地区担当員はいません。")))
    sections.append(HTML("<h2>勤務日ごとの計画訪問件数</h2>"))
    sections.append(show_figure(_visits_per_day_figure(plans, label)))
    sections.append(HTML("<h2>訪問格付け別の期限超過</h2>"))
    sections.append(show_figure(_overdue_by_grade_figure(plans, label)))

    for plan in plans:
        sections.append(HTML(_caseworker_section(plan, routed=bool(caseworker))))
    return sections


def _visits_per_day_figure(plans: list[VisitPlan], label: str):
    counts = Counter(day.day for plan in plans for day in plan.days for _ in day.visits)
    days = plans[0].working_days if plans else ()
    frame = pd.DataFrame({"勤務日": [day_label(day) for day in days], "訪問件数": [counts.get(day, 0) for day in days]})
    return px.bar(frame, x="勤務日", y="訪問件数", title=f"勤務日ごとの計画訪問件数（{label}）")


def _overdue_by_grade_figure(plans: list[VisitPlan], label: str):
    counts = Counter(visit.grade for plan in plans for visit in plan.all_visits if visit.overdue)
    grades = sorted({visit.grade for plan in plans for visit in plan.all_visits})
    frame = pd.DataFrame({"訪問格付け": grades, "期限超過の世帯": [counts.get(grade, 0) for grade in grades]})
    return px.bar(frame, x="訪問格付け", y="期限超過の世帯", title=f"訪問格付け別の期限超過（{label}）")


def _caseworker_section(plan: VisitPlan, routed: bool) -> str:
    heading = f"<h2>{html.escape(plan.caseworker_name)}（{html.escape(plan.caseworker_id or '未割当')}）</h2>"
    facts = (f"<p>計画 {len(plan.planned)}件・期限超過 {plan.overdue_count}件・法定最低回数の危険 {plan.breach_count}件・"
             f"計画外 {len(plan.carried_over)}件。1日の訪問枠 {plan.daily_capacity}件。"
             + ("日ごとの順は経路の順です。" if routed else "日ごとの順は期限の順です（経路の順は訪問計画の画面で確認してください）。")
             + "</p>")
    planned = frame_to_html(visits_frame(plan.planned, with_day=True), "この月に訪問が必要な世帯はありません。")
    carried = ""
    if plan.carried_over:
        carried = "<h3>計画外</h3>" + frame_to_html(visits_frame(plan.carried_over))
    return heading + facts + planned + carried
