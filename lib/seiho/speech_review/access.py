"""Access checks for opening, editing and reviewing a case record drafted from a recording or notes."""

import duckdb

from seiho.access import Role, User, household_scope, require_role
from seiho.errors import AccessDenied, SeihoError

# Roles that work with case-record drafts. Analysts see pseudonymised data
# only and medical clerks do not write case records.
DRAFT_ROLES = (Role.CASEWORKER, Role.SUPERVISOR)

# The action names shown in refusals.
ACTION_OPEN = "ケース記録の下書きを開く"


class DraftNotFound(SeihoError):
    """No drafted case record has the requested id."""


def check_household(connection: duckdb.DuckDBPyConnection, user: User, case_number: str, action: str) -> None:
    """Raise ``AccessDenied`` unless the user may work on the household's records."""
    require_role(user, *DRAFT_ROLES, action=action)
    condition, parameters = household_scope(user, "h")
    visible = connection.execute(
        f"SELECT count(*) FROM households h WHERE h.case_number = ? AND {condition}",
        [case_number, *parameters],
    ).fetchone()[0]
    if not visible:
        raise AccessDenied(
            f"ケース番号 {case_number} の世帯は担当外のため、「{action}」はできません。担当者か査察指導員に依頼してください。",
            f"user {user.user_id} may not {action} for household outside scope",
        )


def check_record(connection: duckdb.DuckDBPyConnection, user: User, record_id: str, action: str = ACTION_OPEN) -> str:
    """Raise unless the user may open the drafted record; return its case number."""
    require_role(user, *DRAFT_ROLES, action=action)
    row = connection.execute("SELECT case_number FROM record_drafts WHERE record_id = ?", [record_id]).fetchone()
    if row is None:
        raise DraftNotFound(
            f"記録ID {record_id} の下書きが見つかりません。一覧を読み込み直してください。",
            f"record draft {record_id} not found",
        )
    check_household(connection, user, row[0], action)
    return row[0]
