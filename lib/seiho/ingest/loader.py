"""Load converted rows into DuckDB: stage, check keys and references, then upsert.

All set work happens in SQL on a temporary table ``ingest_staged``: duplicate
keys within the file, rows whose household or member does not exist, the rows
that differ from what is stored, and the upsert of only those rows. Rows that
are already equal are not written, so importing the same data twice changes
nothing, ``updated_at`` included.
"""

import datetime as dt
import logging

import duckdb
import pandas as pd

from seiho.ingest.convert import ConvertedRows
from seiho.ingest.layout import EntityLayout, Reference
from seiho.ingest.problems import CATEGORY_DUPLICATE_KEY, CATEGORY_REFERENCE, Issue
from seiho.ingest.results import PreviousRun

log = logging.getLogger(__name__)

STAGED = "ingest_staged"
CHANGED = "ingest_changed"

# Keys of rows held back earlier in the same batch: table -> key tuple -> (file name, line).
BatchRejections = dict[str, dict[tuple[str, ...], tuple[str, int]]]


def find_previous_run(connection: duckdb.DuckDBPyConnection, sha256: str) -> PreviousRun | None:
    """Return the latest earlier import of a file with this SHA-256, if any."""
    found = connection.execute(
        "SELECT import_run_id, file_name, started_at, rows_imported, rows_quarantined"
        " FROM import_runs WHERE file_sha256 = ? ORDER BY started_at DESC LIMIT 1",
        [sha256],
    ).fetchone()
    return PreviousRun(*found) if found else None


def stage_rows(connection: duckdb.DuckDBPyConnection, entity: EntityLayout, converted: ConvertedRows, line_numbers: list[int]) -> list[str]:
    """Create ``ingest_staged`` with the accepted rows cast to the target table's types.

    Returns the stored columns, in the order used for every later statement.
    """
    types = _column_types(connection, entity.table)
    stored_columns = [target for target in converted.columns if target in types]

    frame = pd.DataFrame({target: converted.columns[target] for target in stored_columns})
    frame["_row"] = converted.row_indexes
    frame["_line"] = [line_numbers[index] for index in converted.row_indexes]
    connection.register("ingest_frame", frame)

    casts = ", ".join(f"CAST({_quoted(target)} AS {types[target]}) AS {_quoted(target)}" for target in stored_columns)
    connection.execute(f"CREATE OR REPLACE TEMP TABLE {STAGED} AS SELECT _row::INTEGER AS _row, _line::INTEGER AS _line, {casts} FROM ingest_frame")
    connection.unregister("ingest_frame")
    return stored_columns


def find_duplicate_keys(connection: duckdb.DuckDBPyConnection, entity: EntityLayout) -> list[Issue]:
    """Return an issue for every row whose key occurs more than once in the file."""
    keys = ", ".join(_quoted(target) for target in entity.key)
    found = connection.execute(
        f"SELECT _row, _line, {keys}, list(_line ORDER BY _line) OVER (PARTITION BY {keys}) AS lines"
        f" FROM {STAGED} QUALIFY count(*) OVER (PARTITION BY {keys}) > 1 ORDER BY _line"
    ).fetchall()

    key_label = "・".join(entity.column(target).name for target in entity.key)
    issues = []
    for row_index, line, *rest in found:
        key_values, lines = rest[:-1], rest[-1]
        key_text = "・".join(str(value) for value in key_values)
        line_list = "、".join(f"{number}行目" for number in lines[:5])
        issues.append(
            Issue(
                row_index=row_index,
                line_number=line,
                column_name=entity.column(entity.key[0]).name,
                value=key_text,
                category=CATEGORY_DUPLICATE_KEY,
                reason=f"{key_label} {key_text} の行がこのファイルに{len(lines)}行あります（{line_list}）。"
                "どれが正しいか標準システムで確かめ、1行にして出力し直してください。",
            )
        )
    return issues


def find_missing_references(
    connection: duckdb.DuckDBPyConnection,
    entity: EntityLayout,
    batch_rejections: BatchRejections,
) -> list[Issue]:
    """Return an issue for every row that points at a household, member, office or caseworker not stored."""
    issues = []
    for reference in entity.references:
        issues.extend(_missing_for(connection, entity, reference, batch_rejections.get(reference.table, {})))
    return issues


def drop_staged_rows(connection: duckdb.DuckDBPyConnection, row_indexes: set[int]) -> None:
    """Remove rows from ``ingest_staged`` that went to the quarantine."""
    if not row_indexes:
        return
    connection.register("ingest_dropped", pd.DataFrame({"_row": sorted(row_indexes)}))
    connection.execute(f"DELETE FROM {STAGED} WHERE _row IN (SELECT _row FROM ingest_dropped)")
    connection.unregister("ingest_dropped")


def apply_changes(
    connection: duckdb.DuckDBPyConnection,
    entity: EntityLayout,
    stored_columns: list[str],
    user_id: str,
    import_run_id: str,
) -> tuple[int, int, int]:
    """Upsert the staged rows that differ from the table; return (inserted, updated, unchanged).

    Each changed row also gets an ``import_change`` event in the audit log
    with its case number.
    """
    # TODO: a row that a later export no longer contains is kept, because an
    # export may cover only part of the office. Removing rows needs the export
    # to state that it is complete.
    columns = ", ".join(_quoted(target) for target in stored_columns)
    connection.execute(
        f"CREATE OR REPLACE TEMP TABLE {CHANGED} AS"
        f" SELECT {columns} FROM {STAGED} EXCEPT SELECT {columns} FROM main.{entity.table}"
    )

    key_match = " AND ".join(f"t.{_quoted(target)} = c.{_quoted(target)}" for target in entity.key)
    staged_count = connection.execute(f"SELECT count(*) FROM {STAGED}").fetchone()[0]
    changed_count = connection.execute(f"SELECT count(*) FROM {CHANGED}").fetchone()[0]
    inserted = connection.execute(
        f"SELECT count(*) FROM {CHANGED} c WHERE NOT EXISTS (SELECT 1 FROM main.{entity.table} t WHERE {key_match})"
    ).fetchone()[0]

    if changed_count:
        connection.execute(_upsert_sql(connection, entity, stored_columns))
        # Offices and caseworkers have no case number, so their change events carry none.
        case_number = "case_number" if "case_number" in stored_columns else "NULL"
        connection.execute(
            f"INSERT INTO audit_log (user_id, action, case_number, detail) SELECT ?, 'import_change', {case_number}, ? FROM {CHANGED}",
            [user_id, f"{entity.name} import_run={import_run_id}"],
        )
    return inserted, changed_count - inserted, staged_count - changed_count


def record_run(connection: duckdb.DuckDBPyConnection, values: dict) -> None:
    """Insert one row into ``import_runs``."""
    columns = ", ".join(values)
    placeholders = ", ".join("?" for _ in values)
    connection.execute(f"INSERT INTO import_runs ({columns}) VALUES ({placeholders})", list(values.values()))


def drop_temporary_tables(connection: duckdb.DuckDBPyConnection) -> None:
    """Drop the staging tables, so a connection reused by the caller starts clean."""
    connection.execute(f"DROP TABLE IF EXISTS {STAGED}")
    connection.execute(f"DROP TABLE IF EXISTS {CHANGED}")


def _missing_for(connection, entity: EntityLayout, reference: Reference, rejected: dict) -> list[Issue]:
    present = " AND ".join(f"s.{_quoted(column)} IS NOT NULL" for column in reference.columns)
    match = " AND ".join(
        f"t.{_quoted(target)} = s.{_quoted(column)}" for column, target in zip(reference.columns, reference.target_columns)
    )
    selected = ", ".join(f"s.{_quoted(column)}" for column in reference.columns)
    found = connection.execute(
        f"SELECT s._row, s._line, {selected} FROM {STAGED} s"
        f" WHERE {present} AND NOT EXISTS (SELECT 1 FROM main.{reference.table} t WHERE {match}) ORDER BY s._line"
    ).fetchall()

    names = "・".join(entity.column(column).name for column in reference.columns)
    issues = []
    for row_index, line, *values in found:
        key = tuple(str(value) for value in values)
        key_text = "・".join(key)
        reason = f"{names} {key_text} の{reference.label}が登録されていません。"
        if key in rejected:
            file_name, rejected_line = rejected[key]
            reason += f"同じ取込で {file_name} の{rejected_line}行目が保留になっています。その行を直してから両方のファイルを取り込み直してください。"
        else:
            reason += f"先に{reference.label}を取り込むか、{names}が正しいか確かめてください。"
        issues.append(
            Issue(
                row_index=row_index,
                line_number=line,
                column_name=entity.column(reference.columns[0]).name,
                value=key_text,
                category=CATEGORY_REFERENCE,
                reason=reason,
            )
        )
    return issues


def _upsert_sql(connection, entity: EntityLayout, stored_columns: list[str]) -> str:
    columns = ", ".join(_quoted(target) for target in stored_columns)
    keys = ", ".join(_quoted(target) for target in entity.key)
    updates = [f"{_quoted(target)} = excluded.{_quoted(target)}" for target in stored_columns if target not in entity.key]
    if "updated_at" in _column_types(connection, entity.table) and "updated_at" not in stored_columns:
        updates.append("updated_at = current_localtimestamp()")
    action = f"DO UPDATE SET {', '.join(updates)}" if updates else "DO NOTHING"
    return f"INSERT INTO main.{entity.table} ({columns}) SELECT {columns} FROM {CHANGED} ON CONFLICT ({keys}) {action}"


def _column_types(connection, table: str) -> dict[str, str]:
    rows = connection.execute(
        "SELECT column_name, data_type FROM information_schema.columns WHERE table_schema = 'main' AND table_name = ?",
        [table],
    ).fetchall()
    return dict(rows)


def _quoted(identifier: str) -> str:
    return '"' + identifier.replace('"', '""') + '"'


def now() -> dt.datetime:
    """Return the local time without time zone, as ``import_runs`` stores it."""
    return dt.datetime.now()
