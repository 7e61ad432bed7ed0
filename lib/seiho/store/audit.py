"""The audit log: who saw or changed which household, and when."""

import duckdb


def record_event(
    connection: duckdb.DuckDBPyConnection,
    user_id: str,
    action: str,
    case_number: str | None = None,
    detail: str | None = None,
) -> None:
    """Append one event to ``audit_log`` in the caller's transaction."""
    connection.execute(
        "INSERT INTO audit_log (user_id, action, case_number, detail) VALUES (?, ?, ?, ?)",
        [user_id, action, case_number, detail],
    )


def record_events(connection: duckdb.DuckDBPyConnection, user_id: str, action: str, case_numbers: list[str], detail: str | None = None) -> None:
    """Append one event per household in a single statement."""
    if not case_numbers:
        return
    connection.execute(
        "INSERT INTO audit_log (user_id, action, case_number, detail)"
        " SELECT ?, ?, unnest(?::VARCHAR[]), ?",
        [user_id, action, list(case_numbers), detail],
    )
