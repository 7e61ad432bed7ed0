"""The monthly visit plan (訪問計画): due households, working days, daily capacity, routes and saved plans.

``build_plan`` plans one caseworker's month with a route for each working
day, ``build_office_plans`` plans every caseworker a supervisor oversees,
``save_plan`` keeps a plan (replacing the month's earlier one) and
``day_plan`` returns a saved day's households in route order.
"""

from seiho.visits.plan.calendar import closed_reason, parse_month, working_days
from seiho.visits.plan.due import DueVisit, due_visits
from seiho.visits.plan.model import DayPlan, PlannedVisit, VisitPlan
from seiho.visits.plan.plan import build_office_plans, build_plan, check_plan_access, overview_frame
from seiho.visits.plan.route import Route, nearest_neighbour_order, order_route
from seiho.visits.plan.saved import day_plan, save_plan, saved_plan_info, saved_plan_items
from seiho.visits.plan.settings import PlanSettings, load_plan_settings

__all__ = [
    "DayPlan",
    "DueVisit",
    "PlanSettings",
    "PlannedVisit",
    "Route",
    "VisitPlan",
    "build_office_plans",
    "build_plan",
    "check_plan_access",
    "closed_reason",
    "day_plan",
    "due_visits",
    "load_plan_settings",
    "nearest_neighbour_order",
    "order_route",
    "overview_frame",
    "parse_month",
    "save_plan",
    "saved_plan_info",
    "saved_plan_items",
    "working_days",
]
