"""Keep rejected rows in ``import_quarantine`` with their reason and the whole raw row."""

import json
import logging

import duckdb
import pandas as pd

from seiho.ingest.convert import raw_row
from seiho.ingest.problems import Issue

log = logging.getLogger(__name__)


def store_quarantine(
    connection: duckdb.DuckDBPyConnection,
    import_run_id: str,
    file_name: str,
    issues: list[Issue],
    header: list[str],
    rows: list[list[str]],
) -> None:
    """Insert one quarantine row per issue, each with the full raw row as JSON."""
    if not issues:
        return

    raw_rows: dict[int, str] = {}
    for issue in issues:
        if issue.row_index not in raw_rows:
            raw_rows[issue.row_index] = json.dumps(raw_row(header, rows[issue.row_index]), ensure_ascii=False)

    frame = pd.DataFrame(
        {
            "line_number": [issue.line_number for issue in issues],
            "column_name": [issue.column_name for issue in issues],
            "value": [issue.value for issue in issues],
            "reason": [issue.reason for issue in issues],
            "raw_row": [raw_rows[issue.row_index] for issue in issues],
        }
    )
    connection.register("ingest_quarantine_frame", frame)
    connection.execute(
        "INSERT INTO import_quarantine (import_run_id, file_name, line_number, column_name, value, reason, raw_row)"
        " SELECT ?, ?, line_number::INTEGER, column_name::VARCHAR, value::VARCHAR, reason::VARCHAR, raw_row::VARCHAR FROM ingest_quarantine_frame",
        [import_run_id, file_name],
    )
    connection.unregister("ingest_quarantine_frame")
    log.info("quarantined %d problems in %d rows of run %s", len(issues), len(raw_rows), import_run_id)


def forget_earlier_quarantine(connection: duckdb.DuckDBPyConnection, sha256: str) -> int:
    """Delete quarantine rows of earlier runs of the same file, which a forced re-import replaces.

    Returns how many rows were deleted.
    """
    deleted = connection.execute(
        "DELETE FROM import_quarantine WHERE import_run_id IN (SELECT import_run_id FROM import_runs WHERE file_sha256 = ?)",
        [sha256],
    ).fetchone()
    return deleted[0] if deleted else 0


def quarantined_rows(connection: duckdb.DuckDBPyConnection, import_run_id: str) -> pd.DataFrame:
    """Return one run's quarantine with Japanese column names, for a dashboard table."""
    return connection.execute(
        "SELECT file_name AS ファイル, line_number AS 行, column_name AS 列, value AS 値, reason AS 理由, raw_row AS 行の内容"
        " FROM import_quarantine WHERE import_run_id = ? ORDER BY line_number, column_name",
        [import_run_id],
    ).df()
