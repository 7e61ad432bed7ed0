"""The owner of a household: its caseworker and its office."""

import duckdb

from seiho.errors import SeihoError


def household_owner(connection: duckdb.DuckDBPyConnection, case_number: str) -> tuple[str | None, str]:
    """Return the household's (caseworker_id, office_code), or raise when it is not registered."""
    row = connection.execute(
        "SELECT caseworker_id, office_code FROM households WHERE case_number = ?", [case_number]
    ).fetchone()
    if row is None:
        raise SeihoError(
            f"ケース番号 {case_number} の世帯は登録されていません。先頭の0も含めてケース番号を確かめてください。",
            f"unknown household {case_number}",
        )
    return row[0], row[1]
