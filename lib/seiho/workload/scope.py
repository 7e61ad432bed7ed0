"""The access scope of the workload measures, and month arithmetic shared by them."""

import datetime as dt
from dataclasses import dataclass

from seiho.access import Role, User, require_role
from seiho.errors import AccessDenied
from seiho.workload.summary import month_start

# Roles that may open the workload measures. Analysts see pseudonyms in place
# of names and case numbers.
WORKLOAD_ROLES = (Role.CASEWORKER, Role.SUPERVISOR, Role.ANALYST, Role.ADMIN)


@dataclass(frozen=True)
class WorkloadScope:
    """The office and caseworkers one user's workload view covers.

    ``caseworker_id`` is set for a caseworker, who sees only their own
    figures; ``team`` narrows the view to one 係 when a filter is chosen.
    """

    office_code: str
    caseworker_id: str | None = None
    team: str | None = None
    pseudonymise: bool = False

    def caseworker_condition(self, alias: str) -> tuple[str, list]:
        """Return a SQL condition on ``caseworkers`` (aliased ``alias``) and its parameters."""
        conditions = [f"{alias}.office_code = ?"]
        parameters: list = [self.office_code]
        if self.caseworker_id is not None:
            conditions.append(f"{alias}.caseworker_id = ?")
            parameters.append(self.caseworker_id)
        if self.team:
            conditions.append(f"{alias}.team = ?")
            parameters.append(self.team)
        return " AND ".join(conditions), parameters

    def household_condition(self, household_alias: str, caseworker_alias: str) -> tuple[str, list]:
        """Return a SQL condition on households joined (LEFT) to their caseworkers.

        Without a caseworker or team filter the whole office counts, households
        with no caseworker assigned included.
        """
        if self.caseworker_id is None and not self.team:
            return f"{household_alias}.office_code = ?", [self.office_code]
        condition, parameters = self.caseworker_condition(caseworker_alias)
        return f"{household_alias}.office_code = ? AND {condition}", [self.office_code, *parameters]


def workload_scope(user: User, team: str | None = None) -> WorkloadScope:
    """Return the scope of ``user``'s workload view; raise ``AccessDenied`` for other roles."""
    require_role(user, *WORKLOAD_ROLES, action="業務量の閲覧")
    if user.role is Role.CASEWORKER:
        return WorkloadScope(user.office_code, caseworker_id=user.caseworker_id, team=team or None)
    return WorkloadScope(user.office_code, team=team or None, pseudonymise=user.role is Role.ANALYST)


def check_caseworker_access(user: User, caseworker_id: str, caseworker_office: str | None) -> None:
    """Raise ``AccessDenied`` unless ``user`` may see this caseworker's households.

    A caseworker may open only themself; a supervisor, an analyst and an admin
    may open caseworkers of their own office.
    """
    require_role(user, *WORKLOAD_ROLES, action="担当者別の業務量の閲覧")
    if user.role is Role.CASEWORKER and caseworker_id != user.caseworker_id:
        raise AccessDenied(
            f"ケースワーカーは自分の担当分だけを表示できます（指定された職員番号: {caseworker_id}）。",
            f"caseworker {user.user_id} may not open caseworker {caseworker_id}",
        )
    if caseworker_office != user.office_code:
        raise AccessDenied(
            f"職員番号 {caseworker_id} はあなたの福祉事務所の職員ではないため表示できません。職員番号を確認してください。",
            f"user {user.user_id} of office {user.office_code} may not open caseworker {caseworker_id}",
        )


def month_end(month: str) -> dt.date:
    """Return the last day of the month 'YYYY-MM'."""
    return add_months(month_start(month), 1) - dt.timedelta(days=1)


def add_months(date: dt.date, months: int) -> dt.date:
    """Return the first day of the month ``months`` after ``date``'s month."""
    index = date.year * 12 + date.month - 1 + months
    return dt.date(index // 12, index % 12 + 1, 1)
