"""Bulk inserts of DataFrames into the workbench schema."""

import logging

import duckdb
import pandas as pd

log = logging.getLogger(__name__)


def table_columns(connection: duckdb.DuckDBPyConnection, table: str) -> list[str]:
    """Return the column names of ``table`` in schema order."""
    rows = connection.execute(
        "SELECT column_name FROM information_schema.columns WHERE table_name = ? ORDER BY ordinal_position", [table]
    ).fetchall()
    return [row[0] for row in rows]


def insert_frame(connection: duckdb.DuckDBPyConnection, table: str, frame: pd.DataFrame) -> int:
    """Insert the columns of ``frame`` that ``table`` has in one INSERT … SELECT, and return the row count.

    Columns of the frame that the table lacks (working columns of the
    generator) are left out. Table columns that the frame lacks get their default.
    """
    columns = [column for column in table_columns(connection, table) if column in frame.columns]
    column_list = ", ".join(columns)
    view = f"synth_{table}"
    connection.register(view, frame)
    try:
        connection.execute(f"INSERT INTO {table} ({column_list}) SELECT {column_list} FROM {view}")
    finally:
        connection.unregister(view)
    log.debug("inserted %d rows into %s", len(frame), table)
    return len(frame)


def insert_with_sql(connection: duckdb.DuckDBPyConnection, sql: str, views: dict[str, pd.DataFrame]) -> None:
    """Run an INSERT that reads the given DataFrames under the given view names."""
    for name, frame in views.items():
        connection.register(name, frame)
    try:
        connection.execute(sql)
    finally:
        for name in views:
            connection.unregister(name)
