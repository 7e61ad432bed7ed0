"""Households from the store, described for the calculation (居宅 households under assistance)."""

import datetime as dt
import logging
from collections import defaultdict

from seiho.access import Role, User, household_scope, require_role
from seiho.benefit.ages import age_on, fiscal_year_start
from seiho.benefit.household import INCOME_KINDS, Household, Income, Member
from seiho.store import Store

log = logging.getLogger(__name__)

# School from the age on the fiscal year's April 1: 6–11 at 小学校, 12–14 at 中学校.
SCHOOL_AGES = {**{age: "小学校" for age in range(6, 12)}, **{age: "中学校" for age in range(12, 15)}}


def load_households(store: Store, user: User, month: dt.date, case_numbers: list[str] | None = None) -> dict[str, Household]:
    """Return the user's 居宅 households under assistance in ``month``, keyed by case number.

    The grade area and prefecture come from the office. The store keeps no
    rent, pregnancy or school, so schools are inferred from ages and rent is 0.
    Every household returned is written to the audit log.
    """
    require_role(user, Role.CASEWORKER, Role.SUPERVISOR, Role.ADMIN, action="保護費計算")
    month = month.replace(day=1)
    month_end = (month + dt.timedelta(days=32)).replace(day=1) - dt.timedelta(days=1)
    scope_sql, scope_params = household_scope(user, "h")
    case_sql = ""
    case_params: list = []
    if case_numbers is not None:
        case_sql = f" AND h.case_number IN ({', '.join('?' for _ in case_numbers)})" if case_numbers else " AND FALSE"
        case_params = list(case_numbers)

    with store.connect() as connection:
        heads = connection.execute(
            f"""
            SELECT h.case_number, o.grade_area, o.prefecture, h.household_type, h.started_on
            FROM households h JOIN offices o USING (office_code)
            WHERE {scope_sql} AND h.status = '保護中' AND coalesce(h.housing, '居宅') = '居宅'{case_sql}
            ORDER BY h.case_number
            """,
            [*scope_params, *case_params],
        ).fetchall()
        wanted = [row[0] for row in heads]
        members = connection.execute(
            """
            SELECT m.case_number, m.member_no, m.name, m.relationship, m.birth_date, m.disability
            FROM members m WHERE m.in_household AND m.case_number IN (SELECT unnest(?))
            ORDER BY m.case_number, m.member_no
            """,
            [wanted],
        ).fetchall()
        incomes = connection.execute(
            """
            SELECT i.case_number, i.member_no, i.income_type, i.monthly_amount
            FROM incomes i
            WHERE i.case_number IN (SELECT unnest(?)) AND i.since <= ? AND (i.until IS NULL OR i.until >= ?)
            """,
            [wanted, month_end, month],
        ).fetchall()
        # One set-based insert: executemany is slow in DuckDB for a whole office.
        connection.execute(
            "INSERT INTO audit_log (user_id, action, case_number, detail) SELECT ?, 'calculate_benefit', unnest(?), ?",
            [user.user_id, wanted, f"month={month.isoformat()}"],
        )

    households = _assemble(heads, members, incomes, month)
    log.info("loaded %d households for the benefit calculation of %s", len(households), month)
    return households


def _assemble(heads: list, members: list, incomes: list, month: dt.date) -> dict[str, Household]:
    incomes_by_member: dict[tuple, list[Income]] = defaultdict(list)
    for case_number, member_no, kind, amount in incomes:
        incomes_by_member[(case_number, member_no)].append(Income(kind if kind in INCOME_KINDS else "その他", int(amount)))

    april = fiscal_year_start(month)
    members_by_case: dict[str, list[Member]] = defaultdict(list)
    for case_number, member_no, name, relationship, birth_date, disability in members:
        members_by_case[case_number].append(
            Member(
                name=name,
                relationship=relationship,
                birth_date=birth_date,
                disability=disability,
                school=SCHOOL_AGES.get(age_on(birth_date, april)),
                incomes=tuple(incomes_by_member.get((case_number, member_no), ())),
            )
        )

    households = {}
    for case_number, grade_area, prefecture, household_type, started_on in heads:
        if not members_by_case.get(case_number):
            continue
        households[case_number] = Household(
            grade_area=grade_area,
            prefecture=prefecture,
            members=tuple(members_by_case[case_number]),
            started_on=started_on,
            single_parent=household_type == "母子世帯",
            case_number=case_number,
        )
    return households
