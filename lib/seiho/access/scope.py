"""The households a user may see, as a SQL condition."""

from seiho.access.roles import ROLE_LABELS, Role
from seiho.access.users import User
from seiho.errors import AccessDenied


def household_scope(user: User, alias: str = "h") -> tuple[str, list]:
    """Return a WHERE condition on ``households`` (aliased ``alias``) and its parameters.

    A caseworker sees their own caseload; a supervisor, a medical clerk and an
    admin see their office. Analysts see their office too, but only through
    pseudonymised functions: callers that return names must use
    ``require_role`` first.
    """
    if user.role is Role.CASEWORKER:
        return f"{alias}.caseworker_id = ?", [user.caseworker_id]
    return f"{alias}.office_code = ?", [user.office_code]


def require_role(user: User, *roles: Role, action: str) -> None:
    """Raise ``AccessDenied`` unless the user has one of ``roles``."""
    if user.role in roles:
        return
    allowed = "・".join(ROLE_LABELS[role] for role in roles)
    raise AccessDenied(
        f"{user.role_label}の権限では「{action}」はできません（{allowed}のみ）。必要なら管理者に権限を相談してください。",
        f"user {user.user_id} with role {user.role} may not {action}",
    )
