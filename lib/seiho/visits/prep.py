"""訪問準備: the prep sheet for one household on a visit day, replacing the paper 事前メモ."""

import datetime as dt
import logging
from dataclasses import dataclass

import duckdb

from seiho.access import Role, User, household_scope, require_role
from seiho.errors import AccessDenied
from seiho.records import CaseRecord, latest_records
from seiho.store import Store, record_event
from seiho.ui.formatting import format_value
from seiho.visits.facts import age_on
from seiho.visits.periodic_checks import CheckItem, HouseholdDueFacts, periodic_checks

log = logging.getLogger(__name__)

# How many of the household's latest case records the sheet shows.
LATEST_RECORD_COUNT = 3


@dataclass(frozen=True)
class MemberLine:
    """A member living in the household, with the age on the visit day."""

    member_no: int
    name: str
    relationship: str
    sex: str | None
    birth_date: dt.date
    age: int
    disability: str


@dataclass(frozen=True)
class AlwaysItem:
    """One 常時把握 item: something to keep in mind on every contact, and why."""

    label: str
    detail: str


@dataclass(frozen=True)
class PrepSheet:
    """Everything a caseworker takes to one household's visit, as rows of Japanese-labelled values.

    ``always`` (常時把握) lists what to keep in mind on every contact.
    ``checks`` (定期確認) lists what falls due by the visit or soon after,
    each with its due date. Tables are lists of dicts keyed by column heading.
    """

    day: dt.date
    case_number: str
    head_name: str
    address: str
    phone: str
    household_type: str
    housing: str
    started_on: dt.date
    caseworker_name: str
    members: tuple[MemberLine, ...]
    other_programs: list[dict]
    incomes: list[dict]
    medical_aid: list[dict]
    care_aid: list[dict]
    vouchers: list[dict]
    support_plan: dict | None
    always: tuple[AlwaysItem, ...]
    checks: tuple[CheckItem, ...]
    latest_records: tuple[CaseRecord, ...]


def prep_sheet(store: Store, user: User, case_number: str, day: dt.date) -> PrepSheet:
    """Assemble the 訪問準備 sheet of one household for ``day``.

    A caseworker gets only their own households and a supervisor any
    household of the office; the view is written to the audit log.
    """
    sheet = prep_sheets(store, user, [case_number], day)[0]
    if isinstance(sheet, AccessDenied):
        raise sheet
    return sheet


def prep_sheets(store: Store, user: User, case_numbers: list[str], day: dt.date) -> list[PrepSheet | AccessDenied]:
    """Assemble the sheets of several households for ``day`` in one transaction, in the order given.

    A household outside the user's scope gets an ``AccessDenied`` in its
    place, so one refused household does not hide the others' sheets.
    """
    require_role(user, Role.CASEWORKER, Role.SUPERVISOR, action="訪問準備の閲覧")

    # One connection for every sheet, because opening the database file
    # costs more than the queries of one sheet.
    with store.connect() as connection:
        sheets = [_sheet(store, connection, user, number, day) for number in case_numbers]

    log.info("built %d prep sheets for user %s", len(sheets), user.user_id)
    return sheets


def _sheet(store: Store, connection: duckdb.DuckDBPyConnection, user: User, case_number: str, day: dt.date) -> PrepSheet | AccessDenied:
    condition, parameters = household_scope(user, "h")
    head = connection.execute(
        f"""
        SELECT h.case_number, h.head_name, coalesce(h.address, ''), coalesce(h.phone, ''), h.household_type,
               coalesce(h.housing, '居宅'), h.started_on, coalesce(c.name, '')
        FROM households h LEFT JOIN caseworkers c ON c.caseworker_id = h.caseworker_id
        WHERE h.case_number = ? AND {condition}
        """,
        [case_number, *parameters],
    ).fetchone()
    if head is None:
        record_event(connection, user.user_id, "view_prep_sheet_denied", case_number)
        return AccessDenied(
            f"ケース番号 {case_number} の世帯は見つからないか、あなたの担当ではありません。ケース番号を確かめてください。",
            f"household {case_number} not in scope of {user.user_id}",
        )

    members = _members(connection, case_number, day)
    tables = _tables(connection, case_number, day)
    support_plan = _support_plan(connection, case_number)
    always = _always(connection, case_number, day, head[5], members, tables)
    due_facts = _due_facts(connection, case_number, day, head[6], members)
    # latest_records opens a nested connect, which joins this transaction.
    records = latest_records(store, user, case_number, LATEST_RECORD_COUNT)
    record_event(connection, user.user_id, "view_prep_sheet", case_number, f"day {day.isoformat()}")

    return PrepSheet(
        day, *head, members=tuple(members), **tables, support_plan=support_plan, always=tuple(always),
        checks=tuple(periodic_checks(due_facts, day)), latest_records=tuple(records),
    )


def _members(connection: duckdb.DuckDBPyConnection, case_number: str, day: dt.date) -> list[MemberLine]:
    rows = connection.execute(
        "SELECT member_no, name, relationship, sex, birth_date, coalesce(disability, '') FROM members"
        " WHERE case_number = ? AND in_household ORDER BY member_no",
        [case_number],
    ).fetchall()
    return [MemberLine(no, name, relation, sex, born, age_on(born, day), disability) for no, name, relation, sex, born, disability in rows]


def _tables(connection: duckdb.DuckDBPyConnection, case_number: str, day: dt.date) -> dict[str, list[dict]]:
    queries = {
        "other_programs": (
            """SELECT m.name AS 氏名, p.program AS 制度, p.status AS 状況, coalesce(p.detail, '') AS 内容
               FROM other_programs p JOIN members m USING (case_number, member_no)
               WHERE p.case_number = ? AND p.status <> '該当なし' ORDER BY p.member_no, p.program""",
            [case_number],
        ),
        "incomes": (
            """SELECT m.name AS 氏名, i.income_type AS 種類, i.monthly_amount AS 月額, i.next_report_due AS 次回申告期限
               FROM incomes i JOIN members m USING (case_number, member_no)
               WHERE i.case_number = ? AND i.since <= ? AND (i.until IS NULL OR i.until >= ?) ORDER BY i.member_no""",
            [case_number, day, day],
        ),
        "medical_aid": (
            """SELECT m.name AS 氏名, a.care_type AS 診療別, coalesce(a.institution_name, a.institution_code) AS 医療機関,
                      coalesce(a.disease_name, '') AS 傷病名, a.opinion_due_on AS 要否意見書期限
               FROM medical_aid a JOIN members m USING (case_number, member_no)
               WHERE a.case_number = ? AND a.valid_from <= ? AND (a.valid_to IS NULL OR a.valid_to >= ?)
               ORDER BY a.member_no, a.care_type""",
            [case_number, day, day],
        ),
        "care_aid": (
            """SELECT m.name AS 氏名, a.care_level AS 要介護度, coalesce(a.provider_name, '') AS 事業所
               FROM care_aid a JOIN members m USING (case_number, member_no)
               WHERE a.case_number = ? AND a.valid_from <= ? AND (a.valid_to IS NULL OR a.valid_to >= ?) ORDER BY a.member_no""",
            [case_number, day, day],
        ),
        "vouchers": (
            """SELECT m.name AS 氏名, v.voucher_kind AS 種類, coalesce(i.name, v.institution_code) AS 医療機関等,
                      v.issue_number AS 交付番号, v.issued_on AS 交付日
               FROM vouchers v JOIN members m USING (case_number, member_no)
               LEFT JOIN institutions i ON i.institution_code = v.institution_code
               WHERE v.case_number = ? AND v.month = ? ORDER BY v.member_no, v.voucher_kind, v.issue_number""",
            [case_number, day.replace(day=1)],
        ),
    }
    tables = {}
    for name, (sql, parameters) in queries.items():
        cursor = connection.execute(sql, parameters)
        columns = [column[0] for column in cursor.description]
        tables[name] = [dict(zip(columns, row)) for row in cursor.fetchall()]
    return tables


def _support_plan(connection: duckdb.DuckDBPyConnection, case_number: str) -> dict | None:
    row = connection.execute(
        "SELECT decided_on, plan_text, next_review_on FROM support_plans WHERE case_number = ? ORDER BY decided_on DESC LIMIT 1",
        [case_number],
    ).fetchone()
    if row is None:
        return None
    return {"決定日": row[0], "方針": row[1], "次回見直し": row[2]}


def _always(
    connection: duckdb.DuckDBPyConnection, case_number: str, day: dt.date, housing: str,
    members: list[MemberLine], tables: dict[str, list[dict]],
) -> list[AlwaysItem]:
    items = []
    flags = connection.execute(
        "SELECT flag, since FROM household_flags WHERE case_number = ? AND since <= ? AND (until IS NULL OR until >= ?)"
        " ORDER BY since, flag",
        [case_number, day, day],
    ).fetchall()
    for flag, since in flags:
        items.append(AlwaysItem(flag, f"{format_value(since)} から"))
    if housing != "居宅":
        items.append(AlwaysItem(f"{housing}中", "訪問先は入院先・施設"))
    for aid in tables["medical_aid"]:
        if aid["診療別"] == "入院":
            items.append(AlwaysItem("入院中", f"{aid['氏名']}: {aid['医療機関']} {aid['傷病名']}".strip()))
    for member in members:
        if member.disability:
            items.append(AlwaysItem("障害", f"{member.name}: {member.disability}"))
    for care in tables["care_aid"]:
        items.append(AlwaysItem("介護", f"{care['氏名']}: {care['要介護度']}"))
    children = [member for member in members if member.age < 18]
    if children:
        youngest = min(member.age for member in children)
        items.append(AlwaysItem("児童のいる世帯", f"18歳未満 {len(children)} 人（最年少 {youngest} 歳）"))
    for program in tables["other_programs"]:
        if program["状況"] in ("申請中", "調査中"):
            items.append(AlwaysItem("他法の手続中", f"{program['氏名']}: {program['制度']}（{program['状況']}）"))
    return items


def _due_facts(
    connection: duckdb.DuckDBPyConnection, case_number: str, day: dt.date, started_on: dt.date, members: list[MemberLine]
) -> HouseholdDueFacts:
    incomes = connection.execute(
        """SELECT m.name, i.income_type, i.next_report_due FROM incomes i JOIN members m USING (case_number, member_no)
           WHERE i.case_number = ? AND i.since <= ? AND (i.until IS NULL OR i.until >= ?) ORDER BY i.member_no""",
        [case_number, day, day],
    ).fetchall()
    # The standard system's next due date first; else the latest returned
    # opinion's end of validity.
    opinions = connection.execute(
        """SELECT m.name, a.care_type || '・' || coalesce(a.institution_name, a.institution_code),
                  coalesce(a.opinion_due_on, (SELECT max(o.valid_to) FROM medical_necessity_opinions o
                                              WHERE o.aid_id = a.aid_id AND o.returned_on IS NOT NULL))
           FROM medical_aid a JOIN members m USING (case_number, member_no)
           WHERE a.case_number = ? AND a.valid_from <= ? AND (a.valid_to IS NULL OR a.valid_to >= ?) ORDER BY a.member_no""",
        [case_number, day, day],
    ).fetchall()
    return HouseholdDueFacts(
        started_on=started_on,
        incomes=tuple(incomes),
        opinions=tuple(opinions),
        members=tuple((member.name, member.birth_date) for member in members),
    )
