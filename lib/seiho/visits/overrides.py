"""Overrides of the suggested 訪問格付け by a caseworker or a supervisor, with their history."""

import datetime as dt
import logging
from dataclasses import dataclass

import duckdb

from seiho.access import Role, User, require_role
from seiho.errors import SeihoError
from seiho.store import record_event
from seiho.visits.consistency import grade_conflict
from seiho.visits.facts import household_facts
from seiho.visits.ownership import check_household_access
from seiho.visits.grades import suggest_grade
from seiho.visits.rules import GradeRules, load_grade_rules

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class OverrideEntry:
    """One row of a household's override history; ``grade`` is None where an override ended."""

    grade: str | None
    suggested_grade: str | None
    suggested_rule: str | None
    reason: str
    effective_from: dt.date
    decided_by: str
    decided_role: str
    decided_at: dt.datetime


def override_grade(
    connection: duckdb.DuckDBPyConnection,
    user: User,
    case_number: str,
    grade: str | None,
    reason: str,
    effective_from: dt.date,
    rules: GradeRules | None = None,
) -> None:
    """Set a household's grade from ``effective_from``, or end the override when ``grade`` is None.

    A caseworker may override only the households assigned to them; a
    supervisor any household of their office. The reason is required, and a
    grade whose interval misses the legal minimum for the household's housing
    is rejected. The
    suggested grade and its rule on ``effective_from`` are stored with the
    override, so the history shows what the person departed from.
    """
    require_role(user, Role.CASEWORKER, Role.SUPERVISOR, action="訪問格付けの変更")
    rules = rules or load_grade_rules()
    check_household_access(connection, user, case_number)
    if grade is not None and grade not in rules.grades:
        raise SeihoError(
            f"格付け「{grade}」は定められていません。{'・'.join(rules.grades)} のどれかを指定してください。",
            f"unknown grade {grade!r}",
        )
    if not reason or not reason.strip():
        raise SeihoError("格付けを変更する理由を入力してください。理由のない変更は保存できません。", "override without reason")

    facts = household_facts(connection, "h.case_number = ?", [case_number], effective_from, rules.unknown_housing)
    suggested, rule = suggest_grade(facts[0], rules) if facts else (None, None)
    if grade is not None and facts:
        conflict = grade_conflict(rules.grades[grade], facts[0].housing, effective_from)
        if conflict is not None:
            raise SeihoError(conflict.message_ja, f"override grade {grade} misses the legal minimum for {facts[0].housing}")
    connection.execute(
        "INSERT INTO visit_grade_overrides (case_number, grade, suggested_grade, suggested_rule, reason, effective_from,"
        " decided_by, decided_role) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        [
            case_number,
            grade,
            suggested.code if suggested else None,
            rule.rule_id if rule else None,
            reason.strip(),
            effective_from,
            user.user_id,
            user.role.value,
        ],
    )

    action = "override_visit_grade" if grade is not None else "end_visit_grade_override"
    record_event(connection, user.user_id, action, case_number, f"grade {grade} from {effective_from.isoformat()}")
    log.info("%s for a household by user %s", action, user.user_id)


def override_history(connection: duckdb.DuckDBPyConnection, user: User, case_number: str) -> list[OverrideEntry]:
    """Return every override of a household, oldest first, for a user allowed to see it."""
    require_role(user, Role.CASEWORKER, Role.SUPERVISOR, action="訪問格付けの履歴の表示")
    check_household_access(connection, user, case_number)
    rows = connection.execute(
        "SELECT grade, suggested_grade, suggested_rule, reason, effective_from, decided_by, decided_role, decided_at"
        " FROM visit_grade_overrides WHERE case_number = ? ORDER BY decided_at, effective_from",
        [case_number],
    ).fetchall()
    record_event(connection, user.user_id, "view_visit_grade_history", case_number)
    return [OverrideEntry(*row) for row in rows]

