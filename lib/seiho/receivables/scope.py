"""Look up a receivable or a household within the acting user's scope."""

import datetime as dt
from dataclasses import dataclass

import duckdb

from seiho.access import User, household_scope
from seiho.errors import ParameterError


@dataclass(frozen=True)
class ReceivableRow:
    """The summary row of one receivable with its due date."""

    receivable_id: str
    case_number: str
    article: str
    decided_on: dt.date
    basis_category: str
    amount: int
    surcharge: int
    paid_amount: int
    status: str
    due_on: dt.date | None

    @property
    def total(self) -> int:
        """Amount plus surcharge, in yen."""
        return self.amount + self.surcharge

    @property
    def balance(self) -> int:
        """Yen still owed."""
        return self.total - self.paid_amount


def receivable_in_scope(connection: duckdb.DuckDBPyConnection, user: User, receivable_id: str) -> ReceivableRow:
    """Return a receivable the user may see, or raise a Japanese error that names it."""
    condition, params = household_scope(user, "h")
    row = connection.execute(
        f"""
        SELECT r.receivable_id, r.case_number, r.article, r.decided_on, r.basis_category, r.amount, r.surcharge,
               r.paid_amount, r.status, t.due_on
        FROM receivables r JOIN households h USING (case_number) LEFT JOIN receivable_terms t USING (receivable_id)
        WHERE r.receivable_id = ? AND {condition}
        """,
        [receivable_id, *params],
    ).fetchone()
    if row is None:
        raise ParameterError(
            f"債権番号 {receivable_id} は見つからないか、担当範囲外です。債権番号を確認してください。",
            f"receivable {receivable_id} not found in scope of {user.user_id}",
        )
    return ReceivableRow(*row)


def household_in_scope(connection: duckdb.DuckDBPyConnection, user: User, case_number: str) -> tuple:
    """Return (status, closed_on, closure_reason, head_name, address) of a household the user may see."""
    condition, params = household_scope(user, "h")
    row = connection.execute(
        f"SELECT status, closed_on, closure_reason, head_name, address FROM households h WHERE h.case_number = ? AND {condition}",
        [case_number, *params],
    ).fetchone()
    if row is None:
        raise ParameterError(
            f"ケース番号 {case_number} の世帯は見つからないか、担当範囲外です。ケース番号を確認してください。",
            f"household {case_number} not found in scope of {user.user_id}",
        )
    return row
