"""Households that would breach a legal visit minimum (実施要領 第12) by a given date.

The minimums come from data/parameters/visit_minimums.yaml: a number of
visits within a window of months for households at home and for those in
hospital or a facility, and a visit within days of receiving an application.
"""

import calendar
import datetime as dt
import logging
from collections import defaultdict
from dataclasses import dataclass

import duckdb

from seiho.access import User, household_scope, require_role
from seiho.parameters import parameter
from seiho.store.audit import record_events
from seiho.visits.counted import COUNTED_VISIT_CONDITION
from seiho.visits.facts import household_facts
from seiho.visits.grades import GRADE_READERS
from seiho.visits.rules import GradeRules, load_grade_rules

log = logging.getLogger(__name__)

HOME = "居宅"
MINIMUM_LABELS = {
    "home": "居宅の家庭訪問",
    "institution": "入院・入所者への訪問",
    "application": "申請後の訪問",
}


@dataclass(frozen=True)
class Breach:
    """A household that has not had, or will not have had, a required visit by ``by_date``.

    ``due_by`` is the last day on which a visit keeps the minimum.
    ``counted_visits`` is the number of counted visits in the window ending on
    ``by_date``, and ``source`` names the notice the minimum comes from.
    """

    case_number: str
    caseworker_id: str | None
    minimum: str                    # home / institution / application
    label: str
    housing: str
    required_visits: int
    counted_visits: int
    last_visit: dt.date | None
    due_by: dt.date
    by_date: dt.date
    source: str

    @property
    def days_late(self) -> int:
        return (self.by_date - self.due_by).days


def add_months(date: dt.date, months: int) -> dt.date:
    """Return ``date`` moved by ``months``, on the month's last day when the day does not exist."""
    index = date.year * 12 + date.month - 1 + months
    year, month = divmod(index, 12)
    last_day = calendar.monthrange(year, month + 1)[1]
    return dt.date(year, month + 1, min(date.day, last_day))


def find_breaches(
    connection: duckdb.DuckDBPyConnection,
    user: User,
    by_date: dt.date,
    since: dt.date | None = None,
    rules: GradeRules | None = None,
) -> list[Breach]:
    """List every household in the user's scope that breaches a minimum if not visited before ``by_date``.

    A household at home breaches when its window of ``window_months`` ending
    on ``by_date`` contains fewer than ``visits`` counted visits: the visit that
    falls out of the window decides ``due_by``, and a household without enough
    visits counts its window from 保護開始日. An application breaches when no
    counted visit took place from its receipt to ``within_days`` later.
    ``since`` drops breaches whose ``due_by`` is earlier. Visits after
    ``by_date`` are ignored.
    """
    require_role(user, *GRADE_READERS, action="訪問の法定回数の確認")
    rules = rules or load_grade_rules()
    minimums = parameter("visit_minimums")
    limits = minimums.at(by_date)
    source = (minimums.source_at(by_date) or {}).get("title", "")
    condition, parameters = household_scope(user, "h")

    facts = household_facts(connection, condition, parameters, by_date, rules.unknown_housing)
    visits = _counted_visits(connection, condition, parameters, by_date, rules)

    breaches = []
    for fact in facts:
        kind = "home" if fact.housing == HOME else "institution"
        required = int(limits[kind]["visits"])
        window = int(limits[kind]["window_months"])
        counted_kinds = rules.counted_visit_kinds.get(fact.housing, ())
        dates = sorted((day for day, visit_kind in visits[fact.case_number] if visit_kind in counted_kinds), reverse=True)

        # The required-th latest visit leaves the window on due_by + 1 day.
        anchor = dates[required - 1] if len(dates) >= required else fact.started_on
        due_by = add_months(anchor, window)
        if by_date <= due_by:
            continue
        in_window = sum(1 for day in dates if day >= add_months(by_date, -window))
        breaches.append(
            Breach(fact.case_number, fact.caseworker_id, kind, MINIMUM_LABELS[kind], fact.housing, required,
                   in_window, dates[0] if dates else None, due_by, by_date, source)
        )

    breaches.extend(_application_breaches(connection, condition, parameters, by_date, limits, visits, rules, source))
    if since is not None:
        breaches = [breach for breach in breaches if breach.due_by >= since]
    breaches.sort(key=lambda breach: (breach.due_by, breach.case_number))

    record_events(connection, user.user_id, "view_visit_breaches", sorted({b.case_number for b in breaches}), f"by {by_date.isoformat()}")
    log.info("found %d visit-minimum breaches by %s for user %s", len(breaches), by_date, user.user_id)
    return breaches


def _counted_visits(connection, condition: str, parameters: list, by_date: dt.date, rules: GradeRules) -> dict[str, list]:
    """Return (visited_on, visit_kind) of each counted visit on or before ``by_date``, by household."""
    kinds = sorted({kind for housing_kinds in rules.counted_visit_kinds.values() for kind in housing_kinds})
    rows = connection.execute(
        f"""
        SELECT v.case_number, v.visited_on, v.visit_kind FROM visits v
        JOIN households h ON h.case_number = v.case_number
        WHERE v.visited_on <= ? AND list_contains(?, v.visit_kind) AND list_contains(?, v.result)
          AND {COUNTED_VISIT_CONDITION} AND {condition}
        """,
        [by_date, kinds, list(rules.counted_results), *parameters],
    ).fetchall()
    visits = defaultdict(list)
    for case_number, visited_on, visit_kind in rows:
        visits[case_number].append((visited_on, visit_kind))
    return visits


def _application_breaches(connection, condition, parameters, by_date, limits, visits, rules, source) -> list[Breach]:
    """Return applications received on or before ``by_date`` with no counted visit within the allowed days."""
    within = int(limits["application"]["within_days"])
    rows = connection.execute(
        f"""
        SELECT a.case_number, h.caseworker_id, coalesce(h.housing, ?), a.received_on FROM visit_applications a
        JOIN households h ON h.case_number = a.case_number
        WHERE a.received_on <= ? AND {condition}
        ORDER BY a.received_on
        """,
        [rules.unknown_housing, by_date, *parameters],
    ).fetchall()

    breaches = []
    for case_number, caseworker_id, housing, received_on in rows:
        due_by = received_on + dt.timedelta(days=within)
        if by_date <= due_by:
            continue
        prompt = [day for day, _ in visits[case_number] if received_on <= day <= due_by]
        if prompt:
            continue
        breaches.append(
            Breach(case_number, caseworker_id, "application", MINIMUM_LABELS["application"], housing, 1, 0,
                   None, due_by, by_date, source)
        )
    return breaches
