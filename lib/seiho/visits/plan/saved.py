"""Saved visit plans: save a caseworker's month, read a saved month or one day's route.

Saving replaces the caseworker's earlier plan for the same month: its items
and its row are deleted in the same transaction as the new plan is written.
"""

import dataclasses
import datetime as dt
import logging
import uuid

from seiho.access import User
from seiho.store import Store
from seiho.store.audit import record_events
from seiho.visits.counted import COUNTED_VISIT_CONDITION
from seiho.visits.plan.model import PlannedVisit, VisitPlan
from seiho.visits.plan.plan import check_plan_access

log = logging.getLogger(__name__)

SAVED = "保存済み"


def save_plan(store: Store, user: User, plan: VisitPlan) -> str:
    """Save ``plan`` in place of the caseworker's earlier plan for the month; return the new plan_id."""
    plan_id = str(uuid.uuid4())
    rows = [
        [plan_id, visit.visit_date, visit.route_order, visit.case_number, visit.reason, visit.due_date,
         visit.overdue, visit.leg_distance_m, visit.breach, visit.grade, visit.note or None]
        for visit in plan.all_visits
    ]

    with store.connect() as connection:
        check_plan_access(connection, user, plan.caseworker_id)
        connection.execute(
            "DELETE FROM visit_plan_items WHERE plan_id IN"
            " (SELECT plan_id FROM visit_plans WHERE caseworker_id = ? AND month = ?)",
            [plan.caseworker_id, plan.month],
        )
        connection.execute("DELETE FROM visit_plans WHERE caseworker_id = ? AND month = ?", [plan.caseworker_id, plan.month])
        connection.execute(
            "INSERT INTO visit_plans (plan_id, office_code, caseworker_id, month, created_by, daily_capacity, status, road_factor)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            [plan_id, plan.office_code, plan.caseworker_id, plan.month, user.user_id, plan.daily_capacity, SAVED, plan.road_factor],
        )
        if rows:
            connection.executemany(
                "INSERT INTO visit_plan_items (plan_id, visit_date, route_order, case_number, reason, due_date, overdue,"
                " leg_distance_m, breach, grade, note) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                rows,
            )
        record_events(connection, user.user_id, "save_visit_plan", [visit.case_number for visit in plan.all_visits],
                      f"plan {plan_id} caseworker {plan.caseworker_id} month {plan.month:%Y-%m}")

    log.info("saved plan %s with %d visits for caseworker %s", plan_id, len(rows), plan.caseworker_id)
    return plan_id


def saved_plan_items(store: Store, user: User, caseworker_id: str, month: dt.date) -> list[PlannedVisit]:
    """Return the saved plan's households for the month: days in order, each in route order, then 計画外."""
    first = month.replace(day=1)
    return _read_items(store, user, caseworker_id, "p.month = ?", [first], f"month {first:%Y-%m}")


def day_plan(store: Store, user: User, caseworker_id: str, day: dt.date) -> list[PlannedVisit]:
    """Return the households the saved plan puts on ``day``, in the order of the route."""
    return _read_items(store, user, caseworker_id, "p.month = ? AND i.visit_date = ?", [day.replace(day=1), day],
                       f"day {day.isoformat()}")


def saved_plan_info(store: Store, user: User, caseworker_id: str, month: dt.date) -> dict | None:
    """Return the saved plan's id, time, author and capacity for the month, or None when none is saved."""
    with store.connect() as connection:
        check_plan_access(connection, user, caseworker_id)
        row = connection.execute(
            "SELECT plan_id, created_at, created_by, daily_capacity, status FROM visit_plans WHERE caseworker_id = ? AND month = ?",
            [caseworker_id, month.replace(day=1)],
        ).fetchone()
    if row is None:
        return None
    return dict(zip(("plan_id", "created_at", "created_by", "daily_capacity", "status"), row))


def _read_items(store: Store, user: User, caseworker_id: str, condition: str, parameters: list, detail: str) -> list[PlannedVisit]:
    with store.connect() as connection:
        check_plan_access(connection, user, caseworker_id)
        rows = connection.execute(
            f"""
            SELECT i.case_number, coalesce(h.head_name, ''), i.visit_date, i.route_order, i.reason, i.due_date,
                   i.overdue, i.breach, coalesce(i.grade, ''), i.leg_distance_m, coalesce(i.note, ''),
                   (SELECT max(v.visited_on) FROM visits v
                    WHERE v.case_number = i.case_number AND v.visited_on >= CAST(p.created_at AS DATE)
                      AND {COUNTED_VISIT_CONDITION}) AS visited_since
            FROM visit_plan_items i
            JOIN visit_plans p ON p.plan_id = i.plan_id
            LEFT JOIN households h ON h.case_number = i.case_number
            WHERE p.caseworker_id = ? AND {condition}
            ORDER BY i.visit_date NULLS LAST, i.route_order, i.due_date, i.case_number
            """,
            [caseworker_id, *parameters],
        ).fetchall()
        visits = [_with_visit_since_saved(PlannedVisit(*row[:-1]), row[-1]) for row in rows]
        record_events(connection, user.user_id, "view_visit_plan", [visit.case_number for visit in visits],
                      f"caseworker {caseworker_id} {detail}")
    return visits


def _with_visit_since_saved(visit: PlannedVisit, visited_on: dt.date | None) -> PlannedVisit:
    """Note on a saved household that a counted visit was recorded on or after the day the plan was saved."""
    if visited_on is None:
        return visit
    note = f"保存後の{visited_on.month}月{visited_on.day}日に訪問の記録あり"
    return dataclasses.replace(visit, note=f"{visit.note}　{note}" if visit.note else note)
