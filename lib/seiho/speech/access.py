"""Access to a household's recordings: its caseworker and a supervisor of its office, as for its records."""

import duckdb

from seiho.access import Role, User
from seiho.records.access import check_reader
from seiho.household.lookup import CASE_NUMBER_DIGITS
from seiho.text import half_width_digits

SPEECH_ROLES = (Role.CASEWORKER, Role.SUPERVISOR)


def normalise_case_number(case_number: str) -> str:
    """Return the case number with full-width digits made half-width and leading zeros restored.

    Staff often type 2838 for 00002838, and 世帯照会 finds that household too,
    so the same number typed here must reach the same household. Text that is
    not all digits is returned trimmed and unchanged, to be rejected as not found.
    """
    digits = half_width_digits(case_number)
    if digits.isdigit() and len(digits) < CASE_NUMBER_DIGITS:
        return digits.zfill(CASE_NUMBER_DIGITS)
    return digits


def check_household(connection: duckdb.DuckDBPyConnection, user: User, case_number: str, action: str) -> None:
    """Raise unless the user may work with the household's recordings, as with its records (``check_reader``)."""
    check_reader(connection, user, case_number, action)