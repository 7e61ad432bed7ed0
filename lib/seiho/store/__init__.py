"""The DuckDB store: one database file, its schema and the audit log.

``Store`` opens short-lived connections under an inter-process lock, so the
Voilà kernels, the command line and papermill runs can all save to the same
file at once without a lock error reaching a user.
"""

from seiho.store.audit import record_event
from seiho.store.database import Store, default_db_path
from seiho.store.migrate import MIGRATIONS_DIR, current_version, migrate

__all__ = ["Store", "default_db_path", "migrate", "current_version", "MIGRATIONS_DIR", "record_event"]
