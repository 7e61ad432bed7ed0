"""The visit plan's records: a planned visit, a day of visits and a caseworker's month."""

import datetime as dt
from dataclasses import dataclass, field

CARRIED_OVER = "計画外"
NEEDS_CHECK = "要確認"


@dataclass(frozen=True)
class PlannedVisit:
    """One household in a plan: its day and place in the route, or ``visit_date`` None when carried over (計画外).

    ``leg_distance_m`` is the estimated road distance from the previous stop
    (the office for the first), None for a household without coordinates.
    ``note`` explains a carry-over or a household that needs checking (要確認).
    """

    case_number: str
    head_name: str
    visit_date: dt.date | None
    route_order: int | None
    reason: str
    due_date: dt.date | None
    overdue: bool
    breach: bool
    grade: str
    leg_distance_m: float | None
    note: str = ""

    @property
    def carried_over(self) -> bool:
        return self.visit_date is None

    @property
    def after_due(self) -> bool:
        """Whether the planned day is later than the due date."""
        return self.visit_date is not None and self.due_date is not None and self.visit_date > self.due_date


@dataclass(frozen=True)
class DayPlan:
    """A working day's visits in route order, with the route's total and its method."""

    day: dt.date
    visits: tuple[PlannedVisit, ...]
    total_distance_m: float
    nearest_neighbour_m: float
    method: str


@dataclass
class VisitPlan:
    """A caseworker's plan for one month.

    ``days`` has one entry per working day (possibly empty). ``carried_over``
    lists what did not fit, each with its reason in ``note``.
    """

    office_code: str
    caseworker_id: str
    caseworker_name: str
    month: dt.date
    daily_capacity: int
    road_factor: float
    working_days: tuple[dt.date, ...]
    days: list[DayPlan] = field(default_factory=list)
    carried_over: list[PlannedVisit] = field(default_factory=list)
    # The day planning began when it was later than the month's first working
    # day (the current month, planned from today).
    planned_from: dt.date | None = None

    @property
    def planned(self) -> list[PlannedVisit]:
        """Every planned visit, day by day in route order."""
        return [visit for day in self.days for visit in day.visits]

    @property
    def all_visits(self) -> list[PlannedVisit]:
        return self.planned + self.carried_over

    @property
    def overdue_count(self) -> int:
        return sum(visit.overdue for visit in self.all_visits)

    @property
    def breach_count(self) -> int:
        return sum(visit.breach for visit in self.all_visits)

    @property
    def total_distance_m(self) -> float:
        return sum(day.total_distance_m for day in self.days)
