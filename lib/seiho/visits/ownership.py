"""The access check on a household's visit data: its own caseworker, or a supervisor of its office."""

import duckdb

from seiho.access import Role, User
from seiho.access.owner import household_owner
from seiho.errors import AccessDenied


def check_household_access(connection: duckdb.DuckDBPyConnection, user: User, case_number: str) -> None:
    """Raise unless the household exists and the user may see and change its visit data.

    A caseworker may change only the households assigned to them, and a
    supervisor any household of their own office.
    """
    caseworker_id, office_code = household_owner(connection, case_number)
    if user.role is Role.CASEWORKER and caseworker_id != user.caseworker_id:
        raise AccessDenied(
            f"ケース番号 {case_number} はあなたの担当世帯ではないため、訪問格付けやフラグを変更できません。担当者か査察指導員に依頼してください。",
            f"caseworker {user.user_id} does not hold household {case_number}",
        )
    if office_code != user.office_code:
        raise AccessDenied(
            f"ケース番号 {case_number} は別の福祉事務所の世帯です。",
            f"user {user.user_id} of office {user.office_code} asked for a household of office {office_code}",
        )
