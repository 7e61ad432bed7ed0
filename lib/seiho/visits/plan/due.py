"""The households a caseworker must visit in a month, each with the reasons.

A household is due when the interval of its 訪問格付け, counted from its last
counted visit (or from 保護開始日 when it has none), ends by the month's last
day. It is also due when it would breach a legal minimum by the month's last
day (``find_breaches``) or when an application received by then still waits
for its prompt visit. Grades use the facts on the day the grade rules name
(``month_evaluated_on``, the last day of the month in the shipped rules), so a
birthday or an admission during the month applies to the whole month.
"""

import datetime as dt
import logging
from collections import defaultdict
from dataclasses import dataclass

import duckdb

from seiho.access import User, household_scope
from seiho.parameters import parameter
from seiho.ui.formatting import format_value
from seiho.visits.counted import COUNTED_VISIT_CONDITION
from seiho.visits.grades import HouseholdGrade, household_grades, month_evaluation_date
from seiho.visits.minimums import Breach, add_months, find_breaches
from seiho.visits.plan.calendar import month_end
from seiho.visits.rules import GradeRules, load_grade_rules

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class DueVisit:
    """A household due for a visit in the month, with the reasons and dates behind it.

    ``due_date`` is the earliest of the grade's due date, a minimum's last
    day and an application's prompt-visit deadline. ``overdue`` means it fell
    before the month began. ``breach`` means a legal minimum is at stake.
    """

    case_number: str
    caseworker_id: str | None
    head_name: str
    grade: str
    grade_label: str
    housing: str
    reasons: tuple[str, ...]
    due_date: dt.date
    overdue: bool
    breach: bool
    last_visit: dt.date | None
    latitude: float | None
    longitude: float | None

    @property
    def reason(self) -> str:
        """The reasons joined for display."""
        return "／".join(self.reasons)

    @property
    def located(self) -> bool:
        """Whether the household has coordinates for routing."""
        return self.latitude is not None and self.longitude is not None


def due_visits(
    connection: duckdb.DuckDBPyConnection, user: User, month: dt.date, rules: GradeRules | None = None
) -> list[DueVisit]:
    """List every household in the user's scope that is due or overdue in ``month``, earliest due first.

    Only caseworkers and supervisors may call this (``household_grades``
    checks the role), and each household read is written to the audit log.
    """
    rules = rules or load_grade_rules()
    first, last = month.replace(day=1), month_end(month)
    grades = household_grades(connection, user, month_evaluation_date(first, rules), rules)
    condition, parameters = household_scope(user, "h")

    visits = _last_visits(connection, condition, parameters, last, rules)
    details = _household_details(connection, condition, parameters)
    breaches = defaultdict(list)
    for breach in find_breaches(connection, user, last, rules=rules):
        breaches[breach.case_number].append(breach)
    applications = _pending_applications(connection, condition, parameters, last, visits)

    due = []
    for grade in grades:
        visit = _due_visit(grade, first, last, visits, details, breaches, applications, rules)
        if visit is not None:
            due.append(visit)
    due.sort(key=lambda visit: (visit.due_date, visit.case_number))
    log.info("%d of %d households due in %s for user %s", len(due), len(grades), f"{first:%Y-%m}", user.user_id)
    return due


def _due_visit(grade: HouseholdGrade, first, last, visits, details, breaches, applications, rules) -> DueVisit | None:
    """Return the household's due visit in the month, or None when nothing is due by ``last``."""
    facts = grade.facts
    counted_kinds = rules.counted_visit_kinds.get(facts.housing, ())
    dates = [day for kind, day in visits.get(facts.case_number, {}).items() if kind in counted_kinds]
    last_visit = max(dates) if dates else None
    reasons, due_dates = [], []

    # The grade's interval runs from the last counted visit, or from 保護開始日.
    grade_due = add_months(last_visit or facts.started_on, grade.grade.interval_months)
    if grade_due <= last:
        since = f"前回訪問 {format_value(last_visit)}" if last_visit else f"訪問記録なし・保護開始 {format_value(facts.started_on)}"
        chosen = "変更後の格付け" if grade.overridden else grade.rule.label
        reasons.append(f"訪問格付け{grade.grade.code}（{grade.grade.label}・{chosen}）: {since} から{grade.grade.interval_months}か月")
        due_dates.append(grade_due)

    household_breaches: list[Breach] = breaches.get(facts.case_number, [])
    for breach in household_breaches:
        if breach.minimum == "application":
            continue
        # due_by can be earlier than the last visit: the shortfall is in the count within the window.
        reasons.append(f"法定の最低訪問（{breach.label} {breach.required_visits}回）が {format_value(breach.due_by)} から不足"
                       f"（期間内の訪問 {breach.counted_visits}回）")
        due_dates.append(breach.due_by)

    application_breach = False
    for kind, received_on, due_by in applications.get(facts.case_number, []):
        reasons.append(f"{kind}申請の受理 {format_value(received_on)} 後の訪問（期限 {format_value(due_by)}）")
        due_dates.append(due_by)
        application_breach = application_breach or any(
            breach.minimum == "application" and breach.due_by == due_by for breach in household_breaches
        )

    if not due_dates:
        return None
    due_date = min(due_dates)
    head_name, latitude, longitude = details.get(facts.case_number, ("", None, None))
    return DueVisit(
        case_number=facts.case_number,
        caseworker_id=facts.caseworker_id,
        head_name=head_name,
        grade=grade.grade.code,
        grade_label=grade.grade.label,
        housing=facts.housing,
        reasons=tuple(reasons),
        due_date=due_date,
        overdue=due_date < first,
        breach=application_breach or any(breach.minimum != "application" for breach in household_breaches),
        last_visit=last_visit,
        latitude=latitude,
        longitude=longitude,
    )


def _last_visits(connection, condition: str, parameters: list, last: dt.date, rules: GradeRules) -> dict[str, dict[str, dt.date]]:
    """Return each household's latest counted visit on or before ``last``, by visit kind."""
    kinds = sorted({kind for housing_kinds in rules.counted_visit_kinds.values() for kind in housing_kinds})
    rows = connection.execute(
        f"""
        SELECT v.case_number, v.visit_kind, max(v.visited_on) FROM visits v
        JOIN households h ON h.case_number = v.case_number
        WHERE v.visited_on <= ? AND list_contains(?, v.visit_kind) AND list_contains(?, v.result)
          AND {COUNTED_VISIT_CONDITION} AND {condition}
        GROUP BY v.case_number, v.visit_kind
        """,
        [last, kinds, list(rules.counted_results), *parameters],
    ).fetchall()
    visits: dict[str, dict[str, dt.date]] = defaultdict(dict)
    for case_number, kind, visited_on in rows:
        visits[case_number][kind] = visited_on
    return visits


def _household_details(connection, condition: str, parameters: list) -> dict[str, tuple]:
    """Return (head_name, latitude, longitude) of each household in scope."""
    rows = connection.execute(
        f"SELECT h.case_number, h.head_name, h.latitude, h.longitude FROM households h WHERE {condition}", parameters
    ).fetchall()
    return {case_number: (name, latitude, longitude) for case_number, name, latitude, longitude in rows}


def _pending_applications(connection, condition: str, parameters: list, last: dt.date, visits) -> dict[str, list]:
    """Return (kind, received_on, due_by) of each application received by ``last`` with no visit since, by household.

    Any counted visit on or after the day of receipt closes an application.
    """
    within = int(parameter("visit_minimums").at(last)["application"]["within_days"])
    rows = connection.execute(
        f"""
        SELECT a.case_number, a.application_kind, a.received_on FROM visit_applications a
        JOIN households h ON h.case_number = a.case_number
        WHERE a.received_on <= ? AND {condition}
        ORDER BY a.received_on
        """,
        [last, *parameters],
    ).fetchall()
    pending = defaultdict(list)
    for case_number, kind, received_on in rows:
        if any(day >= received_on for day in visits.get(case_number, {}).values()):
            continue
        pending[case_number].append((kind, received_on, received_on + dt.timedelta(days=within)))
    return pending
