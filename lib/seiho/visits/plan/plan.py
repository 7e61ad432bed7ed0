"""Build monthly visit plans: a caseworker's own, or every caseworker's for a supervisor."""

import dataclasses
import datetime as dt
import logging
from collections import defaultdict

import duckdb
import pandas as pd

from seiho.access import Role, User, require_role
from seiho.errors import AccessDenied, SeihoError
from seiho.store import Store
from seiho.store.audit import record_events
from seiho.visits.plan.calendar import working_days
from seiho.visits.plan.due import DueVisit, due_visits
from seiho.visits.plan.model import VisitPlan
from seiho.visits.plan.schedule import assign_days, carry_over, route_day
from seiho.visits.plan.settings import PlanSettings, check_capacity, load_plan_settings

log = logging.getLogger(__name__)

PLANNERS = (Role.CASEWORKER, Role.SUPERVISOR)
UNASSIGNED = "未割当"


def check_plan_access(connection: duckdb.DuckDBPyConnection, user: User, caseworker_id: str) -> str:
    """Raise unless the user may plan and read ``caseworker_id``'s visits; return the caseworker's name.

    A caseworker may plan only their own households and a supervisor every
    caseworker of their office. Other roles are rejected.
    """
    require_role(user, *PLANNERS, action="訪問計画")
    row = connection.execute("SELECT office_code, name FROM caseworkers WHERE caseworker_id = ?", [caseworker_id]).fetchone()
    if row is None:
        raise SeihoError(
            f"職員番号 {caseworker_id} の地区担当員は登録されていません。職員番号を確かめてください。",
            f"unknown caseworker {caseworker_id}",
        )
    office_code, name = row
    if user.role is Role.CASEWORKER and caseworker_id != user.caseworker_id:
        raise AccessDenied(
            f"職員番号 {caseworker_id} はあなたではないため、その訪問計画は作成・表示できません。自分の計画だけを扱えます。",
            f"caseworker {user.user_id} asked for the plan of caseworker {caseworker_id}",
        )
    if office_code != user.office_code:
        raise AccessDenied(
            f"職員番号 {caseworker_id} は別の福祉事務所の地区担当員です。",
            f"user {user.user_id} of office {user.office_code} asked for caseworker {caseworker_id} of office {office_code}",
        )
    return name


def build_plan(
    store: Store, user: User, caseworker_id: str, month: dt.date, capacity: int | None = None,
    settings: PlanSettings | None = None, start: dt.date | None = None,
) -> VisitPlan:
    """Plan ``caseworker_id``'s visits in ``month`` with a route for each working day.

    ``capacity`` overrides the daily capacity of data/visits/visit_plan.yaml.
    With ``start`` (usually today), working days before it are left out,
    so planning the current month fills only the days still ahead.
    """
    with store.connect() as connection:
        name = check_plan_access(connection, user, caseworker_id)
        office = _office_point(connection, user.office_code)
        # Once access is checked, read only this caseworker's households, as
        # their own scope would, so a supervisor's request does not grade the office.
        caseload = dataclasses.replace(user, role=Role.CASEWORKER, caseworker_id=caseworker_id)
        due = due_visits(connection, caseload, month)
        record_events(connection, user.user_id, "view_visit_plan", [visit.case_number for visit in due],
                      f"caseworker {caseworker_id} month {month:%Y-%m}")
    return plan_from_due(user.office_code, caseworker_id, name, month, due, office, capacity, settings, start=start)


def build_office_plans(
    store: Store, user: User, month: dt.date, capacity: int | None = None, with_routes: bool = False,
    settings: PlanSettings | None = None, start: dt.date | None = None,
) -> list[VisitPlan]:
    """Plan every caseworker in the user's scope for ``month``, one ``VisitPlan`` each.

    A supervisor gets every caseworker of the office, and a plan named
    未割当 for due households without a caseworker, so none is dropped. A
    caseworker gets their own plan. Routes are left out unless ``with_routes``.
    ``start`` leaves out working days before it, as in ``build_plan``.
    """
    require_role(user, *PLANNERS, action="訪問計画")
    settings = settings or load_plan_settings()
    with store.connect() as connection:
        office = _office_point(connection, user.office_code)
        names = dict(connection.execute(
            "SELECT caseworker_id, name FROM caseworkers WHERE office_code = ? AND role = 'caseworker' ORDER BY caseworker_id",
            [user.office_code],
        ).fetchall())
        due = due_visits(connection, user, month)
    if user.role is Role.CASEWORKER:
        names = {user.caseworker_id: names.get(user.caseworker_id, user.display_name)}

    by_caseworker: dict[str | None, list[DueVisit]] = defaultdict(list)
    for visit in due:
        by_caseworker[visit.caseworker_id].append(visit)
    for caseworker_id in by_caseworker:
        if caseworker_id is not None and caseworker_id not in names:
            names[caseworker_id] = caseworker_id

    plans = [
        plan_from_due(user.office_code, caseworker_id, name, month, by_caseworker.get(caseworker_id, []), office,
                      capacity, settings, with_routes, start)
        for caseworker_id, name in sorted(names.items())
    ]
    if by_caseworker.get(None):
        plans.append(plan_from_due(user.office_code, "", UNASSIGNED, month, by_caseworker[None], office, capacity,
                                   settings, with_routes, start))
    log.info("planned %d caseworkers for %s (user %s)", len(plans), f"{month:%Y-%m}", user.user_id)
    return plans


def plan_from_due(
    office_code: str, caseworker_id: str, name: str, month: dt.date, due: list[DueVisit],
    office: tuple[float, float] | None, capacity: int | None = None, settings: PlanSettings | None = None,
    with_routes: bool = True, start: dt.date | None = None,
) -> VisitPlan:
    """Spread ``due`` over the month's working days from ``start`` on (all of them without it) and route each day."""
    settings = settings or load_plan_settings()
    capacity = check_capacity(capacity) if capacity is not None else settings.daily_capacity
    days = [day for day in working_days(month) if start is None or day >= start]
    first_day = first_working_day(month)
    late_start = start if start is not None and first_day is not None and start > first_day else None

    by_day, rest = assign_days(due, days, capacity)
    plan = VisitPlan(office_code, caseworker_id, name, month.replace(day=1), capacity, settings.road_factor, tuple(days))
    plan.days = [route_day(day, by_day[day], office, settings, with_routes) for day in days]
    plan.planned_from = late_start
    plan.carried_over = carry_over(rest, len(days), capacity, late_start)
    return plan


def planning_start(month: dt.date, today: dt.date) -> dt.date | None:
    """Return ``today`` when ``month`` is the current month, so days already past are not planned; otherwise None."""
    if (month.year, month.month) == (today.year, today.month):
        return today
    return None


def first_working_day(month: dt.date) -> dt.date | None:
    days = working_days(month)
    return days[0] if days else None


def overview_frame(plans: list[VisitPlan]) -> pd.DataFrame:
    """Return one row per caseworker with the counts a supervisor watches, in Japanese columns."""
    rows = [
        {
            "職員番号": plan.caseworker_id or UNASSIGNED,
            "担当者": plan.caseworker_name,
            "対象世帯": len(plan.all_visits),
            "計画": len(plan.planned),
            "期限超過": plan.overdue_count,
            "法定最低回数の危険": plan.breach_count,
            "計画外": len(plan.carried_over),
        }
        for plan in plans
    ]
    columns = ["職員番号", "担当者", "対象世帯", "計画", "期限超過", "法定最低回数の危険", "計画外"]
    return pd.DataFrame(rows, columns=columns)


def _office_point(connection: duckdb.DuckDBPyConnection, office_code: str) -> tuple[float, float] | None:
    row = connection.execute("SELECT latitude, longitude FROM offices WHERE office_code = ?", [office_code]).fetchone()
    if row is None or row[0] is None or row[1] is None:
        return None
    return (row[0], row[1])
