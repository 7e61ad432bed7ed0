"""The 訪問格付け rule engine: a suggested grade per household with the rule that chose it,
and the grade in force once a person's override is applied."""

import calendar
import datetime as dt
import logging
from dataclasses import dataclass

import duckdb

from seiho.access import Role, User, household_scope, require_role
from seiho.errors import ParameterError
from seiho.store.audit import record_events
from seiho.visits.facts import HouseholdFacts, household_facts
from seiho.visits.rules import Grade, GradeRule, GradeRules, load_grade_rules, rule_matches

log = logging.getLogger(__name__)

GRADE_READERS = (Role.CASEWORKER, Role.SUPERVISOR)


@dataclass(frozen=True)
class GradeOverride:
    """A person's grade for a household, in force from ``effective_from``."""

    grade: str
    reason: str
    effective_from: dt.date
    decided_by: str
    decided_role: str
    decided_at: dt.datetime


@dataclass(frozen=True)
class HouseholdGrade:
    """A household's grade on one date with its evidence.

    ``suggested`` and ``rule`` are what the rules chose from ``facts``.
    ``override`` is the person's grade in force, if any. ``grade`` is the one
    that applies, which is the override when there is one and else the suggestion.
    """

    facts: HouseholdFacts
    suggested: Grade
    rule: GradeRule
    override: GradeOverride | None
    grade: Grade

    @property
    def case_number(self) -> str:
        return self.facts.case_number

    @property
    def overridden(self) -> bool:
        return self.override is not None


def suggest_grade(facts: HouseholdFacts, rules: GradeRules) -> tuple[Grade, GradeRule]:
    """Return the grade of the first rule that matches ``facts``, and that rule.

    Raises ``ParameterError`` when no rule matches, which a last rule with no
    conditions prevents.
    """
    for rule in rules.rules:
        if rule_matches(rule, facts):
            return rules.grades[rule.grade], rule

    raise ParameterError(
        f"世帯 {facts.case_number} に当てはまる訪問格付けの規則がありません。{rules.path} の最後に条件のない規則（when: {{}}）を置いてください。",
        f"no grade rule matched household {facts.case_number}",
    )


def month_evaluation_date(month: dt.date, rules: GradeRules | None = None) -> dt.date:
    """Return the date whose facts decide a month's grades, the first or last day as the rules set."""
    rules = rules or load_grade_rules()
    if rules.month_evaluated_on == "first_day":
        return month.replace(day=1)
    return month.replace(day=calendar.monthrange(month.year, month.month)[1])


def household_grades(
    connection: duckdb.DuckDBPyConnection, user: User, on: dt.date, rules: GradeRules | None = None
) -> list[HouseholdGrade]:
    """Grade every household in the user's scope that is active on ``on``.

    Only caseworkers (their own caseload) and supervisors (their office) may
    read grades. Each household read is written to the audit log.
    """
    require_role(user, *GRADE_READERS, action="訪問格付けの表示")
    rules = rules or load_grade_rules()
    condition, parameters = household_scope(user, "h")

    facts = household_facts(connection, condition, parameters, on, rules.unknown_housing)
    overrides = overrides_on(connection, [fact.case_number for fact in facts], on)

    grades = []
    for fact in facts:
        suggested, rule = suggest_grade(fact, rules)
        override = overrides.get(fact.case_number)
        grade = rules.grades.get(override.grade, suggested) if override else suggested
        grades.append(HouseholdGrade(fact, suggested, rule, override, grade))

    record_events(connection, user.user_id, "view_visit_grade", [grade.case_number for grade in grades], f"on {on.isoformat()}")
    log.info("graded %d households on %s for user %s", len(grades), on, user.user_id)
    return grades


def overrides_on(connection: duckdb.DuckDBPyConnection, case_numbers: list[str], on: dt.date) -> dict[str, GradeOverride]:
    """Return the override in force on ``on`` for each of ``case_numbers`` that has one."""
    if not case_numbers:
        return {}
    rows = connection.execute(
        """
        SELECT case_number, grade, reason, effective_from, decided_by, decided_role, decided_at
        FROM visit_grade_overrides
        WHERE list_contains(?, case_number) AND effective_from <= ?
        QUALIFY row_number() OVER (PARTITION BY case_number ORDER BY effective_from DESC, decided_at DESC) = 1
        """,
        [case_numbers, on],
    ).fetchall()
    return {
        case_number: GradeOverride(grade, reason, effective_from, decided_by, decided_role, decided_at)
        for case_number, grade, reason, effective_from, decided_by, decided_role, decided_at in rows
        if grade is not None
    }
