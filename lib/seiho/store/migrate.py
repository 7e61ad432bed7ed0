"""Apply the numbered SQL migrations in ``migrations/`` in order.

A migration file is named ``NNNN_name.sql``. The table ``schema_version``
records each one applied, so opening an older database brings it up to date
and opening a current one changes nothing.
"""

import logging
import re
from pathlib import Path

import duckdb

from seiho.errors import StoreError

log = logging.getLogger(__name__)

MIGRATIONS_DIR = Path(__file__).with_name("migrations")
_MIGRATION_NAME = re.compile(r"^(\d{4})_([a-z0-9_]+)\.sql$")


def available_migrations() -> list[tuple[int, str, Path]]:
    """Return (version, name, path) for each migration file, by version."""
    found = []
    for path in MIGRATIONS_DIR.glob("*.sql"):
        match = _MIGRATION_NAME.match(path.name)
        if not match:
            raise StoreError(
                f"移行ファイル名 {path.name} が規則（4桁の番号_名前.sql）に合いません。",
                f"bad migration file name {path.name}",
            )
        found.append((int(match.group(1)), match.group(2), path))
    return sorted(found)


def current_version(connection: duckdb.DuckDBPyConnection) -> int:
    """Return the highest applied migration, or 0 for an empty database."""
    exists = connection.execute(
        "SELECT count(*) FROM information_schema.tables WHERE table_name = 'schema_version'"
    ).fetchone()[0]
    if not exists:
        return 0
    return connection.execute("SELECT coalesce(max(version), 0) FROM schema_version").fetchone()[0]


def migrate(connection: duckdb.DuckDBPyConnection) -> int:
    """Apply every migration newer than the database; return the new version."""
    connection.execute(
        "CREATE TABLE IF NOT EXISTS schema_version ("
        " version INTEGER PRIMARY KEY, name TEXT NOT NULL,"
        " applied_at TIMESTAMP NOT NULL DEFAULT current_timestamp)"
    )
    version = current_version(connection)
    known = available_migrations()
    if known and version > known[-1][0]:
        raise StoreError(
            f"データベースのスキーマ版 {version} は、このワークベンチが知る版 {known[-1][0]} より新しいです。ワークベンチを更新してください。",
            f"database schema {version} is newer than the code's {known[-1][0]}",
        )

    for number, name, path in known:
        if number <= version:
            continue
        log.info("applying migration %04d_%s", number, name)
        connection.begin()
        try:
            connection.execute(path.read_text(encoding="utf-8"))
            connection.execute("INSERT INTO schema_version (version, name) VALUES (?, ?)", [number, name])
            connection.commit()
        except duckdb.Error as error:
            connection.rollback()
            raise StoreError(
                f"スキーマの移行 {path.name} に失敗しました。データベースは移行前の状態のままです。",
                f"migration {path.name} failed: {error}",
            ) from error
        version = number
    return version
