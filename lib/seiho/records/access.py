"""Access checks for writing, reviewing and reading a household's case records."""

import duckdb

from seiho.access import Role, User, household_scope, require_role
from seiho.access.owner import household_owner
from seiho.errors import AccessDenied


def check_author(connection: duckdb.DuckDBPyConnection, user: User, case_number: str, action: str) -> None:
    """Raise unless the user is the caseworker the household is assigned to.

    Only the household's own caseworker writes and submits its records; a
    supervisor reviews them but does not write them.
    """
    require_role(user, Role.CASEWORKER, action=action)
    caseworker_id, office_code = household_owner(connection, case_number)
    if caseworker_id != user.caseworker_id or office_code != user.office_code:
        raise AccessDenied(
            f"ケース番号 {case_number} はあなたの担当世帯ではないため、「{action}」はできません。担当者に依頼してください。",
            f"caseworker {user.user_id} does not hold household {case_number}",
        )


def check_reviewer(connection: duckdb.DuckDBPyConnection, user: User, case_number: str, action: str) -> None:
    """Raise unless the user is a supervisor of the household's office."""
    require_role(user, Role.SUPERVISOR, action=action)
    _, office_code = household_owner(connection, case_number)
    if office_code != user.office_code:
        raise AccessDenied(
            f"ケース番号 {case_number} は別の福祉事務所の世帯のため、「{action}」はできません。",
            f"supervisor {user.user_id} of office {user.office_code} asked for office {office_code}",
        )


def check_reader(connection: duckdb.DuckDBPyConnection, user: User, case_number: str, action: str) -> None:
    """Raise unless the user may read the household's records: its caseworker or a supervisor of its office."""
    require_role(user, Role.CASEWORKER, Role.SUPERVISOR, action=action)
    household_owner(connection, case_number)
    condition, parameters = household_scope(user, "h")
    visible = connection.execute(
        f"SELECT count(*) FROM households h WHERE h.case_number = ? AND {condition}", [case_number, *parameters]
    ).fetchone()[0]
    if not visible:
        raise AccessDenied(
            f"ケース番号 {case_number} はあなたの担当世帯ではないため、「{action}」はできません。",
            f"user {user.user_id} may not {action} for household {case_number}",
        )
