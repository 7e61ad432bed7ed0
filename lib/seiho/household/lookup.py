"""Search households and assemble one household's file for 世帯照会."""

import datetime as dt
import logging
from dataclasses import dataclass

import pandas as pd

from seiho.access import Role, User, household_scope, require_role
from seiho.errors import AccessDenied
from seiho.store import Store, record_event
from seiho.text import half_width_digits, name_key

log = logging.getLogger(__name__)

# Roles that may see names and case numbers; analysts get pseudonyms only.
NAMED_ROLES = (Role.CASEWORKER, Role.SUPERVISOR, Role.MEDICAL_CLERK, Role.ADMIN)

# How many case records 世帯照会 shows under 最近の記録.
LATEST_RECORD_COUNT = 5

# ケース番号 length in the standard system's exports (see data/import_layout).
CASE_NUMBER_DIGITS = 8


@dataclass
class HouseholdFile:
    """The file 世帯照会 shows for one household, as tables with Japanese column names."""

    summary: dict
    members: pd.DataFrame
    other_programs: pd.DataFrame
    incomes: pd.DataFrame
    medical_aid: pd.DataFrame
    care_aid: pd.DataFrame
    support_plan: dict | None
    latest_records: pd.DataFrame


def search_households(store: Store, user: User, query: str, limit: int = 50) -> pd.DataFrame:
    """Find households by case number (prefix) or by name or kana of any member.

    Args:
        store: the database.
        user: the acting user; results stay within their scope.
        query: digits search case numbers, anything else searches names
            after ``name_key`` normalisation (髙 = 高, ひらがな = カタカナ).
        limit: the largest number of households returned. One more row is
            fetched, so a result of ``limit + 1`` rows means that more
            households matched than are shown.
    """
    require_role(user, *NAMED_ROLES, action="世帯の検索")
    query = query.strip()
    if not query:
        return pd.DataFrame(columns=["ケース番号", "世帯主氏名", "フリガナ", "世帯類型", "状態", "担当", "住所"])

    scope_sql, scope_params = household_scope(user, "h")
    digits = half_width_digits(query)
    if digits.isdigit():
        # A case number typed without its leading zeros also finds the household.
        match_sql = "(starts_with(h.case_number, ?) OR h.case_number = lpad(?, ?, '0'))"
        match_params = [digits, digits, CASE_NUMBER_DIGITS]
    else:
        # contains() takes the text literally, so % and _ are not wildcards.
        key = name_key(query)
        match_sql = (
            "(contains(h.name_key, ?) OR EXISTS ("
            " SELECT 1 FROM members m WHERE m.case_number = h.case_number AND contains(m.name_key, ?)))"
        )
        match_params = [key, key]

    sql = f"""
        SELECT h.case_number AS ケース番号, h.head_name AS 世帯主氏名, h.head_name_kana AS フリガナ,
               h.household_type AS 世帯類型, h.status AS 状態, c.name AS 担当, h.address AS 住所
        FROM households h LEFT JOIN caseworkers c USING (caseworker_id)
        WHERE {scope_sql} AND {match_sql}
        ORDER BY h.status = '廃止', h.case_number
        LIMIT ?
    """
    with store.connect() as connection:
        found = connection.execute(sql, [*scope_params, *match_params, limit + 1]).df()
        record_event(connection, user.user_id, "search_households", None, f"query={query!r} hits={len(found)}")
    return found


def household_file(store: Store, user: User, case_number: str, today: dt.date | None = None) -> HouseholdFile:
    """Return one household's file, or raise ``AccessDenied`` when it is outside the user's scope."""
    require_role(user, *NAMED_ROLES, action="世帯の照会")
    today = today or dt.date.today()
    scope_sql, scope_params = household_scope(user, "h")

    with store.connect() as connection:
        summary = connection.execute(
            f"""
            SELECT h.case_number, h.head_name, h.head_name_kana, h.household_type, h.status, h.started_on,
                   h.closed_on, h.closure_reason, h.address, h.phone, h.housing, c.name AS caseworker_name
            FROM households h LEFT JOIN caseworkers c USING (caseworker_id)
            WHERE h.case_number = ? AND {scope_sql}
            """,
            [case_number, *scope_params],
        ).fetchone()
        if summary is None:
            record_event(connection, user.user_id, "view_household_denied", case_number)
    if summary is None:
        log.info("household view denied or not found for user %s", user.user_id)
        raise AccessDenied(
            f"ケース番号 {case_number} の世帯は見つからないか、閲覧の権限がありません。ケース番号を確認してください。",
            f"household {case_number} not in scope of {user.user_id}",
        )

    with store.connect() as connection:
        household = _household_summary(summary)
        members = connection.execute(
            """
            SELECT member_no AS 番号, name AS 氏名, name_kana AS フリガナ, relationship AS 続柄, sex AS 性別,
                   birth_date AS 生年月日, date_diff('year', birth_date, ?::DATE)
                     - CASE WHEN strftime(birth_date, '%m%d') > strftime(?::DATE, '%m%d') THEN 1 ELSE 0 END AS 年齢,
                   recipient_number AS 受給者番号, coalesce(disability, '') AS 障害等
            FROM members WHERE case_number = ? AND in_household ORDER BY member_no
            """,
            [today, today, case_number],
        ).df()
        other_programs = connection.execute(
            """
            SELECT m.name AS 氏名, p.program AS 制度, p.status AS 状況, coalesce(p.detail, '') AS 内容, p.since AS 開始
            FROM other_programs p JOIN members m USING (case_number, member_no)
            WHERE p.case_number = ? ORDER BY p.member_no, p.program
            """,
            [case_number],
        ).df()
        incomes = connection.execute(
            """
            SELECT m.name AS 氏名, i.income_type AS 収入の種類, i.monthly_amount AS 月額, i.since AS 開始,
                   i.next_report_due AS 次回申告期限
            FROM incomes i JOIN members m USING (case_number, member_no)
            WHERE i.case_number = ? AND (i.until IS NULL OR i.until >= ?) ORDER BY i.member_no
            """,
            [case_number, today],
        ).df()
        medical_aid = connection.execute(
            """
            SELECT m.name AS 氏名, a.care_type AS 診療別, coalesce(a.institution_name, a.institution_code) AS 医療機関,
                   coalesce(a.disease_name, '') AS 傷病名, a.insurance AS 単独併用, a.valid_from AS 開始,
                   a.opinion_due_on AS 要否意見書期限
            FROM medical_aid a JOIN members m USING (case_number, member_no)
            WHERE a.case_number = ? AND (a.valid_to IS NULL OR a.valid_to >= ?) ORDER BY a.member_no, a.care_type
            """,
            [case_number, today],
        ).df()
        care_aid = connection.execute(
            """
            SELECT m.name AS 氏名, a.care_level AS 要介護度, coalesce(a.provider_name, '') AS 事業所, a.valid_from AS 開始,
                   a.valid_to AS 終了
            FROM care_aid a JOIN members m USING (case_number, member_no)
            WHERE a.case_number = ? AND (a.valid_to IS NULL OR a.valid_to >= ?) ORDER BY a.member_no
            """,
            [case_number, today],
        ).df()
        plan = connection.execute(
            "SELECT decided_on, plan_text, next_review_on FROM support_plans WHERE case_number = ?"
            " ORDER BY decided_on DESC LIMIT 1",
            [case_number],
        ).fetchone()
        latest_records = connection.execute(
            """
            SELECT r.recorded_on AS 記録日, r.title AS 件名, r.status AS 状態, c.name AS 記録者, r.body AS 内容
            FROM case_records r LEFT JOIN caseworkers c USING (caseworker_id)
            WHERE r.case_number = ? ORDER BY r.recorded_on DESC, r.record_id DESC LIMIT ?
            """,
            [case_number, LATEST_RECORD_COUNT],
        ).df()
        record_event(connection, user.user_id, "view_household", case_number)

    support_plan = None
    if plan is not None:
        support_plan = {"決定日": plan[0], "方針": plan[1], "次回見直し": plan[2]}
    return HouseholdFile(household, members, other_programs, incomes, medical_aid, care_aid, support_plan, latest_records)


def _household_summary(row: tuple) -> dict:
    labels = ["ケース番号", "世帯主氏名", "フリガナ", "世帯類型", "状態", "保護開始日", "廃止日", "廃止理由", "住所", "電話", "居住", "担当"]
    return dict(zip(labels, row))
