"""Open the workbench's DuckDB file safely from many processes.

DuckDB lets only one process hold a database file open for writing, and a
second process that tries gets ``IOException: Could not set lock``. Each Voilà
kernel is its own process, so every access here takes an exclusive file lock
beside the database, opens the file, does its work in one transaction and
closes it again. Waiting processes queue on the lock instead of failing.
"""

import logging
import os
import random
import threading
import time
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

import duckdb
from filelock import FileLock, Timeout

from seiho.errors import StoreBusyError, StoreError
from seiho.store.migrate import migrate

log = logging.getLogger(__name__)

# How long a request waits for other processes before it gives up. Writes
# are short (one save, one import file), so two minutes means something is
# stuck, not busy.
DEFAULT_LOCK_TIMEOUT_SECONDS = 120.0

# How often a waiting process retries the lock. A save holds it for about
# 20 ms, so filelock's default of 50 ms would leave the file idle most of the
# time while writers queue.
LOCK_POLL_SECONDS = 0.005


def default_db_path() -> Path:
    """Return the database path from SEIHO_DB, or data/demo.duckdb in the working directory."""
    return Path(os.environ.get("SEIHO_DB", "data/demo.duckdb"))


class Store:
    """One DuckDB database file and the lock that serialises access to it.

    Args:
        path: the database file; its folder must exist.
        lock_timeout: seconds to wait for other processes before raising
            ``StoreBusyError``.
        must_exist: raise ``StoreError`` instead of creating a new empty
            database when the file is missing, so a mistyped path is caught.
    """

    def __init__(
        self,
        path: str | os.PathLike | None = None,
        lock_timeout: float = DEFAULT_LOCK_TIMEOUT_SECONDS,
        must_exist: bool = False,
    ):
        self.path = Path(path) if path is not None else default_db_path()
        if must_exist and not self.path.is_file():
            raise StoreError(
                f"データベース {self.path} がありません。パスを確かめるか、`seiho demo --db {self.path}` でデモ用データベースを作成してください。",
                f"database {self.path} not found",
            )
        self.lock_timeout = lock_timeout
        self._lock = FileLock(str(self.path) + ".lock", is_singleton=False)
        self._local = threading.local()
        self._migrated = False

    def __repr__(self) -> str:
        return f"Store({str(self.path)!r})"

    @contextmanager
    def connect(self) -> Iterator[duckdb.DuckDBPyConnection]:
        """Yield a connection inside one transaction, holding the lock.

        The transaction commits when the block ends and rolls back when it
        raises. A nested ``connect`` in the same thread reuses the open
        connection and joins its transaction.
        """
        open_connection = getattr(self._local, "connection", None)
        if open_connection is not None:
            yield open_connection
            return

        if not self.path.parent.exists():
            raise StoreError(
                f"データベースの保存先フォルダ {self.path.parent} がありません。フォルダを作成するか、SEIHO_DB で別の場所を指定してください。",
                f"database folder {self.path.parent} does not exist",
            )

        try:
            self._lock.acquire(timeout=self.lock_timeout, poll_interval=LOCK_POLL_SECONDS)
        except Timeout:
            raise StoreBusyError(
                f"データベース {self.path.name} を他の処理が {self.lock_timeout:.0f} 秒以上使用中です。しばらく待ってからもう一度保存してください。続く場合は管理者に連絡してください。",
                f"lock on {self.path} not acquired within {self.lock_timeout} s",
            ) from None

        try:
            connection = self._open_with_retry()
            try:
                if not self._migrated:
                    migrate(connection)
                    self._migrated = True
                connection.begin()
                self._local.connection = connection
                try:
                    yield connection
                    connection.commit()
                except BaseException:
                    connection.rollback()
                    raise
            finally:
                self._local.connection = None
                connection.close()
        finally:
            self._lock.release()

    def _open_with_retry(self) -> duckdb.DuckDBPyConnection:
        # The file lock covers every workbench process. A DuckDB shell or
        # another tool outside the workbench can still hold the file, so a
        # lock conflict from DuckDB itself is retried until the timeout.
        deadline = time.monotonic() + self.lock_timeout
        attempt = 0
        while True:
            try:
                return duckdb.connect(str(self.path))
            except duckdb.IOException as error:
                if "lock" not in str(error).lower() or time.monotonic() > deadline:
                    raise StoreError(
                        f"データベース {self.path} を開けませんでした。ファイルが壊れていないか、他のプログラムが開いていないか確認してください。",
                        f"cannot open {self.path}: {error}",
                    ) from error
                attempt += 1
                if attempt == 1:
                    log.warning("database %s is locked by another program, retrying", self.path)
                time.sleep(min(2.0, 0.05 * 2**attempt) * random.uniform(0.5, 1.0))
