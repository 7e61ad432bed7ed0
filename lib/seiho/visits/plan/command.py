"""``seiho plan``: print a caseworker's monthly visit plan, or a supervisor's overview, and optionally save it."""

import argparse
import datetime as dt

from seiho.access import Role
from seiho.access.users import acting_user
from seiho.arguments import iso_date
from seiho.store import Store
from seiho.ui.formatting import format_value
from seiho.visits.plan.calendar import day_label, parse_month
from seiho.visits.plan.model import VisitPlan
from seiho.visits.plan.plan import build_office_plans, build_plan, overview_frame, planning_start
from seiho.visits.plan.saved import save_plan, saved_plan_info


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--db", default=None, help="データベースファイル（既定: SEIHO_DB または data/demo.duckdb）")
    parser.add_argument("--month", required=True, help="計画する月 YYYY-MM")
    parser.add_argument("--caseworker", default=None,
                        help="計画する地区担当員の職員番号（既定: 地区担当員は自分。査察指導員は省くと全員の集計）")
    parser.add_argument("--user", default=None, help="操作する利用者ID（役割と担当範囲で権限を確認し、監査ログに記録する）")
    parser.add_argument("--capacity", type=int, default=None,
                        help="1日の訪問枠（件。既定: data/visits/visit_plan.yaml の daily_capacity）")
    parser.add_argument("--today", type=iso_date, default=None,
                        help="今日の日付 YYYY-MM-DD（既定: 実際の今日）。今月の計画では、この日より前の勤務日には訪問を入れない")
    parser.add_argument("--save", action="store_true", help="計画を保存する（同じ担当者・同じ月の保存済みの計画は置き換える）")


def run(args: argparse.Namespace) -> int:
    """Build the plan, print it in Japanese and save it when --save is given."""
    store = Store(args.db, must_exist=True)
    user = acting_user(store, args.user)
    month = parse_month(args.month)
    start = planning_start(month, args.today or dt.date.today())

    caseworker_id = args.caseworker or (user.caseworker_id if user.role is Role.CASEWORKER else None)
    if caseworker_id is None:
        plans = build_office_plans(store, user, month, args.capacity, with_routes=args.save, start=start)
        print(format_overview(plans))
        if args.save:
            saved = [plan for plan in plans if plan.caseworker_id]
            for plan in saved:
                save_plan(store, user, plan)
            print(f"{len(saved)}人分の訪問計画を保存しました。")
        return 0

    plan = build_plan(store, user, caseworker_id, month, args.capacity, start=start)
    print(format_plan(plan))
    if args.save:
        earlier = saved_plan_info(store, user, caseworker_id, month)
        plan_id = save_plan(store, user, plan)
        replaced = "同じ月の以前の計画は置き換えました。" if earlier else ""
        print(f"訪問計画を保存しました（計画ID {plan_id}）。{replaced}")
    return 0


def format_plan(plan: VisitPlan) -> str:
    """Return the plan as text: each working day's route, then 計画外."""
    lines = [
        f"訪問計画 {plan.month.year}年{plan.month.month}月　{plan.caseworker_name}（{plan.caseworker_id}）",
        f"勤務日 {len(plan.working_days)}日{f'（{plan.planned_from.month}月{plan.planned_from.day}日以降）' if plan.planned_from else ''}・1日の訪問枠 {plan.daily_capacity}件・計画 {len(plan.planned)}件・"
        f"期限超過 {plan.overdue_count}件・法定最低回数の危険 {plan.breach_count}件・計画外 {len(plan.carried_over)}件",
        f"道のりは直線距離×{plan.road_factor:g}の目安です。",
    ]
    for day in plan.days:
        if not day.visits:
            continue
        lines.append("")
        distance = f"道のり 約{day.total_distance_m / 1000:.1f} km" if day.method != "none" else "道のりは位置情報がないため計算できません"
        lines.append(f"{day_label(day.day)}　{len(day.visits)}件　{distance}")
        for visit in day.visits:
            lines.append("  " + _visit_line(visit.route_order, visit))
    lines.append("")
    lines.append(f"計画外 {len(plan.carried_over)}件")
    for visit in plan.carried_over:
        lines.append("  " + _visit_line(None, visit))
    return "\n".join(lines)


def format_overview(plans: list[VisitPlan]) -> str:
    """Return every caseworker's counts as an aligned text table."""
    frame = overview_frame(plans)
    if frame.empty:
        return "対象の地区担当員はいません。"
    lines = ["　".join(frame.columns)]
    for row in frame.itertuples(index=False):
        lines.append("　".join(format_value(value) for value in row))
    return "\n".join(lines)


def _visit_line(order, visit) -> str:
    marks = "".join(mark for mark, on in (("［期限超過］", visit.overdue), ("［法定］", visit.breach)) if on)
    prefix = f"{order:>2}. " if order is not None else "- "
    text = f"{prefix}{visit.case_number}　期限 {format_value(visit.due_date)}{marks}　{visit.reason}"
    if visit.note:
        text += f"　※{visit.note}"
    return text
