"""Household flags (DV被害, 要保護児童, 就労指導中 …) that grade rules test."""

import datetime as dt
import logging

import duckdb

from seiho.access import Role, User, require_role
from seiho.errors import SeihoError
from seiho.store import record_event
from seiho.visits.ownership import check_household_access
from seiho.visits.rules import GradeRules, load_grade_rules

log = logging.getLogger(__name__)


def set_flag(
    connection: duckdb.DuckDBPyConnection,
    user: User,
    case_number: str,
    flag: str,
    since: dt.date,
    until: dt.date | None = None,
    rules: GradeRules | None = None,
) -> None:
    """Record that ``flag`` holds for a household from ``since`` to ``until`` (open when None).

    The flag must be one that the rules file lists. A caseworker may flag only
    their own households and a supervisor any household of the office.
    """
    require_role(user, Role.CASEWORKER, Role.SUPERVISOR, action="世帯のフラグの設定")
    rules = rules or load_grade_rules()
    check_household_access(connection, user, case_number)
    if flag not in rules.flags:
        raise SeihoError(
            f"フラグ「{flag}」は定められていません。{'・'.join(rules.flags)} のどれかを指定してください。",
            f"unknown flag {flag!r}",
        )
    if until is not None and until < since:
        raise SeihoError(
            f"フラグの終了日 {until.isoformat()} が開始日 {since.isoformat()} より前です。日付を確かめてください。",
            f"flag until {until} before since {since}",
        )

    connection.execute(
        "INSERT INTO household_flags (case_number, flag, since, until, set_by) VALUES (?, ?, ?, ?, ?)",
        [case_number, flag, since, until, user.user_id],
    )
    record_event(connection, user.user_id, "set_household_flag", case_number, f"{flag} from {since.isoformat()}")
    log.info("set a household flag by user %s", user.user_id)


def end_flag(connection: duckdb.DuckDBPyConnection, user: User, case_number: str, flag: str, until: dt.date) -> int:
    """End every open ``flag`` of a household on ``until``; return how many flags were ended."""
    require_role(user, Role.CASEWORKER, Role.SUPERVISOR, action="世帯のフラグの終了")
    check_household_access(connection, user, case_number)

    ended = connection.execute(
        "UPDATE household_flags SET until = ? WHERE case_number = ? AND flag = ? AND until IS NULL AND since <= ?",
        [until, case_number, flag, until],
    ).fetchone()[0]
    if ended == 0:
        raise SeihoError(
            f"ケース番号 {case_number} には {until.isoformat()} 時点で続いているフラグ「{flag}」がありません。",
            f"no open flag {flag!r} to end",
        )
    record_event(connection, user.user_id, "end_household_flag", case_number, f"{flag} until {until.isoformat()}")
    return ended
