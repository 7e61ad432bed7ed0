"""Who may record and transcribe a household: its caseworker and a supervisor of its office."""

import duckdb

from seiho.access import Role, User, household_scope, require_role
from seiho.errors import AccessDenied
from seiho.household.lookup import CASE_NUMBER_DIGITS
from seiho.text import half_width_digits

SPEECH_ROLES = (Role.CASEWORKER, Role.SUPERVISOR)


def normalise_case_number(case_number: str) -> str:
    """Return the case number with full-width digits made half-width and leading zeros restored.

    Staff often type 2838 for 00002838, and 世帯照会 finds that household too,
    so the same number typed here must reach the same household. Text that is
    not all digits is returned trimmed and unchanged, to be rejected as not found.
    """
    digits = half_width_digits(case_number)
    if digits.isdigit() and len(digits) < CASE_NUMBER_DIGITS:
        return digits.zfill(CASE_NUMBER_DIGITS)
    return digits


def check_household(connection: duckdb.DuckDBPyConnection, user: User, case_number: str, action: str) -> None:
    """Raise AccessDenied unless the user's role and scope cover the household."""
    require_role(user, *SPEECH_ROLES, action=action)
    condition, params = household_scope(user, "h")
    found = connection.execute(
        f"SELECT count(*) FROM households h WHERE h.case_number = ? AND {condition}", [case_number, *params]
    ).fetchone()[0]
    if not found:
        raise AccessDenied(
            f"ケース番号 {case_number} の世帯は、担当外か登録されていないため「{action}」はできません。",
            f"user {user.user_id} may not {action} for household {case_number}",
        )
