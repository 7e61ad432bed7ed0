"""The household facts that 訪問格付け rules test, read on one date."""

import datetime as dt
from dataclasses import dataclass

import duckdb

# A household is active on a date from its 保護開始日 up to and including its 保護廃止日.
ACTIVE_ON = "{h}.started_on <= ? AND ({h}.closed_on IS NULL OR {h}.closed_on >= ?)"


@dataclass(frozen=True)
class HouseholdFacts:
    """The facts of one household on ``on`` that grade rules may test."""

    case_number: str
    caseworker_id: str | None
    on: dt.date
    household_type: str
    housing: str                    # 居宅 / 入院 / 施設 on ``on``
    started_on: dt.date
    months_since_start: int         # whole months from 保護開始日 to ``on``
    member_ages: tuple[int, ...]    # members living in the household
    flags: frozenset[str]           # flags in force on ``on``


def age_on(birth_date: dt.date, on: dt.date) -> int:
    """Return the age in whole years on ``on``; it goes up on the birthday itself.

    Someone born on 29 February turns a year older on 1 March in common years.
    """
    had_birthday = (on.month, on.day) >= (birth_date.month, birth_date.day)
    return on.year - birth_date.year - (0 if had_birthday else 1)


def whole_months_between(start: dt.date, end: dt.date) -> int:
    """Return the number of whole months from ``start`` to ``end`` (0 when ``end`` is earlier)."""
    months = (end.year - start.year) * 12 + (end.month - start.month)
    if end.day < start.day:
        months -= 1
    return max(months, 0)


def household_facts(
    connection: duckdb.DuckDBPyConnection, condition: str, parameters: list, on: dt.date, unknown_housing: str
) -> list[HouseholdFacts]:
    """Read the facts of every household active on ``on`` that meets ``condition`` (on alias ``h``).

    A household counts as 入院 when households.housing is 入院, or when every
    member living in it has an 入院 medical-aid decision valid on ``on``, so a
    household that enters hospital mid-month changes housing on the day of
    admission even before the standard system's next export.
    """
    rows = connection.execute(
        f"""
        WITH inpatient AS (
            SELECT m.case_number,
                   bool_and(EXISTS (
                       SELECT 1 FROM medical_aid a
                       WHERE a.case_number = m.case_number AND a.member_no = m.member_no AND a.care_type = '入院'
                         AND a.valid_from <= ? AND (a.valid_to IS NULL OR a.valid_to >= ?)
                   )) AS all_in_hospital,
                   list(m.birth_date) AS birth_dates
            FROM members m WHERE m.in_household
            GROUP BY m.case_number
        ),
        flags AS (
            SELECT case_number, list(DISTINCT flag) AS flags FROM household_flags
            WHERE since <= ? AND (until IS NULL OR until >= ?)
            GROUP BY case_number
        )
        SELECT h.case_number, h.caseworker_id, h.household_type, h.housing, h.started_on,
               coalesce(i.all_in_hospital, FALSE), coalesce(i.birth_dates, []), coalesce(f.flags, [])
        FROM households h
        LEFT JOIN inpatient i ON i.case_number = h.case_number
        LEFT JOIN flags f ON f.case_number = h.case_number
        WHERE {ACTIVE_ON.format(h="h")} AND {condition}
        ORDER BY h.case_number
        """,
        [on, on, on, on, on, on, *parameters],
    ).fetchall()

    facts = []
    for case_number, caseworker_id, household_type, housing, started_on, all_in_hospital, births, flags in rows:
        housing = housing or unknown_housing
        if all_in_hospital:
            housing = "入院"
        facts.append(
            HouseholdFacts(
                case_number=case_number,
                caseworker_id=caseworker_id,
                on=on,
                household_type=household_type,
                housing=housing,
                started_on=started_on,
                months_since_start=whole_months_between(started_on, on),
                member_ages=tuple(sorted(age_on(birth, on) for birth in births)),
                flags=frozenset(flags),
            )
        )
    return facts
