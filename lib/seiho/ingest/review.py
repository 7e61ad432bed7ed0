"""Reading the import quarantine back: which rows were rejected, why, and the raw row.

A rejected row stays in ``import_quarantine`` until a corrected export is
imported. Staff review the list here instead of in SQL. The raw rows hold
personal data, so only a supervisor or an administrator may read them, and
every read is written to the audit log.
"""

import csv
import json
from pathlib import Path

import pandas as pd

from seiho.access import Role, User, require_role
from seiho.store import Store, record_event

# Japanese column headings of the quarantine list, in the order shown.
QUARANTINE_COLUMNS = {
    "imported_at": "取込日時",
    "file_name": "ファイル",
    "line_number": "行",
    "column_name": "項目",
    "value": "値",
    "reason": "理由",
    "raw_row": "元の行",
}


def quarantined_rows(store: Store, user: User, file_name: str | None = None, latest_only: bool = True) -> pd.DataFrame:
    """Return the quarantined rows with their reasons, newest import first.

    With ``latest_only`` only the latest import of each file name is listed,
    because an earlier import's rejected rows were superseded when the
    corrected file came in. ``file_name`` limits the list to one file.
    """
    require_role(user, Role.SUPERVISOR, Role.ADMIN, action="取込保留の一覧を見る")

    conditions = ["TRUE"]
    params: list = []
    if file_name:
        conditions.append("q.file_name = ?")
        params.append(file_name)
    if latest_only:
        conditions.append(
            "r.started_at = (SELECT max(started_at) FROM import_runs latest WHERE latest.file_name = r.file_name)"
        )

    with store.connect() as connection:
        rows = connection.execute(
            f"""
            SELECT r.started_at AS imported_at, q.file_name, q.line_number, q.column_name, q.value, q.reason, q.raw_row
            FROM import_quarantine q JOIN import_runs r USING (import_run_id)
            WHERE {' AND '.join(conditions)}
            ORDER BY r.started_at DESC, q.file_name, q.line_number, q.column_name
            """,
            params,
        ).df()
        record_event(connection, user.user_id, "view_import_quarantine", None, f"{len(rows)} rows, file {file_name or 'all'}")

    return rows


def write_quarantine_csv(rows: pd.DataFrame, path: str | Path) -> Path:
    """Write the quarantine list as UTF-8 CSV with a BOM, so Excel opens it in Japanese."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)

    table = rows.copy()
    table["raw_row"] = table["raw_row"].map(_raw_row_text)
    table = table.rename(columns=QUARANTINE_COLUMNS)[list(QUARANTINE_COLUMNS.values())]

    table.to_csv(path, index=False, encoding="utf-8-sig", quoting=csv.QUOTE_MINIMAL)
    return path


def _raw_row_text(raw_row: str) -> str:
    """Return the raw row as 項目=値 pairs, easier to read than JSON."""
    fields = json.loads(raw_row)
    return " / ".join(f"{column}={value}" for column, value in fields.items())
